import { demoPlans } from "@helhedsplan/demo";
import { expect, test } from "vitest";
import { createLogger } from "../logger";
import { describeEachDialect } from "../../test/support/each-dialect";
import { seedDemo } from "./demo.seed";

describeEachDialect("HELHEDSPLAN_DEMO seeding", (service) => {
  test("seeds the demo plans once: one approved (committed money), the other submitted (reserved)", async () => {
    const clock = () => new Date();
    expect(await seedDemo(service().db, clock, createLogger("silent"))).toBe(demoPlans.length);
    expect(await seedDemo(service().db, clock, createLogger("silent"))).toBe(0);
    const client = service().client();
    const plans = (await client.plans.list()).items;
    expect(plans.map((plan) => [plan.name, plan.status])).toEqual([
      [demoPlans[0]?.name, "approved"],
      [demoPlans[1]?.name, "submitted"],
    ]);
    const pool = await client.pools.get("budget-2012");
    expect(pool.committedOre).toBe(90_000_000);
    expect(pool.reservedOre).toBe(40_000_000);
    const first = await client.plans.get(plans[0]?.id ?? "");
    expect(first.data.budget).toEqual(demoPlans[0]?.budget);
  });
});
