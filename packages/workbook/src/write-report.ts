// A yearly report → the grids of the `Regnskab` sheet (WORKBOOK.md), the inverse of `gridToReport`:
// `Forbrug` (the budget's line keys and one column for the report's year), `Modtaget` (a source and
// the same year) and `Maalopfyldelse` (Mål-ID, Mål, Status, Kommentar), stacked as `Udgifter` and
// `Finansiering` are on `Budget`.
import type { AnnualReport, Goal, PlanInput, Reference } from "@helhedsplan/rules";
import { formatA1, type CellValue, type Grids, type TableGrid } from "./grid";
import { goalStatusLabels, labelsOf } from "./labels";
import { layout } from "./layout";
import { kronerCell, labelOf } from "./write-grid";

/** What `reportToGrid` may be told besides the report. Example: `{ goals: approved.goals }`. */
export interface ReportGridOptions {
  /**
   * The plan's goals: their texts fill the `Mål` column, and each goal the report gives no status gets a row with an
   * empty Status to fill in (after the report's own rows, in this order).
   */
  goals?: readonly Goal[];
}

const sumOre = (amounts: readonly number[]) => amounts.reduce((total, amount) => total + amount, 0);

/** An amount table of one year: label columns and the year, a blank row when there is nothing, and the totals row. */
function yearTable(
  table: { name: string; sheet: string },
  topLeft: string,
  labels: string[],
  year: string,
  rows: { labels: CellValue[]; ore: number }[],
): TableGrid {
  const blank: CellValue[] = [...labels.map(() => ""), ""];
  return {
    name: table.name,
    sheet: table.sheet,
    topLeft,
    values: [
      [...labels, year],
      ...(rows.length > 0 ? rows.map((row) => [...row.labels, kronerCell(row.ore)]) : [blank]),
      [layout.totalsLabel, ...labels.slice(1).map(() => ""), kronerCell(sumOre(rows.map((row) => row.ore)))],
    ],
    totalsRow: true,
  };
}

/** The top-left cell of a table placed `financingGap` rows below the last row of `above` (a blank row and a caption between). */
function below(above: TableGrid, aboveTop: number): { top: number; topLeft: string } {
  const top = aboveTop + above.values.length - 1 + layout.placement.financingGap;
  return { top, topLeft: formatA1({ row: top, column: layout.placement.firstColumn }) };
}

/**
 * The grids of the `Regnskab` sheet holding `report` (the inverse of `gridToReport`): labels by the reference's names,
 * kroner in cells, the report's year as the header of the amount columns, statuses as `Opfyldt`/`Delvist`/`Ikke opfyldt`.
 * Example: `gridToReport(reportToGrid(report, defaultReference), defaultReference).report` deep-equals `report`;
 * `reportToGrid(report, reference, { goals: approved.goals })`.
 */
export function reportToGrid(report: AnnualReport, reference: Reference, options: ReportGridOptions = {}): Grids {
  const labels = labelsOf(reference);
  const year = String(report.year);
  const { spending: spendingColumns, received: receivedColumns, goalStatus: statusColumns } = layout.columns;
  const headerTop = layout.placement.headerRow;
  const spending = yearTable(
    layout.tables.spending,
    formatA1({ row: headerTop, column: layout.placement.firstColumn }),
    [spendingColumns.focusArea, spendingColumns.category, spendingColumns.activity],
    year,
    report.spending.map((line) => ({
      labels: [labelOf(labels.focusAreas, line.focusArea), labelOf(labels.categories, line.category), line.activity],
      ore: line.actualOre,
    })),
  );
  const receivedAt = below(spending, headerTop);
  const received = yearTable(
    layout.tables.received,
    receivedAt.topLeft,
    [receivedColumns.source],
    year,
    report.financingReceived.map((row) => ({ labels: [labelOf(labels.sources, row.source)], ore: row.actualOre })),
  );
  const statusAt = below(received, receivedAt.top);
  const goalText = new Map((options.goals ?? []).map((goal) => [goal.id, goal.goal]));
  const reported = new Set(report.goals.map((goal) => goal.goalId));
  const statusRows: CellValue[][] = [
    ...report.goals.map((goal) => [
      goal.goalId,
      goalText.get(goal.goalId) ?? "",
      labelOf(goalStatusLabels, goal.status),
      goal.comment,
    ]),
    ...(options.goals ?? []).filter((goal) => !reported.has(goal.id)).map((goal) => [goal.id, goal.goal, "", ""]),
  ];
  const goalStatus: TableGrid = {
    name: layout.tables.goalStatus.name,
    sheet: layout.tables.goalStatus.sheet,
    topLeft: statusAt.topLeft,
    values: [
      [statusColumns.goalId, statusColumns.goal, statusColumns.status, statusColumns.comment],
      ...(statusRows.length > 0 ? statusRows : [["", "", "", ""]]),
    ],
    totalsRow: false,
  };
  return { sheets: [layout.sheets.accounts], tables: [spending, received, goalStatus] };
}

/**
 * A report of `year` with nothing filled in yet, to lay a `Regnskab` sheet for: every expense line of the plan and every
 * financing source it has, at 0 øre, and no goal statuses (`reportToGrid`'s `goals` option lists the goals to fill in).
 * Example: `reportToGrid(blankReport(approved.plan, 2015), reference, { goals: approved.goals })`.
 */
export function blankReport(plan: PlanInput, year: number): AnnualReport {
  const sources = [...new Set(plan.budget.financing.map((row) => row.source))];
  return {
    year,
    spending: plan.budget.expenses.map(({ focusArea, category, activity }) => ({
      focusArea,
      category,
      activity,
      actualOre: 0,
    })),
    financingReceived: sources.map((source) => ({ source, actualOre: 0 })),
    goals: [],
  };
}
