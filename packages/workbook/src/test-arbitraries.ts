// fast-check arbitraries for the round-trip properties: canonical, valid-shaped plans (every
// period year in every amountsOre), with the text a workbook cell can hold unchanged.
import {
  defaultPools,
  defaultReference,
  labelKey,
  Source,
  GoalStatus,
  type AnnualReport,
  type ExpenseLine,
  type Goal,
  type FinancingRow,
  type PlanInput,
} from "@helhedsplan/rules";
import fc from "fast-check";
import { isExcelError } from "./grid";
import type { PoolLabel } from "./labels";
import { periodYears } from "./layout";

/** Text for cells: any Unicode text, or (for files) printable text with Danish letters, as XML can carry it. */
export type TextKind = "unicode" | "printable";

const printable = fc.string({
  unit: fc.constantFrom(..."abcæøåABCÆØÅ 0123456789-–.,;:'\"()/&#%=@éü\t"),
  maxLength: 40,
});

function text(kind: TextKind, options: { minLength?: number; maxLength: number }): fc.Arbitrary<string> {
  const base = kind === "unicode" ? fc.string({ unit: "grapheme", ...options }) : printable;
  return base
    .map((value) => value.slice(0, options.maxLength))
    .filter((value) => value.length >= (options.minLength ?? 0) && !value.includes("\u0000") && !isExcelError(value));
}

/** A text that survives trimming and line splitting unchanged (an estate, a pool's id or name). */
export function trimmedLine(kind: TextKind): fc.Arbitrary<string> {
  return text(kind, { minLength: 1, maxLength: 40 })
    .map((value) => value.replace(/[\r\n\u2028\u2029\u0085\v\f]/g, " ").trim())
    .filter((value) => value !== "" && !isExcelError(value));
}

/** Whole øre of any safe size and sign (amounts of 10^13 kr. and more are written as text to stay exact). */
export const amountOre = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 2_000_000_000 }) },
  { weight: 2, arbitrary: fc.maxSafeInteger() },
  { weight: 1, arbitrary: fc.integer({ min: -1_000_000_000, max: -1 }) },
  { weight: 1, arbitrary: fc.constant(0) },
);

function amountsOre(years: readonly string[], extraYears: readonly string[]): fc.Arbitrary<Record<string, number>> {
  return fc
    .tuple(
      fc.tuple(...years.map(() => amountOre)),
      fc
        .subarray([...extraYears])
        .chain((extra) => fc.tuple(fc.constant(extra), fc.tuple(...extra.map(() => amountOre)))),
    )
    .map(([amounts, [extra, extraAmounts]]) => ({
      ...Object.fromEntries(years.map((year, index) => [year, amounts[index] ?? 0])),
      ...Object.fromEntries(extra.map((year, index) => [year, extraAmounts[index] ?? 0])),
    }));
}

/** One to four pools with any ids and names (names distinct as labels are compared, ids distinct). */
export function poolList(kind: TextKind): fc.Arbitrary<PoolLabel[]> {
  return fc
    .uniqueArray(fc.record({ id: trimmedLine(kind), name: trimmedLine(kind) }), {
      minLength: 1,
      maxLength: 4,
      selector: (pool) => labelKey(pool.name),
    })
    .filter((pools) => new Set(pools.map((pool) => labelKey(pool.id))).size === pools.length);
}

/** A canonical plan with pools of its own to draw on: `poolId` is one of `pools` or null. */
export function canonicalPlanWithPools(
  kind: TextKind,
  maxLines = 8,
): fc.Arbitrary<{ plan: PlanInput; pools: PoolLabel[] }> {
  return poolList(kind).chain((pools) => canonicalPlan(kind, maxLines, pools).map((plan) => ({ plan, pools })));
}

/** A canonical plan with valid-shaped fields, ids from the default reference, a pool of `pools` (or none) and up to `maxLines` expense lines. */
export function canonicalPlan(
  kind: TextKind,
  maxLines = 8,
  pools: readonly PoolLabel[] = defaultPools,
): fc.Arbitrary<PlanInput> {
  const ids = (entries: { id: string }[]) => fc.constantFrom(...entries.map((entry) => entry.id));
  return fc
    .record({ periodStart: fc.integer({ min: 1990, max: 2090 }), length: fc.integer({ min: 1, max: 6 }) })
    .chain(({ periodStart, length }) => {
      const periodEnd = periodStart + length - 1;
      const years = periodYears(periodStart, periodEnd);
      const outside = [String(periodStart - 1), String(periodEnd + 2)];
      const expense: fc.Arbitrary<ExpenseLine> = fc.record({
        focusArea: ids(defaultReference.focusAreas),
        category: ids(defaultReference.categories),
        activity: text(kind, { maxLength: 200 }),
        amountsOre: amountsOre(years, outside),
      });
      const financing: fc.Arbitrary<FinancingRow> = fc.record({
        source: fc.constantFrom(...Source.options),
        amountsOre: amountsOre(years, outside),
      });
      return fc.record({
        name: text(kind, { minLength: 1, maxLength: 200 }),
        housingOrganisation: text(kind, { minLength: 1, maxLength: 200 }),
        estates: fc.array(trimmedLine(kind), { maxLength: 4 }),
        districtId: fc.option(ids(defaultReference.districts), { nil: null }),
        vulnerableArea: fc.boolean(),
        cooperation: fc.boolean(),
        periodStart: fc.constant(periodStart),
        periodEnd: fc.constant(periodEnd),
        poolId: fc.option(ids([...pools]), { nil: null }),
        budget: fc.record({
          expenses: fc.array(expense, { maxLength: maxLines }),
          financing: fc.array(financing, { maxLength: 6 }),
        }),
      });
    });
}

/** Goals with distinct ids, as a workbook cell holds them unchanged: trimmed ids and criteria, a goal text with something in it. */
export function goalList(kind: TextKind): fc.Arbitrary<Goal[]> {
  const ids = (entries: { id: string }[]) => fc.constantFrom(...entries.map((entry) => entry.id));
  return fc.uniqueArray(
    fc.record({
      id: trimmedLine(kind),
      focusArea: ids(defaultReference.focusAreas),
      goal: text(kind, { minLength: 1, maxLength: 200 }).filter((value) => value.trim() !== ""),
      successCriteria: fc.array(trimmedLine(kind), { maxLength: 4 }),
    }),
    { maxLength: 6, selector: (goal) => goal.id },
  );
}

/** A yearly report with ids from the default reference and any amounts and texts a cell holds unchanged. */
export function annualReport(kind: TextKind): fc.Arbitrary<AnnualReport> {
  const ids = (entries: { id: string }[]) => fc.constantFrom(...entries.map((entry) => entry.id));
  return fc.record({
    year: fc.integer({ min: 1990, max: 2090 }),
    spending: fc.array(
      fc.record({
        focusArea: ids(defaultReference.focusAreas),
        category: ids(defaultReference.categories),
        activity: text(kind, { maxLength: 200 }),
        actualOre: amountOre,
      }),
      { maxLength: 8 },
    ),
    financingReceived: fc.array(fc.record({ source: fc.constantFrom(...Source.options), actualOre: amountOre }), {
      maxLength: 6,
    }),
    goals: fc.array(
      fc.record({
        goalId: trimmedLine(kind),
        status: fc.constantFrom(...GoalStatus.options),
        comment: text(kind, { maxLength: 200 }),
      }),
      { maxLength: 6 },
    ),
  });
}
