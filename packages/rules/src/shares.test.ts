// Co-financing shares: the pane's figures at their boundaries, Fordel's concrete cases and
// refusals, and Fordel's properties over generated plans (every year balanced, the share never
// exceeded, whole kroner, øre conserved, other sources untouched, the cap kept at exactly 12,5 %).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expenseLine, financingRows, perYear, testPlan } from "./fixtures/plans";
import { formatBasisPoints, formatKroner, parseKroner } from "./money";
import { validatePlan, validatePlanWithShares } from "./plan-rules";
import { defaultReference } from "./reference";
import type { FinancingRow, PlanInput, Reference, Source } from "./schemas";
import { distributeShare, financingShares, type ShareDistribution, type ShareResult } from "./shares";

const kr = (text: string) => parseKroner(text);

/** A plan over `years` (the period from the first to the last) with the given expense lines and financing rows. */
function planOf(
  years: readonly string[],
  expenses: Record<string, number>[],
  financing: Partial<Record<Source, Record<string, number>>> = {},
): PlanInput {
  return {
    ...testPlan(),
    periodStart: Number(years[0]),
    periodEnd: Number(years.at(-1)),
    budget: {
      expenses: expenses.map((amountsOre, at) => expenseLine(amountsOre, { activity: `Aktivitet ${at + 1}` })),
      financing: financingRows(financing),
    },
  };
}

function distributed(result: ShareResult): ShareDistribution {
  if (!result.ok) throw new Error(`Uventet afvisning (${result.reason}): ${result.message}`);
  return result;
}

const rowOf = (result: ShareDistribution, source: Source) =>
  result.budget.financing.find((row) => row.source === source);

describe("financingShares", () => {
  it("gives the frame, the municipal money against the cap, and each present source's share, in the reference's order", () => {
    const plan = planOf(["2014", "2015"], [perYear(kr("5.000.000,00"), ["2014", "2015"])], {
      boligorganisation: perYear(kr("500.000,00"), ["2014", "2015"]),
      kommunePulje: perYear(kr("400.000,00"), ["2014", "2015"]),
      lbf: perYear(kr("4.000.000,00"), ["2014", "2015"]),
      kommuneOevrig: perYear(kr("100.000,00"), ["2014", "2015"]),
    });
    const shares = financingShares(plan);
    expect(shares.frameOre).toBe(BigInt(kr("10.000.000,00")));
    expect(shares.municipal).toEqual({
      totalOre: BigInt(kr("1.000.000,00")),
      basisPoints: 1000n,
      capBasisPoints: 1250,
      capOre: BigInt(kr("1.250.000,00")),
      withinCap: true,
    });
    expect(shares.sources.map(({ source, name, basisPoints }) => [source, name, basisPoints])).toEqual([
      ["lbf", "Landsbyggefonden", 8000n],
      ["kommunePulje", "Kommunen – puljen", 800n],
      ["kommuneOevrig", "Kommunen – øvrige midler", 200n],
      ["boligorganisation", "Boligorganisationen", 1000n],
    ]);
    expect(formatBasisPoints(shares.sources[0]?.basisPoints ?? 0n)).toBe("80,00 %");
  });

  it("is within the cap at exactly 12,5 %, and one øre more is over it and shows 12,51 % (as kommune.cap does)", () => {
    const frame = kr("10.000.000,00");
    const at = (municipal: number) =>
      financingShares(planOf(["2014"], [{ "2014": frame }], { kommunePulje: { "2014": municipal } })).municipal;
    expect(at(kr("1.250.000,00"))).toMatchObject({ basisPoints: 1250n, withinCap: true, capOre: 125_000_000n });
    expect(at(kr("1.250.000,01"))).toMatchObject({ basisPoints: 1251n, withinCap: false });
    // Just under the cap is rounded down, so it never shows as more than it is.
    expect(at(kr("1.249.999,99"))).toMatchObject({ basisPoints: 1249n, withinCap: true });
  });

  it("rounds a source's share down: how much of the frame it certainly covers", () => {
    const shares = financingShares(planOf(["2014"], [{ "2014": 3 }], { lbf: { "2014": 2 }, andre: { "2014": 1 } }));
    expect(shares.sources.map((share) => share.basisPoints)).toEqual([6666n, 3333n]);
  });

  it("has no share for a frame of 0, and municipal money then breaks the cap as the rule says", () => {
    const shares = financingShares(planOf(["2014"], [{ "2014": 0 }], { kommuneOevrig: { "2014": 100 } }));
    expect(shares.frameOre).toBe(0n);
    expect(shares.municipal).toMatchObject({ basisPoints: null, capOre: 0n, withinCap: false });
    expect(shares.sources).toEqual([
      { source: "kommuneOevrig", name: "Kommunen – øvrige midler", totalOre: 100n, basisPoints: null },
    ]);
    expect(financingShares(planOf(["2014"], [{ "2014": 0 }])).municipal.withinCap).toBe(true);
  });

  it("sums as the rules do: the period's years only, duplicate rows together, invalid amounts left out, exactly in BigInt", () => {
    const big = Number.MAX_SAFE_INTEGER;
    const plan = planOf(["2014", "2015"], [{ "2013": 999, "2014": big, "2015": big }], {
      lbf: { "2014": big, "2015": -5, "2016": 7 },
    });
    plan.budget.financing.push(
      { source: "lbf", amountsOre: { "2015": 1.5 } },
      { source: "lbf", amountsOre: { "2015": 3 } },
    );
    const shares = financingShares(plan);
    expect(shares.frameOre).toBe(2n * BigInt(big));
    expect(shares.sources).toEqual([
      { source: "lbf", name: "Landsbyggefonden", totalOre: BigInt(big) + 3n, basisPoints: 5000n },
    ]);
  });

  it("sums every year of a reversed period, as validatePlan does", () => {
    const plan = {
      ...planOf(["2014"], [{ "2013": 100, "2020": 300 }], { kommunePulje: { "2020": 100 } }),
      periodEnd: 2010,
    };
    const shares = financingShares(plan);
    expect(shares.frameOre).toBe(400n);
    expect(shares.municipal.basisPoints).toBe(2500n);
    expect(validatePlan(plan).some((f) => f.ruleId === "kommune.cap")).toBe(!shares.municipal.withinCap);
  });

  it("takes the cap and the names from the given reference, and throws a TypeError on an invalid one", () => {
    const reference: Reference = {
      ...defaultReference,
      sources: [{ id: "lbf", name: "LBF" }],
      ruleProfile: { ...defaultReference.ruleProfile, municipalCapBasisPoints: 900 },
    };
    const shares = financingShares(testPlan({ kommunePuljeOre: 100_000_000 }), reference);
    expect(shares.municipal).toMatchObject({ basisPoints: 1000n, capBasisPoints: 900, withinCap: false });
    expect(shares.sources.map((share) => share.name)).toEqual(["LBF", "kommunePulje"]);
    const broken = {
      ...defaultReference,
      ruleProfile: { ...defaultReference.ruleProfile, municipalCapBasisPoints: -1 },
    };
    expect(() => financingShares(testPlan(), broken)).toThrow(TypeError);
  });
});

describe("distributeShare: concrete cases", () => {
  it("12,5 % of a year's 1.000.001,00 kr. is 125.000,00 kr., never 125.000,13 kr.; Landsbyggefonden gets the rest", () => {
    const plan = planOf(["2014"], [{ "2014": kr("1.000.001,00") }], { lbf: { "2014": kr("1.000.001,00") } });
    const result = distributed(distributeShare(plan, "kommunePulje", 1250));
    expect(formatKroner(result.sourceOre["2014"] ?? -1)).toBe("125.000,00 kr.");
    expect(formatKroner(result.lbfOre["2014"] ?? -1)).toBe("875.001,00 kr.");
    expect(rowOf(result, "kommunePulje")?.amountsOre).toEqual({ "2014": kr("125.000,00") });
    expect(validatePlan({ ...plan, budget: result.budget }).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("rounds down to whole kroner each year, so the total stays under the share even where the frame's share is whole", () => {
    // 12,5 % of 100,07 kr. is 12,50875 kr. a year: 12,00 kr.; over four years 48,00 kr. ≤ 50,03 kr.
    const years = ["2014", "2015", "2016", "2017"];
    const plan = planOf(years, [perYear(kr("100,07"), years)]);
    const result = distributed(distributeShare(plan, "boligorganisation", 1250));
    expect(result.sourceOre).toEqual(perYear(1200, years));
    expect(result.lbfOre).toEqual(perYear(kr("88,07"), years));
  });

  it("share 0 writes 0 for the source and gives Landsbyggefonden the rest", () => {
    const years = ["2014", "2015"];
    const plan = planOf(years, [perYear(1_000_00, years)], {
      kommunePulje: perYear(300_00, years),
      andre: { "2014": 100_00 },
      lbf: perYear(700_00, years),
    });
    const result = distributed(distributeShare(plan, "kommunePulje", 0));
    expect(result.sourceOre).toEqual(perYear(0, years));
    expect(result.lbfOre).toEqual({ "2014": 900_00, "2015": 1_000_00 });
    expect(rowOf(result, "andre")).toBe(plan.budget.financing[1]);
  });

  it("share 10000 with no other sources gives the source every whole krone and Landsbyggefonden only the øre", () => {
    const plan = planOf(["2014", "2015"], [{ "2014": kr("1.000.000,55"), "2015": kr("2.000,00") }], {
      lbf: { "2014": 1, "2015": 1 },
    });
    const result = distributed(distributeShare(plan, "andre", 10_000));
    expect(result.sourceOre).toEqual({ "2014": kr("1.000.000,00"), "2015": kr("2.000,00") });
    expect(result.lbfOre).toEqual({ "2014": 55, "2015": 0 });
  });

  it("creates a missing Landsbyggefonden row and a missing source row, Landsbyggefonden first, with every period year", () => {
    const years = ["2014", "2015"];
    const plan = planOf(years, [perYear(1_000_00, years)], { andre: { "2015": 100_00 } });
    const result = distributed(distributeShare(plan, "kommuneOevrig", 1000));
    expect(result.budget.financing).toEqual<FinancingRow[]>([
      { source: "andre", amountsOre: { "2015": 100_00 } },
      { source: "lbf", amountsOre: { "2014": 900_00, "2015": 800_00 } },
      { source: "kommuneOevrig", amountsOre: { "2014": 100_00, "2015": 100_00 } },
    ]);
  });

  it("leaves amounts outside the period, the expenses and the input untouched", () => {
    const plan = planOf(["2014", "2015"], [{ "2013": 5, "2014": 1_000_00, "2015": 2_000_00 }], {
      lbf: { "2016": 42, "2014": 1 },
      kommunePulje: { "2013": 7 },
    });
    const before = structuredClone(plan);
    const result = distributed(distributeShare(plan, "kommunePulje", 5000));
    expect(plan).toEqual(before);
    expect(result.budget.expenses).toBe(plan.budget.expenses);
    expect(rowOf(result, "lbf")?.amountsOre).toEqual({ "2016": 42, "2014": 500_00, "2015": 1_000_00 });
    expect(rowOf(result, "kommunePulje")?.amountsOre).toEqual({ "2013": 7, "2014": 500_00, "2015": 1_000_00 });
  });

  it("overwrites invalid amounts in the rows it writes", () => {
    const plan = planOf(["2014"], [{ "2014": 1_000_00 }], { lbf: { "2014": -3 }, kommunePulje: { "2014": 0.5 } });
    const result = distributed(distributeShare(plan, "kommunePulje", 1250));
    expect(result.sourceOre).toEqual({ "2014": 125_00 });
    expect(result.lbfOre).toEqual({ "2014": 875_00 });
  });

  it("distributing the pool at exactly the cap, without other municipal money, keeps kommune.cap silent", () => {
    const plan = testPlan({ frameOre: 4 * kr("1.000.001,03") });
    const result = distributed(distributeShare(plan, "kommunePulje", 1250));
    const findings = validatePlan({ ...plan, budget: result.budget });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    const shares = financingShares({ ...plan, budget: result.budget });
    expect(shares.municipal).toMatchObject({ basisPoints: 1249n, withinCap: true });
  });
});

describe("distributeShare: refusals", () => {
  const years = ["2014", "2015"];
  const plan = planOf(years, [perYear(1_000_00, years)], { lbf: perYear(1_000_00, years) });
  const refusal = (result: ShareResult) => {
    if (result.ok) throw new Error("Forventede en afvisning.");
    return result;
  };

  it("refuses Landsbyggefonden itself and an unknown source", () => {
    expect(refusal(distributeShare(plan, "lbf", 1000))).toMatchObject({
      reason: "source-is-lbf",
      message:
        "Landsbyggefonden får altid årets restbeløb, så budgettet balancerer, og kan ikke fordeles som en andel; vælg en anden kilde.",
      years: [],
    });
    expect(refusal(distributeShare(plan, "kommunen" as Source, 1000)).reason).toBe("source-unknown");
  });

  it("refuses a share that is not a whole number of basis points from 0 to 10000", () => {
    for (const basisPoints of [-1, 10_001, 1250.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusal(distributeShare(plan, "andre", basisPoints)).reason).toBe("share-invalid");
    }
    expect(refusal(distributeShare(plan, "andre", 10_001)).message).toBe(
      "Andelen skal være mellem 0 % og 100 % i hele hundrededele af en procent (fx 12,5 %), fik 100,01 %.",
    );
    expect(refusal(distributeShare(plan, "andre", 1250.5)).message).toContain("fik 1250,5 basispoint.");
    expect(distributeShare(plan, "andre", 0).ok).toBe(true);
    expect(distributeShare(plan, "andre", 10_000).ok).toBe(true);
  });

  it("refuses a reversed period", () => {
    expect(refusal(distributeShare({ ...plan, periodEnd: 2013 }, "andre", 1000))).toMatchObject({
      reason: "period-reversed",
      message: "Slutåret 2013 ligger før startåret 2014; ret perioden, før andelen fordeles.",
    });
  });

  it("refuses when the other sources and the share would leave Landsbyggefonden negative, naming the year and the figures", () => {
    const crowded = planOf(years, [perYear(1_000_00, years)], {
      boligorganisation: { "2014": 900_00, "2015": 1_000_01 },
    });
    const result = refusal(distributeShare(crowded, "kommunePulje", 1250));
    expect(result.reason).toBe("lbf-negative");
    expect(result.years).toEqual(["2014", "2015"]);
    expect(result.message).toBe(
      "I 2014 er udgifterne 1.000,00 kr.; de øvrige kilder finansierer 900,00 kr., og Kommunen – puljen får 12,5 % = 125,00 kr., " +
        "så Landsbyggefonden ville få -25,00 kr. Sænk de øvrige kilders beløb i 2014 med mindst 25,00 kr., eller vælg en mindre andel. " +
        "I 2015 er udgifterne 1.000,00 kr.; de øvrige kilder finansierer 1.000,01 kr., og Kommunen – puljen får 12,5 % = 125,00 kr., " +
        "så Landsbyggefonden ville få -125,01 kr. Sænk de øvrige kilders beløb i 2015 med mindst 125,01 kr.",
    );
    // Exactly filling the year is fine: Landsbyggefonden gets 0.
    const full = planOf(years, [perYear(1_000_00, years)], { boligorganisation: perYear(875_00, years) });
    expect(distributed(distributeShare(full, "kommunePulje", 1250)).lbfOre).toEqual(perYear(0, years));
  });

  it("refuses a second row for the source or for Landsbyggefonden, but sums a duplicated other source", () => {
    const doubled = (source: Source) => {
      const copy = structuredClone(plan);
      copy.budget.financing.push({ source, amountsOre: {} }, { source, amountsOre: {} });
      return copy;
    };
    expect(refusal(distributeShare(doubled("lbf"), "andre", 1000))).toMatchObject({
      reason: "duplicate-source",
      message:
        "Landsbyggefonden står i flere finansieringsrækker (række 1, 2 og 3); saml kildens beløb i én række, før andelen fordeles.",
    });
    expect(refusal(distributeShare(doubled("andre"), "andre", 1000)).reason).toBe("duplicate-source");
    const other = doubled("boligorganisation");
    other.budget.financing[1] = { source: "boligorganisation", amountsOre: { "2014": 100_00 } };
    other.budget.financing[2] = { source: "boligorganisation", amountsOre: { "2014": 50_00 } };
    expect(distributed(distributeShare(other, "andre", 1000)).lbfOre).toEqual({ "2014": 750_00, "2015": 900_00 });
  });

  it("refuses an invalid expense or other source's amount in the period, with the rule's message", () => {
    const invalid = planOf(years, [{ "2014": 1_000_00, "2015": -1 }], { andre: { "2014": 0.5 } });
    const result = refusal(distributeShare(invalid, "kommunePulje", 1000));
    expect(result.reason).toBe("amount-invalid");
    expect(result.years).toEqual(["2014", "2015"]);
    expect(result.message).toMatch(
      /^Udgiftslinje 1 \("Aktivitet 1"\), 2015: beløbet -0,01 kr\. er negativt; .* Der er 1 ugyldigt beløb mere\. Ret beløbene, før andelen fordeles\.$/,
    );
    // Outside the period an invalid amount is the rules' business, not Fordel's.
    const outside = planOf(years, [{ "2013": -1, "2014": 1_000_00 }]);
    expect(distributeShare(outside, "kommunePulje", 1000).ok).toBe(true);
  });

  it("refuses amounts above Number.MAX_SAFE_INTEGER øre, computing them exactly", () => {
    const big = Number.MAX_SAFE_INTEGER;
    const huge = planOf(["2014"], [{ "2014": big }, { "2014": big }]);
    const result = refusal(distributeShare(huge, "andre", 4000));
    expect(result).toMatchObject({ reason: "amount-too-large", years: ["2014"] });
    expect(result.message).toContain(
      `Landsbyggefonden få ${formatKroner(2n * BigInt(big) - ((4000n * 2n * BigInt(big)) / 1_000_000n) * 100n)}`,
    );
    // A year's expenses beyond the safe range are fine as long as each written amount fits.
    const fitting = planOf(["2014"], [{ "2014": big }, { "2014": big - 200 }]);
    const fits = distributed(distributeShare(fitting, "andre", 5000));
    expect(fits.lbfOre["2014"]).toBe(big - 9);
    expect(BigInt(fits.sourceOre["2014"] ?? 0) + BigInt(fits.lbfOre["2014"] ?? 0)).toBe(2n * BigInt(big) - 200n);
  });

  it("refuses an invalid reference", () => {
    const broken = { ...defaultReference, sources: "none" } as unknown as Reference;
    expect(distributeShare(plan, "andre", 1000, defaultReference).ok).toBe(true);
    expect(refusal(distributeShare(plan, "andre", 1000, broken)).reason).toBe("reference-invalid");
  });
});

// --- Properties -------------------------------------------------------------------------------

const nonBalancingSources: Source[] = ["kommunePulje", "kommuneOevrig", "boligorganisation", "andre"];
const allSources: Source[] = ["lbf", ...nonBalancingSources];

/** An amount, mostly ordinary, sometimes 0 or near the largest safe amount (so sums leave the safe range). */
const expenseAmount = fc.oneof(
  { weight: 27, arbitrary: fc.integer({ min: 0, max: 1e12 }) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: Number.MAX_SAFE_INTEGER - 1e6, max: Number.MAX_SAFE_INTEGER }) },
);

/** A plan of 1–5 years from 2014 with random expenses, random financing rows (some with amounts outside the period), a source and a share. */
const distributionCase = fc
  .record({
    length: fc.integer({ min: 1, max: 5 }),
    lines: fc.array(fc.array(expenseAmount, { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
    rows: fc.uniqueArray(
      fc.record({
        source: fc.constantFrom(...allSources),
        amounts: fc.array(fc.integer({ min: 0, max: 1e11 }), { minLength: 5, maxLength: 5 }),
        outside: fc.option(fc.integer({ min: 0, max: 1e6 }), { nil: undefined }),
      }),
      { selector: (row) => row.source, maxLength: 5 },
    ),
    source: fc.constantFrom(...nonBalancingSources),
    basisPoints: fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.constantFrom(0, 1, 1250, 9999, 10_000)),
  })
  .map(({ length, lines, rows, source, basisPoints }) => {
    const years = Array.from({ length }, (_, at) => String(2014 + at));
    const keyed = (amounts: number[]) => Object.fromEntries(years.map((year, at) => [year, amounts[at] ?? 0]));
    const plan = planOf(
      years,
      lines.map(keyed),
      Object.fromEntries(
        rows.map((row) => [
          row.source,
          row.outside === undefined
            ? keyed(row.amounts)
            : { ...keyed(row.amounts), [String(2014 + length)]: row.outside },
        ]),
      ),
    );
    return { plan, years, source, basisPoints };
  });

/** The exact sum of the amounts of `year` over some lines or rows. */
const sumYear = (rows: readonly { amountsOre: Record<string, number> }[], year: string) =>
  rows.reduce((total, row) => total + BigInt(row.amountsOre[year] ?? 0), 0n);

describe("distributeShare: properties", () => {
  it("succeeds exactly when Landsbyggefonden stays non-negative and every amount is safe, with the share's whole kroner", () => {
    let succeeded = 0;
    const refused = { "lbf-negative": 0, "amount-too-large": 0 };
    fc.assert(
      fc.property(distributionCase, ({ plan, years, source, basisPoints }) => {
        const result = distributeShare(plan, source, basisPoints);
        const others = plan.budget.financing.filter((row) => row.source !== source && row.source !== "lbf");
        const expected = years.map((year) => {
          const expenses = sumYear(plan.budget.expenses, year);
          const share = ((BigInt(basisPoints) * expenses) / 1_000_000n) * 100n;
          return { year, share, lbf: expenses - sumYear(others, year) - share };
        });
        const max = BigInt(Number.MAX_SAFE_INTEGER);
        if (expected.some((year) => year.lbf < 0n)) {
          refused["lbf-negative"]++;
          return !result.ok && result.reason === "lbf-negative";
        }
        if (expected.some((year) => year.share > max || year.lbf > max)) {
          refused["amount-too-large"]++;
          return !result.ok && result.reason === "amount-too-large";
        }
        succeeded++;
        return (
          result.ok &&
          expected.every(
            ({ year, share, lbf }) =>
              BigInt(result.sourceOre[year] ?? -1) === share && BigInt(result.lbfOre[year] ?? -1) === lbf,
          )
        );
      }),
      { numRuns: 500 },
    );
    // The property says something only if many cases succeed and both refusals occur.
    expect(succeeded).toBeGreaterThan(150);
    expect(refused["lbf-negative"]).toBeGreaterThan(10);
    expect(refused["amount-too-large"]).toBeGreaterThan(10);
  });

  it("every year of the period balances, øre conserved, the share never exceeded and in whole kroner, the rest untouched", () => {
    fc.assert(
      fc.property(distributionCase, ({ plan, years, source, basisPoints }) => {
        const before = structuredClone(plan);
        const result = distributeShare(plan, source, basisPoints);
        expect(plan).toEqual(before);
        if (!result.ok) return;
        const { expenses, financing } = result.budget;
        let frame = 0n;
        let sourceTotal = 0n;
        for (const year of years) {
          const yearExpenses = sumYear(expenses, year);
          frame += yearExpenses;
          // Balanced, so no øre lost or made: total financing = total expenses, every year.
          expect(sumYear(financing, year)).toBe(yearExpenses);
          const amount = result.sourceOre[year] ?? -1;
          expect(Number.isSafeInteger(amount) && amount >= 0 && amount % 100 === 0).toBe(true);
          expect(Number.isSafeInteger(result.lbfOre[year]) && (result.lbfOre[year] ?? -1) >= 0).toBe(true);
          // Rounded down to whole kroner: less than one krone below the exact share.
          expect(BigInt(amount) * 10_000n <= BigInt(basisPoints) * yearExpenses).toBe(true);
          expect((BigInt(amount) + 100n) * 10_000n > BigInt(basisPoints) * yearExpenses).toBe(true);
          sourceTotal += BigInt(amount);
        }
        // The source's total never above basisPoints × frame / 10000.
        expect(sourceTotal * 10_000n <= BigInt(basisPoints) * frame).toBe(true);
        expect(financingShares({ ...plan, budget: result.budget }).frameOre).toBe(frame);
        // Other sources unchanged (the same rows), the written rows unchanged outside the period.
        for (const row of plan.budget.financing) {
          const after = financing.find((candidate) => candidate.source === row.source);
          if (row.source !== source && row.source !== "lbf") {
            expect(after).toBe(row);
            continue;
          }
          for (const [year, ore] of Object.entries(row.amountsOre)) {
            if (!years.includes(year)) expect(after?.amountsOre[year]).toBe(ore);
          }
        }
        expect(financing.length - plan.budget.financing.length).toBe(
          [source, "lbf"].filter((written) => !plan.budget.financing.some((row) => row.source === written)).length,
        );
        // The rules agree: no year of the period is unbalanced.
        const unbalanced = validatePlan({ ...plan, budget: result.budget }).filter(
          (f) => f.ruleId === "budget.unbalanced" && years.includes(String(f.path[2])),
        );
        expect(unbalanced).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it("the pool at exactly the cap (1250 bp), with no other municipal money, never fires kommune.cap", () => {
    let succeeded = 0;
    fc.assert(
      fc.property(distributionCase, ({ plan }) => {
        const withoutOther = {
          ...plan,
          budget: { ...plan.budget, financing: plan.budget.financing.filter((row) => row.source !== "kommuneOevrig") },
        };
        const result = distributeShare(
          withoutOther,
          "kommunePulje",
          defaultReference.ruleProfile.municipalCapBasisPoints,
        );
        if (!result.ok) return true;
        succeeded++;
        const after = { ...plan, budget: result.budget };
        return (
          !validatePlan(after).some((f) => f.ruleId === "kommune.cap") && financingShares(after).municipal.withinCap
        );
      }),
      { numRuns: 300 },
    );
    expect(succeeded).toBeGreaterThan(150);
  });
});

describe("validatePlanWithShares: validatePlan and financingShares from one pass", () => {
  it("gives exactly validatePlan's findings and financingShares' shares, with or without the pool's room", () => {
    fc.assert(
      fc.property(
        distributionCase,
        fc.option(fc.integer({ min: 0, max: 1e12 }), { nil: undefined }),
        ({ plan }, room) => {
          const context = room === undefined ? {} : { poolAvailableOre: room };
          const both = validatePlanWithShares(plan, context);
          expect(both.findings).toEqual(validatePlan(plan, context));
          expect(both.shares).toEqual(financingShares(plan));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("has no shares when the plan's shape or the context cannot be read, and the findings say why", () => {
    const unshaped = validatePlanWithShares({ ...testPlan(), periodStart: "2014" });
    expect(unshaped.shares).toBeNull();
    expect(unshaped.findings.map((f) => f.ruleId)).toContain("input.shape");
    const badContext = validatePlanWithShares(testPlan(), { poolAvailableOre: 1.5 });
    expect(badContext.shares).toBeNull();
    expect(badContext.findings).toEqual(validatePlan(testPlan(), { poolAvailableOre: 1.5 }));
    expect(validatePlanWithShares(testPlan()).shares).toEqual(financingShares(testPlan()));
  });
});
