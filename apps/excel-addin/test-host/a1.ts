// A1 addresses as Excel writes them: columns, cells, rectangles and sheet-qualified ranges.
// Rows and columns are 0-based here, as Office.js' `rowIndex`/`columnIndex` are.

/** Excel's sheet size. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** A rectangle of cells, 0-based. Example: `Budget!D4:G13` is `{ row: 3, column: 3, rows: 10, columns: 4 }`. */
export interface Rect {
  row: number;
  column: number;
  rows: number;
  columns: number;
}

/** One cell, 0-based. */
export interface Position {
  row: number;
  column: number;
}

/** `0 → "A"`, `27 → "AB"`. */
export function columnName(column: number): string {
  let name = "";
  for (let rest = column + 1; rest > 0; rest = Math.floor((rest - 1) / 26))
    name = String.fromCharCode(65 + ((rest - 1) % 26)) + name;
  return name;
}

/** `"A" → 0`, `"ab" → 27`; -1 for anything that is no column. */
export function columnIndex(letters: string): number {
  if (!/^[A-Za-z]{1,3}$/.test(letters)) return -1;
  let index = 0;
  for (const letter of letters.toUpperCase()) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1 < MAX_COLUMNS ? index - 1 : -1;
}

const CELL = /^(\$?)([A-Za-z]{1,3})(\$?)([1-9][0-9]{0,6})$/;

/** A cell address (`E7`, `$B$5`) as a position, or null. */
export function parseCell(text: string): Position | null {
  const match = CELL.exec(text.trim());
  if (!match) return null;
  const column = columnIndex(match[2] ?? "");
  const row = Number(match[4]) - 1;
  if (column < 0 || row >= MAX_ROWS) return null;
  return { row, column };
}

/** A rectangle address without a sheet (`A3:H14`, `E7`, `$A$1:$B$2`; corners in any order), or null. */
export function parseRect(text: string): Rect | null {
  const parts = text.split(":");
  if (parts.length > 2) return null;
  const first = parseCell(parts[0] ?? "");
  const second = parts.length === 2 ? parseCell(parts[1] ?? "") : first;
  if (!first || !second) return null;
  const row = Math.min(first.row, second.row);
  const column = Math.min(first.column, second.column);
  return {
    row,
    column,
    rows: Math.max(first.row, second.row) - row + 1,
    columns: Math.max(first.column, second.column) - column + 1,
  };
}

/**
 * A range address without a sheet: a rectangle (`A3:H14`, `E7`), whole columns (`A:A`, `$B:$D`) or whole rows (`3:5`);
 * null for anything else.
 */
export function parseRange(text: string): Rect | null {
  const cleaned = text.replaceAll("$", "").trim();
  const rect = parseRect(cleaned);
  if (rect) return rect;
  const columns = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(cleaned);
  if (columns) {
    const first = columnIndex(columns[1] ?? "");
    const last = columnIndex(columns[2] ?? "");
    if (first < 0 || last < 0) return null;
    return { row: 0, rows: MAX_ROWS, column: Math.min(first, last), columns: Math.abs(last - first) + 1 };
  }
  const rows = /^([1-9][0-9]{0,6}):([1-9][0-9]{0,6})$/.exec(cleaned);
  if (rows) {
    const first = Number(rows[1]) - 1;
    const last = Number(rows[2]) - 1;
    if (first >= MAX_ROWS || last >= MAX_ROWS) return null;
    return { row: Math.min(first, last), rows: Math.abs(last - first) + 1, column: 0, columns: MAX_COLUMNS };
  }
  return null;
}

/** `{ row: 6, column: 4 }` → `"E7"`; with `absolute`, `"$E$7"`. */
export function formatCell(position: Position, absolute = false): string {
  const dollar = absolute ? "$" : "";
  return `${dollar}${columnName(position.column)}${dollar}${position.row + 1}`;
}

/** A rectangle as Excel writes it: `"E7"` for one cell, `"D4:G13"`, whole columns `"A:C"`, whole rows `"3:5"`. */
export function formatRect(rect: Rect, absolute = false): string {
  const dollar = absolute ? "$" : "";
  if (rect.row === 0 && rect.rows === MAX_ROWS)
    return `${dollar}${columnName(rect.column)}:${dollar}${columnName(rect.column + rect.columns - 1)}`;
  if (rect.column === 0 && rect.columns === MAX_COLUMNS)
    return `${dollar}${rect.row + 1}:${dollar}${rect.row + rect.rows}`;
  const first = formatCell(rect, absolute);
  if (rect.rows === 1 && rect.columns === 1) return first;
  return `${first}:${formatCell({ row: rect.row + rect.rows - 1, column: rect.column + rect.columns - 1 }, absolute)}`;
}

/** Whether Excel writes a sheet name in quotes in an address or formula (`'Min plan'!A1`). */
export function sheetNeedsQuotes(name: string): boolean {
  if (!/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name)) return true;
  // A name that reads as a cell of Excel's old 256 columns (A1, IV5) or as an R1C1 reference (R, C, R1C1) is quoted
  // too; `Sheet1` and `Ark1` are not (Office.js gives `Sheet1!A1:B2`).
  const cell = /^([A-Za-z]{1,2})[0-9]+$/.exec(name);
  if (cell && columnIndex(cell[1] ?? "") < 256) return true;
  return /^(R[0-9]*)?(C[0-9]*)?$/i.test(name);
}

/** A sheet name as it stands before `!`. */
export function quoteSheet(name: string): string {
  return sheetNeedsQuotes(name) ? `'${name.replaceAll("'", "''")}'` : name;
}

/** `"Budget"`, `{ row: 2, … }` → `"Budget!A3:H14"`, as `Range.address` gives it. */
export function sheetAddress(sheet: string, rect: Rect, absolute = false): string {
  return `${quoteSheet(sheet)}!${formatRect(rect, absolute)}`;
}

/** Splits `Budget!E7`, `'Min plan'!A1:B2` or `E7` into its sheet (null when none) and its range. */
export function splitSheet(address: string): { sheet: string | null; range: string } {
  const text = address.trim();
  if (text.startsWith("'")) {
    const match = /^'((?:[^']|'')+)'!(.*)$/.exec(text);
    if (match) return { sheet: (match[1] ?? "").replaceAll("''", "'"), range: match[2] ?? "" };
  }
  const bang = text.lastIndexOf("!");
  if (bang < 0) return { sheet: null, range: text };
  return { sheet: text.slice(0, bang), range: text.slice(bang + 1) };
}

/** Whether `inner` lies inside `outer`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.rows <= outer.row + outer.rows &&
    inner.column + inner.columns <= outer.column + outer.columns
  );
}

/** Whether a cell lies inside a rectangle. */
export function containsCell(rect: Rect, row: number, column: number): boolean {
  return row >= rect.row && row < rect.row + rect.rows && column >= rect.column && column < rect.column + rect.columns;
}

/** Whether two rectangles share a cell. */
export function intersects(a: Rect, b: Rect): boolean {
  return (
    a.row < b.row + b.rows &&
    b.row < a.row + a.rows &&
    a.column < b.column + b.columns &&
    b.column < a.column + a.columns
  );
}

/** The parts of `rect` outside `hole`: up to four rectangles (above, below, left, right). */
export function subtract(rect: Rect, hole: Rect): Rect[] {
  if (!intersects(rect, hole)) return [rect];
  const parts: Rect[] = [];
  const top = Math.max(rect.row, hole.row);
  const bottom = Math.min(rect.row + rect.rows, hole.row + hole.rows);
  if (hole.row > rect.row) parts.push({ ...rect, rows: hole.row - rect.row });
  if (hole.row + hole.rows < rect.row + rect.rows)
    parts.push({ ...rect, row: hole.row + hole.rows, rows: rect.row + rect.rows - hole.row - hole.rows });
  if (hole.column > rect.column)
    parts.push({ row: top, rows: bottom - top, column: rect.column, columns: hole.column - rect.column });
  if (hole.column + hole.columns < rect.column + rect.columns)
    parts.push({
      row: top,
      rows: bottom - top,
      column: hole.column + hole.columns,
      columns: rect.column + rect.columns - hole.column - hole.columns,
    });
  return parts;
}

/** Each cell of a rectangle, row by row. */
export function* cellsOf(rect: Rect): Generator<Position> {
  for (let row = rect.row; row < rect.row + rect.rows; row++)
    for (let column = rect.column; column < rect.column + rect.columns; column++) yield { row, column };
}
