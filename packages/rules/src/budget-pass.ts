// The one pass over a parsed budget: the rules that look at single lines, rows and amounts
// (unknown ids, duplicates, invalid amounts, years outside the period), and the exact sums the
// rules about totals need. Messages are built only for amounts that break a rule.
import { finding, ruleIds, type FindingPath } from "./findings";
import { labelKey } from "./labels";
import { formatKroner } from "./money";
import { addOre, type OreTotal } from "./ore-total";
import type { ReferenceIndex } from "./reference-index";
import type { ExpenseLine, Finding, FinancingRow, PlanInput, Source } from "./schemas";

/** The years a budget's sums cover: the period, or every year when the period is reversed (`plan.period` reports that). */
export interface PeriodYears {
  valid: boolean;
  start: number;
  end: number;
}

/** The two halves of a budget, as they are named in paths. */
type BudgetSection = "expenses" | "financing";

/** One year's expenses and financing, for the balance rule. */
export type YearTotals = Record<BudgetSection, OreTotal>;

/** What the pass adds up; invalid amounts are left out (they have their own finding). */
export interface BudgetSums {
  /** All expenses in the period's years: the frame the shares are measured against. */
  frameOre: OreTotal;
  /** Each source's financing in the period's years. */
  bySourceOre: Map<Source, OreTotal>;
  /** Expenses and financing of every year that holds an amount, in or outside the period. */
  byYear: Map<string, YearTotals>;
}

/** What the pass reads and where it reports. */
interface PassScope {
  plan: PlanInput;
  reference: ReferenceIndex;
  period: PeriodYears;
  findings: Finding[];
  byYear: Map<string, YearTotals>;
}

/** How an amount counts in the sums. */
type AmountUse = "left-out" | "its-year-only" | "in-period";

function isInPeriod(year: string, period: PeriodYears): boolean {
  if (!period.valid) return true;
  const value = Number(year);
  return value >= period.start && value <= period.end;
}

/** A budget amount the rules can add: a whole, non-negative number of øre within the safe range. */
function isValidAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 0;
}

function describeRow(scope: PassScope, section: BudgetSection, index: number): string {
  const { budget } = scope.plan;
  if (section === "expenses") return `Udgiftslinje ${index + 1} ("${budget.expenses[index]?.activity ?? ""}")`;
  const source = budget.financing[index]?.source ?? "";
  return `Finansieringsrække ${index + 1} (${scope.reference.sourceNames.get(source) ?? source})`;
}

function invalidAmountMessage(where: string, amount: number): string {
  if (!Number.isInteger(amount)) {
    return `${where}: ${String(amount).replace(".", ",")} øre er ikke et helt antal øre; angiv beløbet i hele øre (fx ${formatKroner(Math.trunc(amount))}).`;
  }
  // A negative amount is negative whatever its size: "for stort" would send the user the wrong way.
  if (amount < 0) {
    return `${where}: beløbet ${formatKroner(amount)} er negativt; et beløb skal være 0,00 kr. eller mere.`;
  }
  return `${where}: beløbet ${formatKroner(amount)} er for stort; højst ${formatKroner(Number.MAX_SAFE_INTEGER)} er tilladt.`;
}

/** `amount.invalid` and `budget.year-outside-period` for one amount; says how the amount counts. */
function checkAmount(scope: PassScope, section: BudgetSection, index: number, year: string, amount: number): AmountUse {
  const valid = isValidAmount(amount);
  const inPeriod = isInPeriod(year, scope.period);
  if (valid && inPeriod) return "in-period";
  if (valid && amount === 0) return "its-year-only";
  const where = `${describeRow(scope, section, index)}, ${year}`;
  const path: FindingPath = ["budget", section, index, "amountsOre", year];
  if (!valid) {
    scope.findings.push(finding(ruleIds.amountInvalid, invalidAmountMessage(where, amount), path));
    return "left-out";
  }
  scope.findings.push(
    finding(
      ruleIds.budgetYearOutsidePeriod,
      `${where}: ${formatKroner(amount)} ligger uden for planens periode ${scope.period.start}–${scope.period.end}; flyt beløbet til et år i perioden, eller sæt det til 0.`,
      path,
    ),
  );
  return "its-year-only";
}

/** Checks one line's or row's amounts, adds them to their years, and returns its total in the period. */
function sumAmounts(
  scope: PassScope,
  section: BudgetSection,
  index: number,
  amounts: Record<string, number>,
): OreTotal {
  let inPeriod: OreTotal = 0;
  // Object.keys walks year-keyed objects markedly faster than for…in or Object.entries (the benchmark's hot loop).
  const years = Object.keys(amounts);
  for (let at = 0; at < years.length; at++) {
    const year = years[at] as string;
    const amount = amounts[year] as number;
    const use = checkAmount(scope, section, index, year, amount);
    if (use === "left-out") continue;
    let totals = scope.byYear.get(year);
    if (totals === undefined) {
      totals = { expenses: 0, financing: 0 };
      scope.byYear.set(year, totals);
    }
    totals[section] = addOre(totals[section], amount);
    if (use === "in-period") inPeriod = addOre(inPeriod, amount);
  }
  return inPeriod;
}

/**
 * The key under which two expense lines are the same line: focus area, category and the activity's `labelKey` —
 * "Lektiecafé " and "lektiecafé" are one line to a finance officer. A yearly report's spending line has the same key
 * as the budget line it reports on.
 */
export function expenseLineKey(line: Pick<ExpenseLine, "focusArea" | "category" | "activity">): string {
  // Ids and texts cannot hold NUL (the schema refuses it), so NUL separates the parts unambiguously.
  return `${line.focusArea}\u0000${line.category}\u0000${labelKey(line.activity)}`;
}

function checkExpenseLine(
  scope: PassScope,
  line: ExpenseLine,
  index: number,
  firstLineByKey: Map<string, number>,
): void {
  const { reference, findings } = scope;
  const focusArea = reference.focusAreas.get(line.focusArea);
  const categoryName = reference.categoryNames.get(line.category);
  if (focusArea === undefined) {
    findings.push(
      finding(
        ruleIds.budgetFocusAreaUnknown,
        `${describeRow(scope, "expenses", index)}: indsatsområdet "${line.focusArea}" findes ikke; vælg et af: ${reference.focusAreaChoices}.`,
        ["budget", "expenses", index, "focusArea"],
      ),
    );
  }
  if (categoryName === undefined) {
    findings.push(
      finding(
        ruleIds.budgetCategoryUnknown,
        `${describeRow(scope, "expenses", index)}: kategorien "${line.category}" findes ikke; vælg en af: ${reference.categoryChoices}.`,
        ["budget", "expenses", index, "category"],
      ),
    );
  }
  const key = expenseLineKey(line);
  const first = firstLineByKey.get(key);
  if (first === undefined) {
    firstLineByKey.set(key, index);
    return;
  }
  findings.push(
    finding(
      ruleIds.budgetDuplicateLine,
      `${describeRow(scope, "expenses", index)} gentager udgiftslinje ${first + 1}: samme indsatsområde (${focusArea?.name ?? line.focusArea}), ` +
        `kategori (${categoryName ?? line.category}) og aktivitet. Læg beløbene sammen på én linje, eller giv aktiviteten et andet navn.`,
      ["budget", "expenses", index],
    ),
  );
}

function checkFinancingRow(
  scope: PassScope,
  row: FinancingRow,
  index: number,
  firstRowBySource: Map<Source, number>,
): void {
  const first = firstRowBySource.get(row.source);
  if (first === undefined) {
    firstRowBySource.set(row.source, index);
    return;
  }
  scope.findings.push(
    finding(
      ruleIds.budgetDuplicateSource,
      `${describeRow(scope, "financing", index)} gentager kilden fra række ${first + 1}; saml kildens beløb i én række.`,
      ["budget", "financing", index],
    ),
  );
}

/**
 * The single pass over the budget: pushes the findings of the line, row and amount rules into
 * `findings` and returns the sums for the rules about totals.
 */
export function passBudget(
  plan: PlanInput,
  reference: ReferenceIndex,
  period: PeriodYears,
  findings: Finding[],
  options: { checkRows?: boolean } = {},
): BudgetSums {
  // The pane's figures need the sums, not the line and row rules (checked once, by validatePlan).
  const checkRows = options.checkRows ?? true;
  const scope: PassScope = { plan, reference, period, findings, byYear: new Map() };
  const { expenses, financing } = plan.budget;

  let frameOre: OreTotal = 0;
  const firstLineByKey = new Map<string, number>();
  for (let index = 0; index < expenses.length; index++) {
    const line = expenses[index] as ExpenseLine;
    if (checkRows) checkExpenseLine(scope, line, index, firstLineByKey);
    frameOre = addOre(frameOre, sumAmounts(scope, "expenses", index, line.amountsOre));
  }

  const bySourceOre = new Map<Source, OreTotal>();
  const firstRowBySource = new Map<Source, number>();
  for (let index = 0; index < financing.length; index++) {
    const row = financing[index] as FinancingRow;
    if (checkRows) checkFinancingRow(scope, row, index, firstRowBySource);
    bySourceOre.set(
      row.source,
      addOre(bySourceOre.get(row.source) ?? 0, sumAmounts(scope, "financing", index, row.amountsOre)),
    );
  }
  return { frameOre, bySourceOre, byYear: scope.byYear };
}
