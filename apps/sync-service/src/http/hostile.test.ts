// Hostile and malformed requests: every one a 4xx problem, never a 5xx, and nothing stored.
import { randomUUID } from "node:crypto";
import { expect, test } from "vitest";
import { rowCounts } from "../../test/support/counts";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { describeEachDialect, type TestService } from "../../test/support/each-dialect";

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const longText = (length: number) => "x".repeat(length);

async function expectRefusedWithoutEffect(service: TestService, request: () => Promise<Response>, expected?: number) {
  const before = await rowCounts(service.db);
  const response = await request();
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  if (expected !== undefined) expect(response.status).toBe(expected);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(await rowCounts(service.db)).toEqual(before);
  return (await response.json()) as { type: string; errors?: { path: (string | number)[] }[] };
}

describeEachDialect("hostile requests", (service) => {
  let planId = "";
  const plan = async () => {
    if (planId === "") {
      const created = await service().client().plans.create(planHeader());
      await service().client().plans.putBudget(created.id, demoBudget(), { ifMatch: 0 });
      planId = created.id;
    }
    return planId;
  };

  test.each([
    ["status", { ...planHeader(), status: "approved" }],
    ["approvedVersion", { ...planHeader(), approvedVersion: 3 }],
    ["reservedOre", { ...planHeader(), reservedOre: 0 }],
    ["id", { ...planHeader(), id: randomUUID() }],
  ])("mass assignment: POST /plans with %s is 400 naming the key", async (key, body) => {
    const problem = await expectRefusedWithoutEffect(
      service(),
      () => service().fetch("/api/v1/plans", { method: "POST", ...json(body) }),
      400,
    );
    expect(problem.errors?.map((error) => error.path)).toContainEqual([key]);
  });

  test.each([
    ["status", { status: "approved" }],
    ["approvedVersion", { approvedVersion: 1 }],
    ["reservedOre", { reservedOre: 0, name: "x" }],
    ["version", { version: 7 }],
  ])("mass assignment: PATCH /plans/:id with %s is 400", async (_key, body) => {
    const id = await plan();
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch(`/api/v1/plans/${id}`, {
          method: "PATCH",
          ...json(body),
          headers: { "content-type": "application/json", "if-match": '"1"' },
        }),
      400,
    );
  });

  test("mass assignment: POST /pools with reservedOre or committedOre is 400", async () => {
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch("/api/v1/pools", {
          method: "POST",
          ...json({ name: "P", budgetYear: 2014, amountOre: 100, reservedOre: 100, committedOre: 0 }),
        }),
      400,
    );
  });

  test.each([
    ["a number for a name", { ...planHeader(), name: 123 }],
    ["a string for estates", { ...planHeader(), estates: "Mjølnerparken" }],
    ["a string for a year", { ...planHeader(), periodStart: "2014" }],
    ["null for a boolean", { ...planHeader(), cooperation: null }],
    ["a NUL in the name", { ...planHeader(), name: "Mjølner\u0000parken" }],
    ["a NUL in an estate", { ...planHeader(), estates: ["A\u0000"] }],
    ["a name of 201 characters", { ...planHeader(), name: longText(201) }],
    ["101 estates", { ...planHeader(), estates: Array.from({ length: 101 }, (_, index) => `Afdeling ${index}`) }],
    ["an estate of 100.000 characters", { ...planHeader(), estates: [longText(100_000)] }],
    [
      "a __proto__ key",
      JSON.parse(`{"__proto__": {"status": "approved"}, ${JSON.stringify(planHeader()).slice(1)}`) as unknown,
    ],
    ["a constructor key", { ...planHeader(), constructor: { prototype: { admin: true } } }],
    ["an array body", [planHeader()]],
    ["a null body", null],
    ["an empty object", {}],
  ])("POST /plans with %s is 400 and stores nothing", async (_what, body) => {
    await expectRefusedWithoutEffect(
      service(),
      () => service().fetch("/api/v1/plans", { method: "POST", ...json(body) }),
      400,
    );
  });

  test.each([
    [
      "a NUL in an activity",
      () => ({ ...demoBudget(), expenses: [{ ...demoBudget().expenses[0], activity: "Lektie\u0000café" }] }),
    ],
    [
      "a NUL in a year key",
      () => ({ ...demoBudget(), financing: [{ source: "lbf", amountsOre: { "20\u000014": 1 } }] }),
    ],
    ["a string amount", () => ({ ...demoBudget(), financing: [{ source: "lbf", amountsOre: { "2014": "1000" } }] })],
    [
      "an unknown source",
      () => ({ ...demoBudget(), financing: [{ source: "kommune; DROP TABLE plans", amountsOre: {} }] }),
    ],
    [
      "5.001 expense lines",
      () => ({
        expenses: Array.from({ length: 5_001 }, (_, index) => ({
          focusArea: "sundhed",
          category: "loen",
          activity: `A${index}`,
          amountsOre: {},
        })),
        financing: [],
      }),
    ],
    [
      "an unknown key in a line",
      () => ({ ...demoBudget(), expenses: [{ ...demoBudget().expenses[0], amountOre: 5 }] }),
    ],
  ])("PUT budget with %s is 400 and stores nothing", async (_what, body) => {
    const id = await plan();
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch(`/api/v1/plans/${id}/budget`, {
          method: "PUT",
          body: JSON.stringify(body()),
          headers: { "content-type": "application/json", "if-match": '"1"' },
        }),
      400,
    );
  });

  test.each([
    "/api/v1/plans/1;DROP TABLE plans",
    "/api/v1/plans/1%3BDROP%20TABLE%20plans",
    "/api/v1/plans/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/plans/%00",
    "/api/v1/plans/' OR '1'='1",
    `/api/v1/plans/${randomUUID()}%00`,
    "/api/v1/pools/1;DROP TABLE pools",
    "/api/v1/pools/..%2F..%2Fetc%2Fpasswd",
    "/api/v1/contracts/..%2Fx/revisions",
    "/api/v1/plans/x/versions/1;DROP",
  ])("GET %s is a 4xx", async (path) => {
    await expectRefusedWithoutEffect(service(), () => service().fetch(path));
  });

  test.each([
    ["PUT", "/api/v1/plans/1;DROP TABLE plans/budget"],
    ["POST", "/api/v1/plans/..%2F..%2Fetc%2Fpasswd/submit"],
    ["PATCH", "/api/v1/reference/focus-areas/' OR 1=1 --"],
    ["PATCH", "/api/v1/reference/districts/..%2F..%2Fetc%2Fpasswd"],
    ["POST", "/api/v1/contracts/1;DROP TABLE contracts/revisions"],
  ])("%s %s is a 4xx and stores nothing", async (method, path) => {
    await expectRefusedWithoutEffect(service(), () =>
      service().fetch(path, {
        method,
        body: JSON.stringify({ name: "x" }),
        headers: { "content-type": "application/json", "if-match": '"1"' },
      }),
    );
  });

  test("an operator-looking query key is no operator: it is ignored like any unknown key", async () => {
    const all = (await service().client().plans.list()).items;
    const response = await service().fetch("/api/v1/plans?districtId[$ne]=x");
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items).toHaveLength(all.length);
  });

  test.each([
    "?status=bogus",
    "?status=draft&status=approved",
    `?districtId=${"x".repeat(101)}`,
    "?districtId=%00",
    "?districtId=noerrebro&districtId=bispebjerg",
  ])("GET /plans%s is 400", async (query) => {
    await expectRefusedWithoutEffect(service(), () => service().fetch(`/api/v1/plans${query}`), 400);
  });

  test.each(['W/"1"', "1", '"abc"', "*", '"1", "2"', '"-1"'])("If-Match %s is 400", async (ifMatch) => {
    const id = await plan();
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch(`/api/v1/plans/${id}/budget`, {
          method: "PUT",
          body: JSON.stringify(demoBudget()),
          headers: { "content-type": "application/json", "if-match": ifMatch },
        }),
      400,
    );
  });

  test("an id whose %-encoding is no UTF-8 (a stray byte, a lone surrogate) is 400, on reads and writes alike", async () => {
    for (const id of ["%FF", "%ED%A0%80", "%E0%A4%A"]) {
      await expectRefusedWithoutEffect(service(), () => service().fetch(`/api/v1/plans/${id}`), 400);
      await expectRefusedWithoutEffect(
        service(),
        () => service().fetch(`/api/v1/plans/${id}/budget`, { method: "PUT", ...json(demoBudget()) }),
        400,
      );
    }
  });

  test("bad JSON is 400; a body that is not JSON is 415", async () => {
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"name": ',
        }),
      400,
    );
    await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify(planHeader()),
        }),
      415,
    );
  });

  test("a body over 1 MB is 413", async () => {
    const huge = JSON.stringify({ ...planHeader(), name: longText(1024 * 1024) });
    const problem = await expectRefusedWithoutEffect(
      service(),
      () =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: huge,
        }),
      413,
    );
    expect(problem.type).toBe("/problems/payload-too-large");
  });
});

describeEachDialect("the order of checks (401 → 413 → 404 → 403 → 400 → 428 → 412 → 409 → 422)", (service) => {
  const huge = JSON.stringify({ name: longText(1024 * 1024 + 10) });
  const put = (path: string, token: string | null, body: string, ifMatch?: string) =>
    service().fetch(path, {
      method: "PUT",
      token,
      headers: { "content-type": "application/json", ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
      body,
    });

  test("an oversized body without a token is 401; with a token to an unknown plan, 413", async () => {
    expect((await put(`/api/v1/plans/${randomUUID()}/budget`, null, huge)).status).toBe(401);
    expect((await put(`/api/v1/plans/${randomUUID()}/budget`, service().adminToken, huge)).status).toBe(413);
  });

  test("an unknown plan is 404 before the role (403), bad JSON (400) or a missing If-Match (428)", async () => {
    const viewer = await service().token("viewer");
    expect((await put(`/api/v1/plans/${randomUUID()}/budget`, viewer, "{bad json")).status).toBe(404);
  });

  test("the role (403) comes before bad JSON (400); bad JSON before a missing If-Match (428)", async () => {
    const created = await service().client().plans.create(planHeader());
    const viewer = await service().token("viewer");
    expect((await put(`/api/v1/plans/${created.id}/budget`, viewer, "{bad json")).status).toBe(403);
    expect((await put(`/api/v1/plans/${created.id}/budget`, service().adminToken, "{bad json")).status).toBe(400);
    expect(
      (await put(`/api/v1/plans/${created.id}/budget`, service().adminToken, JSON.stringify(demoBudget()))).status,
    ).toBe(428);
  });

  test("a stale If-Match (412) comes before the state (409); the state before the rules (422)", async () => {
    const client = service().client();
    const created = await client.plans.create(planHeader());
    await client.plans.putBudget(created.id, demoBudget(), { ifMatch: 0 });
    await client.plans.submit(created.id);
    const unbalanced = { ...demoBudget(), financing: [] };
    expect(
      (await put(`/api/v1/plans/${created.id}/budget`, service().adminToken, JSON.stringify(unbalanced), '"0"')).status,
    ).toBe(412);
    expect(
      (await put(`/api/v1/plans/${created.id}/budget`, service().adminToken, JSON.stringify(unbalanced), '"1"')).status,
    ).toBe(409);
    const draft = await client.plans.create(planHeader());
    expect(
      (await put(`/api/v1/plans/${draft.id}/budget`, service().adminToken, JSON.stringify(unbalanced), '"0"')).status,
    ).toBe(422);
  });
});
