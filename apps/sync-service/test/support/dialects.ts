// The databases every service test runs on, as Kysely's own tests do: PGlite always, and
// PostgreSQL whenever the test command brings one (TEST_DATABASE_URL). Each test file gets a
// database of its own: a fresh in-memory PGlite, or a clone of the migrated template.
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { openDatabase } from "../../src/db/database";
import { adminQuery, databaseUrl } from "./postgres-admin";
import { openPgliteDatabase, type TestDatabase } from "./testing";

export type DialectName = "pglite" | "postgres";

export interface Dialect {
  name: DialectName;
  /** Multiple connections: concurrent requests really run at once (PGlite serialises them). */
  concurrent: boolean;
  open(options?: { statementTimeoutMs?: number }): Promise<TestDatabase>;
}

const pglite: Dialect = {
  name: "pglite",
  concurrent: false,
  open: openPgliteDatabase,
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
  return serverUrl !== undefined && serverUrl !== "" && template !== ""
    ? [pglite, postgres(serverUrl, template)]
    : [pglite];
}

/** The dialects of this run: PGlite, and PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: readonly Dialect[] = dialects();
