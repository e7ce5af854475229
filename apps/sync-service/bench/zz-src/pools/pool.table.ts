import type { DefaultedOreColumn, DefaultedTimestampColumn, OreColumn } from "../db/columns";

export interface PoolTable {
  id: string;
  name: string;
  budget_year: number;
  amount_ore: OreColumn;
  reserved_ore: DefaultedOreColumn;
  committed_ore: DefaultedOreColumn;
  created_at: DefaultedTimestampColumn;
}

/** What one plan holds in one pool. */
export interface PoolLedgerTable {
  plan_id: string;
  pool_id: string;
  reserved_ore: OreColumn;
  committed_ore: OreColumn;
}
