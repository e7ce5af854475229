// Where the plan's values sit in one workbook, and WORKBOOK.md's *Finding → cell*: a finding's
// path becomes one A1 address. Rows come from reading, not from the layout's defaults, because
// blank rows are skipped and users move tables.
import type { FindingPath, Source } from "@helhedsplan/rules";
import { formatA1, parseA1, sheetAddress, type CellPosition } from "./grid";
import { layout, type LayoutTable, type StamdataKey } from "./layout";

/** Where the `Stamdata` table is and which sheet row holds each field. */
export interface StamdataPlacement {
  sheet: string;
  /** The table's top-left (header) cell. */
  header: CellPosition;
  /** The sheet column of `Værdi`. */
  valueColumn: number;
  fieldRows: Partial<Record<StamdataKey, number>>;
}

/** Where a budget table (`Udgifter`, `Finansiering`) is: its named and year columns and the sheet row of each plan row. */
export interface BudgetTablePlacement {
  sheet: string;
  header: CellPosition;
  /** Named columns by plan field (`focusArea`, `category`, `activity`, `source`, `total`) → sheet column. */
  columns: Record<string, number>;
  /** Year (`"2015"`) → sheet column. */
  yearColumns: Record<string, number>;
  /** Sheet row of the plan's line (or financing row) `i`. */
  rows: number[];
  /** Sheet row of the totals row, or null when the table shows none. */
  totalsRow: number | null;
}

/** Where `Finansiering` is, plus the first row of each source. */
export interface FinancingPlacement extends BudgetTablePlacement {
  sourceRows: Partial<Record<Source, number>>;
}

/** Where one workbook keeps its plan; null for a table that could not be found. Example: `gridToPlan(grids, reference).map`. */
export interface CellMap {
  stamdata: StamdataPlacement | null;
  expenses: BudgetTablePlacement | null;
  financing: FinancingPlacement | null;
}

const STAMDATA_KEYS: ReadonlySet<string> = new Set(layout.stamdataFields.map((field) => field.key));
const YEAR = /^[0-9]{4}$/;

/** The sheet address of a sheet row and column. Example: `at("Budget", 7, 5) === "Budget!E7"`. */
export const at = (sheet: string, row: number, column: number) => sheetAddress(sheet, formatA1({ row, column }));
/** The `A1` of a table's sheet: where a finding about a table the workbook lacks points. */
export const sheetStart = (table: LayoutTable) => sheetAddress(table.sheet, "A1");
/** A table's top-left (header) cell. */
export const headerCell = (placement: { sheet: string; header: CellPosition }) =>
  at(placement.sheet, placement.header.row, placement.header.column);

function stamdataCell(key: string, map: CellMap): string {
  const placement = map.stamdata;
  if (!placement) return sheetStart(layout.tables.stamdata);
  const row = placement.fieldRows[key as StamdataKey];
  return row === undefined ? headerCell(placement) : at(placement.sheet, row, placement.valueColumn);
}

/** The cell of one budget row: its year column for an amount, the named column for a field, else `wholeRow`. */
function budgetRowCell(
  placement: BudgetTablePlacement,
  row: number,
  rest: FindingPath,
  wholeRow: number | undefined,
): string {
  const [field, year] = rest;
  const total = placement.columns.total;
  if (field === "amountsOre") {
    const yearColumn = typeof year === "string" ? placement.yearColumns[year] : undefined;
    const column = yearColumn ?? total ?? wholeRow ?? placement.header.column;
    return at(placement.sheet, row, column);
  }
  const named = typeof field === "string" ? placement.columns[field] : undefined;
  return at(placement.sheet, row, named ?? wholeRow ?? placement.header.column);
}

function expensesCell(rest: FindingPath, map: CellMap): string {
  const placement = map.expenses;
  if (!placement) return sheetStart(layout.tables.expenses);
  const [index, ...field] = rest;
  const row = typeof index === "number" ? placement.rows[index] : undefined;
  if (row === undefined) return headerCell(placement);
  return budgetRowCell(placement, row, field, placement.columns.activity);
}

/** The `I alt` cell of a row of `Finansiering` (its first cell when the table has no `I alt`). */
function financingTotalCell(placement: FinancingPlacement, row: number): string {
  return at(placement.sheet, row, placement.columns.total ?? placement.header.column);
}

function totalsRowCell(placement: FinancingPlacement, column: number | undefined): string {
  if (placement.totalsRow === null || column === undefined)
    return at(placement.sheet, placement.header.row, column ?? placement.header.column);
  return at(placement.sheet, placement.totalsRow, column);
}

function financingCell(rest: FindingPath, map: CellMap): string {
  const placement = map.financing;
  if (!placement) return sheetStart(layout.tables.financing);
  const [key, ...field] = rest;
  if (typeof key === "number") {
    const row = placement.rows[key];
    if (row === undefined) return headerCell(placement);
    return field.length === 0
      ? financingTotalCell(placement, row)
      : budgetRowCell(placement, row, field, placement.columns.total);
  }
  if (key === undefined) return headerCell(placement);
  if (YEAR.test(key)) return totalsRowCell(placement, placement.yearColumns[key]);
  if (key === "lokal") return totalsRowCell(placement, placement.columns.total);
  // The municipal money is pool money first: `kommune.cap` points at the pool's row when the plan has one.
  const sourceRow =
    key === "kommune"
      ? (placement.sourceRows.kommunePulje ?? placement.sourceRows.kommuneOevrig)
      : placement.sourceRows[key as Source];
  return sourceRow === undefined
    ? totalsRowCell(placement, placement.columns.total)
    : financingTotalCell(placement, sourceRow);
}

/**
 * A finding's path → one A1 address in this workbook (WORKBOOK.md *Finding → cell*).
 * Example: `cellOf(["budget", "expenses", 3, "amountsOre", "2015"], map) === "Budget!E7"`.
 */
export function cellOf(path: FindingPath, map: CellMap): string {
  const [head, section, ...rest] = path;
  if (typeof head === "string" && STAMDATA_KEYS.has(head)) return stamdataCell(head, map);
  if (head === "budget") {
    if (section === "financing") return financingCell(rest, map);
    if (section === "expenses") return expensesCell(rest, map);
    return map.expenses ? headerCell(map.expenses) : sheetStart(layout.tables.expenses);
  }
  return map.stamdata ? headerCell(map.stamdata) : sheetStart(layout.tables.stamdata);
}

/** `'Budget 2'!E7` / `Budget!E7` → sheet and position; null for anything else. */
export function splitSheetCell(cell: string): { sheet: string; position: CellPosition } | null {
  const bang = cell.lastIndexOf("!");
  if (bang <= 0) return null;
  const quoted = cell.slice(0, bang);
  const sheet = quoted.startsWith("'") && quoted.endsWith("'") ? quoted.slice(1, -1).replaceAll("''", "'") : quoted;
  const position = parseA1(cell.slice(bang + 1));
  return position === null ? null : { sheet, position };
}

/** The field of a budget row's column: a year's amount, or a named input column (`focusArea`, `activity`, `source` …). */
function budgetColumnPath(placement: BudgetTablePlacement, column: number): FindingPath | null {
  for (const [year, yearColumn] of Object.entries(placement.yearColumns))
    if (yearColumn === column) return ["amountsOre", year];
  for (const [field, namedColumn] of Object.entries(placement.columns))
    if (namedColumn === column && field !== "total") return [field];
  return null;
}

/**
 * The reverse of `cellOf` for the cells a user types in: a `Stamdata` value cell → its field, a budget table's input
 * cell → `["budget", section, index, field]` or `[…, "amountsOre", year]`; null for any other cell (a header, a total,
 * a cell outside the tables). Example: `pathAt("Budget!E7", map)` → `["budget", "expenses", 3, "amountsOre", "2015"]`.
 */
export function pathAt(cell: string, map: CellMap): FindingPath | null {
  const at = splitSheetCell(cell);
  if (at === null) return null;
  const { sheet, position } = at;
  const stamdata = map.stamdata;
  if (stamdata !== null && stamdata.sheet === sheet && stamdata.valueColumn === position.column) {
    for (const [key, row] of Object.entries(stamdata.fieldRows)) if (row === position.row) return [key];
  }
  const sections = [
    ["expenses", map.expenses],
    ["financing", map.financing],
  ] as const;
  for (const [section, placement] of sections) {
    if (placement === null || placement.sheet !== sheet) continue;
    const index = placement.rows.indexOf(position.row);
    if (index < 0) continue;
    const field = budgetColumnPath(placement, position.column);
    return field === null ? null : ["budget", section, index, ...field];
  }
  return null;
}
