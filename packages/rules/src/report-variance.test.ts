import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expenseLine } from "./fixtures/plans";
import { approvedPlan, lektiecafe, report, sundhed } from "./fixtures/reports";
import { formatBasisPoints } from "./money";
import { reportVariance, varianceBasisPoints, varianceForContract } from "./report-variance";

const MAX = Number.MAX_SAFE_INTEGER;

describe("varianceBasisPoints rounds half away from zero", () => {
  it.each([
    // variance, approved, basis points: 12,345 % is 12,35 %, and −12,345 % is −12,35 %
    [123_450n, 1_000_000n, 1235n],
    [-123_450n, 1_000_000n, -1235n],
    [123_449n, 1_000_000n, 1234n],
    [-123_449n, 1_000_000n, -1234n],
    [123_451n, 1_000_000n, 1235n],
    // exactly half a basis point, and just either side of it
    [1n, 20_000n, 1n],
    [-1n, 20_000n, -1n],
    [1n, 20_001n, 0n],
    [-1n, 20_001n, 0n],
    [1n, 19_999n, 1n],
    [0n, 1n, 0n],
    [1n, 1n, 10_000n],
    [-1n, 1n, -10_000n],
  ])("%s of %s → %s", (variance, approved, basisPoints) => {
    expect(varianceBasisPoints(variance, approved)).toBe(basisPoints);
  });

  it("never answers -0 (a BigInt has no negative zero) and formats in Danish", () => {
    expect(formatBasisPoints(varianceBasisPoints(-1n, 20_001n) ?? 1n)).toBe("0,00 %");
    expect(formatBasisPoints(varianceBasisPoints(-123_450n, 1_000_000n) ?? 0n)).toBe("-12,35 %");
  });

  it("has no percentage of nothing: null for a zero approved amount, with or without spending", () => {
    expect(varianceBasisPoints(5n, 0n)).toBeNull();
    expect(varianceBasisPoints(0n, 0n)).toBeNull();
  });

  it("is the exact quotient rounded half away from zero, for any amounts", () => {
    const ore = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
    fc.assert(
      fc.property(ore, fc.bigInt({ min: 1n, max: 2n ** 70n }), (variance, approved) => {
        const rounded = varianceBasisPoints(variance, approved);
        if (rounded === null) return false;
        // |variance × 10000 − rounded × approved| ≤ approved / 2, and on a tie the rounded value is the larger in size.
        const gap = variance * 10_000n - rounded * approved;
        const twiceGap = 2n * (gap < 0n ? -gap : gap);
        if (twiceGap > approved) return false;
        if (twiceGap === approved) return rounded === 0n || rounded > 0n === variance > 0n;
        return true;
      }),
      { numRuns: 2_000 },
    );
  });
});

describe("reportVariance", () => {
  it("is zero everywhere for a report that keeps to the budget", () => {
    const variance = reportVariance(report(), approvedPlan());
    expect(variance.reportYear).toBe(2015);
    expect(variance.year).toEqual({
      approvedOre: 250_000_000n,
      actualOre: 250_000_000n,
      varianceOre: 0n,
      varianceBasisPoints: 0n,
    });
    expect(variance.lines.map((line) => [line.activity, line.varianceOre, line.varianceBasisPoints])).toEqual([
      ["Lektiecafé", 0n, 0n],
      ["Sundhedsformidler", 0n, 0n],
    ]);
  });

  it("gives approved against actual per line, per focus area and for the year, lines matched by expenseLineKey", () => {
    const spending = [
      sundhed(56_172_839), // 561.728,39 kr. of 500.000,00 kr.: 12,345678 % over → 12,35 %
      { ...lektiecafe(150_000_000), activity: " lektiecafé " }, // 500.000,00 kr. under: −25 %
      { ...sundhed(1_000_000), activity: "Ny" }, // not in the budget: no percentage
      { ...sundhed(2_000_000), activity: "ny" }, // the same unknown line again: summed
    ];
    const variance = reportVariance(report({ spending }), approvedPlan());
    expect(variance.lines).toEqual([
      {
        focusArea: "boern-unge",
        category: "aktiviteter",
        activity: "Lektiecafé",
        inBudget: true,
        approvedOre: 200_000_000n,
        actualOre: 150_000_000n,
        varianceOre: -50_000_000n,
        varianceBasisPoints: -2500n,
      },
      {
        focusArea: "sundhed",
        category: "loen",
        activity: "Sundhedsformidler",
        inBudget: true,
        approvedOre: 50_000_000n,
        actualOre: 56_172_839n,
        varianceOre: 6_172_839n,
        varianceBasisPoints: 1235n,
      },
      {
        focusArea: "sundhed",
        category: "loen",
        activity: "Ny",
        inBudget: false,
        approvedOre: 0n,
        actualOre: 3_000_000n,
        varianceOre: 3_000_000n,
        varianceBasisPoints: null,
      },
    ]);
    expect(variance.byFocusArea).toEqual([
      {
        focusArea: "boern-unge",
        approvedOre: 200_000_000n,
        actualOre: 150_000_000n,
        varianceOre: -50_000_000n,
        varianceBasisPoints: -2500n,
      },
      // 9.172.839 of 50.000.000 øre: 18,345678 % → 18,35 %
      {
        focusArea: "sundhed",
        approvedOre: 50_000_000n,
        actualOre: 59_172_839n,
        varianceOre: 9_172_839n,
        varianceBasisPoints: 1835n,
      },
    ]);
    // −40.827.161 of 250.000.000 øre: −16,3308644 % → −16,33 %
    expect(variance.year).toEqual({
      approvedOre: 250_000_000n,
      actualOre: 209_172_839n,
      varianceOre: -40_827_161n,
      varianceBasisPoints: -1633n,
    });
  });

  it("lists an approved line the report does not mention as nothing spent (−100 %)", () => {
    const variance = reportVariance(report({ spending: [lektiecafe(200_000_000)] }), approvedPlan());
    expect(variance.lines[1]).toMatchObject({
      activity: "Sundhedsformidler",
      actualOre: 0n,
      varianceBasisPoints: -10_000n,
    });
  });

  it("has nothing approved for a year outside the period: every percentage is null", () => {
    const variance = reportVariance(report({ year: 2018 }), approvedPlan());
    expect(variance.year).toEqual({
      approvedOre: 0n,
      actualOre: 250_000_000n,
      varianceOre: 250_000_000n,
      varianceBasisPoints: null,
    });
    expect(variance.lines.every((line) => line.varianceBasisPoints === null)).toBe(true);
  });

  it("adds up beyond Number.MAX_SAFE_INTEGER exactly", () => {
    const approved = approvedPlan();
    approved.plan.budget.expenses = [
      expenseLine({ "2015": MAX }),
      expenseLine({ "2015": MAX }, { focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler" }),
    ];
    const variance = reportVariance(
      report({ spending: [lektiecafe(MAX), sundhed(MAX), { ...sundhed(1), activity: "Ny" }] }),
      approved,
    );
    expect(variance.year.approvedOre).toBe(2n * BigInt(MAX));
    expect(variance.year.actualOre).toBe(2n * BigInt(MAX) + 1n);
    expect(variance.year.varianceBasisPoints).toBe(0n);
    expect(() => varianceForContract(variance)).toThrow(RangeError);
  });

  it("sums: lines, focus areas and the year agree, and variance is actual − approved", () => {
    const line = fc.record({
      focusArea: fc.constantFrom("boern-unge", "sundhed"),
      category: fc.constantFrom("aktiviteter", "loen"),
      activity: fc.constantFrom("Lektiecafé", "Sundhedsformidler", "Ny"),
      actualOre: fc.integer({ min: 0, max: MAX }),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), fc.integer({ min: 2012, max: 2019 }), (spending, year) => {
        const variance = reportVariance(report({ year, spending }), approvedPlan());
        const sum = (values: bigint[]) => values.reduce((a, b) => a + b, 0n);
        expect(sum(variance.lines.map((l) => l.actualOre))).toBe(sum(spending.map((s) => BigInt(s.actualOre))));
        expect(sum(variance.byFocusArea.map((a) => a.actualOre))).toBe(variance.year.actualOre);
        expect(sum(variance.byFocusArea.map((a) => a.approvedOre))).toBe(variance.year.approvedOre);
        for (const figures of [...variance.lines, ...variance.byFocusArea, variance.year]) {
          expect(figures.varianceOre).toBe(figures.actualOre - figures.approvedOre);
          expect(figures.varianceBasisPoints === null).toBe(figures.approvedOre === 0n);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("varianceForContract", () => {
  it("writes the contract's ReportDetail.variance: numbers, variancePct in percent with two decimals", () => {
    const spending = [sundhed(56_172_839), lektiecafe(150_000_000), { ...sundhed(1), activity: "Ny" }];
    const contract = varianceForContract(reportVariance(report({ spending }), approvedPlan()));
    expect(contract).toEqual({
      lines: [
        {
          focusArea: "boern-unge",
          category: "aktiviteter",
          activity: "Lektiecafé",
          approvedOre: 200_000_000,
          actualOre: 150_000_000,
          varianceOre: -50_000_000,
          variancePct: -25,
        },
        {
          focusArea: "sundhed",
          category: "loen",
          activity: "Sundhedsformidler",
          approvedOre: 50_000_000,
          actualOre: 56_172_839,
          varianceOre: 6_172_839,
          variancePct: 12.35,
        },
        {
          focusArea: "sundhed",
          category: "loen",
          activity: "Ny",
          approvedOre: 0,
          actualOre: 1,
          varianceOre: 1,
          variancePct: null,
        },
      ],
      year: { approvedOre: 250_000_000, actualOre: 206_172_840, varianceOre: -43_827_160 },
    });
    expect(JSON.stringify(contract)).not.toMatch(/NaN|Infinity/);
  });
});
