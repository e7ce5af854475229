// A write that fails because the database does not answer gets its 503 after one timeout, not two: the error handler
// frees the request's Idempotency-Key (a DELETE, itself stuck while the database is stuck), but does not hold the
// answer for that longer than a moment — the DELETE goes on, and frees the key once the database answers.
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, test } from "vitest";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { describeEachDialect, runDialects } from "../../test/support/each-dialect";
import type { Db } from "../db/database";

const statementTimeoutMs = 1_000;

/** Keeps `trx` busy until `until` settles, so the idle-in-transaction timeout (twice the statement timeout) spares it. */
async function keepBusy(trx: Db, until: Promise<unknown>): Promise<void> {
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    await sql`SELECT 1`.execute(trx);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeEachDialect(
  "a keyed write while the database does not answer",
  (service) => {
    test("answers 503 after one statement timeout, not a second one for freeing its key; the key is freed after", async () => {
      const client = service().client();
      const db = service().db;
      const plan = await client.plans.create(planHeader());
      const key = randomUUID();
      const putBudget = () =>
        service().fetch(`/api/v1/plans/${plan.id}/budget`, {
          method: "PUT",
          headers: { "content-type": "application/json", "if-match": '"0"', "idempotency-key": key },
          body: JSON.stringify(demoBudget()),
        });
      const claimed = () =>
        db.selectFrom("idempotency_keys").select("key").where("state", "=", "in_progress").execute();
      // The plan row locked: the write's statement waits out the timeout. Its key's row locked once claimed: freeing
      // the key waits too, as every statement does on a database that does not answer.
      let releaseKey = () => {};
      const keyLocked = new Promise<void>((resolve) => (releaseKey = resolve));
      const planLock = db.transaction().execute(async (trx) => {
        await sql`SELECT id FROM plans WHERE id = ${plan.id} FOR UPDATE`.execute(trx);
        const started = Date.now();
        const answer = putBudget();
        while ((await claimed()).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        const keyLock = db.transaction().execute(async (keyTrx) => {
          await sql`SELECT key FROM idempotency_keys WHERE state = 'in_progress' FOR UPDATE`.execute(keyTrx);
          await keepBusy(keyTrx, keyLocked);
        });
        await keepBusy(trx, answer);
        const response = await answer;
        const elapsed = Date.now() - started;
        releaseKey();
        await keyLock;
        return { status: response.status, elapsed };
      });
      const { status, elapsed } = await planLock;
      expect(status).toBe(503);
      expect(elapsed).toBeLessThan(statementTimeoutMs * 1.7);
      // Once the database answers again, the key is freed: a retry with it runs.
      const deadline = Date.now() + 5_000;
      while ((await claimed()).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const retry = await putBudget();
      expect(retry.status).toBe(200);
      expect(retry.headers.get("idempotent-replayed")).toBeNull();
    });
  },
  { statementTimeoutMs, concurrentOnly: true },
);

// PGlite has one connection, so nothing can hold a lock against the service: the suite above needs PostgreSQL.
if (!runDialects().some((dialect) => dialect.concurrent))
  test.skip("a keyed write while the database does not answer: needs PostgreSQL (TEST_DATABASE_URL)", () => {});
