// The pool ledger (ARCHITECTURE.md): a plan's reservation and commitment in each pool are a
// row; every change to a row changes the pool's sums by the same amounts in the same
// transaction, so the pool's reserved/committed always equal the sums of its rows. The
// database refuses an overdraw: a reservation is one conditional UPDATE, and the pool's CHECK
// constraint guards every other change.
import type { Pool } from "@helhedsplan/api";
import type { Db } from "../db/database";
import { lockLedgerRows, putLedgerRow, type LedgerRow } from "./pool-ledger.repository";
import { adjustPool, findPool, reserveRoom } from "./pool.repository";

export type ReserveOutcome = { reserved: true } | { reserved: false; pool: Pool };

/**
 * Reserves what a submitted plan needs from its pool beyond what it already holds there (a
 * reopened plan keeps its commitment until its revision is approved, so it reserves only what
 * it adds). Nothing changes when the pool lacks room.
 */
export async function reserveForSubmit(trx: Db, planId: string, poolId: string | null, totalOre: number): Promise<ReserveOutcome> {
  if (poolId === null || totalOre === 0) return { reserved: true };
  const held = (await lockLedgerRows(trx, planId)).find((row) => row.poolId === poolId) ?? { poolId, reservedOre: 0, committedOre: 0 };
  const addOre = Math.max(0, totalOre - held.committedOre - held.reservedOre);
  if (addOre === 0) return { reserved: true };
  if (!Number.isSafeInteger(addOre) || (await reserveRoom(trx, poolId, addOre)) === undefined) {
    const pool = await findPool(trx, poolId);
    if (pool === undefined) throw new Error(`Pool ${poolId} vanished during a submit`);
    return { reserved: false, pool };
  }
  await putLedgerRow(trx, planId, { ...held, reservedOre: held.reservedOre + addOre });
  return { reserved: true };
}

/**
 * The council's approval: the plan's commitment in its pool becomes the approved total (its
 * reservation turns into commitment; a revised plan that asks less releases the difference),
 * and anything it held in other pools is released.
 */
export async function commitOnApproval(trx: Db, planId: string, poolId: string | null, totalOre: number): Promise<void> {
  const rows = await lockLedgerRows(trx, planId);
  if (poolId !== null && totalOre > 0 && !rows.some((row) => row.poolId === poolId)) {
    throw new Error(`Plan ${planId} is approved for ${totalOre} øre in pool ${poolId} without holding anything there`);
  }
  for (const row of rows) {
    const committedOre = row.poolId === poolId ? totalOre : 0;
    await moveTo(trx, planId, row, { poolId: row.poolId, reservedOre: 0, committedOre });
  }
}

/** A rejection: every reservation of the plan is released; commitments (of an earlier approval) stand. */
export async function releaseReservations(trx: Db, planId: string): Promise<void> {
  for (const row of await lockLedgerRows(trx, planId)) {
    if (row.reservedOre > 0) await moveTo(trx, planId, row, { ...row, reservedOre: 0 });
  }
}

async function moveTo(trx: Db, planId: string, from: LedgerRow, to: LedgerRow): Promise<void> {
  await adjustPool(trx, from.poolId, {
    reservedOre: to.reservedOre - from.reservedOre,
    committedOre: to.committedOre - from.committedOre,
  });
  await putLedgerRow(trx, planId, to);
}
