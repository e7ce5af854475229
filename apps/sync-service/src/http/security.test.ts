// Every route of the contract this service serves gets the same security cases.
import { routeList } from "@helhedsplan/api";
import { beforeAll, describe, expect, test } from "vitest";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { laterRoutes, runCommonRouteTests, type RouteIds } from "../../test/support/security";
import { describeEachDialect } from "../../test/support/service";

describeEachDialect("security of every route", (service) => {
  let ids: RouteIds | undefined;
  beforeAll(async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    const contract = await client.contracts.create({ districtId: "noerrebro", focusArea: "sundhed", title: "Sundhed på Nørrebro", active: true });
    ids = {
      planId: plan.id,
      contractId: contract.id,
      poolId: "budget-2012",
      focusAreaId: "sundhed",
      districtId: "noerrebro",
      organisation: plan.housingOrganisation,
    };
  });
  const routeIds = () => {
    if (ids === undefined) throw new Error("The fixtures were not created");
    return ids;
  };

  test("the table covers every route but the later issues' ones", () => {
    expect(routeList.filter((route) => !laterRoutes.has(route.name)).length).toBe(routeList.length - laterRoutes.size);
  });

  for (const route of routeList.filter((candidate) => !laterRoutes.has(candidate.name))) {
    describe(route.name, () => runCommonRouteTests(route, service, routeIds));
  }
});
