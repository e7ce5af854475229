// Idempotency-Key (API.md): the same key and request → the first answer again, one effect.
import { createHash, randomUUID } from "node:crypto";
import { sql } from "kysely";
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { rowCounts } from "../../test/support/counts";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { describeEachDialect } from "../../test/support/each-dialect";
import { inTransaction } from "../db/transaction";
import { createPlan as createPlanService } from "../plans/plan.service";
import {
  claimKey,
  completeClaimedKey,
  keyRetentionMs,
  purgeExpiredKeys,
  settleFailedKey,
  staleClaimMs,
} from "./idempotency.service";
import { storedKeyOf } from "./sealed-key";

const sha256Of = (text: string) => createHash("sha256").update(text).digest("hex");

describeEachDialect("idempotency keys", (service) => {
  const createPlan = (key: string, body: unknown = planHeader(), token?: string) =>
    service().fetch("/api/v1/plans", {
      method: "POST",
      ...(token === undefined ? {} : { token }),
      headers: { "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify(body),
    });

  test("the same key and body answer the first answer again, and the plan is created once", async () => {
    const key = randomUUID();
    const before = await rowCounts(service().db);
    const first = await createPlan(key);
    const again = await createPlan(key);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
    expect((await rowCounts(service().db)).plans).toBe(before.plans + 1);
  });

  test("the same key with another body is 422 idempotency-key-reused and changes nothing", async () => {
    const key = randomUUID();
    await createPlan(key);
    const before = await rowCounts(service().db);
    const other = await createPlan(key, planHeader({ name: "En anden plan" }));
    expect(other.status).toBe(422);
    // Its own problem, not a rule-violation without findings: a client can tell a reused key from broken rules.
    expect(await other.json()).toEqual({
      type: "/problems/idempotency-key-reused",
      title: "Idempotency-Key er allerede brugt",
      status: 422,
      detail:
        "Idempotency-Key er allerede brugt til en anden forespørgsel (anden metode, sti eller krop). Brug en ny nøgle.",
    });
    expect(await rowCounts(service().db)).toEqual(before);
  });

  test("a key is scoped to its token: another token's same key is a request of its own", async () => {
    const key = randomUUID();
    const other = await service().token("finance");
    expect((await createPlan(key)).status).toBe(201);
    const second = await createPlan(key, planHeader(), other);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
  });

  test("five concurrent retries of one key make one effect; the others replay it or are told it is running (409)", async () => {
    const key = randomUUID();
    const before = await rowCounts(service().db);
    const answers = await Promise.all(Array.from({ length: 5 }, () => createPlan(key)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.every((status) => status === 201 || status === 409)).toBe(true);
    expect(statuses).toContain(201);
    const created = await Promise.all(
      answers.filter((answer) => answer.status === 201).map((answer) => answer.json() as Promise<{ id: string }>),
    );
    expect(new Set(created.map((plan) => plan.id)).size).toBe(1);
    expect((await rowCounts(service().db)).plans).toBe(before.plans + 1);
    // Once the first has finished, every retry gets its answer.
    const late = await createPlan(key);
    expect(late.status).toBe(201);
    expect(((await late.json()) as { id: string }).id).toBe(created[0]?.id);
  });

  test("a budget PUT replayed after the plan moved on answers the first 200, not a 412", async () => {
    const client = service().client();
    const plan = await client.plans.create(planHeader());
    const key = randomUUID();
    const first = await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0, idempotencyKey: key });
    const replay = await client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0, idempotencyKey: key });
    expect(replay).toEqual(first);
    expect((await client.plans.versions(plan.id)).items).toHaveLength(1);
    expect((await rejection(client.plans.putBudget(plan.id, demoBudget(), { ifMatch: 0 }))).status).toBe(412);
  });

  test("a 4xx answer is stored and replayed too", async () => {
    const key = randomUUID();
    const invalid = { ...planHeader(), status: "approved" };
    const first = await createPlan(key, invalid);
    const again = await createPlan(key, invalid);
    expect(first.status).toBe(400);
    expect(again.status).toBe(400);
    expect(again.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(await first.json());
  });

  test("a write that lost a race (409 from the database) frees its key: the retry under the same key runs again", async () => {
    const { db } = service();
    const name = `Kapløb ${randomUUID()}`;
    // A concurrent writer that wins every time, until it is dropped: the insert fails with 23505.
    await sql`CREATE FUNCTION lose_race() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'a concurrent write won' USING ERRCODE = 'unique_violation'; END $$`.execute(db);
    await sql`CREATE TRIGGER lose_race BEFORE INSERT ON pools FOR EACH ROW WHEN (NEW.name = ${sql.lit(name)}) EXECUTE FUNCTION lose_race()`.execute(
      db,
    );
    const key = randomUUID();
    const createPool = () =>
      service().fetch("/api/v1/pools", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ name, budgetYear: 2014, amountOre: 100 }),
      });
    try {
      expect((await createPool()).status).toBe(409);
    } finally {
      await sql`DROP TRIGGER lose_race ON pools`.execute(db);
      await sql`DROP FUNCTION lose_race()`.execute(db);
    }
    const retry = await createPool();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  test("a key that is not a UUID is 400", async () => {
    expect((await createPlan("not-a-uuid")).status).toBe(400);
  });

  test("a request that stalled past staleClaimMs is fenced out: once its key is taken over, its effect rolls back and the new one's counts", async () => {
    const [token] = await service().db.selectFrom("tokens").select("id").where("role", "=", "admin").limit(1).execute();
    const request = {
      tokenId: token?.id ?? "",
      key: randomUUID(),
      method: "POST",
      path: "/api/v1/plans",
      bodyHash: "stalled",
    };
    const start = new Date();
    const first = await claimKey(service().db, { ...request, now: start });
    if (first.kind !== "claimed") throw new Error("The first request did not claim its key");
    // Before staleClaimMs the key is the first request's: 409.
    await expect(
      claimKey(service().db, { ...request, now: new Date(start.getTime() + staleClaimMs - 1) }),
    ).rejects.toMatchObject({ status: 409 });
    const second = await claimKey(service().db, { ...request, now: new Date(start.getTime() + staleClaimMs + 1) });
    if (second.kind !== "claimed") throw new Error("The retry did not take the stale key over");

    const before = await rowCounts(service().db);
    const header = planHeader({ name: `Fenced ${request.key}` });
    const actor = {
      caller: { tokenId: request.tokenId, role: "admin" as const, housingOrganisation: null },
      now: start,
    };
    const stalled = inTransaction(
      service().db,
      (trx) => createPlanService(trx, actor, header),
      (trx, answer) => completeClaimedKey(trx, first.claim, 201, answer),
    );
    await expect(stalled).rejects.toMatchObject({ status: 409 });
    expect((await rowCounts(service().db)).plans).toBe(before.plans);
    // Its failure does not free the key the retry holds.
    await settleFailedKey(service().db, first.claim, { status: 503, response: {}, lostRace: false });

    const answer = await inTransaction(
      service().db,
      (trx) => createPlanService(trx, actor, header),
      (trx, created) => completeClaimedKey(trx, second.claim, 201, created),
    );
    expect((await rowCounts(service().db)).plans).toBe(before.plans + 1);
    const replay = await claimKey(service().db, { ...request, now: new Date() });
    expect(replay).toMatchObject({ kind: "replay", status: 201, response: { id: answer.id } });
  });

  test("a key left in progress by a request that died is taken over after a while; keys older than 24 hours are purged", async () => {
    const key = randomUUID();
    const [token] = await service().db.selectFrom("tokens").select("id").where("role", "=", "admin").limit(1).execute();
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await service()
      .db.insertInto("idempotency_keys")
      .values({
        token_id: token?.id ?? "",
        key: storedKeyOf(key),
        method: "POST",
        path: "/api/v1/plans",
        body_hash: "x",
        state: "in_progress",
        status: null,
        response: null,
        created_at: hourAgo,
      })
      .execute();
    // Same method and path but another body hash: a different request under the key is still refused.
    expect((await createPlan(key)).status).toBe(422);
    await service()
      .db.updateTable("idempotency_keys")
      .set({ body_hash: sha256Of(JSON.stringify(planHeader())) })
      .where("key", "=", storedKeyOf(key))
      .execute();
    expect((await createPlan(key)).status).toBe(201);

    const dayAndMinuteAgo = new Date(Date.now() - keyRetentionMs - 60_000);
    await service()
      .db.updateTable("idempotency_keys")
      .set({ created_at: dayAndMinuteAgo })
      .where("key", "=", storedKeyOf(key))
      .execute();
    expect(await purgeExpiredKeys(service().db, new Date())).toBeGreaterThanOrEqual(1);
    expect(
      await service()
        .db.selectFrom("idempotency_keys")
        .select("key")
        .where("key", "=", storedKeyOf(key))
        .executeTakeFirst(),
    ).toBeUndefined();
  });
});
