// The plan's goals in a push: read from the workbook's `Mål` sheet (the `Maal` table) when it has
// one, compared as one unit (the three-way rule of `mergeGoals`), described in Danish for a
// conflict, and written back into the table's own rows when the server's goals fit there.
import type { Goal, Reference } from "@helhedsplan/rules";
import {
  formatA1,
  goalsToGrid,
  gridToGoals,
  layout,
  parseA1,
  type CellValue,
  type GoalsCellMap,
  type Grids,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import type { MergeResolution } from "./merge-types";
import type { CellWrite } from "./write-back";

/** The conflict id of the goals as a whole (`resolve: { goals: "mine" }`). */
export const goalsConflictId = "goals";

/** The workbook's goals: none (no `Maal` table: the service's goals are left alone), read, or unreadable. */
export type WorkbookGoals =
  | { kind: "absent" }
  | { kind: "read"; goals: Goal[]; map: GoalsCellMap }
  | { kind: "unreadable"; findings: WorkbookFinding[] };

/** Reads the `Maal` table when the workbook has one; a workbook without it has no say on the goals. */
export function readWorkbookGoals(grids: Grids, reference: Reference): WorkbookGoals {
  if (!grids.tables.some((table) => table.name === layout.tables.goals.name)) return { kind: "absent" };
  const read = gridToGoals(grids, reference);
  if (read.goals === null) return { kind: "unreadable", findings: read.findings };
  return { kind: "read", goals: read.goals, map: read.map };
}

/** The goals in a fixed key order, for comparing. */
function normalized(goals: readonly Goal[]): Goal[] {
  return goals.map((goal) => ({
    id: goal.id,
    focusArea: goal.focusArea,
    goal: goal.goal,
    successCriteria: [...goal.successCriteria],
  }));
}

export function sameGoals(a: readonly Goal[], b: readonly Goal[]): boolean {
  return JSON.stringify(normalized(a)) === JSON.stringify(normalized(b));
}

/** The three-way outcome for the goals as one unit. */
export type GoalsMerge =
  | { kind: "merged"; goals: Goal[]; takenFromTheirs: boolean }
  | { kind: "conflict"; base: Goal[]; mine: Goal[]; theirs: Goal[] };

/**
 * Goals as one unit: whichever side changed since `base` wins; both changed alike is no conflict; both changed differently
 * is one conflict (id `goals`) unless `resolution` settles it. Example: `mergeGoals(base, base, theirs)` → theirs, taken.
 */
export function mergeGoals(
  base: readonly Goal[],
  mine: readonly Goal[],
  theirs: readonly Goal[],
  resolution: MergeResolution | undefined,
): GoalsMerge {
  const mineChanged = !sameGoals(base, mine);
  const theirsChanged = !sameGoals(base, theirs);
  if (!theirsChanged || sameGoals(mine, theirs)) return { kind: "merged", goals: [...mine], takenFromTheirs: false };
  if (!mineChanged) return { kind: "merged", goals: [...theirs], takenFromTheirs: true };
  const side =
    resolution === "mine" || resolution === "theirs"
      ? resolution
      : typeof resolution === "object" && Object.hasOwn(resolution, goalsConflictId)
        ? resolution[goalsConflictId]
        : undefined;
  if (side === "mine") return { kind: "merged", goals: [...mine], takenFromTheirs: false };
  if (side === "theirs") return { kind: "merged", goals: [...theirs], takenFromTheirs: true };
  return { kind: "conflict", base: [...base], mine: [...mine], theirs: [...theirs] };
}

/** The ids of the goals `goals` added, changed or removed against `base`, in order. */
function changedIds(base: readonly Goal[], goals: readonly Goal[]): string[] {
  const before = new Map(normalized(base).map((goal) => [goal.id, JSON.stringify(goal)]));
  const after = new Map(normalized(goals).map((goal) => [goal.id, JSON.stringify(goal)]));
  const ids = [...new Set([...after.keys(), ...before.keys()])];
  return ids.filter((id) => before.get(id) !== after.get(id));
}

/**
 * The goals in Danish: how many and their ids, and against `base` which changed.
 * Example: `describeGoals(goals)` → `3 mål (m1, m2, m3)`; with a base: `3 mål (m1, m2, m3); ændret: m2`.
 */
export function describeGoals(goals: readonly Goal[], base?: readonly Goal[]): string {
  const count = goals.length === 0 ? "ingen mål" : `${goals.length} mål (${goals.map((goal) => goal.id).join(", ")})`;
  if (base === undefined) return count;
  const changed = changedIds(base, goals);
  return changed.length === 0 ? count : `${count}; ændret: ${changed.join(", ")}`;
}

/** The cells that make the workbook's `Maal` table hold `target`, or why it cannot (more goals than rows). */
export type GoalsWriteBack = { fits: true; writes: CellWrite[] } | { fits: false; reason: string };

/**
 * Writes `target` into the `Maal` table row by row (goal i in the table's data row i; rows past the goals are emptied),
 * only cells that differ. Fits when the table has at least as many data rows as `target` has goals.
 */
export function goalsWriteBack(grids: Grids, target: readonly Goal[], reference: Reference): GoalsWriteBack {
  const table = grids.tables.find((candidate) => candidate.name === layout.tables.goals.name);
  const origin = table === undefined ? null : parseA1(table.topLeft);
  if (table === undefined || origin === null) return { fits: false, reason: "tabellen Maal findes ikke" };
  const header = table.values[0] ?? [];
  const rows = table.values.slice(1, table.totalsRow ? -1 : undefined);
  if (target.length > rows.length) {
    return {
      fits: false,
      reason: `tabellen Maal har ${rows.length} ${rows.length === 1 ? "række" : "rækker"}, men planen har ${target.length} mål`,
    };
  }
  const names = layout.columns.goals;
  const order = [names.id, names.focusArea, names.goal, names.successCriteria];
  const columns = order.map((name) =>
    header.findIndex((cell) => typeof cell === "string" && cell.trim().toLowerCase() === name.toLowerCase()),
  );
  if (columns.some((column) => column < 0)) return { fits: false, reason: "tabellen Maal mangler en kolonne" };
  const values = goalsToGrid(target, reference).tables[0]?.values.slice(1) ?? [];
  const writes: CellWrite[] = [];
  rows.forEach((row, index) => {
    const wanted: CellValue[] = index < target.length ? (values[index] ?? []) : ["", "", "", ""];
    columns.forEach((column, field) => {
      const value = wanted[field] ?? "";
      const current = row[column] ?? "";
      if (current === value || (value === "" && current === null)) return;
      writes.push({
        sheet: table.sheet,
        address: formatA1({ row: origin.row + 1 + index, column: origin.column + column }),
        value,
      });
    });
  });
  return { fits: true, writes };
}
