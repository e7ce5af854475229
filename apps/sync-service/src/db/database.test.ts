// A connection PostgreSQL ends while the service holds it — a restart (`pg_ctl restart -m fast`), an administrator's
// `pg_terminate_backend`, the idle-in-transaction timeout — fails that request with 503 and nothing else: the process
// lives on and the next transaction runs on a fresh connection. Only PostgreSQL has connections to end.
import { sql } from "kysely";
import { expect, test } from "vitest";
import { describeEachDialect, runDialects } from "../../test/support/each-dialect";
import { problemFor } from "../http/error-handler";
import { classifyDatabaseError } from "./database-errors";

describeEachDialect(
  "a connection the server ends while a transaction holds it",
  (service) => {
    test("fails that transaction as unavailable (503), does not end the process, and the next transaction runs", async () => {
      const db = service().db;
      const failure = await db
        .transaction()
        .execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
          await sql`SELECT pg_terminate_backend(${rows[0]?.pid})`.execute(db);
          // The server's FATAL message reaches the connection while it is idle in the transaction, between statements.
          await new Promise((resolve) => setTimeout(resolve, 200));
          await sql`SELECT 1`.execute(trx);
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(classifyDatabaseError(failure)).toBe("unavailable");
      expect(problemFor(failure)?.problem.status).toBe(503);
      const again = await db.transaction().execute((trx) => sql<{ one: number }>`SELECT 1 AS one`.execute(trx));
      expect(again.rows).toEqual([{ one: 1 }]);
    });
  },
  { concurrentOnly: true },
);

// A server that does not answer (frozen, or cut off by the network) cannot enforce statement_timeout; the client's
// query timeout (1 s longer) ends the wait. The transaction's ROLLBACK must not then wait out a second one behind the
// unanswered statement. Stood in for here by a statement that outlives the query timeout on a live server.
const statementTimeoutMs = 500;
const queryTimeoutMs = statementTimeoutMs + 1_000;

describeEachDialect(
  "a statement the server does not answer",
  (service) => {
    test("fails its transaction as unavailable (503) after one query timeout, not two, and the next transaction runs", async () => {
      const db = service().db;
      const started = Date.now();
      const failure = await db
        .transaction()
        .execute(async (trx) => {
          await sql`SET LOCAL statement_timeout = 0`.execute(trx);
          await sql`SELECT pg_sleep(${(queryTimeoutMs * 3) / 1000})`.execute(trx);
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      const elapsed = Date.now() - started;
      expect(classifyDatabaseError(failure)).toBe("unavailable");
      expect(problemFor(failure)?.problem.status).toBe(503);
      expect(elapsed).toBeGreaterThanOrEqual(queryTimeoutMs - 50);
      expect(elapsed).toBeLessThan(queryTimeoutMs * 1.5);
      const again = await db.transaction().execute((trx) => sql<{ one: number }>`SELECT 1 AS one`.execute(trx));
      expect(again.rows).toEqual([{ one: 1 }]);
    });
  },
  { statementTimeoutMs, concurrentOnly: true },
);

// PGlite has no connection to end: without PostgreSQL (TEST_DATABASE_URL) the suite above is empty, and this says so.
if (!runDialects().some((dialect) => dialect.concurrent))
  test.skip("a connection the server ends: needs PostgreSQL (TEST_DATABASE_URL)", () => {});
