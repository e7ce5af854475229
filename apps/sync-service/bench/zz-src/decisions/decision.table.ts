import type { TimestampColumn } from "../db/columns";

export interface DecisionTable {
  id: string;
  plan_id: string;
  body: string;
  outcome: string;
  /** A `date` column; selected as `decided_on::text` so no time zone shifts the day. */
  decided_on: string;
  reference: string;
  version: number;
  created_at: TimestampColumn;
  created_by: string;
}
