// The `Regnskab` sheet's reading findings and `validateReport`'s findings together, each with its
// cell, as `validateWorkbook` does for the plan: an unreadable cell is reported once, and a rule
// finding that could rest on its placeholder is dropped.
import {
  ruleIds,
  sortFindings,
  validateReport,
  type AnnualReport,
  type ApprovedPlan,
  type FindingPath,
  type Reference,
} from "@helhedsplan/rules";
import { at } from "./cell-map";
import type { Grids } from "./grid";
import { readReportGrids, type ReportGridRead, type ReportReadOptions } from "./read-report";
import { reportCellOf, type ReportCellMap } from "./report-cell-map";
import type { WorkbookFinding } from "./workbook-findings";

const pathKey = (path: FindingPath) => JSON.stringify(path);

/**
 * Whether a report rule's finding could rest on a placeholder, given the paths of the unreadable cells:
 * 1. its path is an unreadable cell's path or lies below it;
 * 2. it is about a whole spending line with an unreadable cell (`report.line-unknown`: a placeholder label is no budget line);
 * 3. it is a goal's missing status (`["goals"]`) while some Mål-ID is unreadable (the goal may be that row's).
 * Placeholders (0 øre, the source `andre`) only ever lower what was spent and what the municipality paid, so
 * `report.line-overspent`, `report.year-overspent` and `report.kommune-share` cannot fire because of one.
 */
function inDoubt(unreadable: readonly FindingPath[]): (path: FindingPath) => boolean {
  const cells = new Set(unreadable.map(pathKey));
  const lines = new Set(
    unreadable.filter((path) => path[0] === "spending" && path.length > 2).map((path) => pathKey(path.slice(0, 2))),
  );
  const unreadableGoalId = unreadable.some((path) => path[0] === "goals" && path[2] === "goalId");
  return (path) => {
    for (let length = 1; length <= path.length; length++) if (cells.has(pathKey(path.slice(0, length)))) return true;
    if (path[0] === "spending" && path.length === 2) return lines.has(pathKey(path));
    return path[0] === "goals" && path.length === 1 && unreadableGoalId;
  };
}

/**
 * The cells of `report.goal-status-missing`, one per approved goal without a status, in the approved goals' order (the
 * order `validateReport` gives them): the Status cell of the row that lists the goal, else the Status header.
 */
function missingGoalCells(report: AnnualReport, approved: ApprovedPlan, map: ReportCellMap): string[] {
  const reported = new Set(report.goals.map((goal) => goal.goalId));
  const placement = map.goalStatus;
  return approved.goals
    .filter((goal) => !reported.has(goal.id))
    .map((goal) => {
      const row = placement?.unreportedRows[goal.id];
      const column = placement?.columns.status;
      return placement && row !== undefined && column !== undefined
        ? at(placement.sheet, row, column)
        : reportCellOf(["goals"], map);
    });
}

/**
 * Reads the `Regnskab` sheet once and checks it against the approved plan: the read (report, map) and every finding —
 * reading (`workbook.*`) and `validateReport`'s — each with its cell, sorted as RULES.md orders findings. No rule runs
 * when the layout is broken. `earlier` are the plan's other reports (for `report.kommune-share`).
 * Example: `checkReportWorkbook(grids, reference, { plan, goals }).findings`.
 */
export function checkReportWorkbook(
  grids: Grids,
  reference: Reference,
  approved: ApprovedPlan,
  earlier?: AnnualReport[],
  options: ReportReadOptions = {},
): { read: ReportGridRead; findings: WorkbookFinding[] } {
  const read = readReportGrids(grids, reference, options);
  const findings = [...read.findings];
  if (read.draft) {
    const doubtful = inDoubt(read.unreadable);
    const goalCells = missingGoalCells(read.draft, approved, read.map);
    const checked = validateReport(read.draft, approved, earlier);
    const missing = checked.filter((rule) => rule.ruleId === ruleIds.reportGoalStatusMissing);
    let goal = 0;
    for (const rule of checked) {
      const cell =
        rule.ruleId === ruleIds.reportGoalStatusMissing && missing.length === goalCells.length
          ? (goalCells[goal++] ?? reportCellOf(rule.path, read.map))
          : reportCellOf(rule.path, read.map);
      if (!doubtful(rule.path)) findings.push({ ...rule, cell });
    }
  }
  return { read, findings: sortFindings(findings) as WorkbookFinding[] };
}

/**
 * Every finding about a workbook's `Regnskab` sheet against the approved plan — reading (`workbook.*`) and
 * `validateReport(report, approved, earlier)`'s — each with its cell on `Regnskab`, sorted as RULES.md orders findings.
 * Example: `validateReportWorkbook(reportToGrid(report, defaultReference), defaultReference, { plan, goals })` → `[]`
 * for a report that keeps to the approved budget and gives every goal a status.
 */
export function validateReportWorkbook(
  grids: Grids,
  reference: Reference,
  approved: ApprovedPlan,
  earlier?: AnnualReport[],
): WorkbookFinding[] {
  return checkReportWorkbook(grids, reference, approved, earlier).findings;
}
