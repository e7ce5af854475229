// Every route of the contract gets the same security cases; a route not served yet, that it answers 404.
import { routeList } from "@helhedsplan/api";
import { beforeAll, describe } from "vitest";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { runCommonRouteTests, type RouteIds } from "../../test/support/security";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("security of every route", (service) => {
  let ids: RouteIds | undefined;
  beforeAll(async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    const contract = await client.contracts.create({
      districtId: "noerrebro",
      focusArea: "sundhed",
      title: "Sundhed på Nørrebro",
      active: true,
    });
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

  // Every route of the table, served or not: a route not served yet must answer 404 (see runCommonRouteTests).
  for (const route of routeList) describe(route.name, () => runCommonRouteTests(route, service, routeIds));
});
