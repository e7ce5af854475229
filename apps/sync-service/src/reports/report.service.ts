// Yearly reports (årlige redegørelser) of approved plans, and the overview across plans. A report is a statement of
// fact: it is stored with its warnings (`validateReport` against the approved version and the earlier years' reports);
// only a year outside the period refuses it (422). Each report has its own version, named by If-Match ("0" before
// the year's first). A write locks the plan row first, as every write to a plan does, so a report and a close, or two
// reports of one year, cannot cross.
import {
  problem,
  type AnnualReport,
  type FieldError,
  type ReportDetail,
  type ReportsQuery,
  type ReportsSummary,
} from "@helhedsplan/api";
import {
  poolSource,
  reportVariance,
  sortFindings,
  validateReport,
  varianceForContract,
  type ApprovedPlan,
} from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import { actorName, type Actor } from "../auth/caller";
import type { Db } from "../db/database";
import { errorsOf } from "../plans/plan-assessment";
import { findPlanVersion, type PlanRow } from "../plans/plan.repository";
import { lockVisiblePlan } from "../plans/plan.service";
import { summaryItems, totalsByDistrict, totalsByFocusArea } from "./report-summary.repository";
import {
  deleteReportLines,
  findReport,
  insertReportLines,
  listEarlierReports,
  putReportRow,
  type ReportRow,
} from "./report.repository";

/** The approved version of a plan as the report rules take it; undefined for a plan never approved. */
export async function findApprovedPlan(db: Db, plan: PlanRow): Promise<ApprovedPlan | undefined> {
  if (plan.approved_version === null) return undefined;
  const version = await findPlanVersion(db, plan.id, plan.approved_version);
  if (version === undefined)
    throw new Error(`Plan ${plan.id} is approved at version ${plan.approved_version} it lacks`);
  return {
    plan: { ...version.header, budget: version.budget ?? { expenses: [], financing: [] } },
    goals: version.goals,
  };
}

/**
 * 400 for a report whose amounts a number cannot sum exactly (each is a safe integer, their sum need not be): the
 * database and the overview add them up. Checked with the body, before If-Match.
 */
export function refuseUnsummable(report: AnnualReport): void {
  const errors: FieldError[] = [];
  const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + BigInt(amount), 0n);
  for (const [key, rows] of [
    ["spending", report.spending],
    ["financingReceived", report.financingReceived],
  ] as const) {
    if (sum(rows.map((row) => row.actualOre)) > BigInt(Number.MAX_SAFE_INTEGER)) {
      errors.push({
        path: [key],
        message: "Beløbene er tilsammen for store; summen skal være et helt antal øre under 2^53.",
      });
    }
  }
  if (errors.length > 0) throw problem.invalidRequest(errors);
}

/** 400 when the body's year is not the path's. */
export function refuseOtherYear(report: AnnualReport, year: number): void {
  if (report.year !== year) {
    throw problem.invalidRequest([
      { path: ["year"], message: `Redegørelsens år (${report.year}) skal være adressens år (${year}).` },
    ]);
  }
}

/** The variance of a report against the approved version, as the contract carries it (percent with two decimals). */
function varianceOf(report: AnnualReport, approved: ApprovedPlan): ReportDetail["variance"] {
  return varianceForContract(reportVariance(report, approved));
}

function detailOf(row: ReportRow, approved: ApprovedPlan): ReportDetail {
  return { ...row.report, version: row.version, findings: row.findings, variance: varianceOf(row.report, approved) };
}

/**
 * Stores the year's report of an approved plan: the plan locked and found again (404), then 412 when If-Match names
 * another version of the year's report (0: none yet), 409 for a plan never approved or already closed, 422 for a year
 * outside the approved period; warnings are stored and answered. Example:
 * `await inTransaction(db, (trx) => putReport(trx, actor, planId, report, 0))`.
 */
export async function putReport(
  trx: Db,
  actor: Actor,
  id: string,
  report: AnnualReport,
  expectedVersion: number,
): Promise<ReportDetail> {
  const plan = await lockVisiblePlan(trx, actor.caller, id);
  const current = await findReport(trx, id, report.year);
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== expectedVersion) {
    throw problem.preconditionFailed(
      currentVersion,
      `Redegørelsen for ${report.year} er i version ${currentVersion}, ikke ${expectedVersion}. Hent den igen, før du gemmer.`,
    );
  }
  const approved = await findApprovedPlan(trx, plan);
  if (approved === undefined) {
    throw problem.conflict(
      "Der kan kun redegøres for en godkendt plan; planen har endnu ingen version godkendt af Borgerrepræsentationen.",
    );
  }
  if (plan.status === "closed") {
    throw problem.conflict("Planen er afsluttet; dens redegørelser kan ikke længere ændres.");
  }
  const findings = sortFindings(validateReport(report, approved, await listEarlierReports(trx, id, report.year)));
  const errors = errorsOf(findings);
  if (errors.length > 0) throw problem.ruleViolation(errors, "Redegørelsen kan ikke gemmes.");

  const approvedGoals = new Set(approved.goals.map((goal) => goal.id));
  const met = new Set(
    report.goals.filter((goal) => goal.status === "opfyldt" && approvedGoals.has(goal.goalId)).map((g) => g.goalId),
  );
  const version = currentVersion + 1;
  const after = { year: report.year, version, report, findings };
  await putReportRow(
    trx,
    {
      planId: id,
      report,
      version,
      findings,
      poolReceivedOre: report.financingReceived
        .filter((row) => row.source === poolSource)
        .reduce((sum, row) => sum + row.actualOre, 0),
      goalsMet: met.size,
      now: actor.now,
      by: actorName(actor.caller),
    },
    auditRecord(actor, {
      action: "plan.report",
      entity: "plan",
      id,
      before: current === undefined ? null : { year: current.year, version: current.version, report: current.report },
      after,
    }),
  );
  await deleteReportLines(trx, id, report.year);
  await insertReportLines(trx, id, report.year);
  return { ...report, version, findings, variance: varianceOf(report, approved) };
}

/** The year's report with its variance against the approved version; 404 when the year has none. */
export async function getReport(db: Db, plan: PlanRow, year: number): Promise<ReportDetail> {
  const row = await findReport(db, plan.id, year);
  const approved = row === undefined ? undefined : await findApprovedPlan(db, plan);
  if (row === undefined || approved === undefined) {
    throw problem.notFound(`Planen ${plan.id} har ingen redegørelse for ${year}.`);
  }
  return detailOf(row, approved);
}

/**
 * `GET /reports`: the items and both totals read in one repeatable-read transaction, so they agree with each other
 * even while reports are written.
 */
export async function reportsSummary(db: Db, query: ReportsQuery): Promise<ReportsSummary> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const items = await summaryItems(trx, query);
      const byDistrict = await totalsByDistrict(trx, query);
      const byFocusArea = await totalsByFocusArea(trx, query);
      return { items, totals: { byDistrict, byFocusArea } };
    });
}
