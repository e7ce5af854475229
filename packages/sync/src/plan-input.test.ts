// basePlanOf: the plan of one version out of the version list, by its number, not its place in the list.
import type { PlanVersion } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import { basePlanOf, emptyBudget } from "./plan-input";

const { budget, ...header } = demoPlan;
const version = (n: number, changes: Partial<PlanVersion> = {}): PlanVersion => ({
  version: n,
  plan: header,
  budget,
  goals: [],
  createdAt: "2024-01-01T00:00:00.000Z",
  createdBy: "admin",
  ...changes,
});

describe("basePlanOf", () => {
  const versions = [
    version(1, { budget: null }),
    version(2, { plan: { ...header, name: "Version 2" } }),
    version(3, { plan: { ...header, name: "Version 3" } }),
  ];

  it("the plan as stored in that version, found by its number", () => {
    expect(basePlanOf(versions, 2, defaultReference)).toEqual({ ...header, name: "Version 2", budget });
    expect(basePlanOf([...versions].reverse(), 3, defaultReference)?.name).toBe("Version 3");
  });

  it("a version without a budget has the empty budget a blank workbook shows", () => {
    expect(basePlanOf(versions, 1, defaultReference)?.budget).toEqual(emptyBudget(defaultReference));
  });

  it("null for a version the list lacks (0, past the latest, an empty list)", () => {
    expect(basePlanOf(versions, 0, defaultReference)).toBeNull();
    expect(basePlanOf(versions, 4, defaultReference)).toBeNull();
    expect(basePlanOf([], 1, defaultReference)).toBeNull();
  });
});
