import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { planHeader } from "../../test/support/fixtures";
import { describeEachDialect } from "../../test/support/each-dialect";
import { createLogger } from "../logger";
import { hashToken } from "./token-secret";
import { ensureAdminToken } from "./token.service";
import { storedKeyOf } from "../idempotency/sealed-key";

describeEachDialect("tokens", (service) => {
  test("POST /tokens answers the token once; only its SHA-256 is stored, and it works with its role", async () => {
    const created = await service().client().tokens.create({ role: "housing", housingOrganisation: "fsb" });
    expect(created).toMatchObject({ role: "housing", housingOrganisation: "fsb" });
    expect(created.token.length).toBeGreaterThanOrEqual(43);
    const stored = await service()
      .db.selectFrom("tokens")
      .selectAll()
      .where("hash", "=", hashToken(created.token))
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ role: "housing", housing_organisation: "fsb" });
    const everything = JSON.stringify(await service().db.selectFrom("tokens").selectAll().execute());
    expect(everything).not.toContain(created.token);

    const housing = service().client(created.token);
    expect((await housing.plans.create(planHeader({ housingOrganisation: "fsb" }))).housingOrganisation).toBe("fsb");
    expect((await rejection(housing.plans.create(planHeader({ housingOrganisation: "Bo-Vita" })))).status).toBe(403);
  });

  test("housingOrganisation is required for housing and refused for the other roles (400)", async () => {
    const post = (body: unknown) =>
      service().fetch("/api/v1/tokens", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post({ role: "housing" })).status).toBe(400);
    expect((await post({ role: "finance", housingOrganisation: "fsb" })).status).toBe(400);
    expect((await post({ role: "superuser" })).status).toBe(400);
    expect((await post({ role: "viewer" })).status).toBe(201);
  });

  test("under an Idempotency-Key the replay shows the same token, yet the database holds neither the token nor the raw key", async () => {
    const key = randomUUID();
    const post = () =>
      service().fetch("/api/v1/tokens", {
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ role: "finance" }),
      });
    const first = (await (await post()).json()) as { token: string };
    const replay = await post();
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(first);
    const everything = JSON.stringify(await service().db.selectFrom("idempotency_keys").selectAll().execute());
    expect(everything).toContain(storedKeyOf(key));
    expect(everything).not.toContain(first.token);
    expect(everything).not.toContain(key);
  });

  test("token creation is audited without the token", async () => {
    const created = await service().client().tokens.create({ role: "approver" });
    const entries = (await service().client().audit.list({ entity: "token" })).items;
    expect(entries.at(-1)).toMatchObject({
      action: "token.create",
      entity: "token",
      after: { role: "approver", housingOrganisation: null },
    });
    expect(JSON.stringify(entries)).not.toContain(created.token);
  });
});

describeEachDialect("the first admin token", (service) => {
  test("HELHEDSPLAN_ADMIN_TOKEN becomes an admin token, once however often the service starts; with an admin present nothing is created", async () => {
    const configured = "configured-admin-token";
    const logger = createLogger("silent");
    await ensureAdminToken(service().db, configured, logger);
    await ensureAdminToken(service().db, configured, logger);
    const rows = await service()
      .db.selectFrom("tokens")
      .selectAll()
      .where("hash", "=", hashToken(configured))
      .execute();
    expect(rows).toEqual([expect.objectContaining({ role: "admin", housing_organisation: null })]);
    expect((await service().client(configured).tokens.create({ role: "viewer" })).role).toBe("viewer");

    const before = await service().db.selectFrom("tokens").select("id").execute();
    await ensureAdminToken(service().db, undefined, logger);
    expect(await service().db.selectFrom("tokens").select("id").execute()).toHaveLength(before.length);
  });
});

describeEachDialect("token creation rate limit", (service) => {
  test(
    "an admin token may create 60 tokens a minute; the 61st is 429 with Retry-After; another admin is not limited",
    { timeout: 60_000 },
    async () => {
      const admin = await service().token("admin");
      const client = service().client(admin);
      for (let index = 0; index < 60; index++) await client.tokens.create({ role: "viewer" });
      const limited = await service().fetch("/api/v1/tokens", {
        method: "POST",
        token: admin,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ role: "viewer" }),
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await limited.json()).toMatchObject({ type: "/problems/rate-limited" });
      expect((await service().client().tokens.create({ role: "viewer" })).role).toBe("viewer");

      // A 429 judged nothing: it is not stored under an Idempotency-Key, so a later retry runs.
      const key = randomUUID();
      const keyed = await service().fetch("/api/v1/tokens", {
        method: "POST",
        token: admin,
        headers: { "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ role: "viewer" }),
      });
      expect(keyed.status).toBe(429);
      expect(
        await service()
          .db.selectFrom("idempotency_keys")
          .select("key")
          .where("key", "=", storedKeyOf(key))
          .executeTakeFirst(),
      ).toBeUndefined();
    },
  );
});

describeEachDialect(
  "failed authentications",
  (service) => {
    test("are rate-limited per client address: after the limit bad tokens get 429 with Retry-After, a good token still passes", async () => {
      for (let index = 0; index < 5; index++) {
        expect((await service().fetch("/api/v1/reference", { token: `wrong-${index}` })).status).toBe(401);
      }
      const limited = await service().fetch("/api/v1/reference", { token: "wrong-again" });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
      expect((await service().fetch("/api/v1/reference")).status).toBe(200);
    });
  },
  { config: { authFailuresPerMinute: 5 } },
);

describeEachDialect(
  "successful authentications",
  (service) => {
    test("do not count against the failure limit", async () => {
      for (let index = 0; index < 20; index++) expect((await service().fetch("/api/v1/reference")).status).toBe(200);
    });
  },
  { config: { authFailuresPerMinute: 5 } },
);
