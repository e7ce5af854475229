// The cell values of a workbook's tables, in the form Office.js `Range.values` gives them, so the
// Excel add-in, the .xlsx reader and `planToGrid` all hand the same thing to `gridToPlan`.

/** One cell's value as `Range.values` gives it: a number, a string (`""` when empty, `"#REF!"` for an error), or a boolean. Example: `1234.5`. */
export type CellValue = string | number | boolean;

/**
 * One Excel table: its header row, its data rows and (when shown) its totals row, as `table.getRange().values` gives them.
 * Example: `{ name: "Stamdata", sheet: "Plan", topLeft: "A3", values: [["Felt", "Værdi"], ["Navn", "Mjølnerparken"]], totalsRow: false }`.
 */
export interface TableGrid {
  /** The table's name (`Udgifter`). */
  name: string;
  /** The sheet the table sits on. */
  sheet: string;
  /** The table's top-left cell, the first header cell (`A3`); the range's address as Office.js gives it (`Budget!A3:H14`) works too. */
  topLeft: string;
  /** Header row first, then the data rows, then the totals row when `totalsRow` is true. */
  values: CellValue[][];
  /** Whether the last row of `values` is the table's totals row. */
  totalsRow: boolean;
  /** The number formats of `values`, cell for cell (`range.numberFormat`); a number under a date format is a date. Optional. */
  numberFormats?: string[][];
  /** The merged ranges that overlap the table (`"D5:E5"`); Office.js tables cannot hold any, files can. Optional. */
  merged?: string[];
}

/** Every sheet name and every table of a workbook. Example: `{ sheets: ["Plan", "Budget", "Overblik"], tables: [stamdata, udgifter, finansiering] }`. */
export interface Grids {
  sheets: string[];
  tables: TableGrid[];
}

/**
 * Several parts of one workbook as one: their sheets (each once, in order) and their tables.
 * Example: `combineGrids(planToGrid(plan, reference), goalsToGrid(goals, reference))`.
 */
export function combineGrids(...parts: Grids[]): Grids {
  return {
    sheets: [...new Set(parts.flatMap((part) => part.sheets))],
    tables: parts.flatMap((part) => part.tables),
  };
}

/** A cell position, 1-based as Excel counts. */
export interface CellPosition {
  row: number;
  column: number;
}

/** The column letters of a 1-based column number. Example: `columnLetters(28) === "AB"`. */
export function columnLetters(column: number): string {
  let letters = "";
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

const A1 = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/;

/** A1 → 1-based row and column; null for anything else. Example: `parseA1("E7")` → `{ row: 7, column: 5 }`. */
export function parseA1(address: string): CellPosition | null {
  const match = A1.exec(address.trim());
  if (!match) return null;
  let column = 0;
  for (const letter of (match[1] ?? "").toUpperCase()) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { row: Number(match[2]), column };
}

/** The A1 address of a 1-based position. Example: `formatA1({ row: 7, column: 5 }) === "E7"`. */
export function formatA1(position: CellPosition): string {
  return `${columnLetters(position.column)}${position.row}`;
}

/** A range `A1:B2` → its corners (a single cell is its own range); null for anything else. Example: `parseRange("D5:E6")`. */
export function parseRange(range: string): { from: CellPosition; to: CellPosition } | null {
  const [first = "", second = first, extra] = range.split(":");
  if (extra !== undefined) return null;
  const from = parseA1(first);
  const to = parseA1(second);
  if (!from || !to) return null;
  return {
    from: { row: Math.min(from.row, to.row), column: Math.min(from.column, to.column) },
    to: { row: Math.max(from.row, to.row), column: Math.max(from.column, to.column) },
  };
}

// Excel quotes a sheet name in a reference unless it is letters, digits and underscores not starting with a digit.
const PLAIN_SHEET_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A sheet-qualified address as Excel writes it. Example: `sheetAddress("Budget", "E7") === "Budget!E7"`, `sheetAddress("Budget 2", "E7") === "'Budget 2'!E7"`. */
export function sheetAddress(sheet: string, address: string): string {
  const name = PLAIN_SHEET_NAME.test(sheet) ? sheet : `'${sheet.replaceAll("'", "''")}'`;
  return `${name}!${address}`;
}

/** The error values Excel shows in a cell, as `Range.values` gives them. */
/** Excel's error values as `Range.values` gives them. Example: `excelErrors.has("#REF!") === true`. */
export const excelErrors: ReadonlySet<string> = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
]);

/** Whether a cell value is an Excel error value. Example: `isExcelError("#REF!") === true`. */
export function isExcelError(value: CellValue): value is string {
  if (typeof value !== "string") return false;
  // Every cell of every pass asks: most text is no error, and an error value starts with "#".
  const text = value.trim();
  return text.charCodeAt(0) === 35 && excelErrors.has(text.toUpperCase());
}

/** Whether a cell is empty: `""` or only spaces. Example: `isEmptyCell("  ") === true`. */
export function isEmptyCell(value: CellValue): boolean {
  return typeof value === "string" && value.trim() === "";
}

/**
 * Whether an Excel number format shows a date or a time (a `d`, `m`, `y`, `h` or `s` outside quotes, brackets and escapes).
 * Example: `isDateFormat("dd-mm-yyyy") === true`, `isDateFormat("#,##0.00") === false`.
 */
export function isDateFormat(format: string): boolean {
  // A column holds one format: the answer for the cell above is nearly always the answer.
  if (format === lastFormat.format) return lastFormat.date;
  let known = dateFormats.get(format);
  if (known === undefined) {
    known = showsDate(format);
    // A workbook has a handful of formats and every cell asks: remember the answers.
    if (dateFormats.size < 1_000) dateFormats.set(format, known);
  }
  lastFormat = { format, date: known };
  return known;
}

const dateFormats = new Map<string, boolean>();
let lastFormat: { format: string | undefined; date: boolean } = { format: undefined, date: false };

function showsDate(format: string): boolean {
  const code = format
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/[\\_*]./g, "");
  if (code.trim().toLowerCase() === "general") return false;
  return /[dmyhs]/i.test(code);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** An Excel date serial number as `dd-mm-åååå` for a message. Example: `excelDateText(42005) === "01-01-2015"`. */
export function excelDateText(serial: number): string {
  const date = new Date(EXCEL_EPOCH_MS + Math.round(serial * DAY_MS));
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}-${pad(date.getUTCMonth() + 1)}-${date.getUTCFullYear()}`;
}

/** The Excel date serial number of a moment (milliseconds since 1970, UTC). Example: `excelSerialOf(Date.UTC(2015, 0, 1)) === 42005`. */
export function excelSerialOf(time: number): number {
  return (time - EXCEL_EPOCH_MS) / DAY_MS;
}
