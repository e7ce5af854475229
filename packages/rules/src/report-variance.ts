// A yearly report against the approved budget: the approved figures of the report's year per
// expense line (matched as the duplicate-line rule matches lines, by `expenseLineKey`), the money
// spent, and the variance in øre and in basis points. All sums are exact BigInt; no percentage is
// ever a float until `varianceForContract` writes the contract's `variancePct`.
import { expenseLineKey } from "./budget-pass";
import { poolSource } from "./pool-draw";
import type { AnnualReport, ApprovedPlan, ExpenseLine, PlanInput, ReportSpending, Source } from "./schemas";

/** The sources that are the municipality's co-financing, as `kommune.cap` sums them. */
export const municipalSources: readonly Source[] = [poolSource, "kommuneOevrig"];

const MAX_SAFE_ORE = BigInt(Number.MAX_SAFE_INTEGER);
const BASIS_POINTS_WHOLE = 10_000n;

/** An amount the rules can add: a whole, non-negative number of øre within the safe range (others are left out). */
function validOre(amount: unknown): bigint {
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount >= 0 ? BigInt(amount) : 0n;
}

/** Whether `year` counts for the approved plan: a year of its period, or any year when the period is reversed (as the plan rules sum). */
export function isPlanYear(plan: Pick<PlanInput, "periodStart" | "periodEnd">, year: number): boolean {
  if (plan.periodEnd < plan.periodStart) return true;
  return year >= plan.periodStart && year <= plan.periodEnd;
}

/** One line of the approved budget, its duplicates (if any) merged: the first line's spelling, all lines' money. */
export interface ApprovedLine {
  line: ExpenseLine;
  lines: ExpenseLine[];
}

/** The approved budget's expense lines by `expenseLineKey`, in budget order. Example: `approvedLines(plan).get(expenseLineKey(line))`. */
export function approvedLines(plan: PlanInput): Map<string, ApprovedLine> {
  const byKey = new Map<string, ApprovedLine>();
  for (const line of plan.budget.expenses) {
    const key = expenseLineKey(line);
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { line, lines: [line] });
    else known.lines.push(line);
  }
  return byKey;
}

/** The approved amount of a (merged) line in `year`: 0 for a year outside the period; invalid amounts left out. */
export function approvedLineOre(plan: PlanInput, approved: ApprovedLine, year: number): bigint {
  if (!isPlanYear(plan, year)) return 0n;
  const yearKey = String(year);
  let total = 0n;
  for (const line of approved.lines) total += validOre(line.amountsOre[yearKey]);
  return total;
}

/** The approved municipal co-financing (`kommunePulje + kommuneOevrig`) over the period, as `kommune.cap` sums it. Example: `approvedMunicipalOre(plan) === 100_000_000n`. */
export function approvedMunicipalOre(plan: PlanInput): bigint {
  let total = 0n;
  for (const row of plan.budget.financing) {
    if (!municipalSources.includes(row.source)) continue;
    for (const [year, amount] of Object.entries(row.amountsOre)) {
      if (isPlanYear(plan, Number(year))) total += validOre(amount);
    }
  }
  return total;
}

/** The money a report says was received from the municipality (`kommunePulje + kommuneOevrig`). */
export function receivedMunicipalOre(report: AnnualReport): bigint {
  let total = 0n;
  for (const row of report.financingReceived)
    if (municipalSources.includes(row.source)) total += validOre(row.actualOre);
  return total;
}

/** A report's spending lines by `expenseLineKey`, in report order: the first line's spelling, every index, the summed money. */
export interface SpentLine {
  line: ReportSpending;
  indices: number[];
  actualOre: bigint;
}

/** The report's spending merged by `expenseLineKey`. Example: `spentLines(report).get(key)?.actualOre`. */
export function spentLines(report: AnnualReport): Map<string, SpentLine> {
  const byKey = new Map<string, SpentLine>();
  report.spending.forEach((line, index) => {
    const key = expenseLineKey(line);
    const known = byKey.get(key);
    if (known === undefined) byKey.set(key, { line, indices: [index], actualOre: validOre(line.actualOre) });
    else {
      known.indices.push(index);
      known.actualOre += validOre(line.actualOre);
    }
  });
  return byKey;
}

/**
 * `variance / approved` in basis points (1/100 of a percent), rounded half away from zero, exactly in BigInt; null
 * when nothing was approved (no percentage of nothing — never NaN or Infinity).
 * Example: `varianceBasisPoints(123_456_78n, 1_000_000_00n) === 1235n` (12,345678 % → 12,35 %), `varianceBasisPoints(5n, 0n) === null`.
 */
export function varianceBasisPoints(varianceOre: bigint, approvedOre: bigint): bigint | null {
  if (approvedOre <= 0n) return null;
  const negative = varianceOre < 0n;
  const magnitude = negative ? -varianceOre : varianceOre;
  // round(m × 10000 / a) half up = floor((2 × m × 10000 + a) / (2 × a)); the sign goes back on afterwards.
  const rounded = (2n * magnitude * BASIS_POINTS_WHOLE + approvedOre) / (2n * approvedOre);
  return negative ? -rounded : rounded;
}

/** Approved against actual: øre, the variance (actual − approved; positive is overspending) and its basis points. */
export interface VarianceFigures {
  approvedOre: bigint;
  actualOre: bigint;
  /** `actualOre − approvedOre`: positive is merforbrug (overspending), negative mindreforbrug. */
  varianceOre: bigint;
  /** `varianceOre / approvedOre` in basis points, rounded half away from zero; null when `approvedOre` is 0. */
  varianceBasisPoints: bigint | null;
}

/** One expense line of the variance. Example: `{ focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", inBudget: true, approvedOre: 30_000_000n, … }`. */
export interface ReportVarianceLine extends VarianceFigures {
  focusArea: string;
  category: string;
  activity: string;
  /** False for spending on a line the approved budget does not have (`report.line-unknown`); its approved amount is 0. */
  inBudget: boolean;
}

/** The variance of one focus area: its lines summed. Example: `{ focusArea: "sundhed", approvedOre: 30_000_000n, … }`. */
export interface FocusAreaVariance extends VarianceFigures {
  focusArea: string;
}

/** The report's year against the approved budget: per line, per focus area, and the year's total. */
export interface ReportVariance {
  /** The report's year. */
  reportYear: number;
  /** Every approved line (in budget order, with 0 spent where the report has none), then spending on unknown lines (in report order). */
  lines: ReportVarianceLine[];
  /** The lines summed per focus area, in the order the focus areas first appear in `lines`. */
  byFocusArea: FocusAreaVariance[];
  /** Every line summed: the year's total (the contract's `variance.year`). */
  year: VarianceFigures;
}

function figures(approvedOre: bigint, actualOre: bigint): VarianceFigures {
  const varianceOre = actualOre - approvedOre;
  return { approvedOre, actualOre, varianceOre, varianceBasisPoints: varianceBasisPoints(varianceOre, approvedOre) };
}

/**
 * The report's year against the approved plan: approved and actual per expense line (report lines matched to budget
 * lines by `expenseLineKey`, duplicates summed), per focus area and for the whole year, in øre and basis points, exactly
 * (BigInt). A year outside the period has nothing approved. Amounts that are not whole, non-negative, safe øre are
 * left out, as the rules leave them out.
 * Example: `reportVariance(report, { plan, goals }).year` → `{ approvedOre: 250_000_000n, actualOre: 260_000_000n, varianceOre: 10_000_000n, varianceBasisPoints: 400n }`.
 */
export function reportVariance(report: AnnualReport, approved: ApprovedPlan): ReportVariance {
  const { plan } = approved;
  const spent = spentLines(report);
  const lines: ReportVarianceLine[] = [];
  for (const [key, approvedLine] of approvedLines(plan)) {
    const { focusArea, category, activity } = approvedLine.line;
    const actualOre = spent.get(key)?.actualOre ?? 0n;
    lines.push({
      focusArea,
      category,
      activity,
      inBudget: true,
      ...figures(approvedLineOre(plan, approvedLine, report.year), actualOre),
    });
    spent.delete(key);
  }
  for (const { line, actualOre } of spent.values()) {
    const { focusArea, category, activity } = line;
    lines.push({ focusArea, category, activity, inBudget: false, ...figures(0n, actualOre) });
  }

  const areaSums = new Map<string, { approvedOre: bigint; actualOre: bigint }>();
  let approvedTotal = 0n;
  let actualTotal = 0n;
  for (const line of lines) {
    const sums = areaSums.get(line.focusArea) ?? { approvedOre: 0n, actualOre: 0n };
    sums.approvedOre += line.approvedOre;
    sums.actualOre += line.actualOre;
    areaSums.set(line.focusArea, sums);
    approvedTotal += line.approvedOre;
    actualTotal += line.actualOre;
  }
  const byFocusArea = [...areaSums].map(([focusArea, sums]) => ({
    focusArea,
    ...figures(sums.approvedOre, sums.actualOre),
  }));
  return { reportYear: report.year, lines, byFocusArea, year: figures(approvedTotal, actualTotal) };
}

/** The HTTP contract's `ReportDetail.variance` (API.md): numbers, `variancePct` in percent with two decimals. */
export interface ContractVariance {
  lines: {
    focusArea: string;
    category: string;
    activity: string;
    approvedOre: number;
    actualOre: number;
    varianceOre: number;
    variancePct: number | null;
  }[];
  year: { approvedOre: number; actualOre: number; varianceOre: number };
}

function safeNumber(ore: bigint): number {
  if (ore > MAX_SAFE_ORE || ore < -MAX_SAFE_ORE) {
    throw new RangeError(
      `Beløbet ${ore.toString()} øre er større end Number.MAX_SAFE_INTEGER og kan ikke sendes som et tal i JSON.`,
    );
  }
  return Number(ore);
}

/** Basis points → the contract's percent: `1235n` → `12.35` (the double nearest; it prints as the two decimals). */
function percentOf(basisPoints: bigint | null): number | null {
  return basisPoints === null ? null : Number(basisPoints) / 100;
}

/**
 * `reportVariance`'s result as the contract's `ReportDetail.variance`: plain numbers, `variancePct` = basis points / 100
 * (`1235n` → `12.35`). Throws a `RangeError` for a sum beyond `Number.MAX_SAFE_INTEGER` øre, which the contract's `Ore`
 * cannot carry. Example: `varianceForContract(reportVariance(report, approved)).year.varianceOre === 10_000_000`.
 */
export function varianceForContract(variance: ReportVariance): ContractVariance {
  return {
    lines: variance.lines.map((line) => ({
      focusArea: line.focusArea,
      category: line.category,
      activity: line.activity,
      approvedOre: safeNumber(line.approvedOre),
      actualOre: safeNumber(line.actualOre),
      varianceOre: safeNumber(line.varianceOre),
      variancePct: percentOf(line.varianceBasisPoints),
    })),
    year: {
      approvedOre: safeNumber(variance.year.approvedOre),
      actualOre: safeNumber(variance.year.actualOre),
      varianceOre: safeNumber(variance.year.varianceOre),
    },
  };
}
