// Properties of validatePlan over generated input: it never throws, a balanced budget under the
// cap has no errors, the cap does not care about scale, and the fast shape path agrees with zod.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { perYear, testPlan } from "./fixtures/plans";
import { isPlainAmounts, plainBudget, readPlanShape } from "./plan-shape";
import { validatePlan, validateShapedPlan } from "./plan-rules";
import { defaultReference } from "./reference";
import { AmountsOre, Budget, Finding, PlanInput, type ExpenseLine, type FinancingRow } from "./schemas";

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 4,
});

const allValidFindings = (findings: unknown) =>
  Array.isArray(findings) && findings.every((f) => Finding.safeParse(f).success);

/** A valid plan with the value at one of its paths replaced. */
function replaceAt(plan: PlanInput, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(plan) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  parent[path.at(-1) ?? ""] = value;
  return copy;
}

const replaceablePaths: (string | number)[][] = [
  [],
  ["name"],
  ["periodStart"],
  ["periodEnd"],
  ["districtId"],
  ["budget"],
  ["budget", "expenses"],
  ["budget", "expenses", 0],
  ["budget", "expenses", 0, "activity"],
  ["budget", "expenses", 0, "amountsOre"],
  ["budget", "expenses", 0, "amountsOre", "2015"],
  ["budget", "financing", 1],
  ["budget", "financing", 1, "amountsOre"],
  ["budget", "financing", 1, "amountsOre", "2014"],
];

describe("validatePlan never throws", () => {
  it("on anything, answering valid Finding objects", () => {
    fc.assert(
      fc.property(anything, (input) => allValidFindings(validatePlan(input))),
      { numRuns: 1_000 },
    );
  });

  it("on a valid plan with anything at one place, or on anything as the context", () => {
    fc.assert(
      fc.property(fc.constantFrom(...replaceablePaths), anything, anything, (path, value, context) => {
        const plan = replaceAt(testPlan(), path, value);
        return allValidFindings(validatePlan(plan)) && allValidFindings(validatePlan(testPlan(), context as never));
      }),
      { numRuns: 1_000 },
    );
  });
});

const yearsOf = (start: number, count: number) => Array.from({ length: count }, (_, offset) => String(start + offset));

/** A balanced 4-year budget whose municipal money stays under the 12.5 % cap every year (hence overall). */
const balancedPlanUnderCap = fc
  .record({
    lines: fc.array(
      fc.record({
        focusArea: fc.constantFrom(...defaultReference.focusAreas.map((area) => area.id)),
        category: fc.constantFrom(...defaultReference.categories.map((category) => category.id)),
        amounts: fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 4, maxLength: 4 }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
    poolBasisPoints: fc.integer({ min: 0, max: 1_250 }),
    otherMunicipalShare: fc.double({ min: 0, max: 1, noNaN: true }),
    housingShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ lines, poolBasisPoints, otherMunicipalShare, housingShare }) => {
    const years = yearsOf(2014, 4);
    const expenses: ExpenseLine[] = lines.map((line, index) => ({
      focusArea: line.focusArea,
      category: line.category,
      activity: `Aktivitet ${index + 1}`,
      amountsOre: Object.fromEntries(years.map((year, at) => [year, line.amounts[at] ?? 0])),
    }));
    const rows: Record<"lbf" | "kommunePulje" | "kommuneOevrig" | "boligorganisation", Record<string, number>> = {
      lbf: {},
      kommunePulje: {},
      kommuneOevrig: {},
      boligorganisation: {},
    };
    years.forEach((year, at) => {
      const total = lines.reduce((sum, line) => sum + (line.amounts[at] ?? 0), 0);
      const municipalRoom = Number((BigInt(total) * 1_250n) / 10_000n);
      const pool = Number((BigInt(total) * BigInt(poolBasisPoints)) / 10_000n);
      const other = Math.floor((municipalRoom - pool) * otherMunicipalShare);
      const housing = Math.floor((total - pool - other) * housingShare);
      rows.kommunePulje[year] = pool;
      rows.kommuneOevrig[year] = other;
      rows.boligorganisation[year] = housing;
      rows.lbf[year] = total - pool - other - housing;
    });
    const financing = Object.entries(rows).map(([source, amountsOre]) => ({ source, amountsOre }) as FinancingRow);
    return { ...testPlan(), budget: { expenses, financing } };
  });

describe("generated budgets", () => {
  it("a balanced budget under the cap, with a valid header, has no error findings", () => {
    fc.assert(
      fc.property(
        balancedPlanUnderCap,
        (plan) => validatePlan(plan).filter((f) => f.severity === "error").length === 0,
      ),
      { numRuns: 300 },
    );
  });

  /** A plan with random expenses and random municipal money of a similar order: kommune.cap fires for some and not for others. */
  const randomBudget = fc
    .record({
      expenses: fc.array(fc.integer({ min: 0, max: 1e8 }), { minLength: 4, maxLength: 4 }),
      pool: fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 4, maxLength: 4 }),
      other: fc.array(fc.integer({ min: 0, max: 1e7 }), { minLength: 4, maxLength: 4 }),
    })
    .map(({ expenses, pool, other }): PlanInput => {
      const years = yearsOf(2014, 4);
      const keyed = (amounts: number[]) => Object.fromEntries(years.map((year, at) => [year, amounts[at] ?? 0]));
      return {
        ...testPlan(),
        budget: {
          expenses: [
            { focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", amountsOre: keyed(expenses) },
          ],
          financing: [
            { source: "kommunePulje", amountsOre: keyed(pool) },
            { source: "kommuneOevrig", amountsOre: keyed(other) },
          ],
        },
      };
    });

  const scaled = (plan: PlanInput, factor: number): PlanInput => {
    const scale = (amounts: Record<string, number>) =>
      Object.fromEntries(Object.entries(amounts).map(([year, ore]) => [year, ore * factor]));
    return {
      ...plan,
      budget: {
        expenses: plan.budget.expenses.map((line) => ({ ...line, amountsOre: scale(line.amountsOre) })),
        financing: plan.budget.financing.map((row) => ({ ...row, amountsOre: scale(row.amountsOre) })),
      },
    };
  };

  const capFires = (plan: PlanInput) => validatePlan(plan).some((f) => f.ruleId === "kommune.cap");

  it("multiplying every amount by the same positive factor does not change whether kommune.cap fires", () => {
    let fired = 0;
    fc.assert(
      fc.property(randomBudget, fc.integer({ min: 1, max: 1_000_000 }), (plan, factor) => {
        const before = capFires(plan);
        if (before) fired++;
        return capFires(scaled(plan, factor)) === before;
      }),
      { numRuns: 500 },
    );
    // The property says something only if both outcomes occur.
    expect(fired).toBeGreaterThan(50);
    expect(fired).toBeLessThan(450);
  });
});

describe("the fast shape path", () => {
  const amountsLike = fc.oneof(
    anything,
    fc.dictionary(
      fc.oneof(
        fc.constantFrom("2014", "2015", "14", "20145", "__proto__", "constructor", " 2014", "２０１４"),
        fc.string(),
      ),
      fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(undefined), fc.constant(null), fc.bigInt()),
      { noNullPrototype: false },
    ),
    fc.constant(perYear(1, ["2014"])),
  );

  it("accepts amounts only where AmountsOre accepts them", () => {
    fc.assert(
      fc.property(amountsLike, (value) => !isPlainAmounts(value) || AmountsOre.safeParse(value).success),
      { numRuns: 2_000 },
    );
  });

  it("decides exactly as the PlanInput schema does", () => {
    fc.assert(
      fc.property(fc.constantFrom(...replaceablePaths.slice(9)), amountsLike, (path, value) => {
        const plan = replaceAt(testPlan(), path, value);
        return readPlanShape(plan).success === PlanInput.safeParse(plan).success;
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the PlanInput schema's output when it accepts", () => {
    fc.assert(
      fc.property(fc.constantFrom(...replaceablePaths.slice(9)), amountsLike, (path, value) => {
        const plan = replaceAt(testPlan(), path, value);
        const fast = readPlanShape(plan);
        const full = PlanInput.safeParse(plan);
        return !fast.success || (full.success && JSON.stringify(fast.data) === JSON.stringify(full.data));
      }),
      { numRuns: 1_000 },
    );
  });

  it("plainBudget accepts a budget only where Budget does, with Budget's output", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.constantFrom(...replaceablePaths.slice(9)), amountsLike, (path, value) => {
        const { budget } = replaceAt(testPlan(), path, value) as { budget: unknown };
        const fast = plainBudget(budget);
        if (fast === undefined) return true;
        accepted++;
        const full = Budget.safeParse(budget);
        return full.success && JSON.stringify(fast) === JSON.stringify(full.data);
      }),
      { numRuns: 2_000 },
    );
    // The property says something only if the fast path accepts some of them.
    expect(accepted).toBeGreaterThan(50);
  });

  it("plainBudget leaves to Budget what is not a budget, or is one with an unknown key", () => {
    for (const value of [null, [], "budget", { expenses: [] }, { ...testPlan().budget, extra: 1 }]) {
      expect(plainBudget(value)).toBeUndefined();
    }
    expect(plainBudget(testPlan().budget)).toEqual(testPlan().budget);
  });
});

describe("validateShapedPlan", () => {
  it("finds what validatePlan finds on the same plan, with any pool room", () => {
    fc.assert(
      fc.property(balancedPlanUnderCap, fc.integer({ min: -1, max: 1e12 }), (plan, poolAvailableOre) => {
        const context = { reference: defaultReference, poolAvailableOre };
        return JSON.stringify(validateShapedPlan(plan, context)) === JSON.stringify(validatePlan(plan, context));
      }),
      { numRuns: 300 },
    );
  });

  it("answers an unusable context with its findings, as validatePlan does", () => {
    const context = { reference: { ...defaultReference, districts: "none" }, poolAvailableOre: 0.5 } as never;
    const findings = validateShapedPlan(testPlan(), context);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings).toEqual(validatePlan(testPlan(), context));
  });
});
