import type { AnnualReport } from "@helhedsplan/api";
import type { Finding } from "@helhedsplan/rules";
import { sql, type Selectable } from "kysely";
import { auditValues, type AuditRecord } from "../audit/audit.repository";
import { json, toOre } from "../db/columns";
import type { Db } from "../db/database";
import type { ReportTable } from "./report.table";

export type ReportRow = Selectable<ReportTable>;

export async function findReport(db: Db, planId: string, year: number): Promise<ReportRow | undefined> {
  return db.selectFrom("reports").selectAll().where("plan_id", "=", planId).where("year", "=", year).executeTakeFirst();
}

/** The plan's reports of the years before `year`, oldest first (what `validateReport` sums municipal money over). */
export async function listEarlierReports(db: Db, planId: string, year: number): Promise<AnnualReport[]> {
  const rows = await db
    .selectFrom("reports")
    .select("report")
    .where("plan_id", "=", planId)
    .where("year", "<", year)
    .orderBy("year")
    .execute();
  return rows.map((row) => row.report);
}

/** A report as a write stores it. */
export interface StoredReport {
  planId: string;
  report: AnnualReport;
  version: number;
  findings: Finding[];
  poolReceivedOre: number;
  goalsMet: number;
  now: Date;
  by: string;
}

/** Inserts or replaces the year's report and records the audit entry, in one statement. */
export async function putReportRow(db: Db, stored: StoredReport, audit: AuditRecord): Promise<void> {
  const values = {
    version: stored.version,
    report: json(stored.report),
    findings: json(stored.findings),
    pool_received_ore: stored.poolReceivedOre,
    goals_met: stored.goalsMet,
    updated_at: stored.now,
    updated_by: stored.by,
  };
  await db
    .with("audit_entry", (qc) => qc.insertInto("audit").values(auditValues(audit)))
    .insertInto("reports")
    .values({ ...values, plan_id: stored.planId, year: stored.report.year, created_at: stored.now })
    .onConflict((oc) => oc.columns(["plan_id", "year"]).doUpdateSet(values))
    .execute();
}

/** Drops the year's spending lines; `insertReportLines` writes them again from the stored report. */
export async function deleteReportLines(db: Db, planId: string, year: number): Promise<void> {
  await db.deleteFrom("report_lines").where("plan_id", "=", planId).where("year", "=", year).execute();
}

/** The stored report's spending as one row per line, taken from its jsonb in the database: one statement whatever its size. */
export async function insertReportLines(db: Db, planId: string, year: number): Promise<void> {
  await sql`
    INSERT INTO report_lines (plan_id, year, line, focus_area, category, activity, actual_ore)
    SELECT r.plan_id, r.year, s.line, s.spent->>'focusArea', s.spent->>'category', s.spent->>'activity',
           (s.spent->'actualOre')::bigint
    FROM reports r
    CROSS JOIN LATERAL jsonb_array_elements(r.report->'spending') WITH ORDINALITY AS s(spent, line)
    WHERE r.plan_id = ${planId} AND r.year = ${year}`.execute(db);
}

/** Drops the plan's approved lines; `insertApprovedLines` writes those of the newly approved version. */
export async function deleteApprovedLines(db: Db, planId: string): Promise<void> {
  await db.deleteFrom("approved_lines").where("plan_id", "=", planId).execute();
}

/**
 * The approved version's expense amounts, one row per line and year, taken from the version's jsonb in the database
 * (the same statement the reports migration ran for the plans approved before it). An approved version has no error
 * finding, so every amount is a whole, non-negative, safe number of øre.
 */
export async function insertApprovedLines(db: Db, planId: string, version: number): Promise<void> {
  await sql`
    INSERT INTO approved_lines (plan_id, line, year, focus_area, category, activity, amount_ore)
    SELECT v.plan_id, e.line, a.key::integer, e.expense->>'focusArea', e.expense->>'category',
           e.expense->>'activity', a.value::bigint
    FROM plan_versions v
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.budget->'expenses', '[]'::jsonb))
      WITH ORDINALITY AS e(expense, line)
    CROSS JOIN LATERAL jsonb_each(e.expense->'amountsOre') AS a
    WHERE v.plan_id = ${planId} AND v.version = ${version}`.execute(db);
}

/** The years of the period the plan has reported, and the pool money received over them, as closing the plan needs. */
export async function findReportedYears(
  db: Db,
  planId: string,
  period: { periodStart: number; periodEnd: number },
): Promise<{ years: number[]; poolReceivedOre: number }> {
  const rows = await db
    .selectFrom("reports")
    .select(["year", "pool_received_ore"])
    .where("plan_id", "=", planId)
    .where("year", ">=", period.periodStart)
    .where("year", "<=", period.periodEnd)
    .orderBy("year")
    .execute();
  return {
    years: rows.map((row) => row.year),
    poolReceivedOre: rows.reduce((sum, row) => sum + toOre(row.pool_received_ore), 0),
  };
}
