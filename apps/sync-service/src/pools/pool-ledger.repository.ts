import type { QueryCreator } from "kysely";
import type { Database, Db } from "../db/database";
import { toOre } from "../db/columns";

/** What one plan holds in one pool. */
export interface LedgerRow {
  poolId: string;
  reservedOre: number;
  committedOre: number;
}

/** The plan's ledger rows, locked: the plan row is locked first by every caller, so this never deadlocks. */
export async function lockLedgerRows(db: Db, planId: string): Promise<LedgerRow[]> {
  const rows = await db
    .selectFrom("pool_ledger")
    .select(["pool_id", "reserved_ore", "committed_ore"])
    .where("plan_id", "=", planId)
    .orderBy("pool_id")
    .forUpdate()
    .execute();
  return rows.map((row) => ({
    poolId: row.pool_id,
    reservedOre: toOre(row.reserved_ore),
    committedOre: toOre(row.committed_ore),
  }));
}

/** Sets what the plan holds in the pool; a row holding nothing is deleted. */
export async function putLedgerRow(db: Db, planId: string, row: LedgerRow): Promise<void> {
  if (row.reservedOre === 0 && row.committedOre === 0) {
    await db.deleteFrom("pool_ledger").where("plan_id", "=", planId).where("pool_id", "=", row.poolId).execute();
    return;
  }
  await upsertLedgerRow(db, planId, row).execute();
}

/** The statement that sets a ledger row holding something: for `putLedgerRow`, or as a CTE of a write that sets one among others. */
export function upsertLedgerRow(db: QueryCreator<Database>, planId: string, row: LedgerRow) {
  return db
    .insertInto("pool_ledger")
    .values({ plan_id: planId, pool_id: row.poolId, reserved_ore: row.reservedOre, committed_ore: row.committedOre })
    .onConflict((oc) =>
      oc
        .columns(["plan_id", "pool_id"])
        .doUpdateSet({ reserved_ore: row.reservedOre, committed_ore: row.committedOre }),
    );
}
