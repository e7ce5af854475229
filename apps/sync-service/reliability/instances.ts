// Real service processes for the reliability suite: `node dist/main.js` — the bundle `pnpm start` runs (built here
// when stale, as the start script does) — each with its own PORT on one PostgreSQL, configured only through the
// environment a deployment sets (DATABASE_URL, PORT, HOST, HELHEDSPLAN_ADMIN_TOKEN, HTTPS_PORT=off).
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { buildIfStale, serviceBundle, serviceRoot } from "../scripts/freshness.mjs";

/** One running service process. */
export interface Instance {
  name: string;
  baseUrl: string;
  child: ChildProcess;
  /** The lines it wrote to stderr (a crash's stack would be here). */
  stderr: string[];
  stop(): Promise<void>;
}

/** A port nothing listens on now, for a server of the suite's. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Builds the service bundle once if any of its sources is newer; throws when the build fails. */
export function buildService(): void {
  if (buildIfStale("service") === "failed") throw new Error("The service bundle could not be built (see above)");
}

async function waitHealthy(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode} before answering /healthz`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no 200 from ${baseUrl}/healthz within ${timeoutMs / 1000} s`);
}

/** Starts `node dist/main.js` on `databaseUrl` and resolves once `/healthz` answers 200. */
export async function startInstance(name: string, databaseUrl: string, adminToken: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--enable-source-maps", serviceBundle], {
    cwd: serviceRoot,
    env: {
      PATH: process.env.PATH ?? "",
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      HTTPS_PORT: "off",
      HELHEDSPLAN_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: "error",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  const stderr: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  try {
    await waitHealthy(baseUrl, child, 30_000);
  } catch (error) {
    await stop();
    throw new Error(`Instance ${name}: ${(error as Error).message}\n${stderr.join("")}`);
  }
  return { name, baseUrl, child, stderr, stop };
}
