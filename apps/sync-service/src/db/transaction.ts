// One write, one transaction: what every service function runs in, over HTTP (`RouteContext.transact`, which
// also stores the answer to an idempotency key in it) or without (the demo seed, a test).
import type { Db } from "./database";

/**
 * Registers a statement that takes the most contended lock of a write (a pool row every submit of
 * the pool updates): such statements run after every other statement of the transaction, the
 * idempotency answer included, in the order registered, so the lock is held only from there to
 * the commit.
 */
export type LockLast = (statement: () => Promise<void>) => void;

/** A write's effect, given the transaction. */
export type Effect<T> = (trx: Db, lockLast: LockLast) => Promise<T>;

/**
 * Runs `effect` in one transaction, then `store` (the answer to an idempotency key), then the statements the effect
 * locks last. Example: `await inTransaction(db, (trx, lockLast) => submitPlan(trx, lockLast, actor, id))`.
 */
export async function inTransaction<T>(
  db: Db,
  effect: Effect<T>,
  store?: (trx: Db, answer: T) => Promise<void>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const last: (() => Promise<void>)[] = [];
    const answer = await effect(trx, (statement) => last.push(statement));
    await store?.(trx, answer);
    for (const statement of last) await statement();
    return answer;
  });
}
