// Reading findings and the rules' findings together, each with its cell. An unreadable cell is
// reported once, as `workbook.cell-unreadable`: the rules run on the plan with a placeholder in
// that cell, and any rule finding that could rest on the placeholder is dropped (see `inDoubt`).
import {
  sortFindings,
  validatePlanWithShares,
  type FinancingShares,
  type FindingPath,
  type PlanContext,
  type Reference,
} from "@helhedsplan/rules";
import { cellOf } from "./cell-map";
import type { Grids } from "./grid";
import type { GridOptions } from "./labels";
import { readGrids, type GridRead } from "./read-grid";
import type { WorkbookFinding } from "./workbook-findings";

/** What `validateWorkbook` may know besides the workbook: the pools the `Pulje` cell may name (default `defaultPools`) and the pool's room. Example: `{ pools, poolAvailableOre: 3_000_000_000 }`. */
export interface WorkbookContext extends GridOptions {
  /** The room the pool has for this plan (see `validatePlan`). */
  poolAvailableOre?: number;
}

const pathKey = (path: FindingPath) => JSON.stringify(path);
const YEAR = /^[0-9]{4}$/;
const isAmountPath = (path: FindingPath) =>
  path[0] === "budget" && path[3] === "amountsOre" && typeof path[4] === "string";

/**
 * Whether a rule finding could rest on a placeholder, given the paths of the unreadable cells:
 * 1. its path is an unreadable cell's path or lies below it (the same cell, the same cause);
 * 2. it is about a whole budget row that has an unreadable cell (`budget.duplicate-line`), or about any
 *    financing row while some `Kilde` is unreadable (the placeholder source could make a false duplicate);
 * 3. it is about a year's total (`budget.unbalanced`) and an amount of that year is unreadable;
 * 4. it is about a total over the period or over sources (`kommune`, `lokal`, `kommunePulje`) and any
 *    amount or any `Kilde` is unreadable.
 * Placeholders only ever lower municipal money, so header rules that fire on municipal money > 0 cannot fire falsely.
 */
function inDoubt(unreadable: readonly FindingPath[]): (path: FindingPath) => boolean {
  const cells = new Set(unreadable.map(pathKey));
  const rows = new Set(
    unreadable.filter((path) => path[0] === "budget" && path.length > 3).map((path) => pathKey(path.slice(0, 3))),
  );
  const amountYears = new Set(unreadable.filter(isAmountPath).map((path) => path[4]));
  const anyAmount = amountYears.size > 0;
  const anySource = unreadable.some((path) => path[0] === "budget" && path[1] === "financing" && path[3] === "source");
  return (path) => {
    for (let length = 1; length <= path.length; length++) if (cells.has(pathKey(path.slice(0, length)))) return true;
    if (path[0] !== "budget" || path.length !== 3) return false;
    const key = path[2];
    if (typeof key === "number") return rows.has(pathKey(path)) || (path[1] === "financing" && anySource);
    if (path[1] !== "financing" || key === undefined) return false;
    return YEAR.test(key) ? amountYears.has(key) : anyAmount || anySource;
  };
}

/**
 * Reads the grids once and checks them: the read (plan, map), every finding, and the plan's financing shares from the
 * rules' same pass (null when the plan cannot be read; with unreadable cells they count their placeholders).
 */
export function checkWorkbook(
  grids: Grids,
  reference: Reference,
  context: WorkbookContext = {},
): { read: GridRead; findings: WorkbookFinding[]; shares: FinancingShares | null } {
  const read = readGrids(grids, reference, context.pools === undefined ? {} : { pools: context.pools });
  const findings = [...read.findings];
  let shares: FinancingShares | null = null;
  if (read.draft) {
    const planContext: PlanContext = { reference };
    if (context.poolAvailableOre !== undefined) planContext.poolAvailableOre = context.poolAvailableOre;
    const doubtful = inDoubt(read.unreadable);
    const checked = validatePlanWithShares(read.draft, planContext);
    shares = checked.shares;
    for (const rule of checked.findings) {
      if (!doubtful(rule.path)) findings.push({ ...rule, cell: cellOf(rule.path, read.map) });
    }
  }
  // sortFindings returns the same objects in a new order, so each keeps its cell.
  return { read, findings: sortFindings(findings) as WorkbookFinding[], shares };
}

/**
 * Every finding about a workbook — reading (`workbook.*`) and `validatePlan`'s — each with its cell, sorted as RULES.md orders findings.
 * Example: `validateWorkbook(planToGrid(demoPlan, defaultReference), defaultReference)` → `[]`.
 */
export function validateWorkbook(grids: Grids, reference: Reference, context: WorkbookContext = {}): WorkbookFinding[] {
  return checkWorkbook(grids, reference, context).findings;
}
