// Databases on a PostgreSQL server for tests and the benchmark: created fresh (or cloned from a
// migrated template) and dropped afterwards.
import pg from "pg";

/** The URL of database `name` on the same server as `serverUrl`. Example: `databaseUrl("postgres://h:5432/postgres", "x")` → `postgres://h:5432/x`. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements (CREATE/DROP DATABASE cannot run in a transaction) on the server's maintenance database. */
async function onServer(serverUrl: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates database `name` — empty, or a clone of `template` — and answers its URL; `replace` drops a leftover of that
 * name first (an aborted run's). Example: `await createDatabase(serverUrl, "test_1a2b", { template })`.
 */
export async function createDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string; replace?: boolean } = {},
): Promise<string> {
  const create = `CREATE DATABASE ${pg.escapeIdentifier(name)}`;
  await onServer(serverUrl, [
    ...(options.replace === true ? [`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`] : []),
    options.template === undefined ? create : `${create} TEMPLATE ${pg.escapeIdentifier(options.template)}`,
  ]);
  return databaseUrl(serverUrl, name);
}

/** Drops database `name`, closing any connection still open to it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, [`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`]);
}
