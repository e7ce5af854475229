import type { JsonColumn, TimestampColumn } from "../db/columns";

export interface IdempotencyKeyTable {
  token_id: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  state: "in_progress" | "done";
  status: number | null;
  response: JsonColumn<unknown> | null;
  created_at: TimestampColumn;
}
