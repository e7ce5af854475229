// Helpers for the tests: edit grids by sheet address as a user edits cells, and look up tables.
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, type PlanInput } from "@helhedsplan/rules";
import { parseA1, type CellValue, type Grids, type TableGrid } from "./grid";
import { planToGrid } from "./write-grid";

/** The grids of a plan (default: the demo plan) with the default reference. */
export function gridsOf(plan: PlanInput = demoPlan): Grids {
  return planToGrid(plan, defaultReference);
}

/** A deep copy of a plan, to change in a test. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}

/** The table named `name`; fails the test when it is absent. */
export function tableNamed(grids: Grids, name: string): TableGrid {
  const table = grids.tables.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

/** The table holding a sheet address and the cell's grid position in it. */
function locate(grids: Grids, address: string): { table: TableGrid; row: number; column: number } {
  const [sheet, a1 = ""] = address.split("!");
  const position = parseA1(a1);
  for (const table of grids.tables) {
    const origin = parseA1(table.topLeft);
    if (table.sheet !== sheet || !origin || !position) continue;
    const row = position.row - origin.row;
    const column = position.column - origin.column;
    if (row >= 0 && row < table.values.length && column >= 0 && column < (table.values[0]?.length ?? 0))
      return { table, row, column };
  }
  throw new Error(`no table cell at ${address}`);
}

/** Sets a cell, given as `Budget!D5`, to a value (and optionally a number format). */
export function editCell(grids: Grids, address: string, value: CellValue, numberFormat?: string): Grids {
  const { table, row, column } = locate(grids, address);
  const cells = table.values[row];
  if (cells) cells[column] = value;
  if (numberFormat !== undefined) {
    table.numberFormats ??= table.values.map((values) => values.map(() => "General"));
    const formats = table.numberFormats[row];
    if (formats) formats[column] = numberFormat;
  }
  return grids;
}

/** Whether an address lies inside one of the grids' tables (header and totals rows included). */
export function isTableCell(grids: Grids, address: string): boolean {
  try {
    locate(grids, address);
    return true;
  } catch {
    return false;
  }
}
