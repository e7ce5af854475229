// Reads a pool and its ledger rows straight from the database, to check the invariant the
// HTTP answers cannot prove: the pool's sums equal its rows and never exceed its amount.
import { toOre } from "../../src/db/columns";
import type { Db } from "../../src/db/database";

export interface LedgerState {
  amountOre: number;
  reservedOre: number;
  committedOre: number;
  rowsReservedOre: number;
  rowsCommittedOre: number;
  /** What each plan holds, by plan id. */
  rows: Map<string, { reservedOre: number; committedOre: number }>;
}

export async function ledgerState(db: Db, poolId: string): Promise<LedgerState> {
  const pool = await db
    .selectFrom("pools")
    .select(["amount_ore", "reserved_ore", "committed_ore"])
    .where("id", "=", poolId)
    .executeTakeFirstOrThrow();
  const rows = await db
    .selectFrom("pool_ledger")
    .select(["plan_id", "reserved_ore", "committed_ore"])
    .where("pool_id", "=", poolId)
    .execute();
  const byPlan = new Map(
    rows.map((row) => [row.plan_id, { reservedOre: toOre(row.reserved_ore), committedOre: toOre(row.committed_ore) }]),
  );
  const sum = (pick: (row: { reservedOre: number; committedOre: number }) => number) =>
    [...byPlan.values()].reduce((total, row) => total + pick(row), 0);
  return {
    amountOre: toOre(pool.amount_ore),
    reservedOre: toOre(pool.reserved_ore),
    committedOre: toOre(pool.committed_ore),
    rowsReservedOre: sum((row) => row.reservedOre),
    rowsCommittedOre: sum((row) => row.committedOre),
    rows: byPlan,
  };
}

/** Throws unless reserved + committed ≤ amount and both equal the sums of the rows. */
export function assertLedgerInvariant(state: LedgerState): void {
  if (state.reservedOre + state.committedOre > state.amountOre) {
    throw new Error(`Pool overdrawn: ${state.reservedOre} + ${state.committedOre} > ${state.amountOre}`);
  }
  if (state.reservedOre !== state.rowsReservedOre || state.committedOre !== state.rowsCommittedOre) {
    throw new Error(
      `Pool sums ${state.reservedOre}/${state.committedOre} differ from its rows ${state.rowsReservedOre}/${state.rowsCommittedOre}`,
    );
  }
}
