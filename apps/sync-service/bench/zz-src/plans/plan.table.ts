import type { Budget, Finding, Goal, PlanHeader } from "@helhedsplan/rules";
import type { JsonColumn, TimestampColumn } from "../db/columns";

export interface PlanTable {
  id: string;
  status: string;
  version: number;
  approved_version: number | null;
  name: string;
  housing_organisation: string;
  estates: JsonColumn<string[]>;
  district_id: string | null;
  vulnerable_area: boolean;
  cooperation: boolean;
  period_start: number;
  period_end: number;
  pool_id: string | null;
  created_at: TimestampColumn;
  updated_at: TimestampColumn;
  created_by: string;
}

/** An immutable version of a plan: never updated, never deleted. */
export interface PlanVersionTable {
  plan_id: string;
  version: number;
  header: JsonColumn<PlanHeader>;
  budget: JsonColumn<Budget | null>;
  goals: JsonColumn<Goal[]>;
  findings: JsonColumn<Finding[]>;
  created_at: TimestampColumn;
  created_by: string;
}
