import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { draftWithPoolMoney, newPool, ore } from "../../test/support/plans";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("pools", (service) => {
  test("the Budget 2012 pool of 30.000.000 kr. is seeded", async () => {
    expect((await service().client().pools.list()).items).toContainEqual({
      id: "budget-2012",
      name: "Budget 2012",
      budgetYear: 2012,
      amountOre: ore(30_000_000),
      reservedOre: 0,
      committedOre: 0,
      availableOre: ore(30_000_000),
    });
  });

  test("POST /pools (admin) makes a slug id from the name, another one when it is taken, and is audited", async () => {
    const client = service().client();
    const first = await client.pools.create({
      name: "Pulje for Sundby Ø",
      budgetYear: 2015,
      amountOre: ore(1_000_000),
    });
    const second = await client.pools.create({
      name: "Pulje for Sundby Ø",
      budgetYear: 2016,
      amountOre: ore(2_000_000),
    });
    expect(first).toMatchObject({
      id: "pulje-for-sundby-oe",
      reservedOre: 0,
      committedOre: 0,
      availableOre: ore(1_000_000),
    });
    expect(second.id).toBe("pulje-for-sundby-oe-2");
    expect((await client.pools.get(second.id)).plans).toEqual([]);
    expect((await client.audit.list({ entity: "pool", id: first.id })).items).toEqual([
      expect.objectContaining({ action: "pool.create", before: null, after: first }),
    ]);
  });

  test("a pool's plans[] shows a housing token only its own organisation's plans", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const own = await draftWithPoolMoney(client, pool.id, 500_000, "Bo-Vita");
    const other = await draftWithPoolMoney(client, pool.id, 700_000, "fsb");
    await client.plans.submit(own.id);
    await client.plans.submit(other.id);
    expect((await client.pools.get(pool.id)).plans.map((plan) => plan.planId).sort()).toEqual(
      [own.id, other.id].sort(),
    );
    const housing = service().client(await service().token("housing", "Bo-Vita"));
    const seen = await housing.pools.get(pool.id);
    expect(seen.plans).toEqual([{ planId: own.id, reservedOre: ore(500_000), committedOre: 0 }]);
    expect(seen.reservedOre).toBe(ore(1_200_000));
  });

  test("an unknown pool is 404", async () => {
    expect((await rejection(service().client().pools.get("budget-2099"))).status).toBe(404);
  });
});
