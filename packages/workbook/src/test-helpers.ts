// Helpers for the tests: edit grids by sheet address as a user edits cells, and look up tables.
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, type AnnualReport, type ApprovedPlan, type Goal, type PlanInput } from "@helhedsplan/rules";
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

/** Three goals of the demo plan, as its approved version would have them. */
export const demoGoals: Goal[] = [
  {
    id: "m1",
    focusArea: "boern-unge",
    goal: "Flere børn og unge gennemfører en uddannelse",
    successCriteria: ["80 % af lektiecaféens deltagere består 9. klasse", "40 unge i fritidsjob"],
  },
  { id: "m2", focusArea: "sundhed", goal: "Bedre sundhed blandt beboerne", successCriteria: [] },
  {
    id: "m3",
    focusArea: "beboernetvaerk-inddragelse-demokrati",
    goal: "Flere beboere deltager i det lokale demokrati",
    successCriteria: ["Valgdeltagelse ved afdelingsmødet over 20 %"],
  },
];

/** The demo plan approved with its goals. */
export const demoApproved: ApprovedPlan = { plan: demoPlan, goals: demoGoals };

/**
 * The demo plan's 2015 report, keeping exactly to the approved figures, with a status for every goal. Its grids
 * (`reportToGrid`): Forbrug A3:D14 (lines in rows 4–13, the year in D, totals in row 14), Modtaget A17:B21 (LBF 18, the
 * pool 19, the housing organisation 20, totals 21), Maalopfyldelse A24:D27 (m1 25, m2 26, m3 27; Status in C).
 */
export function demoReport(): AnnualReport {
  return {
    year: 2015,
    spending: demoPlan.budget.expenses.map(({ focusArea, category, activity, amountsOre }) => ({
      focusArea,
      category,
      activity,
      actualOre: amountsOre["2015"] ?? 0,
    })),
    financingReceived: demoPlan.budget.financing.map(({ source, amountsOre }) => ({
      source,
      actualOre: amountsOre["2015"] ?? 0,
    })),
    goals: [
      { goalId: "m1", status: "opfyldt", comment: "" },
      { goalId: "m2", status: "delvist", comment: "Færre deltagere end ventet i sundhedscaféen." },
      { goalId: "m3", status: "ikke_opfyldt", comment: "Valgdeltagelsen var 14 %." },
    ],
  };
}
