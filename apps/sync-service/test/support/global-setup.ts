// Once per test run: when the test command brings a PostgreSQL (TEST_DATABASE_URL), one
// migrated template database; every test file clones its own from it (ARCHITECTURE.md). Other
// packages may list it as a global setup too (`@helhedsplan/sync-service/testing/global-setup`);
// without it, each PostgreSQL test database is migrated on its own, which is slower but the same.
import { randomBytes } from "node:crypto";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/db/database";
import { migrateToLatest } from "../../src/db/migrate";
import { createDatabase, dropDatabase } from "./postgres-admin";
import type {} from "./provided-context";

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === "") {
    project.provide("templateDatabase", "");
    return undefined;
  }
  const template = `helhedsplan_template_${randomBytes(4).toString("hex")}`;
  const url = await createDatabase(serverUrl, template);
  const db = openDatabase({ kind: "postgres", url, statementTimeoutMs: 30_000 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide("templateDatabase", template);
  return () => dropDatabase(serverUrl, template);
}
