// The vocabulary of the three-way merge: which cells it compares, what a conflict is, and how a
// caller settles one. The merge itself (merge.ts) is pure; the engine maps paths to workbook cells.
import type { ExpenseLine, FinancingRow, FindingPath, PlanHeader, Source } from "@helhedsplan/rules";

/** The header fields the merge compares one by one. */
export type HeaderField = keyof PlanHeader;

/**
 * Every header field, as a set (a Record rather than an array so the compiler insists on every field of PlanHeader).
 * Example: `Object.hasOwn(headerFieldSet, "name") === true`.
 */
export const headerFieldSet: Readonly<Record<HeaderField, true>> = {
  name: true,
  housingOrganisation: true,
  estates: true,
  districtId: true,
  vulnerableArea: true,
  cooperation: true,
  periodStart: true,
  periodEnd: true,
  poolId: true,
};

/**
 * One cell the merge compares, by identity rather than by position: a header field, the activity text of an expense
 * line, one year's amount of a line or a financing row, or a line or row as a whole (for additions and deletions).
 * An expense line is identified by `expenseLineKey` (focus area, category, activity compared as the duplicate-line
 * rule compares them) plus its occurrence among lines with that key (0 for the first); a financing row by its source.
 */
export type MergeCell =
  | { kind: "header"; field: HeaderField }
  | { kind: "expense-line"; key: string; occurrence: number }
  | { kind: "expense-activity"; key: string; occurrence: number }
  | { kind: "expense-amount"; key: string; occurrence: number; year: string }
  | { kind: "financing-row"; source: Source; occurrence: number }
  | { kind: "financing-amount"; source: Source; occurrence: number; year: string };

/**
 * A cell's value on one side: a header value, an activity text, an amount in øre, or a whole line or row;
 * `undefined` where the side has no such cell (no amount for that year, the line deleted or never there).
 */
export type MergeValue = PlanHeader[HeaderField] | number | ExpenseLine | FinancingRow | undefined;

/** A cell changed on both sides to different values. */
export interface MergeConflict {
  /** A stable id derived from the cell's identity (never from a row index), e.g. `header:name`; the key of a per-cell resolution. */
  id: string;
  cell: MergeCell;
  /** Where the cell is in `mine` (the workbook) — or in `theirs` when mine has no such cell (a line mine deleted). */
  path: FindingPath;
  /** Whether `path` points into mine or into theirs. */
  pathIn: "mine" | "theirs";
  base: MergeValue;
  mine: MergeValue;
  theirs: MergeValue;
}

/** A cell whose merged value is theirs and differs from mine: what the merge took from the server. */
export interface TakenFromTheirs {
  id: string;
  cell: MergeCell;
  /** Where the cell is in the merged plan; for a line or row theirs deleted, where it was in mine. */
  path: FindingPath;
  mine: MergeValue;
  theirs: MergeValue;
}

/** How conflicts are settled: all one way, or per conflict id (an id not named stays a conflict). */
export type MergeResolution = "mine" | "theirs" | Readonly<Record<string, "mine" | "theirs">>;
