// Historik for the selected cell: one cell's value in each stored version of the plan, with who saved
// the version and when. The cell is followed by the merge's identity (a line by `expenseLineKey` and
// occurrence, a row by source and occurrence), never by its row, since lines move between versions.
import type { PlanVersion } from "@helhedsplan/api";
import {
  defaultPools,
  expenseLineKey,
  type FindingPath,
  type PlanInput,
  type Reference,
  type Source,
} from "@helhedsplan/rules";
import { describeActor, describeCell, describeValue, type Names } from "./describe";
import { headerFieldSet, type HeaderField, type MergeCell, type MergeValue } from "./merge-types";
import { planInputOf } from "./plan-input";

/** A cell the history can follow: a header field, an expense line's activity, or one year's amount of a line or row. */
export type HistoryCell = Extract<
  MergeCell,
  { kind: "header" } | { kind: "expense-activity" } | { kind: "expense-amount" } | { kind: "financing-amount" }
>;

/** The cell's value in one version. */
export interface CellHistoryEntry {
  version: number;
  /** The raw value (øre for an amount); undefined where the version has no such cell (the line not there, no amount that year). */
  value: MergeValue;
  /** The value in Danish (`"450.000,00 kr."`, `"Ja"`, `"Nørrebro"`); `"(ingen)"` where the version has no such cell. */
  text: string;
  createdBy: string;
  /** `createdBy` for a person: `"økonomimedarbejder (nøgle c645c29f)"`. */
  who: string;
  createdAt: string;
  /** The value differs from the previous version's; false for the oldest version. */
  changed: boolean;
}

/** What `cellHistory` answers. */
export interface CellHistory {
  cell: HistoryCell;
  /** The cell in words: `"Familiekoordinator (Børn og unge), 2015"`, `"Navn"`. */
  what: string;
  /** One entry per version, oldest first. */
  entries: CellHistoryEntry[];
}

/** How an absent cell reads. */
const ABSENT = "(ingen)";

const YEAR = /^[0-9]{4}$/;

/** Each item's occurrence among the earlier items with the same key. */
function occurrenceAt<T>(items: readonly T[], index: number, keyOf: (item: T) => string): number {
  const key = keyOf(items[index] as T);
  let occurrence = 0;
  for (let at = 0; at < index; at++) if (keyOf(items[at] as T) === key) occurrence++;
  return occurrence;
}

/** The item with this key and occurrence, or undefined. */
function itemOf<T>(items: readonly T[], keyOf: (item: T) => string, key: string, occurrence: number): T | undefined {
  let seen = 0;
  for (const item of items) if (keyOf(item) === key && seen++ === occurrence) return item;
  return undefined;
}

const sourceOf = (row: { source: Source }) => row.source;

/**
 * The cell a workbook path names, by identity in `plan` (the workbook's plan); null for a path the history cannot
 * follow (a totals cell, a focus area or category, a whole line, an index past the table). Lets a front end skip the
 * fetch for such a cell. Example: `historyCellOf(plan, ["budget", "expenses", 0, "amountsOre", "2015"])`.
 */
export function historyCellOf(plan: PlanInput, path: FindingPath): HistoryCell | null {
  const [head, section, index, field, year, ...more] = path;
  if (path.length === 1 && typeof head === "string" && Object.hasOwn(headerFieldSet, head)) {
    return { kind: "header", field: head as HeaderField };
  }
  if (head !== "budget" || typeof index !== "number" || more.length > 0) return null;
  const amount = field === "amountsOre" && typeof year === "string" && YEAR.test(year);
  if (section === "expenses") {
    const line = plan.budget.expenses[index];
    if (line === undefined) return null;
    const key = expenseLineKey(line);
    const occurrence = occurrenceAt(plan.budget.expenses, index, expenseLineKey);
    if (field === "activity" && year === undefined) return { kind: "expense-activity", key, occurrence };
    return amount ? { kind: "expense-amount", key, occurrence, year } : null;
  }
  if (section === "financing") {
    const row = plan.budget.financing[index];
    if (row === undefined || !amount) return null;
    const occurrence = occurrenceAt(plan.budget.financing, index, sourceOf);
    return { kind: "financing-amount", source: row.source, occurrence, year };
  }
  return null;
}

/** The cell's value in one plan; undefined where the plan has no such cell. */
function valueIn(plan: PlanInput, cell: HistoryCell): MergeValue {
  switch (cell.kind) {
    case "header":
      return plan[cell.field];
    case "expense-activity":
      return itemOf(plan.budget.expenses, expenseLineKey, cell.key, cell.occurrence)?.activity;
    case "expense-amount":
      return amountOf(itemOf(plan.budget.expenses, expenseLineKey, cell.key, cell.occurrence)?.amountsOre, cell.year);
    case "financing-amount":
      return amountOf(itemOf(plan.budget.financing, sourceOf, cell.source, cell.occurrence)?.amountsOre, cell.year);
  }
}

function amountOf(amounts: Readonly<Record<string, number>> | undefined, year: string): number | undefined {
  const value = amounts !== undefined && Object.hasOwn(amounts, year) ? amounts[year] : undefined;
  return typeof value === "number" ? value : undefined;
}

function sameValue(a: MergeValue, b: MergeValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, at) => item === b[at]);
  return a === b;
}

/**
 * The history of the workbook cell at `path` (a path into `plan`, the workbook's plan, as its cell map knows it):
 * its value in each of `versions` (`GET /plans/:id/versions`), oldest first, with who saved each and when; null
 * where the path names no cell the history can follow (see `historyCellOf`). `poolNames` names the Pulje
 * (default: the rules' `defaultPools`). Pure. Example:
 * `cellHistory(versions, plan, ["budget", "expenses", 3, "amountsOre", "2015"], reference)?.entries[0]?.text`.
 */
export function cellHistory(
  versions: readonly PlanVersion[],
  plan: PlanInput,
  path: FindingPath,
  reference: Reference,
  poolNames: ReadonlyMap<string, string> = new Map(defaultPools.map((pool) => [pool.id, pool.name])),
): CellHistory | null {
  const cell = historyCellOf(plan, path);
  if (cell === null) return null;
  const names: Names = { reference, poolNames };
  const ordered = versions.slice().sort((a, b) => a.version - b.version);
  const entries: CellHistoryEntry[] = [];
  let previous: MergeValue;
  for (const version of ordered) {
    const value = valueIn(planInputOf(version, reference), cell);
    entries.push({
      version: version.version,
      value,
      text: value === undefined ? ABSENT : describeValue(cell, value, names),
      createdBy: version.createdBy,
      who: describeActor(version.createdBy),
      createdAt: version.createdAt,
      changed: entries.length > 0 && !sameValue(previous, value),
    });
    previous = value;
  }
  return { cell, what: describeCell(cell, [plan], names), entries };
}

/** The versions of plans, fetched once per plan and latest version. */
export interface HistoryCache {
  /** The plan's versions: fetched on first ask and again only when `latestVersion` differs from the last ask's. */
  versionsOf(planId: string, latestVersion: number): Promise<PlanVersion[]>;
}

/**
 * A cache in memory of each plan's versions for the Historik pane: one fetch per (plan, latest version); a failed
 * fetch is not kept, so the next ask tries again. Example:
 * `createHistoryCache((id) => client.plans.versions(id).then((list) => list.items))`.
 */
export function createHistoryCache(fetchVersions: (planId: string) => Promise<PlanVersion[]>): HistoryCache {
  const byPlan = new Map<string, { latestVersion: number; versions: Promise<PlanVersion[]> }>();
  return {
    versionsOf(planId, latestVersion) {
      const known = byPlan.get(planId);
      if (known !== undefined && known.latestVersion === latestVersion) return known.versions;
      // Through `then`, so a fetch that throws at once answers a rejected promise like one that fails later.
      const versions = Promise.resolve(planId).then(fetchVersions);
      const entry = { latestVersion, versions };
      byPlan.set(planId, entry);
      versions.catch(() => {
        if (byPlan.get(planId) === entry) byPlan.delete(planId);
      });
      return versions;
    },
  };
}
