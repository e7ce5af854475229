// Once per test run: when the test command brings a PostgreSQL (TEST_DATABASE_URL), one
// migrated template database; every test file clones its own from it (ARCHITECTURE.md).
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrate";
import { adminQuery, databaseUrl } from "./postgres-admin";

declare module "vitest" {
  export interface ProvidedContext {
    /** The migrated template database on TEST_DATABASE_URL's server, or "" without one. */
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === "") {
    project.provide("templateDatabase", "");
    return undefined;
  }
  const template = `helhedsplan_template_${randomBytes(4).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${template}`);
  const db = openDatabase({ kind: "postgres", url: databaseUrl(serverUrl, template), statementTimeoutMs: 30_000 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide("templateDatabase", template);
  return async () => {
    await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  };
}
