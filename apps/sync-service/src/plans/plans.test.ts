import { etagFor } from "@helhedsplan/api";
import { expect, test } from "vitest";
import { describeEachDialect } from "../../test/support/each-dialect";
import { rejection } from "../../test/support/api-error";
import { budgetWithPoolMoney, demoBudget, planHeader } from "../../test/support/fixtures";

describeEachDialect("plans", (service) => {
  test("POST /plans creates a draft at version 0 without budget or goals", async () => {
    const plan = await service().client().plans.create(planHeader());
    expect(plan).toMatchObject({
      ...planHeader(),
      status: "draft",
      version: 0,
      approvedVersion: null,
      budget: null,
      goals: [],
    });
    const { data, version } = await service().client().plans.get(plan.id);
    expect(version).toBe(0);
    expect(data).toEqual(plan);
  });

  test('PUT budget makes version 1 with the pool\'s state and no errors; GET answers it with ETag "1"', async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    const written = await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    expect(written.version).toBe(1);
    expect(written.findings.every((finding) => finding.severity === "warning")).toBe(true);
    expect(written.pool?.id).toBe("budget-2012");
    const response = await service().fetch(`/api/v1/plans/${plan.id}`);
    expect(response.headers.get("etag")).toBe(etagFor(1));
    // The version is no cache key: submit and decisions change the status, not the version. Nothing may be kept.
    expect(response.headers.get("cache-control")).toBe("no-store");
    const { data } = await client.plans.get(plan.id);
    expect(data.budget).toEqual(demoBudget());
    expect((await client.plans.versions(plan.id)).items.map((version) => version.version)).toEqual([1]);
  });

  test("a budget PUT with a stale If-Match is 412 with the current version; without one 428", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    const stale = await rejection(client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 }));
    expect(stale.status).toBe(412);
    expect(stale.current).toBe(1);
    const missing = await service().fetch(`/api/v1/plans/${plan.id}/budget`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(demoBudget()),
    });
    expect(missing.status).toBe(428);
  });

  test("a budget breaking the 12.5 % cap is 422 with the finding and stores nothing", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    const budget = budgetWithPoolMoney(1_000_000);
    const pool = budget.financing.find((row) => row.source === "kommunePulje");
    if (pool?.amountsOre["2014"] === undefined) throw new Error("fixture without pool money");
    pool.amountsOre["2014"] += 1;
    const lbf = budget.financing.find((row) => row.source === "lbf");
    if (lbf?.amountsOre["2014"] === undefined) throw new Error("fixture without LBF money");
    lbf.amountsOre["2014"] -= 1;
    const refused = await rejection(client.plans.putBudget(plan.id, budget, { ifMatch: 0 }));
    expect(refused.status).toBe(422);
    expect(refused.findings.map((finding) => finding.ruleId)).toContain("kommune.cap");
    expect((await client.plans.get(plan.id)).version).toBe(0);
    expect((await client.plans.versions(plan.id)).items).toEqual([]);
  });

  test("PATCH changes the header in a new version; versions keep what each write stored", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    const patched = await client.plans.patch(
      plan.id,
      { name: "Helhedsplan Mjølnerparken II", estates: ["Mjølnerparken"] },
      { ifMatch: 1 },
    );
    expect(patched).toMatchObject({ version: 2, pool: { id: "budget-2012" } });
    const { data } = await client.plans.get(plan.id);
    expect(data).toMatchObject({
      name: "Helhedsplan Mjølnerparken II",
      estates: ["Mjølnerparken"],
      version: 2,
      budget: demoBudget(),
    });
    const first = await client.plans.version(plan.id, 1);
    expect(first).toMatchObject({ version: 1, plan: planHeader(), budget: demoBudget(), goals: [] });
    expect(first.createdBy).toMatch(/^admin:/);
    expect((await client.plans.version(plan.id, 2)).plan.name).toBe("Helhedsplan Mjølnerparken II");
    expect((await client.plans.versions(plan.id)).items.map((version) => version.version)).toEqual([1, 2]);
    expect((await rejection(client.plans.version(plan.id, 3))).status).toBe(404);
  });

  test("a header that is invalid on its own is 422 (unknown byområde or pool, reversed period); nothing stored", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    const district = await rejection(client.plans.patch(plan.id, { districtId: "frederiksberg" }, { ifMatch: 0 }));
    expect(district.findings.map((finding) => [finding.ruleId, finding.path])).toEqual([
      ["plan.district-unknown", ["districtId"]],
    ]);
    const pool = await rejection(client.plans.patch(plan.id, { poolId: "budget-2099" }, { ifMatch: 0 }));
    expect(pool.findings.map((finding) => [finding.ruleId, finding.path])).toEqual([["pool.unknown", ["poolId"]]]);
    expect((await rejection(client.plans.patch(plan.id, { periodEnd: 2013 }, { ifMatch: 0 }))).status).toBe(422);
    expect((await rejection(client.plans.create(planHeader({ districtId: "frederiksberg" })))).status).toBe(422);
    expect((await client.plans.get(plan.id)).version).toBe(0);
  });

  test("GET /plans filters by byområde and status; a housing token lists only its own organisation's plans", async () => {
    const client = service().client();
    const own = await client.plans.create(planHeader({ housingOrganisation: "AKB", districtId: "valby-vigerslev" }));
    const other = await client.plans.create(planHeader({ housingOrganisation: "SAB", districtId: "valby-vigerslev" }));
    const inValby = (await client.plans.list({ districtId: "valby-vigerslev" })).items.map((plan) => plan.id);
    expect(inValby).toEqual(expect.arrayContaining([own.id, other.id]));
    expect((await client.plans.list({ districtId: "valby-vigerslev", status: "submitted" })).items).toEqual([]);
    const housing = service().client(await service().token("housing", "AKB"));
    expect((await housing.plans.list()).items.map((plan) => plan.id)).toEqual([own.id]);
    expect((await rejection(housing.plans.get(other.id))).status).toBe(404);
    expect((await rejection(housing.plans.create(planHeader({ housingOrganisation: "SAB" })))).status).toBe(403);
    expect((await rejection(housing.plans.patch(own.id, { housingOrganisation: "SAB" }, { ifMatch: 0 }))).status).toBe(
      403,
    );
  });

  test("every plan write is audited: who, when, before and after", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 });
    await client.plans.submit(plan.id);
    const entries = (await client.audit.list({ entity: "plan", id: plan.id })).items;
    expect(entries.map((entry) => entry.action)).toEqual(["plan.create", "plan.budget", "plan.submit"]);
    expect(entries[0]).toMatchObject({ before: null, after: { id: plan.id, version: 0, status: "draft" } });
    expect(entries[2]).toMatchObject({ before: { status: "draft" }, after: { status: "submitted", version: 1 } });
    for (const entry of entries) expect(entry.actor).toMatch(/^admin:[0-9a-f-]{36}$/);
    // Each entry's after is the plan as the write left it, and the next entry's before.
    const { budget: _budget, goals: _goals, ...stored } = (await client.plans.get(plan.id)).data;
    expect(entries[2]?.after).toEqual(stored);
    expect(entries[1]?.after).toEqual(entries[2]?.before);
    expect(entries[0]?.after).toEqual(entries[1]?.before);
  });

  test("a housing token writes its own organisation's plan; submit is not its to do (403)", async () => {
    const housing = service().client(await service().token("housing", "Bo-Vita"));
    const plan = await housing.plans.create(planHeader());
    expect((await housing.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 })).version).toBe(1);
    expect((await rejection(housing.plans.submit(plan.id))).status).toBe(403);
  });
});
