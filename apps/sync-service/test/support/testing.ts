// The sync service for tests, this package's and other packages' (`@helhedsplan/sync-service/testing`):
// the real application started in the test's own process from `createApp`, on a migrated database,
// listening on 127.0.0.1 at a free port, with an admin token. Nothing here imports vitest, so any
// test runner's process can use it.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type Client, type Role } from "@helhedsplan/api";
import { createApp } from "../../src/app";
import type { Config } from "../../src/config";
import { openDatabase, type Db } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrate";
import { createLogger } from "../../src/logger";
import { insertToken } from "../../src/tokens/token.repository";
import { hashToken, newTokenSecret } from "../../src/tokens/token-secret";

/** The settings tests run with; a test changes what it exercises. Example: `testConfig({ tokenCreationsPerMinute: 2 })`. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
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
    ...overrides,
  };
}

/** A migrated database opened for a test, dropped again by `close`. */
export interface TestDatabase {
  db: Db;
  close(): Promise<void>;
}

/** A fresh, migrated in-memory PGlite (the reference data and the Budget 2012 pool seeded). Example: `await openPgliteDatabase()`. */
export async function openPgliteDatabase(options: { statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const db = openDatabase({ kind: "pglite", statementTimeoutMs: options.statementTimeoutMs ?? 10_000 });
  await migrateToLatest(db);
  return { db, close: () => db.destroy() };
}

/** A new token of the role, stored directly (test setup, not the route under test); returns its secret. Example: `await storeToken(db, "housing", "AAB")`. */
export async function storeToken(db: Db, role: Role, housingOrganisation?: string): Promise<string> {
  const secret = newTokenSecret();
  await insertToken(db, {
    id: randomUUID(),
    hash: hashToken(secret),
    role,
    housing_organisation: role === "housing" ? (housingOrganisation ?? "Test Bolig") : null,
    created_by: "test",
  });
  return secret;
}

/** A service running in the test's process: its origin, an admin token, a typed client with it, and its database. */
export interface RunningService {
  /** The service's origin, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  adminToken: string;
  admin: Client;
  db: Db;
  /** Closes every connection, the server and the database. */
  stop(): Promise<void>;
}

/** What to start the service on: a database (default: a fresh in-memory PGlite, owned and closed by `stop`) and settings over `testConfig()`'s. */
export interface StartServiceOptions {
  database?: TestDatabase;
  config?: Partial<Config> | undefined;
}

/**
 * Starts the real service on 127.0.0.1 at a free port, with a new admin token.
 * Example: `const service = await startService(); await service.admin.plans.list(); await service.stop()`.
 */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const database = options.database ?? (await openPgliteDatabase());
  const config = testConfig(options.config);
  const logger = createLogger(process.env.TEST_LOG_LEVEL === "debug" ? "debug" : config.logLevel);
  const app = createApp({ db: database.db, config, logger });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const adminToken = await storeToken(database.db, "admin");
  return {
    baseUrl,
    adminToken,
    admin: createClient({ baseUrl, token: adminToken }),
    db: database.db,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await database.close();
    },
  };
}
