// A PostgreSQL cluster of the suite's own, with durable settings (fsync, synchronous_commit and full_page_writes on —
// a deployment's, docs/operations.md), in a throwaway folder under /tmp: made with initdb as scripts/services.sh
// does (as the postgres user when root), stopped, started, crashed and removed by the crash and faults phases.
import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { randomBytes } from "node:crypto";
import { openDatabase, type Db } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrate";
import { createDatabase } from "../test/support/postgres-admin";
import { buildService, freePort, startInstance, type Instance } from "./instances";

const run = promisify(execFile);

export interface Cluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  serverUrl: string;
  dataDir: string;
  /** The durability settings as the server reports them, e.g. `fsync=on synchronous_commit=on full_page_writes=on`. */
  settings: string;
  /** `pg_ctl stop -m fast|immediate` (immediate: a crash; the next start replays the WAL). */
  stop(mode: "fast" | "immediate"): Promise<void>;
  /**
   * Freezes the server (SIGSTOP to the postmaster and its children, by PID: a database that accepts connections but
   * answers nothing); answers the function that thaws it (SIGCONT).
   */
  freeze(): Promise<() => Promise<void>>;
  /** `pg_ctl start`, resolving once the server accepts connections. */
  start(): Promise<void>;
  /** Stops the server (if running) and deletes the folder. */
  remove(): Promise<void>;
}

function binaries(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest === undefined ? undefined : join(root, newest, "bin");
}

/** Makes and starts a durable cluster; answers why not (one line) where PostgreSQL's binaries are missing. */
export async function startDurableCluster(): Promise<Cluster | string> {
  const bin = binaries();
  if (bin === undefined) return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin";
  const root = mkdtempSync("/tmp/helhedsplan-durable-pg.");
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: the cluster belongs to the postgres user then.
  if (asRoot) chownSync(root, Number((await run("id", ["-u", "postgres"])).stdout.trim()), 0);
  const as = (program: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", join(bin, program), ...args]) : run(join(bin, program), args);
  const dataDir = join(root, "data");
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${root}`,
    "-c listen_addresses=127.0.0.1",
    "-c fsync=on",
    "-c synchronous_commit=on",
    "-c full_page_writes=on",
  ].join(" ");
  const pgCtl = (...args: string[]) => as("pg_ctl", ["-D", dataDir, ...args]);
  let running = false;
  const cluster: Cluster = {
    serverUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir,
    settings: "",
    stop: async (mode) => {
      await pgCtl("-m", mode, "-w", "-t", "60", "stop");
      running = false;
    },
    freeze: async () => {
      const postmaster = readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "";
      // The postmaster first, so it forks no backend while its children are being stopped.
      await run("kill", ["-STOP", postmaster]);
      const children = (await run("pgrep", ["-P", postmaster])).stdout.split("\n").filter((pid) => /^\d+$/.test(pid));
      const pids = [postmaster, ...children];
      if (children.length > 0) await run("kill", ["-STOP", ...children]);
      return async () => {
        await run("kill", ["-CONT", ...pids]);
      };
    },
    start: async () => {
      await pgCtl("-l", join(root, "server.log"), "-w", "-t", "60", "-o", options, "start");
      running = true;
    },
    remove: async () => {
      if (running) await cluster.stop("immediate").catch(() => {});
      rmSync(root, { recursive: true, force: true });
    },
  };
  try {
    await as("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    await cluster.start();
    const client = new pg.Client({ connectionString: cluster.serverUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string; setting: string }>(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name",
      );
      cluster.settings = rows.map((row) => `${row.name}=${row.setting}`).join(" ");
    } finally {
      await client.end();
    }
  } catch (error) {
    await cluster.remove();
    throw error;
  }
  return cluster;
}

/** A durable cluster with one migrated database and one service process on it. */
export interface DurableService {
  cluster: Cluster;
  databaseUrl: string;
  /** The suite's own connections to the database (4 at most), for the checks. */
  db: Db;
  adminToken: string;
  instance: Instance;
  /** Starts the service again (after a kill): `instance` is then the new process. */
  restart(): Promise<void>;
  /** Stops the service, closes the connections and removes the cluster. */
  close(): Promise<void>;
}

/** Makes a durable cluster, migrates a database on it and starts one service process; a string says why not. */
export async function durableService(name: string): Promise<DurableService | string> {
  const cluster = await startDurableCluster();
  if (typeof cluster === "string") return cluster;
  let db: Db | undefined;
  try {
    const databaseUrl = await createDatabase(cluster.serverUrl, name);
    db = openDatabase({ kind: "postgres", url: databaseUrl, statementTimeoutMs: 30_000, maxConnections: 4 });
    await migrateToLatest(db);
    buildService();
    const adminToken = randomBytes(24).toString("base64url");
    const service: DurableService = {
      cluster,
      databaseUrl,
      db,
      adminToken,
      instance: await startInstance(name, databaseUrl, adminToken),
      restart: async () => {
        await service.instance.stop();
        service.instance = await startInstance(name, databaseUrl, adminToken);
      },
      close: async () => {
        await service.instance.stop();
        await service.db.destroy();
        await cluster.remove();
      },
    };
    return service;
  } catch (error) {
    await db?.destroy();
    await cluster.remove();
    throw error;
  }
}
