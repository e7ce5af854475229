// Finding the layout's tables and columns in a workbook's grids. Tables are found by name and
// columns by header text, so moved tables and reordered columns still read; anything the layout
// needs and cannot find is a `workbook.layout` finding naming the sheet and the table.
import { labelKey } from "@helhedsplan/rules";
import {
  isEmptyCell,
  parseA1,
  parseRange,
  sheetAddress,
  formatA1,
  type CellPosition,
  type CellValue,
  type Grids,
  type TableGrid,
} from "./grid";
import { yearOfHeader, type LayoutTable } from "./layout";
import { layoutFinding, type WorkbookFinding } from "./workbook-findings";

/** A table found in the grids: where it is, its header, its data rows and the merged ranges over its data. */
export interface LocatedTable {
  layout: LayoutTable;
  grid: TableGrid;
  sheet: string;
  /** The header's top-left cell. */
  origin: CellPosition;
  header: CellValue[];
  /** The data rows (between the header and the totals row). */
  rows: CellValue[][];
  /** The merge id of each merged data cell, keyed `row:column` in sheet coordinates. */
  mergedCells: Map<string, number>;
  /** The merged ranges, by merge id. */
  merges: string[];
}

/** What locating found: a table (maybe with non-fatal findings) or nothing (with fatal ones). */
export interface Located<T> {
  value: T | null;
  /** Findings that leave the plan unreadable. */
  fatal: WorkbookFinding[];
  /** Findings about the workbook that still let it be read (a renamed sheet). */
  other: WorkbookFinding[];
}

const tableLabel = (table: LayoutTable) => `tabellen ${table.name}`;

/** The sheet address of a table cell, given its position within the grid (0-based). */
export function tableCell(
  table: LocatedTable,
  gridRow: number,
  gridColumn: number,
): { address: string; position: CellPosition } {
  const position = { row: table.origin.row + gridRow, column: table.origin.column + gridColumn };
  return { address: sheetAddress(table.sheet, formatA1(position)), position };
}

/** The key of a grid cell in `mergedCells`. */
export function mergeKey(table: LocatedTable, gridRow: number, gridColumn: number): string {
  return `${table.origin.row + gridRow}:${table.origin.column + gridColumn}`;
}

/** The number format of a grid cell, when the grid carries formats. */
export function formatAt(table: LocatedTable, gridRow: number, gridColumn: number): string | undefined {
  return table.grid.numberFormats?.[gridRow]?.[gridColumn];
}

/** Merged ranges over the data rows → cell keys; a merge over the header row is fatal (the header cannot be read). */
function mergesOf(
  grid: TableGrid,
  origin: CellPosition,
  tableName: LayoutTable,
  fatal: WorkbookFinding[],
): Pick<LocatedTable, "mergedCells" | "merges"> {
  const mergedCells = new Map<string, number>();
  const merges: string[] = [];
  const width = grid.values[0]?.length ?? 0;
  const lastRow = origin.row + grid.values.length - 1;
  const lastColumn = origin.column + width - 1;
  for (const merge of grid.merged ?? []) {
    const range = parseRange(merge);
    if (!range) continue;
    const top = Math.max(range.from.row, origin.row);
    const bottom = Math.min(range.to.row, lastRow);
    const left = Math.max(range.from.column, origin.column);
    const right = Math.min(range.to.column, lastColumn);
    if (top > bottom || left > right) continue;
    if (top === origin.row) {
      fatal.push(
        layoutFinding(
          `Overskriftsrækken i ${tableLabel(tableName)} på arket ${grid.sheet} har flettede celler (${merge}); ophæv fletningen, så hver kolonne har sin egen overskrift.`,
          sheetAddress(grid.sheet, formatA1(range.from)),
        ),
      );
      continue;
    }
    const id = merges.push(merge) - 1;
    for (let row = top; row <= bottom; row++)
      for (let column = left; column <= right; column++) mergedCells.set(`${row}:${column}`, id);
  }
  return { mergedCells, merges };
}

/** The top-left cell of `A3`, `A3:H14` or `Budget!A3:H14` (the form Office.js gives a range's address in). */
function originOf(address: string): CellPosition | null {
  const local = address.slice(address.lastIndexOf("!") + 1);
  return parseA1(local.split(":")[0] ?? "");
}

/** The layout's table in the grids, found by name (case-insensitive, as Excel names are). */
export function locateTable(grids: Grids, table: LayoutTable): Located<LocatedTable> {
  const fatal: WorkbookFinding[] = [];
  const other: WorkbookFinding[] = [];
  const grid = grids.tables.find((candidate) => labelKey(candidate.name) === labelKey(table.name));
  const sheetStart = sheetAddress(table.sheet, "A1");
  if (!grid) {
    const sheetExists = grids.sheets.some((sheet) => sheet === table.sheet);
    const message = sheetExists
      ? `Arket ${table.sheet} har ingen tabel med navnet ${table.name}; tabellen er slettet, omdøbt eller lavet om til et almindeligt område. Brug skabelonen, eller giv tabellen navnet ${table.name} igen (Tabeldesign › Tabelnavn).`
      : `Arket ${table.sheet} mangler (${tableLabel(table)} findes ikke); er arket slettet eller omdøbt? Arbejdsbogen skal have et ark med navnet ${table.sheet}.`;
    fatal.push(layoutFinding(message, sheetStart));
    return { value: null, fatal, other };
  }
  const origin = originOf(grid.topLeft);
  const header = grid.values[0];
  if (!origin || !header) {
    fatal.push(
      layoutFinding(
        `${tableLabel(table)} på arket ${grid.sheet} har ingen overskriftsrække; slå overskrifter til (Tabeldesign › Overskriftsrække).`,
        sheetStart,
      ),
    );
    return { value: null, fatal, other };
  }
  const headerAddress = sheetAddress(grid.sheet, formatA1(origin));
  if (grid.sheet !== table.sheet) {
    other.push(
      layoutFinding(
        `${capitalised(tableLabel(table))} ligger på arket ${grid.sheet}, men skal ligge på arket ${table.sheet}; giv arket navnet ${table.sheet} igen.`,
        headerAddress,
      ),
    );
  }
  const bodyEnd = grid.values.length - (grid.totalsRow ? 1 : 0);
  const located: LocatedTable = {
    layout: table,
    grid,
    sheet: grid.sheet,
    origin,
    header,
    rows: grid.values.slice(1, Math.max(1, bodyEnd)),
    ...mergesOf(grid, origin, table, fatal),
  };
  return { value: located, fatal, other };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The named columns a table must have: their grid column (0-based) by key, or fatal findings. */
export function namedColumns<K extends string>(
  table: LocatedTable,
  wanted: Record<K, string>,
  optional: readonly K[] = [],
): { columns: Partial<Record<K, number>>; fatal: WorkbookFinding[] } {
  const columns: Partial<Record<K, number>> = {};
  const fatal: WorkbookFinding[] = [];
  const headerAddress = tableCell(table, 0, 0).address;
  const positions = new Map<string, number[]>();
  table.header.forEach((cell, index) => {
    if (typeof cell !== "string") return;
    const label = labelKey(cell);
    positions.set(label, [...(positions.get(label) ?? []), index]);
  });
  const missing: string[] = [];
  for (const key of Object.keys(wanted) as K[]) {
    const label = wanted[key];
    const found = positions.get(labelKey(label)) ?? [];
    if (found.length > 1) {
      fatal.push(
        layoutFinding(
          `${capitalised(tableLabel(table.layout))} på arket ${table.sheet} har ${found.length} kolonner med overskriften "${label}"; der må kun være én.`,
          headerAddress,
        ),
      );
    } else if (found[0] !== undefined) {
      columns[key] = found[0];
    } else if (!optional.includes(key)) {
      missing.push(label);
    }
  }
  if (missing.length > 0) {
    const seen = table.header
      .filter((cell) => !isEmptyCell(cell))
      .map(String)
      .join(", ");
    fatal.push(
      layoutFinding(
        `${capitalised(tableLabel(table.layout))} på arket ${table.sheet} mangler ${missing.length === 1 ? "kolonnen" : "kolonnerne"} ${missing.map((label) => `"${label}"`).join(", ")} (overskrifterne er: ${seen}); ret overskriften, så den staves som i skabelonen.`,
        headerAddress,
      ),
    );
  }
  return { columns, fatal };
}

/** The year columns of a budget table: year → grid column, sorted by year; a repeated year is fatal. */
export function yearColumns(table: LocatedTable): { years: Map<string, number>; fatal: WorkbookFinding[] } {
  const found: [number, number][] = [];
  const fatal: WorkbookFinding[] = [];
  table.header.forEach((cell, index) => {
    const year = yearOfHeader(cell);
    if (year === null) return;
    if (found.some(([seen]) => seen === year)) {
      fatal.push(
        layoutFinding(
          `${capitalised(tableLabel(table.layout))} på arket ${table.sheet} har to kolonner for året ${year}; der må kun være én.`,
          tableCell(table, 0, index).address,
        ),
      );
      return;
    }
    found.push([year, index]);
  });
  found.sort(([a], [b]) => a - b);
  return { years: new Map(found.map(([year, index]) => [String(year), index])), fatal };
}

/** The period's years a table lacks a column for, as one fatal finding. */
export function missingYears(
  table: LocatedTable,
  years: ReadonlyMap<string, number>,
  period: readonly string[],
): WorkbookFinding[] {
  const missing = period.filter((year) => !years.has(year));
  if (missing.length === 0) return [];
  const shown = missing.length > 12 ? `${missing.slice(0, 12).join(", ")} …` : missing.join(", ");
  return [
    layoutFinding(
      `${capitalised(tableLabel(table.layout))} på arket ${table.sheet} mangler en kolonne for ${missing.length === 1 ? "året" : "årene"} ${shown} i planens periode ${period[0]}–${period.at(-1)}; tilføj en kolonne med årstallet som overskrift.`,
      tableCell(table, 0, 0).address,
    ),
  ];
}
