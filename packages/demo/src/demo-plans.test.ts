import { describe, expect, it } from "vitest";
import {
  defaultReference,
  formatKroner,
  parseKroner,
  validateContracts,
  validatePlan,
  validateReport,
  type AnnualReport,
  type ApprovedPlan,
  type PlanInput,
} from "@helhedsplan/rules";
import {
  demoContracts,
  demoMoment,
  demoPlan,
  demoPlanTingbjerg,
  demoPlans,
  demoStories,
  type DemoPlanStory,
} from "./index";

describe("the demo plans", () => {
  it.each(demoPlans.map((plan) => [plan.name, plan] as const))("%s has no error findings", (_name, plan) => {
    expect(validatePlan(plan).filter((f) => f.severity === "error")).toEqual([]);
  });

  it("Mjølnerparken's frame is 7.700.000,00 kr. with 900.000,00 kr. from the pool", () => {
    const sum = (rows: { amountsOre: Record<string, number> }[]) =>
      rows.reduce((total, row) => total + Object.values(row.amountsOre).reduce((a, b) => a + b, 0), 0);
    expect(formatKroner(sum(demoPlan.budget.expenses))).toBe("7.700.000,00 kr.");
    expect(formatKroner(sum(demoPlan.budget.financing.filter((row) => row.source === "kommunePulje")))).toBe(
      "900.000,00 kr.",
    );
  });

  it("Tingbjerg sits exactly on the 12,5 % cap, so one øre more of municipal money is refused", () => {
    expect(validatePlan(demoPlanTingbjerg).map((f) => f.ruleId)).not.toContain("kommune.cap");
    const over = structuredClone(demoPlanTingbjerg);
    const row = over.budget.financing.find((r) => r.source === "kommuneOevrig");
    const lbf = over.budget.financing.find((r) => r.source === "lbf");
    if (!row || !lbf) throw new Error("the demo plan lost a financing row");
    row.amountsOre["2014"] = (row.amountsOre["2014"] ?? 0) + 1;
    lbf.amountsOre["2014"] = (lbf.amountsOre["2014"] ?? 0) - 1;
    expect(validatePlan(over).map((f) => f.ruleId)).toContain("kommune.cap");
  });
});

describe("Copenhagen 2014: the fact sheet's 18 plans", () => {
  const poolOre = (plan: PlanInput) =>
    plan.budget.financing
      .filter((row) => row.source === "kommunePulje")
      .reduce((sum, row) => sum + Object.values(row.amountsOre).reduce((a, b) => a + b, 0), 0);
  /** The budget a story ends with: a revision replaces the first. */
  const approvedBudget = (story: DemoPlanStory) =>
    story.steps.reduce((last, step) => (step.do === "revise" ? step.budget : last), story.plan.budget);

  it("18 plans, 17 in udsatte boligområder with pool money, one outside the pool", () => {
    expect(demoStories).toHaveLength(18);
    expect(demoPlans).toEqual(demoStories.map((story) => story.plan));
    const inPool = demoStories.filter((story) => story.plan.poolId === "budget-2012");
    expect(inPool).toHaveLength(17);
    expect(inPool.every((story) => story.plan.vulnerableArea && poolOre(story.plan) > 0)).toBe(true);
    const outside = demoStories.filter((story) => story.plan.poolId === null);
    expect(outside.map((story) => [story.plan.vulnerableArea, poolOre(story.plan)])).toEqual([[false, 0]]);
  });

  it("keeps demoPlan and Tingbjerg as they are, among the 18", () => {
    expect(demoPlans).toContain(demoPlan);
    expect(demoPlans).toContain(demoPlanTingbjerg);
  });

  it("the pool money of all plans together stays within the 30 mio. kr. pool, to the øre: 29.627.750,00 kr.", () => {
    const total = demoStories.reduce(
      (sum, story) => sum + poolOre({ ...story.plan, budget: approvedBudget(story) }),
      0,
    );
    expect(formatKroner(total)).toBe("29.627.750,00 kr.");
    expect(total).toBeLessThanOrEqual(parseKroner(30_000_000));
  });

  it("spread over the six byområder", () => {
    const districts = new Set(demoStories.map((story) => story.plan.districtId).filter((id) => id !== null));
    expect([...districts].sort()).toEqual(defaultReference.districts.map((district) => district.id).sort());
  });

  it.each(demoStories.map((story) => [story.key, story] as const))(
    "%s: every budget it writes is valid, its decisions are dated, its reports are within the rules",
    (_key, story) => {
      for (const budget of [story.plan.budget, approvedBudget(story)]) {
        expect(validatePlan({ ...story.plan, budget }).filter((f) => f.severity === "error")).toEqual([]);
      }
      for (const step of story.steps) {
        expect(step.on >= story.drafted && step.on < demoMoment).toBe(true);
        if (step.do === "decide") expect(step.decision.reference).not.toBe("");
      }
      const approved: ApprovedPlan = { plan: { ...story.plan, budget: approvedBudget(story) }, goals: story.goals };
      const earlier: AnnualReport[] = [];
      for (const { filed, report } of story.reports) {
        expect(report.year).toBeLessThan(Number(demoMoment.slice(0, 4)));
        expect(filed < demoMoment).toBe(true);
        expect(validateReport(report, approved, earlier).filter((f) => f.severity === "error")).toEqual([]);
        earlier.push(report);
      }
    },
  );

  it("some reports show variance, some goals are not met", () => {
    const reports = demoStories.flatMap((story) => story.reports.map(({ report }) => report));
    expect(reports.length).toBeGreaterThanOrEqual(15);
    const statuses = new Set(reports.flatMap((report) => report.goals.map((goal) => goal.status)));
    expect([...statuses].sort()).toEqual(["delvist", "ikke_opfyldt", "opfyldt"]);
  });

  it("contracts in every byområde, never more than five active, and no rule broken", () => {
    const active = demoContracts.filter((contract) => contract.deactivated === undefined);
    for (const district of defaultReference.districts) {
      const count = active.filter((contract) => contract.districtId === district.id).length;
      expect(count, district.id).toBeGreaterThan(0);
      expect(count, district.id).toBeLessThanOrEqual(5);
    }
    const inputs = demoContracts.map(({ districtId, focusArea, title, text, deactivated }) => ({
      districtId,
      focusArea,
      title,
      text,
      active: deactivated === undefined,
    }));
    expect(validateContracts(inputs).filter((f) => f.severity === "error")).toEqual([]);
  });
});
