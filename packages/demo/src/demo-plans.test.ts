import { describe, expect, it } from "vitest";
import { formatKroner, validatePlan } from "@helhedsplan/rules";
import { demoPlan, demoPlanTingbjerg, demoPlans } from "./index";

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
