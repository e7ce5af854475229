// The start command a newcomer runs (`pnpm --filter @helhedsplan/sync-service start`): builds
// when needed, migrates the embedded database, prints the first admin token once, seeds the
// demo plans once, says where the test host and the manifest are, answers HTTPS for Office with
// a localhost certificate it makes once, and refuses a bad setting with one line.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get, type RequestOptions } from "node:https";
import { createServer } from "node:net";
import type { TLSSocket } from "node:tls";
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

/** Starts the service and waits for its last line, the manifest's address. */
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
      if (output.includes("Add-in manifest:")) done();
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

interface HttpsAnswer {
  status: number | undefined;
  headers: Record<string, unknown>;
  body: string;
  /** The certificate the server presented, PEM-free (DER). */
  certificate: Buffer;
}

/** A GET over HTTPS that accepts the development certificate (the test does not trust its CA). */
function httpsGet(url: string): Promise<HttpsAnswer> {
  const options: RequestOptions = { rejectUnauthorized: false };
  return new Promise((done, fail) => {
    get(url, options, (response) => {
      // Read while the socket is the response's (it is released at the end).
      const certificate = (response.socket as TLSSocket).getPeerCertificate().raw;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => done({ status: response.statusCode, headers: response.headers, body, certificate }));
    }).on("error", fail);
  });
}

/** The DER bytes of a PEM certificate file. */
function der(path: string): Buffer {
  const pem = readFileSync(path, "utf8");
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}

describe("scripts/start.mjs", () => {
  test(
    "first start: builds if needed, prints an admin token once, serves the demo plans; a restart keeps both",
    { timeout: 120_000 },
    async () => {
      const port = await freePort();
      const httpsPort = await freePort();
      const env = {
        PORT: String(port),
        HTTPS_PORT: String(httpsPort),
        HELHEDSPLAN_PUBLIC_URL: "",
        HELHEDSPLAN_OFFICE_JS: "",
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
        // The demo: Copenhagen in spring 2014 (packages/demo), 18 plans at every stage up to approved.
        const statuses = (await client.plans.list()).items.map((plan) => plan.status);
        const count = (status: string) => statuses.filter((candidate) => candidate === status).length;
        expect([statuses.length, count("approved"), count("committee_approved"), count("submitted")]).toEqual([
          18, 14, 2, 2,
        ]);

        // Where to go, in plain words.
        expect(first.output()).toContain(
          `Test host (try the add-in here): http://localhost:${port}/addin/test-host.html`,
        );
        expect(first.output()).toContain(`Add-in manifest: https://localhost:${httpsPort}/addin/manifest.xml`);
        expect(first.output()).toContain(`HTTPS for Office on https://localhost:${httpsPort}`);

        // HTTPS on the second port, with the certificate made into the data directory; the same app.
        const health = await httpsGet(`https://127.0.0.1:${httpsPort}/healthz`);
        expect([health.status, health.body]).toEqual([200, '{"status":"ok"}']);
        expect(health.certificate.equals(der(join(dataDir, "certs", "localhost.crt")))).toBe(true);
        // No HSTS for localhost: it would hold the browser to https on every localhost port.
        expect(health.headers["strict-transport-security"]).toBeUndefined();
        const manifest = await httpsGet(`https://localhost:${httpsPort}/addin/manifest.xml`);
        expect(manifest.status).toBe(200);
        expect(manifest.body).toContain(
          `<SourceLocation DefaultValue="https://localhost:${httpsPort}/addin/taskpane.html"/>`,
        );
      } finally {
        await stop(first);
      }
      const certificate = readFileSync(join(dataDir, "certs", "localhost.crt"), "utf8");

      const second = await start(env);
      try {
        expect(second.output()).not.toContain("adminToken");
        const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, token });
        expect((await client.plans.list()).items).toHaveLength(18);
        // The request log never holds the token.
        expect(second.output()).not.toContain(token);
        // The certificate is reused while valid.
        expect(second.output()).not.toContain("Made a localhost certificate");
        expect(readFileSync(join(dataDir, "certs", "localhost.crt"), "utf8")).toBe(certificate);
        expect((await httpsGet(`https://127.0.0.1:${httpsPort}/healthz`)).status).toBe(200);
      } finally {
        await stop(second);
      }
    },
  );

  test.each([
    ["PORT", "not-a-port"],
    ["HELHEDSPLAN_PUBLIC_URL", "http://helhedsplan.kk.dk"],
  ])("a bad setting stops the start with one line naming it: %s", { timeout: 60_000 }, async (name, value) => {
    const child = spawn(process.execPath, ["scripts/start.mjs"], {
      cwd: root,
      env: { ...process.env, [name]: value },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const code = await new Promise((done) => child.once("exit", done));
    expect(code).toBe(1);
    const lines = errors.split("\n").filter((line) => line.includes(name));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^helhedsplan sync-service: Invalid environment: ${name}: `)),
    ]);
  });
});
