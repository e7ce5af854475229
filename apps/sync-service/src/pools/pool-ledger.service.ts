// The pool ledger (ARCHITECTURE.md): a plan's reservation and commitment in each pool are a
// row; every change to a row changes the pool's sums by the same amounts in the same
// transaction, so the pool's reserved/committed always equal the sums of its rows. The
// database refuses an overdraw: a reservation is one conditional UPDATE, and the pool's CHECK
// constraint guards every other change. The pool rows are updated last in their transactions
// (`LockLast`): every submit and decision of a pool waits for its row, so each holds it only
// from its update to its commit.
import { problem, type ProblemError } from "@helhedsplan/api";
import type { Db } from "../db/database";
import type { LockLast } from "../db/transaction";
import { lockLedgerRows, putLedgerRow, type LedgerRow } from "./pool-ledger.repository";
import { adjustPool, findPool } from "./pool.repository";

/**
 * What a plan draws from its pool (`poolDrawOre` of the rules) as a number of øre; undefined when a number cannot
 * hold it exactly, which is more than any pool holds (a pool's amount is a safe integer). Example:
 * `poolDrawAsNumber(poolDrawOre(plan)) ?? refuse()`.
 */
export function poolDrawAsNumber(drawOre: bigint): number | undefined {
  return drawOre > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(drawOre);
}

/**
 * What a submit must reserve beyond what the plan already holds in its pool: a reopened plan
 * keeps its commitment until its revision is approved, so it reserves only what it adds.
 */
export function submitReservationOre(held: Omit<LedgerRow, "poolId">, totalOre: number): number {
  return Math.max(0, totalOre - held.committedOre - held.reservedOre);
}

/** The 409 for a submit its pool has no room for, with the pool as it is. */
export async function poolExhausted(trx: Db, poolId: string): Promise<ProblemError> {
  const pool = await findPool(trx, poolId);
  if (pool === undefined) throw new Error(`A plan draws on pool ${poolId} that does not exist`);
  return problem.poolExhausted(pool);
}

/**
 * The council's approval: the plan's commitment in its pool becomes the approved total (its
 * reservation turns into commitment; a revised plan that asks less releases the difference),
 * and anything it held in other pools is released.
 */
export async function commitOnApproval(
  trx: Db,
  lockLast: LockLast,
  planId: string,
  poolId: string | null,
  totalOre: number,
): Promise<void> {
  const rows = await lockLedgerRows(trx, planId);
  if (poolId !== null && totalOre > 0 && !rows.some((row) => row.poolId === poolId)) {
    throw new Error(`Plan ${planId} is approved for ${totalOre} øre in pool ${poolId} without holding anything there`);
  }
  const moves = rows.map((row) => ({
    from: row,
    to: { poolId: row.poolId, reservedOre: 0, committedOre: row.poolId === poolId ? totalOre : 0 },
  }));
  await moveLedgerRows(trx, lockLast, planId, moves);
}

/** A rejection: every reservation of the plan is released; commitments (of an earlier approval) stand. */
export async function releaseReservations(trx: Db, lockLast: LockLast, planId: string): Promise<void> {
  const rows = (await lockLedgerRows(trx, planId)).filter((row) => row.reservedOre > 0);
  await moveLedgerRows(
    trx,
    lockLast,
    planId,
    rows.map((row) => ({ from: row, to: { ...row, reservedOre: 0 } })),
  );
}

/**
 * Closing a plan: its commitment shrinks to the pool money it actually received (`receivedOre`, summed over its
 * reports) — never grows — and the rest returns to the pool; any reservation (there is none on an approved plan)
 * is released. Answers what it kept and what it gave back, in øre.
 */
export async function shrinkOnClose(
  trx: Db,
  lockLast: LockLast,
  planId: string,
  receivedOre: number,
): Promise<{ keptOre: number; releasedOre: number }> {
  const rows = await lockLedgerRows(trx, planId);
  let left = receivedOre;
  const moves = rows.map((row) => {
    const kept = Math.min(row.committedOre, left);
    left -= kept;
    return { from: row, to: { poolId: row.poolId, reservedOre: 0, committedOre: kept } };
  });
  await moveLedgerRows(trx, lockLast, planId, moves);
  const held = rows.reduce((sum, row) => sum + row.committedOre + row.reservedOre, 0);
  const keptOre = moves.reduce((sum, move) => sum + move.to.committedOre, 0);
  return { keptOre, releasedOre: held - keptOre };
}

/** Sets the plan's ledger rows now and changes their pools' sums by the same amounts last, in the ledger's (pool id) order so concurrent writes cannot deadlock. */
async function moveLedgerRows(
  trx: Db,
  lockLast: LockLast,
  planId: string,
  moves: { from: LedgerRow; to: LedgerRow }[],
): Promise<void> {
  for (const { to } of moves) await putLedgerRow(trx, planId, to);
  lockLast(async () => {
    for (const { from, to } of moves) {
      await adjustPool(trx, from.poolId, {
        reservedOre: to.reservedOre - from.reservedOre,
        committedOre: to.committedOre - from.committedOre,
      });
    }
  });
}
