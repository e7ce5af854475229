// The databases every service test runs on, as Kysely's own tests do: PGlite always, and
// PostgreSQL whenever the test command brings one (TEST_DATABASE_URL). Each test file gets a
// database of its own: a fresh in-memory PGlite, or a clone of the migrated template.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openDatabase, type Db } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrate";
import { adminQuery, databaseUrl } from "./postgres-admin";

export type DialectName = "pglite" | "postgres";

/** A database opened for one test file, dropped again by `close`. */
export interface TestDatabase {
  db: Db;
  close(): Promise<void>;
}

export interface Dialect {
  name: DialectName;
  /** Multiple connections: concurrent requests really run at once (PGlite serialises them). */
  concurrent: boolean;
  open(options?: { statementTimeoutMs?: number }): Promise<TestDatabase>;
}

const pglite: Dialect = {
  name: "pglite",
  concurrent: false,
  async open(options = {}) {
    const db = openDatabase({ kind: "pglite", statementTimeoutMs: options.statementTimeoutMs ?? 10_000 });
    await migrateToLatest(db);
    return { db, close: () => db.destroy() };
  },
};

function postgres(serverUrl: string, template: string): Dialect {
  return {
    name: "postgres",
    concurrent: true,
    async open(options = {}) {
      const name = `test_${randomBytes(6).toString("hex")}`;
      await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${template}`);
      const db = openDatabase({
        kind: "postgres",
        url: databaseUrl(serverUrl, name),
        statementTimeoutMs: options.statementTimeoutMs ?? 10_000,
        maxConnections: 20,
      });
      return {
        db,
        close: async () => {
          await db.destroy();
          await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        },
      };
    },
  };
}

function dialects(): Dialect[] {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const template = inject("templateDatabase");
  return serverUrl !== undefined && serverUrl !== "" && template !== "" ? [pglite, postgres(serverUrl, template)] : [pglite];
}

/** The dialects of this run: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: readonly Dialect[] = dialects();
