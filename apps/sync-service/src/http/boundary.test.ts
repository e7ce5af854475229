// What the HTTP boundary refuses or normalises before a handler sees a request (defects an outside fuzzer found): a
// write's body that is no JSON (415), bytes that are no UTF-8 and lone surrogates (400), upper-case UUIDs in paths
// and Idempotency-Keys (the same id), a version number beyond the database's integers (404), a `__proto__` key in a
// budget's amounts (400), and a method the route table does not serve on a known path (405).
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { rowCounts } from "../../test/support/counts";
import { demoBudget, planHeader } from "../../test/support/fixtures";
import { describeEachDialect, type TestService } from "../../test/support/each-dialect";

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { path: (string | number)[]; message: string }[];
}

/** The answer must be the problem `status`, and no table may have gained or lost a row. */
async function refused(service: TestService, status: number, request: () => Promise<Response>) {
  const before = await rowCounts(service.db);
  const response = await request();
  const body = (await response.json()) as ProblemBody;
  expect({ status: response.status, type: response.headers.get("content-type") }).toEqual({
    status,
    type: expect.stringMatching(/^application\/problem\+json/) as unknown,
  });
  expect(body.status).toBe(status);
  expect(await rowCounts(service.db)).toEqual(before);
  return { response, body };
}

describeEachDialect("the HTTP boundary", (service) => {
  const newPlan = async () => {
    const created = await service().client().plans.create(planHeader());
    await service().client().plans.putBudget(created.id, demoBudget(), { ifMatch: 0 });
    return created.id;
  };

  describe("a write's body that is no JSON is 415 unsupported-media-type", () => {
    test.each([
      ["text/plain", "{}"],
      ["text/plain", "x"],
      ["application/x-www-form-urlencoded", "a=1"],
      ["application/xml", "<plan/>"],
      ["multipart/form-data; boundary=x", "--x--"],
      ["application/json; charset=latin1", "{}"],
      ["application/json; charset=utf-16", "{}"],
    ])("POST /plans/:id/submit with Content-Type %s and body %j stores nothing", async (contentType, body) => {
      const id = await newPlan();
      const { body: problem } = await refused(service(), 415, () =>
        service().fetch(`/api/v1/plans/${id}/submit`, {
          method: "POST",
          headers: { "content-type": contentType },
          body,
        }),
      );
      expect(problem.type).toBe("/problems/unsupported-media-type");
      expect(problem.detail).toMatch(/JSON/);
      expect((await service().client().plans.get(id)).data.status).toBe("draft");
    });

    test("a body without a Content-Type is 415 too, and the Idempotency-Key stays free", async () => {
      const id = await newPlan();
      const key = randomUUID();
      await refused(service(), 415, () =>
        service().fetch(`/api/v1/plans/${id}/submit`, {
          method: "POST",
          headers: { "idempotency-key": key },
          // A Blob without a type: fetch sends no Content-Type.
          body: new Blob(["{}"]),
        }),
      );
      const retried = await service().fetch(`/api/v1/plans/${id}/submit`, {
        method: "POST",
        headers: { "idempotency-key": key, "content-type": "application/json" },
        body: "{}",
      });
      expect(retried.status).toBe(200);
      expect(retried.headers.get("idempotent-replayed")).toBeNull();
    });

    test("POST /plans with a plan as text/plain is 415", async () => {
      await refused(service(), 415, () =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          headers: { "content-type": "text/plain" },
          body: JSON.stringify(planHeader()),
        }),
      );
    });

    test.each(["application/json", "application/json; charset=utf-8", "application/merge-patch+json"])(
      "%s is JSON",
      async (contentType) => {
        const id = await newPlan();
        const response = await service().fetch(`/api/v1/plans/${id}`, {
          method: "PATCH",
          headers: { "content-type": contentType, "if-match": '"1"' },
          body: JSON.stringify({ name: "Nyt navn" }),
        });
        expect(response.status).toBe(200);
      },
    );

    test("no body needs no Content-Type", async () => {
      const id = await newPlan();
      expect((await service().fetch(`/api/v1/plans/${id}/submit`, { method: "POST" })).status).toBe(200);
    });

    test("without a token it is 401 first", async () => {
      const response = await service().fetch("/api/v1/plans", {
        method: "POST",
        token: null,
        headers: { "content-type": "text/plain" },
        body: "x",
      });
      expect(response.status).toBe(401);
    });
  });

  describe("text that is no UTF-8 or has a lone surrogate is 400 invalid-request", () => {
    const rawBodies: [string, Buffer][] = [
      [
        "a stray byte 0xFF in a string",
        Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xff]), Buffer.from('"}')]),
      ],
      ["a cut-off sequence", Buffer.concat([Buffer.from('{"name":"A'), Buffer.from([0xc3]), Buffer.from('"}')])],
      [
        "an encoded surrogate (ED A0 80)",
        Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
      ],
      ["an escaped lone high surrogate", Buffer.from('{"name":"A\\ud800B"}')],
      ["an escaped lone low surrogate", Buffer.from('{"name":"\\udfff"}')],
      ["a lone surrogate in a key", Buffer.from('{"name":"A","\\ud800":1}')],
      ["a lone surrogate deep in an array", Buffer.from('{"name":"A","estates":["ok",["\\ud83d"]]}')],
    ];
    test.each(rawBodies)("PATCH /plans/:id with %s stores nothing", async (_what, bytes) => {
      const id = await newPlan();
      const { body: problem } = await refused(service(), 400, () =>
        service().fetch(`/api/v1/plans/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json", "if-match": '"1"' },
          body: bytes,
        }),
      );
      expect(problem.type).toBe("/problems/invalid-request");
      expect(problem.errors?.[0]?.message).toMatch(/UTF-8|surrogat/);
      expect((await service().client().plans.get(id)).data.name).toBe(planHeader().name);
    });

    test("a paired surrogate (an emoji), raw or escaped, is text like any other", async () => {
      const id = await newPlan();
      const response = await service().fetch(`/api/v1/plans/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": '"1"' },
        body: '{"name":"Plan 😀 \\ud83d\\ude00"}',
      });
      expect(response.status).toBe(200);
      expect((await service().client().plans.get(id)).data.name).toBe("Plan 😀 😀");
    });
  });

  describe("UUIDs are the same in upper and lower case (RFC 9562)", () => {
    test("GET /plans/<UPPER-CASE ID> finds the plan, and a write there writes it", async () => {
      const id = await newPlan();
      const found = await service().fetch(`/api/v1/plans/${id.toUpperCase()}`);
      expect(found.status).toBe(200);
      expect(((await found.json()) as { id: string }).id).toBe(id);
      const patched = await service().fetch(`/api/v1/plans/${id.toUpperCase()}`, {
        method: "PATCH",
        headers: { "content-type": "application/json", "if-match": '"1"' },
        body: JSON.stringify({ name: "Store bogstaver" }),
      });
      expect(patched.status).toBe(200);
      expect((await service().client().plans.get(id)).data.name).toBe("Store bogstaver");
    });

    test("an Idempotency-Key in upper case is the same key: the write runs once", async () => {
      const key = randomUUID();
      const create = (header: string) =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": header },
          body: JSON.stringify(planHeader()),
        });
      const before = await rowCounts(service().db);
      const first = await create(key.toLowerCase());
      const again = await create(key.toUpperCase());
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(await again.json()).toEqual(await first.json());
      expect((await rowCounts(service().db)).plans).toBe(before.plans + 1);
    });
  });

  describe("a version number the database cannot hold names no version: 404", () => {
    test.each(["2147483648", "9999999999", "999999999999999", "99999999999999999999"])(
      "GET /plans/:id/versions/%s is 404 not-found",
      async (n) => {
        const id = await newPlan();
        const { body: problem } = await refused(service(), 404, () =>
          service().fetch(`/api/v1/plans/${id}/versions/${n}`),
        );
        expect(problem.type).toBe("/problems/not-found");
      },
    );

    test("the largest integer is looked up (404), the first version found, 0 and 01 are no version numbers (400)", async () => {
      const id = await newPlan();
      expect((await service().fetch(`/api/v1/plans/${id}/versions/2147483647`)).status).toBe(404);
      expect((await service().fetch(`/api/v1/plans/${id}/versions/1`)).status).toBe(200);
      expect((await service().fetch(`/api/v1/plans/${id}/versions/0`)).status).toBe(400);
      expect((await service().fetch(`/api/v1/plans/${id}/versions/01`)).status).toBe(400);
    });
  });

  describe("a __proto__ key is an unknown key like any other: 400", () => {
    test.each([
      ["an expense line's amountsOre", "expenses", "__proto__"],
      ["a financing row's amountsOre", "financing", "__proto__"],
      // The key escaped: JSON.parse reads it as __proto__ all the same.
      ["an expense line's amountsOre, the key written with escapes", "expenses", "\\u005f\\u005fproto\\u005f_"],
    ] as const satisfies readonly (readonly [string, "expenses" | "financing", string])[])(
      "PUT budget with __proto__ in %s stores nothing",
      async (_what, section, spelt) => {
        const id = await newPlan();
        const budget = demoBudget();
        const line = JSON.stringify(budget[section][0]).replace(
          '"amountsOre":{',
          `"amountsOre":{"${spelt}":{"2014":1},`,
        );
        const raw = JSON.stringify({ ...budget, [section]: ["LINE", ...budget[section].slice(1)] }).replace(
          '"LINE"',
          line,
        );
        const sent = JSON.parse(raw) as Record<typeof section, { amountsOre: object }[]>;
        expect(Object.keys(sent[section][0]?.amountsOre ?? {})).toContain("__proto__");
        const { body: problem } = await refused(service(), 400, () =>
          service().fetch(`/api/v1/plans/${id}/budget`, {
            method: "PUT",
            headers: { "content-type": "application/json", "if-match": '"1"' },
            body: raw,
          }),
        );
        expect(problem.errors).toContainEqual({
          path: [section, 0, "amountsOre", "__proto__"],
          message: "Ukendt felt: __proto__.",
        });
      },
    );

    test.each(["constructor", "prototype"])("PUT budget with %s in amountsOre is 400", async (key) => {
      const id = await newPlan();
      const budget = demoBudget();
      const [first, ...rest] = budget.expenses;
      const body = { ...budget, expenses: [{ ...first, amountsOre: { ...first?.amountsOre, [key]: 1 } }, ...rest] };
      await refused(service(), 400, () =>
        service().fetch(`/api/v1/plans/${id}/budget`, {
          method: "PUT",
          headers: { "content-type": "application/json", "if-match": '"1"' },
          body: JSON.stringify(body),
        }),
      );
    });
  });

  describe("a method the route table does not serve on a known path is 405 method-not-allowed", () => {
    test.each([
      ["DELETE", "/api/v1/plans", "GET, POST"],
      ["PUT", "/api/v1/plans", "GET, POST"],
      ["DELETE", `/api/v1/plans/${randomUUID()}`, "GET, PATCH"],
      ["GET", `/api/v1/plans/${randomUUID()}/submit`, "POST"],
      ["POST", "/api/v1/plans/not-even-a-uuid/versions/1", "GET"],
      ["DELETE", "/API/V1/PLANS/", "GET, POST"],
    ])("%s %s lists %s in Allow", async (method, path, allow) => {
      const { response, body } = await refused(service(), 405, () =>
        service().fetch(path, {
          method,
          headers: { "content-type": "application/json" },
          body: method === "GET" ? null : "{}",
        }),
      );
      expect(response.headers.get("allow")).toBe(allow);
      expect(body.type).toBe("/problems/method-not-allowed");
      expect(body.detail).toContain(allow);
    });

    test("an unknown path stays 404, whatever the method", async () => {
      for (const method of ["GET", "DELETE"])
        expect((await service().fetch("/api/v1/nothing-here", { method })).status).toBe(404);
      expect((await service().fetch(`/api/v1/plans/${randomUUID()}/unknown`, { method: "DELETE" })).status).toBe(404);
    });
  });
});
