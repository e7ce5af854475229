// What the workbook changed since the version it was synced from, cell by cell, so the pane can mark
// unsynced cells and say how many there are on every keystroke. The merge already matches lines by
// identity: merging base with itself as "mine" and the workbook as "theirs" lists exactly the
// workbook's changes as `fromTheirs`, so there is one notion of "the same cell" for sync and marks.
import { defaultReference, type FindingPath, type PlanInput, type Reference } from "@helhedsplan/rules";
import { cellOf, parseA1, type CellMap } from "@helhedsplan/workbook";
import { describeCell, type Names } from "./describe";
import { mergePlans } from "./merge";
import type { TakenFromTheirs } from "./merge-types";

/** One change of the workbook since its base, in words and at its cell. */
export interface LocalChange {
  /** The merge's id of the cell (`header:name`, `expense:sundhed/loen/lektiecafé#0:2015`): stable while lines move. */
  id: string;
  /** The cell in Danish: `"Lektiecafé (Sundhed), 2015"`, `"udgiftslinjen Lektiecafé (Sundhed) er tilføjet"`. */
  what: string;
  /** The workbook cell (`"Budget!E7"`); null for a line or row the workbook no longer has. */
  cell: string | null;
}

/** What `localChanges` answers. */
export interface LocalChanges {
  /** Every workbook cell a change touches, sheet-qualified, unique, in reading order (sheet, row, column). */
  cells: string[];
  /** The changes, header first, then expense lines, then financing rows (the merge's order). */
  changes: LocalChange[];
  /** Lines and rows of the base the workbook no longer has; they are among `changes` with no cell. */
  deleted: number;
  /** `changes.length`. */
  count: number;
}

const noPoolNames: ReadonlyMap<string, string> = new Map();

type Section = "expenses" | "financing";

function sectionOf(path: FindingPath): Section | undefined {
  const section = path[1];
  return path[0] === "budget" && (section === "expenses" || section === "financing") ? section : undefined;
}

/**
 * The plan to name the change's line from: only that line. describeCell looks a line's activity up by key in the
 * plans it is given, which on a 1,000-line plan would cost a key per line per change; the path already says which.
 */
function linePlan(plan: PlanInput, path: FindingPath): readonly PlanInput[] {
  const index = path[2];
  const line = sectionOf(path) === "expenses" && typeof index === "number" ? plan.budget.expenses[index] : undefined;
  return line === undefined ? [plan] : [{ ...plan, budget: { expenses: [line], financing: [] } }];
}

/** A line or row added as a whole: every input cell of it, its first one (activity or source) first. */
function addedCells(taken: TakenFromTheirs, section: Section, map: CellMap): string[] {
  const row = taken.path;
  const named = section === "expenses" ? ["activity", "focusArea", "category"] : ["source"];
  const cells = named.map((field) => cellOf([...row, field], map));
  const added = taken.theirs;
  if (typeof added === "object" && added !== null && !Array.isArray(added)) {
    for (const year of Object.keys(added.amountsOre)) cells.push(cellOf([...row, "amountsOre", year], map));
  }
  return cells;
}

function isWhole(taken: TakenFromTheirs): boolean {
  return taken.cell.kind === "expense-line" || taken.cell.kind === "financing-row";
}

/** Reading order: the tables' sheets in the order the map names them (Stamdata's first), then row, then column. */
function readingOrder(map: CellMap): (a: string, b: string) => number {
  const sheetRank = new Map<string, number>();
  for (const placement of [map.stamdata, map.expenses, map.financing]) {
    if (placement !== null && !sheetRank.has(placement.sheet)) sheetRank.set(placement.sheet, sheetRank.size);
  }
  const split = (address: string) => {
    const bang = address.lastIndexOf("!");
    const quoted = address.slice(0, bang);
    const sheet = quoted.startsWith("'") ? quoted.slice(1, -1).replaceAll("''", "'") : quoted;
    const position = parseA1(address.slice(bang + 1)) ?? { row: 0, column: 0 };
    return { sheet, rank: sheetRank.get(sheet) ?? sheetRank.size, ...position };
  };
  return (a, b) => {
    const [x, y] = [split(a), split(b)];
    if (x.rank !== y.rank) return x.rank - y.rank;
    if (x.sheet !== y.sheet) return x.sheet < y.sheet ? -1 : 1;
    return x.row - y.row || x.column - y.column;
  };
}

/**
 * What the workbook (`mine`, read with `map` by gridToPlan) changed since the synced version `base`: lines matched by
 * identity (expense lines by `expenseLineKey` and occurrence, financing rows by source and occurrence), never by row,
 * so moving lines is no change. A changed value marks its cell; a new line marks all its input cells; a deleted line
 * counts in `deleted` and has no cell. Example: `localChanges(base, read.plan, read.map).cells` → `["Budget!E7"]`.
 */
export function localChanges(
  base: PlanInput,
  mine: PlanInput,
  map: CellMap,
  reference: Reference = defaultReference,
): LocalChanges {
  const { fromTheirs } = mergePlans(base, base, mine);
  const names: Names = { reference, poolNames: noPoolNames };
  const cells = new Set<string>();
  const changes: LocalChange[] = [];
  let deleted = 0;
  for (const taken of fromTheirs) {
    const section = sectionOf(taken.path);
    if (isWhole(taken) && taken.theirs === undefined) {
      // A deletion's path points into base (the merge's "mine"): the workbook has no row for it.
      deleted++;
      const what = `${describeCell(taken.cell, linePlan(base, taken.path), names)} er slettet`;
      changes.push({ id: taken.id, what, cell: null });
      continue;
    }
    // mergePlans(b, b, t).plan is t (a property the merge's tests hold), so a path into the merged plan is one into mine.
    const plans = linePlan(mine, taken.path);
    if (isWhole(taken) && section !== undefined) {
      const added = addedCells(taken, section, map);
      for (const cell of added) cells.add(cell);
      changes.push({
        id: taken.id,
        what: `${describeCell(taken.cell, plans, names)} er tilføjet`,
        cell: added[0] ?? null,
      });
      continue;
    }
    const cell = cellOf(taken.path, map);
    cells.add(cell);
    changes.push({ id: taken.id, what: describeCell(taken.cell, plans, names), cell });
  }
  return { cells: [...cells].sort(readingOrder(map)), changes, deleted, count: changes.length };
}
