// Where one workbook's `Regnskab` sheet keeps its report, and RULES.md's yearly report paths → one
// A1 address there (WORKBOOK.md: "report findings → their cells on Regnskab"). Rows come from
// reading, as for the budget: blank rows are skipped and users move tables.
import type { FindingPath, Source } from "@helhedsplan/rules";
import {
  at,
  headerCell,
  sheetStart,
  splitSheetCell,
  type BudgetTablePlacement,
  type FinancingPlacement,
} from "./cell-map";
import type { TablePlacement } from "./goals-grid";
import { layout } from "./layout";

/** Where `Maalopfyldelse` is, plus the row of each goal listed without a status (not reported). */
export interface GoalStatusPlacement extends TablePlacement {
  /** Goal id → sheet row of a row that names the goal with Status and Kommentar empty. */
  unreportedRows: Record<string, number>;
}

/** Where one workbook keeps its yearly report; null for a table that could not be found. Example: `gridToReport(grids, reference).map`. */
export interface ReportCellMap {
  /** `Forbrug`: columns `focusArea`, `category`, `activity`; `yearColumns` holds the report's year. */
  spending: BudgetTablePlacement | null;
  /** `Modtaget`: column `source`, the year, and the first row of each source. */
  received: FinancingPlacement | null;
  /** `Maalopfyldelse`: columns `goalId`, `goal` (when present), `status`, `comment`. */
  goalStatus: GoalStatusPlacement | null;
}

/** The report year's column of a table (its only year column), or undefined. */
const yearColumn = (placement: BudgetTablePlacement) => Object.values(placement.yearColumns)[0];

/** A row's cell: the year's column for `actualOre` or a whole row, the named column for a field. */
function amountRowCell(placement: BudgetTablePlacement, row: number, field: string | number | undefined): string {
  const named = typeof field === "string" && field !== "actualOre" ? placement.columns[field] : undefined;
  return at(placement.sheet, row, named ?? yearColumn(placement) ?? placement.header.column);
}

/** The year's cell in the totals row (the year's header cell when the table shows no totals row). */
function yearTotalCell(placement: BudgetTablePlacement): string {
  const column = yearColumn(placement) ?? placement.header.column;
  return at(placement.sheet, placement.totalsRow ?? placement.header.row, column);
}

function spendingCell(rest: FindingPath, map: ReportCellMap): string {
  const placement = map.spending;
  if (!placement) return sheetStart(layout.tables.spending);
  const [index, field] = rest;
  if (index === undefined) return yearTotalCell(placement);
  const row = typeof index === "number" ? placement.rows[index] : undefined;
  if (row === undefined) return headerCell(placement);
  // A whole line (`report.line-unknown`) → its Aktivitet cell, as a whole budget line.
  if (field === undefined) return at(placement.sheet, row, placement.columns.activity ?? placement.header.column);
  return amountRowCell(placement, row, field);
}

function receivedCell(rest: FindingPath, map: ReportCellMap): string {
  const placement = map.received;
  if (!placement) return sheetStart(layout.tables.received);
  const [index, field] = rest;
  if (index === undefined) {
    // The municipal money received (`report.kommune-share`): the pool's row first, as `kommune.cap` points.
    const municipal = placement.sourceRows.kommunePulje ?? placement.sourceRows.kommuneOevrig;
    return municipal === undefined
      ? yearTotalCell(placement)
      : at(placement.sheet, municipal, yearColumn(placement) ?? placement.header.column);
  }
  if (typeof index === "string") {
    const row = placement.sourceRows[index as Source];
    return row === undefined ? yearTotalCell(placement) : amountRowCell(placement, row, undefined);
  }
  const row = placement.rows[index];
  return row === undefined ? headerCell(placement) : amountRowCell(placement, row, field);
}

function goalStatusCell(rest: FindingPath, map: ReportCellMap): string {
  const placement = map.goalStatus;
  if (!placement) return sheetStart(layout.tables.goalStatus);
  const [index, field] = rest;
  // A goal with no status (`report.goal-status-missing`): the Status column's header.
  const statusHeader = at(placement.sheet, placement.header.row, placement.columns.status ?? placement.header.column);
  if (typeof index !== "number") return statusHeader;
  const row = placement.rows[index];
  if (row === undefined) return statusHeader;
  const column = (typeof field === "string" ? placement.columns[field] : undefined) ?? placement.columns.goalId;
  return at(placement.sheet, row, column ?? placement.header.column);
}

/**
 * A yearly report finding's path (RULES.md's report table, and `input.shape` of a report) → one A1 address on `Regnskab`:
 * `["year"]` → the year's header in `Forbrug`; `["spending"]` → the year's cell in `Forbrug`'s totals row;
 * `["spending",i]` → line `i`'s Aktivitet; `["spending",i,"actualOre"]` → its amount; `["spending",i,field]` → that column;
 * `["financingReceived"]` → the amount of the `Kommunen – puljen` row of `Modtaget` (else `Kommunen – øvrige midler`, else
 * the totals row); `["financingReceived",i,…]` → that row; `["goals"]` → the Status header of `Maalopfyldelse`;
 * `["goals",i,field]` → that cell of goal row `i`; anything else → `Forbrug`'s header (`Regnskab!A1` for a missing table).
 * Example: `reportCellOf(["spending", 2, "actualOre"], map) === "Regnskab!D6"`.
 */
export function reportCellOf(path: FindingPath, map: ReportCellMap): string {
  const [head, ...rest] = path;
  if (head === "spending") return spendingCell(rest, map);
  if (head === "financingReceived") return receivedCell(rest, map);
  if (head === "goals") return goalStatusCell(rest, map);
  const spending = map.spending;
  if (!spending) return sheetStart(layout.tables.spending);
  if (head === "year" && rest.length === 0) {
    const column = yearColumn(spending);
    return column === undefined ? headerCell(spending) : at(spending.sheet, spending.header.row, column);
  }
  return headerCell(spending);
}

/**
 * The reverse of `reportCellOf` for the cells a user types in: a `Forbrug` or `Modtaget` input cell →
 * `["spending", i, field]` / `["financingReceived", i, field]` (`actualOre` for the year's amount), a `Maalopfyldelse`
 * cell → `["goals", i, "goalId" | "status" | "comment"]`; null for any other cell (a header, a total, the shown Mål, a goal
 * row without a status). Example: `reportPathAt("Regnskab!D6", map)` → `["spending", 2, "actualOre"]`.
 */
export function reportPathAt(cell: string, map: ReportCellMap): FindingPath | null {
  const found = splitSheetCell(cell);
  if (found === null) return null;
  const { sheet, position } = found;
  const sections = [
    ["spending", map.spending],
    ["financingReceived", map.received],
  ] as const;
  for (const [section, placement] of sections) {
    if (placement === null || placement.sheet !== sheet) continue;
    const index = placement.rows.indexOf(position.row);
    if (index < 0) continue;
    if (position.column === yearColumn(placement)) return [section, index, "actualOre"];
    for (const [field, column] of Object.entries(placement.columns))
      if (column === position.column && field !== "total") return [section, index, field];
    return null;
  }
  const goals = map.goalStatus;
  if (goals !== null && goals.sheet === sheet) {
    const index = goals.rows.indexOf(position.row);
    if (index < 0) return null;
    for (const field of ["goalId", "status", "comment"])
      if (goals.columns[field] === position.column) return ["goals", index, field];
  }
  return null;
}
