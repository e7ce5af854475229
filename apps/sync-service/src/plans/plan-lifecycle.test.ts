// Submit, decisions and reopen, with what each does to the pool and its ledger.
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { budgetWithPoolMoney, planHeader } from "../../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../../test/support/ledger";
import { approve, draftWithPoolMoney, newPool, ore, reject } from "../../test/support/plans";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("plan lifecycle and the pool ledger", (service) => {
  async function poolState(poolId: string) {
    const state = await ledgerState(service().db, poolId);
    assertLedgerInvariant(state);
    return state;
  }

  test("submit reserves the plan's pool money in one ledger row and leaves the version alone", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 1_000_000);
    const submitted = await client.plans.submit(id);
    expect(submitted).toMatchObject({ status: "submitted", version, approvedVersion: null });
    expect(await client.pools.get(pool.id)).toMatchObject({
      reservedOre: ore(1_000_000),
      committedOre: 0,
      availableOre: ore(9_000_000),
      plans: [{ planId: id, reservedOre: ore(1_000_000), committedOre: 0 }],
    });
    expect((await poolState(pool.id)).rows.get(id)).toEqual({ reservedOre: ore(1_000_000), committedOre: 0 });
  });

  test("a submit the pool has no room for is 409 pool-exhausted with the pool, reserves nothing and keeps the draft", async () => {
    const client = service().client();
    const pool = await newPool(client, 1_500_000);
    const first = await draftWithPoolMoney(client, pool.id, 1_000_000);
    const second = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(first.id);
    const refused = await rejection(client.plans.submit(second.id));
    expect(refused.status).toBe(409);
    expect(refused.slug).toBe("pool-exhausted");
    expect(refused.pool).toMatchObject({ id: pool.id, reservedOre: ore(1_000_000), availableOre: ore(500_000) });
    expect((await client.plans.get(second.id)).data.status).toBe("draft");
    expect((await poolState(pool.id)).rows.has(second.id)).toBe(false);
    const audited = (await client.audit.list({ entity: "plan", id: second.id })).items.map((entry) => entry.action);
    expect(audited).not.toContain("plan.submit");
  });

  test("a plan fitting the pool exactly is reserved; one øre more is refused", async () => {
    const client = service().client();
    const pool = await newPool(client, 1_000_000);
    const exact = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(exact.id);
    expect((await client.pools.get(pool.id)).availableOre).toBe(0);
    const tight = await newPool(client, 999_999.99);
    const over = await draftWithPoolMoney(client, tight.id, 1_000_000);
    expect((await rejection(client.plans.submit(over.id))).slug).toBe("pool-exhausted");
  });

  test("submit refuses a plan without a budget (422) and a plan not in draft (409)", async () => {
    const client = service().client();
    const bare = await client.plans.create(planHeader());
    const noBudget = await rejection(client.plans.submit(bare.id));
    expect(noBudget.status).toBe(422);
    expect(noBudget.findings.map((finding) => finding.path)).toContainEqual(["budget"]);
    const pool = await newPool(client, 10_000_000);
    const { id } = await draftWithPoolMoney(client, pool.id, 100_000);
    await client.plans.submit(id);
    expect((await rejection(client.plans.submit(id))).status).toBe(409);
  });

  test("submit refuses a version whose stored findings have errors (a header change left amounts outside the period)", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 100_000);
    const patched = await client.plans.patch(id, { periodStart: 2015, periodEnd: 2018 }, { ifMatch: version });
    expect(patched.version).toBe(version + 1);
    expect(patched.findings.some((finding) => finding.ruleId === "budget.year-outside-period")).toBe(true);
    const refused = await rejection(client.plans.submit(id));
    expect(refused.status).toBe(422);
    expect(refused.findings.map((finding) => finding.ruleId)).toContain("budget.year-outside-period");
    expect((await poolState(pool.id)).rows.has(id)).toBe(false);
  });

  test("committee approvals (one or more), then the council: the reservation becomes commitment and approvedVersion is set", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(id);
    const first = await client.plans.decide(id, {
      body: "committee",
      outcome: "approved",
      decidedOn: "2014-02-01",
      reference: "BUU pkt. 4",
    });
    expect(first).toMatchObject({
      body: "committee",
      outcome: "approved",
      decidedOn: "2014-02-01",
      reference: "BUU pkt. 4",
      version,
    });
    await client.plans.decide(id, {
      body: "committee",
      outcome: "approved",
      decidedOn: "2014-02-03",
      reference: "BIU pkt. 9",
    });
    expect((await client.plans.get(id)).data.status).toBe("committee_approved");
    await client.plans.decide(id, {
      body: "council",
      outcome: "approved",
      decidedOn: "2014-03-06",
      reference: "BR pkt. 23",
    });
    const { data: approved, version: etag } = await client.plans.get(id);
    expect(approved).toMatchObject({ status: "approved", approvedVersion: version, version });
    expect(etag).toBe(version);
    expect(await client.pools.get(pool.id)).toMatchObject({ reservedOre: 0, committedOre: ore(1_000_000) });
    expect((await poolState(pool.id)).rows.get(id)).toEqual({ reservedOre: 0, committedOre: ore(1_000_000) });
    const decisions = await client.plans.decisions(id);
    expect(decisions.items.map((decision) => [decision.body, decision.outcome, decision.reference])).toEqual([
      ["committee", "approved", "BUU pkt. 4"],
      ["committee", "approved", "BIU pkt. 9"],
      ["council", "approved", "BR pkt. 23"],
    ]);
    expect(decisions.items[0]).toEqual(first);
  });

  test("decisions out of order are 409: council before committee, any decision on a draft or an approved plan", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id } = await draftWithPoolMoney(client, pool.id, 100_000);
    const decision = { outcome: "approved", decidedOn: "2014-03-06", reference: "x" } as const;
    expect((await rejection(client.plans.decide(id, { ...decision, body: "committee" }))).status).toBe(409);
    await client.plans.submit(id);
    expect((await rejection(client.plans.decide(id, { ...decision, body: "council" }))).status).toBe(409);
    await approve(client, id);
    expect((await rejection(client.plans.decide(id, { ...decision, body: "committee" }))).status).toBe(409);
    expect((await rejection(client.plans.decide(id, { ...decision, body: "council" }))).status).toBe(409);
  });

  test("a rejection releases the reservation and sends a first-time plan back to draft", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id } = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(id);
    await client.plans.decide(id, {
      body: "committee",
      outcome: "approved",
      decidedOn: "2014-02-01",
      reference: "BUU",
    });
    await reject(client, id, "council");
    expect((await client.plans.get(id)).data).toMatchObject({ status: "draft", approvedVersion: null });
    expect(await client.pools.get(pool.id)).toMatchObject({ reservedOre: 0, committedOre: 0, plans: [] });
  });

  test("reopen keeps the commitment; the revision reserves only what it adds, and its approval commits the new total", async () => {
    const client = service().client();
    const pool = await newPool(client, 3_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(id);
    await approve(client, id);
    const reopened = await client.plans.reopen(id);
    expect(reopened).toMatchObject({ status: "draft", approvedVersion: version });
    expect((await client.pools.get(pool.id)).committedOre).toBe(ore(1_000_000));

    const revised = await client.plans.putBudget(id, budgetWithPoolMoney(2_500_000), { ifMatch: version });
    // The room for this plan is what is available plus its own commitment: 2.000.000 + 1.000.000 kr.
    expect(revised.findings.map((finding) => finding.ruleId)).not.toContain("pool.capacity");
    await client.plans.submit(id);
    expect(await client.pools.get(pool.id)).toMatchObject({
      reservedOre: ore(1_500_000),
      committedOre: ore(1_000_000),
    });
    await approve(client, id);
    expect((await client.plans.get(id)).data).toMatchObject({ status: "approved", approvedVersion: revised.version });
    expect(await client.pools.get(pool.id)).toMatchObject({
      reservedOre: 0,
      committedOre: ore(2_500_000),
      availableOre: ore(500_000),
    });
  });

  test("a revision asking less reserves nothing and its approval releases the difference", async () => {
    const client = service().client();
    const pool = await newPool(client, 3_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 2_000_000);
    await client.plans.submit(id);
    await approve(client, id);
    await client.plans.reopen(id);
    await client.plans.putBudget(id, budgetWithPoolMoney(500_000), { ifMatch: version });
    await client.plans.submit(id);
    expect(await client.pools.get(pool.id)).toMatchObject({ reservedOre: 0, committedOre: ore(2_000_000) });
    await approve(client, id);
    expect(await client.pools.get(pool.id)).toMatchObject({ reservedOre: 0, committedOre: ore(500_000) });
    await poolState(pool.id);
  });

  test("a rejected revision returns to approved with its earlier approved version and commitment", async () => {
    const client = service().client();
    const pool = await newPool(client, 3_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 1_000_000);
    await client.plans.submit(id);
    await approve(client, id);
    await client.plans.reopen(id);
    const revised = await client.plans.putBudget(id, budgetWithPoolMoney(1_800_000), { ifMatch: version });
    await client.plans.submit(id);
    expect((await client.pools.get(pool.id)).reservedOre).toBe(ore(800_000));
    await reject(client, id);
    expect((await client.plans.get(id)).data).toMatchObject({
      status: "approved",
      approvedVersion: version,
      version: revised.version,
    });
    expect(await client.pools.get(pool.id)).toMatchObject({ reservedOre: 0, committedOre: ore(1_000_000) });
  });

  test("a revision moved to another pool reserves there in full; its rejection keeps the old commitment, its approval releases it", async () => {
    const client = service().client();
    const first = await newPool(client, 3_000_000);
    const second = await newPool(client, 3_000_000);
    const { id, version } = await draftWithPoolMoney(client, first.id, 1_000_000);
    await client.plans.submit(id);
    await approve(client, id);
    await client.plans.reopen(id);
    const moved = await client.plans.patch(id, { poolId: second.id }, { ifMatch: version });
    await client.plans.submit(id);
    expect(await client.pools.get(second.id)).toMatchObject({ reservedOre: ore(1_000_000), committedOre: 0 });
    await client.plans.decide(id, {
      body: "committee",
      outcome: "approved",
      decidedOn: "2014-03-06",
      reference: "Udvalget",
    });
    await reject(client, id, "council");
    expect((await client.plans.get(id)).data).toMatchObject({ status: "approved", approvedVersion: version });
    expect(await client.pools.get(first.id)).toMatchObject({ reservedOre: 0, committedOre: ore(1_000_000) });
    expect(await client.pools.get(second.id)).toMatchObject({ reservedOre: 0, committedOre: 0, plans: [] });

    await client.plans.reopen(id);
    await client.plans.submit(id);
    await approve(client, id);
    expect((await client.plans.get(id)).data).toMatchObject({ status: "approved", approvedVersion: moved.version });
    expect(await client.pools.get(first.id)).toMatchObject({ reservedOre: 0, committedOre: 0, plans: [] });
    expect(await client.pools.get(second.id)).toMatchObject({ reservedOre: 0, committedOre: ore(1_000_000) });
    await poolState(first.id);
    await poolState(second.id);
  });

  test("reopen is only for an approved plan (409); a write outside draft is 409, a stale one 412 first", async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    const { id, version } = await draftWithPoolMoney(client, pool.id, 100_000);
    expect((await rejection(client.plans.reopen(id))).status).toBe(409);
    await client.plans.submit(id);
    expect(
      (await rejection(client.plans.putBudget(id, budgetWithPoolMoney(100_000), { ifMatch: version }))).status,
    ).toBe(409);
    expect((await rejection(client.plans.patch(id, { name: "Nyt navn" }, { ifMatch: version }))).status).toBe(409);
    const stale = await rejection(client.plans.putBudget(id, budgetWithPoolMoney(100_000), { ifMatch: version - 1 }));
    expect(stale.status).toBe(412);
    expect(stale.current).toBe(version);
  });

  test("a budget over the pool's room is saved with the pool.capacity warning; the submit then refuses", async () => {
    const client = service().client();
    const pool = await newPool(client, 500_000);
    const plan = await client.plans.create(planHeader({ poolId: pool.id }));
    const written = await client.plans.putBudget(plan.id, budgetWithPoolMoney(1_000_000), { ifMatch: 0 });
    expect(written.findings).toEqual([expect.objectContaining({ ruleId: "pool.capacity", severity: "warning" })]);
    expect(written.pool).toMatchObject({ id: pool.id, availableOre: ore(500_000) });
    expect((await rejection(client.plans.submit(plan.id))).slug).toBe("pool-exhausted");
  });
});
