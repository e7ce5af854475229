import { demoContracts, demoPlan, demoStories } from "@helhedsplan/demo";
import { expect, test } from "vitest";
import { createLogger } from "../logger";
import { describeEachDialect } from "../../test/support/each-dialect";
import { startService } from "../../test/support/testing";
import { seedDemo } from "./demo.seed";

const silent = createLogger("silent");

describeEachDialect("HELHEDSPLAN_DEMO seeding", (service) => {
  test(
    "seeds Copenhagen 2014 once: 18 plans through the services, the pool within its 30 mio. kr., contracts, reports",
    { timeout: 120_000 },
    async () => {
      const clock = () => new Date();
      expect(await seedDemo(service().db, clock, silent)).toBe(18);
      expect(await seedDemo(service().db, clock, silent)).toBe(0);
      const client = service().client();
      const plans = (await client.plans.list()).items;
      expect(plans.map((plan) => plan.name)).toEqual(demoStories.map((story) => story.plan.name));
      const count = (status: string) => plans.filter((plan) => plan.status === status).length;
      expect([count("approved"), count("committee_approved"), count("submitted"), count("draft")]).toEqual([
        14, 2, 2, 0,
      ]);
      // Every byområde has plans; one plan is outside them.
      expect(new Set(plans.map((plan) => plan.districtId)).size).toBe(7);

      // 29.627.750,00 kr. of the pool's 30.000.000,00 kr.: 4.800.000,00 reserved (submitted and committee-approved).
      const pool = await client.pools.get("budget-2012");
      expect(pool).toMatchObject({
        amountOre: 3_000_000_000,
        reservedOre: 480_000_000,
        committedOre: 2_482_775_000,
        availableOre: 37_225_000,
      });
      expect(pool.plans).toHaveLength(17);

      // Mjølnerparken as it always was: its budget, decided by the committee then the council, in 2014.
      const mjoelner = plans.find((plan) => plan.name === demoPlan.name);
      expect(mjoelner?.status).toBe("approved");
      const detail = await client.plans.get(mjoelner?.id ?? "");
      expect(detail.data.budget).toEqual(demoPlan.budget);
      expect(detail.data.createdAt.slice(0, 10)).toBe("2013-10-21");
      const decisions = await client.plans.decisions(mjoelner?.id ?? "");
      expect(decisions.items.map((d) => [d.body, d.outcome, d.decidedOn])).toEqual([
        ["committee", "approved", "2014-02-12"],
        ["council", "approved", "2014-03-06"],
      ]);

      // Hørgården: sent back by a committee, revised, approved: three versions, four decisions.
      const hoergaarden = plans.find((plan) => plan.name.includes("Hørgården"));
      expect((await client.plans.versions(hoergaarden?.id ?? "")).items).toHaveLength(3);
      expect((await client.plans.decisions(hoergaarden?.id ?? "")).items.map((d) => d.outcome)).toEqual([
        "rejected",
        "approved",
        "approved",
        "approved",
      ]);

      // Reports for 2012 and 2013 (the years over by 1 April 2014), none later.
      const summary2013 = await client.reports.summary({ year: 2013 });
      expect(summary2013.items).toHaveLength(14);
      expect(summary2013.items.filter((item) => item.actualOre > 0)).toHaveLength(13);
      expect(summary2013.items.some((item) => item.varianceOre !== 0)).toBe(true);
      const summary2012 = await client.reports.summary({ year: 2012 });
      expect(summary2012.items.filter((item) => item.actualOre > 0)).toHaveLength(6);
      const summary2014 = await client.reports.summary({ year: 2014 });
      expect(summary2014.items.filter((item) => item.actualOre > 0)).toHaveLength(0);

      // Contracts in every byområde, never more than five active.
      const contracts = (await client.contracts.list()).items;
      expect(contracts).toHaveLength(demoContracts.length);
      const active = contracts.filter((contract) => contract.active);
      const perDistrict = new Map<string, number>();
      for (const contract of active) {
        perDistrict.set(contract.districtId, (perDistrict.get(contract.districtId) ?? 0) + 1);
      }
      expect(perDistrict.size).toBe(6);
      expect(Math.max(...perDistrict.values())).toBe(5);
    },
  );

  test(
    "a clock in 2013 seeds the 2012 reports only: a year is reported once it is over",
    { timeout: 120_000 },
    async () => {
      const early = await startService({ dialect: service().dialect });
      try {
        await seedDemo(early.db, () => new Date("2013-06-01T12:00:00Z"), silent);
        const reported = async (year: number) =>
          (await early.admin.reports.summary({ year })).items.filter((item) => item.actualOre > 0).length;
        expect([await reported(2012), await reported(2013)]).toEqual([6, 0]);
      } finally {
        await early.stop();
      }
    },
  );
});
