// Co-financing shares: each financing source's share of the frame, for the pane, and *Fordel* —
// one source's share written year by year in whole kroner, with Landsbyggefonden's row taking
// each year's balancing difference. The sums are the rules' own (`passBudget`); all arithmetic is
// on integer øre in BigInt, and no share is ever a float.
import { passBudget, type BudgetSums, type PeriodYears } from "./budget-pass";
import { ruleIds } from "./findings";
import { formatBasisPoints, formatKroner, shareBasisPoints } from "./money";
import { oreBig } from "./ore-total";
import { poolSource } from "./pool-draw";
import { readReference, type ReferenceIndex } from "./reference-index";
import { Source, type Budget, type Finding, type FinancingRow, type PlanInput, type Reference } from "./schemas";

/** The source that takes each year's balancing difference when a share is distributed (Landsbyggefonden). */
export const balancingSource: Source = "lbf";
/** The sources whose sum the municipal cap limits, as `kommune.cap` sums them. */
const municipalSources: readonly Source[] = [poolSource, "kommuneOevrig"];

const BASIS_POINTS_WHOLE = 10_000n;
/** Basis points × øre → whole kroner: 10,000 basis points per whole, 100 øre per krone. */
const BASIS_POINTS_TIMES_ORE_PER_KRONE = BASIS_POINTS_WHOLE * 100n;
const MAX_SAFE_ORE = BigInt(Number.MAX_SAFE_INTEGER);

/** The reference indexed, or a Danish message saying why it is unusable. */
function indexOf(reference: Reference | undefined): { index: ReferenceIndex } | { message: string } {
  const read = readReference(reference);
  if ("index" in read) return read;
  return { message: read.findings.map((finding) => finding.message).join(" ") };
}

/** The years the rules sum: the period, or every year when it is reversed (as `validatePlan` sums them). */
function periodOf(plan: PlanInput): PeriodYears {
  return { valid: plan.periodEnd >= plan.periodStart, start: plan.periodStart, end: plan.periodEnd };
}

/** The rules' sums over the plan; the findings of that pass are `validatePlan`'s business, not the pane's. */
function sumsOf(plan: PlanInput, index: ReferenceIndex, findings: Finding[] = []): BudgetSums {
  // The sums and the amounts' own findings; the line and row rules are validatePlan's business.
  return passBudget(plan, index, periodOf(plan), findings, { checkRows: false });
}

const sourceName = (index: ReferenceIndex, source: Source) => index.sourceNames.get(source) ?? source;

// ---------------------------------------------------------------------------------------------
// The shares, for the pane
// ---------------------------------------------------------------------------------------------

/** One source's money in the period and its share of the frame. Example: `{ source: "lbf", name: "Landsbyggefonden", totalOre: 87_500_000n, basisPoints: 8_750n }`. */
export interface SourceShare {
  source: Source;
  /** The source's name in the reference data (its id when the reference does not name it). */
  name: string;
  /** The source's financing in the period's years, exactly. */
  totalOre: bigint;
  /** `totalOre` of the frame in basis points, rounded **down** (how much of the frame it certainly covers); null when the frame is 0. */
  basisPoints: bigint | null;
}

/** The municipal money (`kommunePulje + kommuneOevrig`) against the cap. Example: `{ totalOre: 12_500_000n, basisPoints: 1_250n, capBasisPoints: 1250, capOre: 12_500_000n, withinCap: true }`. */
export interface MunicipalShare {
  /** `kommunePulje + kommuneOevrig` in the period's years, exactly. */
  totalOre: bigint;
  /**
   * The share of the frame in basis points, rounded away from the cap as the `kommune.cap` message rounds it: down while
   * within the cap, up when over it — so one øre over 12,5 % shows 12,51 %, never 12,50 %. Null when the frame is 0.
   */
  basisPoints: bigint | null;
  /** The cap of the reference's rule profile (`municipalCapBasisPoints`). */
  capBasisPoints: number;
  /** The most municipal money the cap allows: `frame × cap / 10000`, rounded down to whole øre. */
  capOre: bigint;
  /** The rule's exact test, `total × 10000 ≤ frame × cap` — never the rounded share. */
  withinCap: boolean;
}

/** What the pane shows of the financing: the frame, the municipal money against the cap, each source's share. */
export interface FinancingShares {
  /** All expenses in the period's years: the frame the shares are measured against. */
  frameOre: bigint;
  municipal: MunicipalShare;
  /** Each source that has a financing row, in the order of the reference's sources (duplicate rows summed). */
  sources: SourceShare[];
}

/**
 * The plan's frame, its municipal money against the cap of the reference's rule profile, and each financing source's
 * total and share of the frame — summed exactly as `validatePlan` sums them (the period's years, or every year for a
 * reversed period; invalid amounts left out), as data the pane formats with `formatKroner` and `formatBasisPoints`.
 * Throws a `TypeError` only for a reference that fails its schema (a programming error; `validatePlan` reports it as `input.shape`).
 *
 * Example:
 * ```ts
 * const shares = financingShares(plan); // frame 10.000.000,00 kr., 1.250.000,00 kr. from the pool
 * shares.frameOre;                       // 1_000_000_000n
 * shares.municipal;                      // { totalOre: 125_000_000n, basisPoints: 1250n, capBasisPoints: 1250, capOre: 125_000_000n, withinCap: true }
 * formatBasisPoints(shares.sources[0].basisPoints ?? 0n); // "87,50 %" (Landsbyggefonden)
 * ```
 */
export function financingShares(plan: PlanInput, reference?: Reference): FinancingShares {
  const indexed = indexOf(reference);
  if ("message" in indexed) throw new TypeError(indexed.message);
  return sharesOfSums(sumsOf(plan, indexed.index), indexed.index);
}

/** The shares from the rules' sums of one pass over the budget (`validatePlanWithShares` shares its pass). */
export function sharesOfSums(sums: BudgetSums, index: ReferenceIndex): FinancingShares {
  const frameOre = oreBig(sums.frameOre);
  const totalOf = (source: Source) => oreBig(sums.bySourceOre.get(source) ?? 0);

  const cap = index.ruleProfile.municipalCapBasisPoints;
  const municipalOre = municipalSources.reduce((total, source) => total + totalOf(source), 0n);
  const withinCap = municipalOre * BASIS_POINTS_WHOLE <= frameOre * BigInt(cap);
  const municipal: MunicipalShare = {
    totalOre: municipalOre,
    basisPoints: frameOre > 0n ? shareBasisPoints(municipalOre, frameOre, withinCap ? "down" : "up") : null,
    capBasisPoints: cap,
    capOre: (frameOre * BigInt(cap)) / BASIS_POINTS_WHOLE,
    withinCap,
  };

  const order = [...index.sourceNames.keys(), ...Source.options];
  const present = [...sums.bySourceOre.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  const sources = present.map((source): SourceShare => {
    const totalOre = totalOf(source);
    return {
      source,
      name: sourceName(index, source),
      totalOre,
      basisPoints: frameOre > 0n ? shareBasisPoints(totalOre, frameOre, "down") : null,
    };
  });
  return { frameOre, municipal, sources };
}

// ---------------------------------------------------------------------------------------------
// Fordel: one source's share, year by year
// ---------------------------------------------------------------------------------------------

/** Why `distributeShare` refused. Example: `refusal.reason === "lbf-negative"`. */
export type ShareRefusalReason =
  /** The source is not one of the financing sources. */
  | "source-unknown"
  /** The source is Landsbyggefonden, which takes the balancing difference. */
  | "source-is-lbf"
  /** The share is not a whole number of basis points from 0 to 10000. */
  | "share-invalid"
  /** `periodEnd < periodStart`: there are no years to distribute over. */
  | "period-reversed"
  /** The reference fails its schema. */
  | "reference-invalid"
  /** The source or Landsbyggefonden has more than one financing row: which row would get the amount? */
  | "duplicate-source"
  /** An expense, or another source's amount, in a year of the period is not a valid amount: the year's sums are unknown. */
  | "amount-invalid"
  /** In some year the other sources and the share together are more than the year's expenses. */
  | "lbf-negative"
  /** An amount to write would be above `Number.MAX_SAFE_INTEGER` øre. */
  | "amount-too-large";

/** `distributeShare`'s refusal: why, a Danish message that says what to do, and the years concerned (empty when none is). */
export interface ShareRefusal {
  ok: false;
  reason: ShareRefusalReason;
  message: string;
  years: string[];
}

/** `distributeShare`'s result: the new budget, and the amounts written (the period's years only) — the pane's one batched write. */
export interface ShareDistribution {
  ok: true;
  /** The plan's budget with the source's and Landsbyggefonden's rows written (a missing row appended); every other row and line is the same object as before. */
  budget: Budget;
  /** The source's amount for each year of the period, in whole kroner (multiples of 100 øre). */
  sourceOre: Record<string, number>;
  /** Landsbyggefonden's amount for each year of the period: the year's balancing difference. */
  lbfOre: Record<string, number>;
}

/** The outcome of `distributeShare`. Example: `if (result.ok) write(result.sourceOre, result.lbfOre); else show(result.message)`. */
export type ShareResult = ShareDistribution | ShareRefusal;

const refuse = (reason: ShareRefusalReason, message: string, years: string[] = []): ShareRefusal => ({
  ok: false,
  reason,
  message,
  years,
});

/** Danish enumeration: "2", "2 og 5", "1, 2 og 5". */
function listDanish(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} og ${items.at(-1) ?? ""}`;
}

const BEFORE_DISTRIBUTING = "før andelen fordeles";

function shareText(basisPoints: number): string {
  if (Number.isInteger(basisPoints)) return formatBasisPoints(basisPoints);
  return `${String(basisPoints).replace(".", ",")} basispoint`;
}

/** The refusal for a source or Landsbyggefonden in more than one row, or null. */
function duplicateRows(plan: PlanInput, index: ReferenceIndex, sources: readonly Source[]): ShareRefusal | null {
  for (const source of sources) {
    const rows = plan.budget.financing.flatMap((row, at) => (row.source === source ? [String(at + 1)] : []));
    if (rows.length > 1) {
      return refuse(
        "duplicate-source",
        `${sourceName(index, source)} står i flere finansieringsrækker (række ${listDanish(rows)}); saml kildens beløb i én række, ${BEFORE_DISTRIBUTING}.`,
      );
    }
  }
  return null;
}

/**
 * The refusal for an invalid amount (`amount.invalid`, as the rules' pass finds it) in a year of the period, on an
 * expense line or another source's row — the rows that are written need not hold valid amounts — or null.
 */
function invalidAmounts(
  plan: PlanInput,
  findings: readonly Finding[],
  written: readonly Source[],
): ShareRefusal | null {
  const relevant = findings.filter((finding) => {
    if (finding.ruleId !== ruleIds.amountInvalid) return false;
    const [, section, row, , year] = finding.path;
    const value = Number(year);
    if (value < plan.periodStart || value > plan.periodEnd) return false;
    if (section === "expenses") return true;
    const source = plan.budget.financing[row as number]?.source;
    return source !== undefined && !written.includes(source);
  });
  const first = relevant[0];
  if (first === undefined) return null;
  const others = relevant.length - 1;
  const more = others === 0 ? "" : ` Der er ${others} ${others === 1 ? "ugyldigt beløb" : "ugyldige beløb"} mere.`;
  const years = [...new Set(relevant.map((finding) => String(finding.path[4])))].sort();
  return refuse(
    "amount-invalid",
    `${first.message}${more} Ret ${others === 0 ? "beløbet" : "beløbene"}, ${BEFORE_DISTRIBUTING}.`,
    years,
  );
}

/** One year of a distribution: the year's expenses, the other sources' money, and the two amounts to write. */
interface YearDistribution {
  year: string;
  expensesOre: bigint;
  othersOre: bigint;
  sourceOre: bigint;
  lbfOre: bigint;
}

function lbfNegativeSentence(share: YearDistribution, name: string, lbfName: string, basisPoints: number): string {
  const shortfall = -share.lbfOre;
  // formatKroner ends in "kr.", which also ends the sentence.
  const smallerShare = share.sourceOre >= shortfall ? ", eller vælg en mindre andel." : "";
  return (
    `I ${share.year} er udgifterne ${formatKroner(share.expensesOre)}; de øvrige kilder finansierer ${formatKroner(share.othersOre)}, ` +
    `og ${name} får ${formatBasisPoints(basisPoints, { trimZeros: true })} = ${formatKroner(share.sourceOre)}, så ${lbfName} ville få ${formatKroner(share.lbfOre)} ` +
    `Sænk de øvrige kilders beløb i ${share.year} med mindst ${formatKroner(shortfall)}${smallerShare}`
  );
}

/** The amounts of one row, with the period's years overwritten. */
const written = (row: FinancingRow | undefined, amounts: Record<string, number>): Record<string, number> => ({
  ...row?.amountsOre,
  ...amounts,
});

/**
 * *Fordel*: sets `source`'s share of the frame to `basisPoints` (1/100 %), year by year. For each year of the period the
 * source gets `basisPoints × the year's expenses / 10000`, rounded **down** to whole kroner — so its total never exceeds
 * its share of the frame, and 12,5 % never becomes 12,5 % plus some øre — and Landsbyggefonden (`lbf`) gets the year's
 * expenses minus every other source's amount, so every year balances. A missing row of either is appended; amounts for
 * years outside the period, and every other row, are left as they are. The year's expenses are summed as the rules sum
 * them. Pure and integer-only (BigInt inside); every amount in the result is a safe integer.
 *
 * Refuses (never throws) with a typed `ShareRefusal` and a Danish message when the source is unknown or is `lbf`, the
 * share is not a whole number of basis points from 0 to 10000, the period is reversed, the reference is invalid, the
 * source or `lbf` has more than one row, an expense or another source's amount in the period is invalid, the other
 * sources and the share would leave Landsbyggefonden negative in some year, or an amount would exceed
 * `Number.MAX_SAFE_INTEGER` øre.
 *
 * Example:
 * ```ts
 * // one year, 2014, with expenses of 1.000.001,00 kr. and no other financing
 * const result = distributeShare(plan, "kommunePulje", 1250);
 * if (result.ok) {
 *   result.sourceOre; // { "2014": 12_500_000 }  — 125.000,00 kr. (12,5 % is 125.000,125 kr.)
 *   result.lbfOre;    // { "2014": 87_500_100 }  — 875.001,00 kr.
 * } else {
 *   result.message;   // "I 2014 er udgifterne …, så Landsbyggefonden ville få -25,00 kr. Sænk de øvrige kilders beløb …"
 * }
 * ```
 */
export function distributeShare(
  plan: PlanInput,
  source: Source,
  basisPoints: number,
  reference?: Reference,
): ShareResult {
  const indexed = indexOf(reference);
  if ("message" in indexed) return refuse("reference-invalid", indexed.message);
  const { index } = indexed;
  const lbfName = sourceName(index, balancingSource);

  if (!Source.safeParse(source).success) {
    const choices = listDanish(
      Source.options.filter((id) => id !== balancingSource).map((id) => sourceName(index, id)),
    );
    return refuse("source-unknown", `Kilden "${String(source)}" findes ikke; vælg en af: ${choices}.`);
  }
  if (source === balancingSource) {
    return refuse(
      "source-is-lbf",
      `${lbfName} får altid årets restbeløb, så budgettet balancerer, og kan ikke fordeles som en andel; vælg en anden kilde.`,
    );
  }
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    return refuse(
      "share-invalid",
      `Andelen skal være mellem 0 % og 100 % i hele hundrededele af en procent (fx 12,5 %), fik ${shareText(basisPoints)}.`,
    );
  }
  if (plan.periodEnd < plan.periodStart) {
    return refuse(
      "period-reversed",
      `Slutåret ${plan.periodEnd} ligger før startåret ${plan.periodStart}; ret perioden, ${BEFORE_DISTRIBUTING}.`,
    );
  }
  const writtenSources = [source, balancingSource];
  const duplicate = duplicateRows(plan, index, writtenSources);
  if (duplicate !== null) return duplicate;
  const findings: Finding[] = [];
  const sums = sumsOf(plan, index, findings);
  const invalid = invalidAmounts(plan, findings, writtenSources);
  if (invalid !== null) return invalid;

  const others = plan.budget.financing.filter((row) => !writtenSources.includes(row.source));
  const share = BigInt(basisPoints);
  const years: YearDistribution[] = [];
  for (let value = plan.periodStart; value <= plan.periodEnd; value++) {
    const year = String(value);
    const expensesOre = oreBig(sums.byYear.get(year)?.expenses ?? 0);
    // Every amount here is valid (invalidAmounts refused otherwise); a missing year reads as 0.
    const othersOre = others.reduce((total, row) => total + BigInt(row.amountsOre[year] ?? 0), 0n);
    const sourceOre = ((share * expensesOre) / BASIS_POINTS_TIMES_ORE_PER_KRONE) * 100n;
    years.push({ year, expensesOre, othersOre, sourceOre, lbfOre: expensesOre - othersOre - sourceOre });
  }

  const negative = years.filter((year) => year.lbfOre < 0n);
  if (negative.length > 0) {
    const name = sourceName(index, source);
    return refuse(
      "lbf-negative",
      negative.map((year) => lbfNegativeSentence(year, name, lbfName, basisPoints)).join(" "),
      negative.map((year) => year.year),
    );
  }
  const tooLarge = years.find((year) => year.sourceOre > MAX_SAFE_ORE || year.lbfOre > MAX_SAFE_ORE);
  if (tooLarge !== undefined) {
    const [name, amount] =
      tooLarge.sourceOre > MAX_SAFE_ORE ? [sourceName(index, source), tooLarge.sourceOre] : [lbfName, tooLarge.lbfOre];
    return refuse(
      "amount-too-large",
      `I ${tooLarge.year} ville ${name} få ${formatKroner(amount)}, men et beløb kan højst være ${formatKroner(MAX_SAFE_ORE)}; ` +
        `sænk årets udgifter (${formatKroner(tooLarge.expensesOre)}), ${BEFORE_DISTRIBUTING}.`,
      [tooLarge.year],
    );
  }

  const sourceOre = Object.fromEntries(years.map((year) => [year.year, Number(year.sourceOre)]));
  const lbfOre = Object.fromEntries(years.map((year) => [year.year, Number(year.lbfOre)]));
  const amountsBySource = new Map<Source, Record<string, number>>([
    [source, sourceOre],
    [balancingSource, lbfOre],
  ]);
  const financing = plan.budget.financing.map((row) => {
    const amounts = amountsBySource.get(row.source);
    return amounts === undefined ? row : { ...row, amountsOre: written(row, amounts) };
  });
  // A missing row is appended, in the order of the sources (Landsbyggefonden first).
  for (const missing of Source.options) {
    const amounts = amountsBySource.get(missing);
    if (amounts !== undefined && !financing.some((row) => row.source === missing)) {
      financing.push({ source: missing, amountsOre: written(undefined, amounts) });
    }
  }
  return { ok: true, budget: { expenses: plan.budget.expenses, financing }, sourceOre, lbfOre };
}
