import type { AnnualReport } from "@helhedsplan/api";
import type { Finding } from "@helhedsplan/rules";
import type { JsonColumn, OreColumn, TimestampColumn } from "../db/columns";

/** One plan's report for one year, with its own version (1, 2, … — `"0"` in If-Match names none yet). */
export interface ReportTable {
  plan_id: string;
  year: number;
  version: number;
  report: JsonColumn<AnnualReport>;
  findings: JsonColumn<Finding[]>;
  /** The pool money (`kommunePulje`) received in the year: what closing the plan keeps committed. */
  pool_received_ore: OreColumn;
  /** How many of the approved goals the report marks `opfyldt`. */
  goals_met: number;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  updated_by: string;
}

/** A report's spending, one row per line: what the overview sums. Rewritten with every write of the report. */
export interface ReportLineTable {
  plan_id: string;
  year: number;
  line: number;
  focus_area: string;
  category: string;
  activity: string;
  actual_ore: OreColumn;
}

/** The approved version's expense amounts, per line and year: replaced at every council approval. */
export interface ApprovedLineTable {
  plan_id: string;
  line: number;
  year: number;
  focus_area: string;
  category: string;
  activity: string;
  amount_ore: OreColumn;
}
