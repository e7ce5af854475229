import { defaultReference } from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gridToPlan } from "./read-grid";
import { canonicalPlanWithPools } from "./test-arbitraries";
import { planToGrid } from "./write-grid";

describe("gridToPlan(planToGrid(p)) = p", () => {
  it("for every canonical plan, with the sync fields and its pools", () => {
    fc.assert(
      fc.property(
        canonicalPlanWithPools("unicode"),
        fc.option(fc.uuid(), { nil: null }),
        fc.option(fc.nat(10_000), { nil: null }),
        ({ plan, pools }, planId, version) => {
          const grids = planToGrid(plan, defaultReference, { planId, version, pools });
          const read = gridToPlan(grids, defaultReference, { pools });
          expect(read.findings).toEqual([]);
          expect(read.plan).toEqual(plan);
          expect(read.planId).toBe(planId);
          expect(read.version).toBe(version);
        },
      ),
      { numRuns: 400 },
    );
  });
});
