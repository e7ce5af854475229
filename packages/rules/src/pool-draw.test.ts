import { describe, expect, it } from "vitest";
import { testPlan } from "./fixtures/plans";
import { defaultReference } from "./reference";
import { poolDrawOre, poolSource } from "./pool-draw";
import { validatePlan } from "./plan-rules";

const demoPlan = testPlan();
const withPool = (amountsOre: Record<string, number>) => ({
  ...demoPlan,
  budget: { ...demoPlan.budget, financing: [{ source: poolSource, amountsOre }] },
});

describe("poolDrawOre", () => {
  it("sums the pool's amounts in the period, exactly", () => {
    expect(poolDrawOre(withPool({ "2014": 1, "2017": 2 }))).toBe(3n);
    const large = Number.MAX_SAFE_INTEGER;
    expect(poolDrawOre(withPool({ "2014": large, "2015": large }))).toBe(2n * BigInt(large));
  });

  it("leaves out amounts outside the period and invalid amounts", () => {
    expect(poolDrawOre(withPool({ "2013": 500, "2014": 7, "2018": 500 }))).toBe(7n);
    expect(poolDrawOre(withPool({ "2014": -5, "2015": 1.5, "2016": 4 }))).toBe(4n);
    expect(poolDrawOre({ ...demoPlan, budget: null })).toBe(0n);
  });

  it("counts every year when the period is reversed, as the rules do", () => {
    expect(poolDrawOre({ ...withPool({ "2013": 5, "2020": 6 }), periodStart: 2017, periodEnd: 2014 })).toBe(11n);
  });

  it("is the amount pool.capacity measures: exactly that much room is silent, one øre less warns", () => {
    const draw = Number(poolDrawOre(demoPlan));
    expect(draw).toBeGreaterThan(0);
    const capacity = (poolAvailableOre: number) =>
      validatePlan(demoPlan, { reference: defaultReference, poolAvailableOre }).filter(
        (f) => f.ruleId === "pool.capacity",
      );
    expect(capacity(draw)).toEqual([]);
    expect(capacity(draw - 1)).toHaveLength(1);
  });
});
