import type { TimestampColumn } from "../db/columns";

/** A contract as its latest revision has it. */
export interface ContractTable {
  id: string;
  district_id: string;
  focus_area: string;
  title: string;
  text: string;
  active: boolean;
  revision: number;
  created_at: TimestampColumn;
  /** When the current revision was made. */
  revised_at: TimestampColumn;
}

/** Every revision of every contract, kept. */
export interface ContractRevisionTable {
  contract_id: string;
  revision: number;
  district_id: string;
  focus_area: string;
  title: string;
  text: string;
  active: boolean;
  created_at: TimestampColumn;
  created_by: string;
}
