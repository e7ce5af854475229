import type { JsonColumn, TimestampColumn } from "../db/columns";
import type { SealedResponse } from "./sealed-key";

export interface IdempotencyKeyTable {
  token_id: string;
  /** SHA-256 of the Idempotency-Key, hex: the raw key never reaches the database. */
  key: string;
  method: string;
  path: string;
  body_hash: string;
  state: "in_progress" | "done";
  status: number | null;
  response: JsonColumn<SealedResponse> | null;
  created_at: TimestampColumn;
}
