// The sync service for tests, this package's and other packages' (`@helhedsplan/sync-service/testing`):
// the real application started in the test's own process from `createApp`, on a migrated database of
// either dialect, listening on 127.0.0.1 at a free port, with an admin token. Nothing here imports
// vitest, so any test runner's process (and the benchmark's service process) can use it; the vitest
// helper that runs a suite once per dialect is `@helhedsplan/sync-service/testing/vitest`.
import { randomBytes, randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type Client, type Role } from "@helhedsplan/api";
import { createApp } from "../../src/app";
import type { Config } from "../../src/config";
import { openDatabase, type Db } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrate";
import { seedDemo } from "../../src/demo/demo.seed";
import { createLogger } from "../../src/logger";
import { insertToken } from "../../src/tokens/token.repository";
import { hashToken, newTokenSecret } from "../../src/tokens/token-secret";
import { createDatabase, databaseUrl, dropDatabase } from "./postgres-admin";

export type { Config } from "../../src/config";
export type { Db } from "../../src/db/database";

/** The settings tests run with; a test changes what it exercises. Example: `testConfig({ tokenCreationsPerMinute: 2 })`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    // HTTP only: startService listens on 127.0.0.1 at a free port; the manifest names the development address.
    httpsPort: null,
    publicUrl: "https://localhost:3443",
    officeJs: "cdn",
    host: "127.0.0.1",
    databaseUrl: undefined,
    dataDir: "unused",
    adminToken: undefined,
    demo: false,
    logLevel: "silent",
    statementTimeoutMs: 10_000,
    tokenCreationsPerMinute: 60,
    // The security tests send hundreds of bad tokens from one address on purpose.
    authFailuresPerMinute: 100_000,
    trustProxy: false,
    ...overrides,
  };
}

/** The database systems the service runs on. */
export type DialectName = "pglite" | "postgres";

/** A migrated database opened for a test, dropped again by `close`. */
export interface TestDatabase {
  dialect: DialectName;
  db: Db;
  close(): Promise<void>;
}

/** How long a statement may take in a test database unless the test says otherwise. */
const testStatementTimeoutMs = 10_000;

/** A fresh, migrated in-memory PGlite (the reference data and the Budget 2012 pool seeded). Example: `await openPgliteDatabase()`. */
export async function openPgliteDatabase(options: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const db = openDatabase({ kind: "pglite", statementTimeoutMs: options.statementTimeoutMs ?? testStatementTimeoutMs });
  await migrateToLatest(db);
  return { dialect: "pglite", db, close: () => db.destroy() };
}

/** One database system tests run on: each `open` gives a test a fresh, migrated database of its own. */
export interface Dialect {
  name: DialectName;
  /** Multiple connections: concurrent requests really run at once (PGlite serialises them). */
  concurrent: boolean;
  open(options?: { statementTimeoutMs?: number }): Promise<TestDatabase>;
}

const pglite: Dialect = { name: "pglite", concurrent: false, open: openPgliteDatabase };

/**
 * PostgreSQL on `serverUrl`: each `open` creates a database `test_<random>` there — a clone of `template` (a migrated
 * database) when given, else migrated on the spot — and `close` drops it.
 */
function postgres(serverUrl: string, template: string | undefined): Dialect {
  return {
    name: "postgres",
    concurrent: true,
    async open(options = {}) {
      const name = `test_${randomBytes(6).toString("hex")}`;
      await createDatabase(serverUrl, name, template === undefined ? {} : { template });
      const db = openDatabase({
        kind: "postgres",
        url: databaseUrl(serverUrl, name),
        statementTimeoutMs: options.statementTimeoutMs ?? testStatementTimeoutMs,
        maxConnections: 20,
      });
      const close = async () => {
        await db.destroy();
        await dropDatabase(serverUrl, name);
      };
      if (template === undefined) {
        try {
          await migrateToLatest(db);
        } catch (error) {
          await close();
          throw error;
        }
      }
      return { dialect: "postgres", db, close };
    },
  };
}

/**
 * The dialects of this run: PGlite always, and PostgreSQL when `TEST_DATABASE_URL` names a server (a `postgres://` URL
 * of a role that may create databases). `postgresTemplate`: a migrated database on that server to clone, which is
 * faster than migrating each one (the service's own tests make one per run in their global setup).
 * Example: `for (const dialect of testDialects()) describe(dialect.name, () => …)`.
 */
export function testDialects(options: { postgresTemplate?: string | undefined } = {}): Dialect[] {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === "") return [pglite];
  const template = options.postgresTemplate === "" ? undefined : options.postgresTemplate;
  return [pglite, postgres(serverUrl, template)];
}

/**
 * A fresh, migrated database of the dialect; `close` drops it. PostgreSQL needs `TEST_DATABASE_URL`.
 * Example: `const { db, close } = await openTestDatabase("postgres")`.
 */
export async function openTestDatabase(
  dialect: DialectName = "pglite",
  options: { statementTimeoutMs?: number } = {},
): Promise<TestDatabase> {
  const found = testDialects().find((candidate) => candidate.name === dialect);
  if (found === undefined) throw new Error(`No ${dialect} database for the tests: set TEST_DATABASE_URL`);
  return found.open(options);
}

async function insertTestToken(db: Db, secret: string, role: Role, housingOrganisation?: string): Promise<void> {
  await insertToken(db, {
    id: randomUUID(),
    hash: hashToken(secret),
    role,
    housing_organisation: role === "housing" ? (housingOrganisation ?? "Test Bolig") : null,
    created_by: "test",
  });
}

/** A new token of the role, stored directly (test setup, not the route under test); returns its secret. Example: `await storeToken(db, "housing", "AAB")`. */
export async function storeToken(db: Db, role: Role, housingOrganisation?: string): Promise<string> {
  const secret = newTokenSecret();
  await insertTestToken(db, secret, role, housingOrganisation);
  return secret;
}

/** A service running in the test's process. */
export interface RunningService {
  /** The database system it runs on. */
  dialect: DialectName;
  /** The service's origin, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  adminToken: string;
  /** The typed client with the admin token. */
  admin: Client;
  db: Db;
  /** The HTTP server, for a test that watches requests arrive. */
  server: Server;
  /** The typed client with a token (the admin's by default). */
  client(token?: string): Client;
  /** A new token of the role, stored directly (test setup, not the route under test). */
  token(role: Role, housingOrganisation?: string): Promise<string>;
  /** A raw request to a path under the origin, with the admin token unless `token` is given (null: none). */
  fetch(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
  /** Closes every connection, the server and the database. */
  stop(): Promise<void>;
}

/** What to start the service on, and with. */
export interface StartServiceOptions {
  /** A fresh database of this dialect, closed (dropped) by `stop`; default `"pglite"`. Ignored when `database` is given. */
  dialect?: DialectName | Dialect;
  /** An open, migrated database; `stop` closes it. */
  database?: TestDatabase;
  /** Settings over `testConfig()`'s. */
  config?: Partial<Config> | undefined;
  /** The statement timeout of the fresh database (`dialect`). */
  statementTimeoutMs?: number | undefined;
  /** The admin token's secret; a random one by default. */
  adminToken?: string | undefined;
  /** The service's clock (what `Actor.now` is); the system clock by default. A test moves it to close a plan after its period. */
  clock?: (() => Date) | undefined;
}

/**
 * Starts the real service on 127.0.0.1 at a free port, with an admin token.
 * Example: `const service = await startService({ dialect: "postgres" }); await service.admin.plans.list(); await service.stop()`.
 */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const dialect = options.dialect ?? "pglite";
  const database =
    options.database ??
    (await (typeof dialect === "string"
      ? openTestDatabase(dialect, timeout(options))
      : dialect.open(timeout(options))));
  const config = testConfig(options.config);
  const logger = createLogger(process.env.TEST_LOG_LEVEL === "debug" ? "debug" : config.logLevel);
  // `config: { demo: true }` seeds the demo as HELHEDSPLAN_DEMO=1 does at start.
  if (config.demo) await seedDemo(database.db, options.clock ?? (() => new Date()), logger);
  const app = createApp({
    db: database.db,
    config,
    logger,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminToken = options.adminToken ?? newTokenSecret();
  const { db } = database;
  await insertTestToken(db, adminToken, "admin");
  return {
    dialect: database.dialect,
    baseUrl,
    adminToken,
    admin: createClient({ baseUrl, token: adminToken }),
    db,
    server,
    client: (secret = adminToken) => createClient({ baseUrl, token: secret }),
    token: (role, housingOrganisation) => storeToken(db, role, housingOrganisation),
    fetch: (path, init = {}) => {
      const { token: secret = adminToken, headers, ...rest } = init;
      const allHeaders = new Headers(headers);
      if (secret !== null) allHeaders.set("authorization", `Bearer ${secret}`);
      return fetch(`${baseUrl}${path}`, { ...rest, headers: allHeaders });
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}

function timeout(options: StartServiceOptions): { statementTimeoutMs?: number } {
  return options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs };
}
