import type { DefaultedTimestampColumn } from "../db/columns";

export interface TokenTable {
  id: string;
  /** SHA-256 of the token, hex; the token itself is never stored. */
  hash: string;
  role: string;
  housing_organisation: string | null;
  created_at: DefaultedTimestampColumn;
  created_by: string | null;
}
