// The start command a newcomer runs (`pnpm --filter @helhedsplan/sync-service start`): builds
// when needed, migrates the embedded database, prints the first admin token once, seeds the
// demo plans once, and refuses a bad setting with one line.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createClient } from "@helhedsplan/api";
import { afterAll, describe, expect, test } from "vitest";

const root = resolve(import.meta.dirname, "..");
const dataDir = mkdtempSync(join(tmpdir(), "helhedsplan-start-"));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Starts the service and waits for its "listening" line. */
async function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("listening on")) done();
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.once("exit", (code) => fail(new Error(`The service exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

async function stop({ child }: Started): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGTERM");
  await exited;
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("scripts/start.mjs", () => {
  test(
    "first start: builds if needed, prints an admin token once, serves the demo plans; a restart keeps both",
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      const env = {
        PORT: String(port),
        DATA_DIR: dataDir,
        HELHEDSPLAN_DEMO: "1",
        HELHEDSPLAN_ADMIN_TOKEN: "",
        DATABASE_URL: "",
      };
      const first = await start(env);
      let token: string;
      try {
        const printed = /"adminToken":"([A-Za-z0-9_-]{43})"/.exec(first.output());
        expect(printed).not.toBeNull();
        token = printed?.[1] ?? "";
        const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, token });
        expect(await client.health()).toEqual({ status: "ok" });
        expect((await client.plans.list()).items.map((plan) => plan.status)).toEqual(["approved", "submitted"]);
      } finally {
        await stop(first);
      }

      const second = await start(env);
      try {
        expect(second.output()).not.toContain("adminToken");
        const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, token });
        expect((await client.plans.list()).items).toHaveLength(2);
        // The request log never holds the token.
        expect(second.output()).not.toContain(token);
      } finally {
        await stop(second);
      }
    },
  );

  test("a bad setting stops the start with one line naming it", { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise((done) => child.once("exit", done));
    expect(code).toBe(1);
    const lines = errors.split("\n").filter((line) => line.includes("PORT"));
    expect(lines).toEqual([expect.stringMatching(/^helhedsplan sync-service: Invalid environment: PORT: /)]);
  });
});
