import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { demoPlan } from "@helhedsplan/demo";
import type { AddressInfo } from "node:net";
import type { Budget } from "@helhedsplan/rules";
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, test } from "vitest";
import { ApiError } from "./api-error";
import { createClient, type Versioned, type VersionedWriteOptions } from "./client";
import type { CreateTokenBody, Me, PlanDetail, PlanListQuery, Pool, PoolDetail, WriteResult } from "./schemas";

// A tiny real HTTP server on 127.0.0.1 that records each request and answers what the test set.
interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (a hung server). */
  hang?: boolean;
}

let server: Server;
let baseUrl: string;
let requests: Recorded[] = [];
let answer: Answer = { status: 200 };

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      requests.push({
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      if (answer.hang) return;
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  answer = { status: 200 };
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});
const problemAnswer = (
  status: number,
  slug: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Answer => ({
  status,
  headers: { "content-type": "application/problem+json", ...headers },
  body: JSON.stringify({ type: `/problems/${slug}`, title: "Titel", status, detail: "Detalje", ...extra }),
});

const planId = "3f2b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3e";
const idempotencyKey = "9b1d2c3e-4f5a-4b6c-8d7e-0f1a2b3c4d5e";
const pool: Pool = {
  id: "budget-2012",
  name: "Budget 2012",
  budgetYear: 2012,
  amountOre: 3_000_000_000,
  reservedOre: 3_000_000_000,
  committedOre: 0,
  availableOre: 0,
};
const budget = {
  expenses: [
    { focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", amountsOre: { "2014": 30_000_000 } },
  ],
  financing: [{ source: "lbf" as const, amountsOre: { "2014": 30_000_000 } }],
};
const { budget: _demoBudget, ...header } = demoPlan;
const planDetail = {
  ...header,
  id: planId,
  status: "draft",
  version: 4,
  approvedVersion: null,
  createdAt: "2014-01-06T08:00:00.000Z",
  updatedAt: "2014-02-01T10:15:00.000Z",
  budget,
  goals: [],
};

const client = () => createClient({ baseUrl, token: "s3cret-token" });

describe("requests the client sends", () => {
  test("a budget PUT: method, path, bearer token, quoted If-Match, Idempotency-Key, JSON body", async () => {
    const result: WriteResult = { version: 5, findings: [], pool };
    answer = json(200, result);
    await expect(client().plans.putBudget(planId, budget, { ifMatch: 4, idempotencyKey })).resolves.toEqual(result);
    const [request] = requests;
    expect(request?.method).toBe("PUT");
    expect(request?.url).toBe(`/api/v1/plans/${planId}/budget`);
    expect(request?.headers.authorization).toBe("Bearer s3cret-token");
    expect(request?.headers["if-match"]).toBe('"4"');
    expect(request?.headers["idempotency-key"]).toBe(idempotencyKey);
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request?.body ?? "")).toEqual(budget);
  });

  test("an action sends no body, no content-type and no If-Match", async () => {
    answer = json(200, { ...planDetail, status: "submitted" });
    await client().plans.submit(planId);
    const [request] = requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe(`/api/v1/plans/${planId}/submit`);
    expect(request?.body).toBe("");
    expect(request?.headers["content-type"]).toBeUndefined();
    expect(request?.headers["if-match"]).toBeUndefined();
    expect(request?.headers["idempotency-key"]).toBeUndefined();
  });

  test("query filters are sent only when given", async () => {
    answer = json(200, { items: [] });
    await client().plans.list({ status: "draft" });
    await client().plans.list();
    await client().audit.list({ entity: "plan", id: planId });
    expect(requests.map((request) => request.url)).toEqual([
      "/api/v1/plans?status=draft",
      "/api/v1/plans",
      `/api/v1/audit?entity=plan&id=${planId}`,
    ]);
  });

  test("ids are encoded so they cannot leave their path segment", async () => {
    answer = json(200, { items: [] });
    await client()
      .contracts.revisions("../../tokens?x=1")
      .catch(() => undefined);
    expect(requests[0]?.url).toBe("/api/v1/contracts/%2E%2E%2F%2E%2E%2Ftokens%3Fx%3D1/revisions");
  });

  test("me(): GET /api/v1/me with the bearer token answers the token's role and organisation", async () => {
    answer = json(200, { role: "housing", housingOrganisation: "fsb" });
    await expect(client().me()).resolves.toEqual({ role: "housing", housingOrganisation: "fsb" });
    expect(requests[0]?.method).toBe("GET");
    expect(requests[0]?.url).toBe("/api/v1/me");
    expect(requests[0]?.headers.authorization).toBe("Bearer s3cret-token");
  });

  test("without a token no Authorization header is sent; a trailing slash in baseUrl is harmless", async () => {
    answer = json(200, { status: "ok" });
    await expect(createClient({ baseUrl: `${baseUrl}/` }).health()).resolves.toEqual({ status: "ok" });
    expect(requests[0]?.url).toBe("/healthz");
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });
});

// Type-level checks: tsc (the package's typecheck) fails if the route table's schemas stop typing the methods.
test("the methods are typed by the route table's schemas", () => {
  const typed = client();
  expectTypeOf(typed.plans.putBudget).parameter(1).toEqualTypeOf<Budget>();
  expectTypeOf(typed.plans.patch).parameter(2).toEqualTypeOf<VersionedWriteOptions>();
  expectTypeOf(typed.plans.get).returns.resolves.toEqualTypeOf<Versioned<PlanDetail>>();
  expectTypeOf(typed.plans.list).parameter(0).toEqualTypeOf<PlanListQuery | undefined>();
  expectTypeOf(typed.tokens.create).parameter(0).toEqualTypeOf<CreateTokenBody>();
  expectTypeOf(typed.pools.get).returns.resolves.toEqualTypeOf<PoolDetail>();
  expectTypeOf(typed.me).returns.resolves.toEqualTypeOf<Me>();
});

describe("the annual-reporting methods", () => {
  const report = {
    year: 2015,
    spending: [{ focusArea: "boern-unge", category: "loen", activity: "Koordinator", actualOre: 1_000 }],
    financingReceived: [{ source: "kommunePulje" as const, actualOre: 500 }],
    goals: [{ goalId: "m1", status: "opfyldt" as const, comment: "" }],
  };
  const detail = {
    ...report,
    version: 1,
    findings: [],
    variance: {
      lines: [
        {
          focusArea: "boern-unge",
          category: "loen",
          activity: "Koordinator",
          approvedOre: 1_000,
          actualOre: 1_000,
          varianceOre: 0,
          variancePct: 0,
        },
      ],
      year: { approvedOre: 1_000, actualOre: 1_000, varianceOre: 0 },
    },
  };

  test("putGoals: PUT …/goals with If-Match and the goals", async () => {
    answer = json(200, { version: 5, findings: [], pool: null });
    const goals = [{ id: "m1", focusArea: "sundhed", goal: "Mere motion", successCriteria: [] }];
    await client().plans.putGoals(planId, { goals }, { ifMatch: 4 });
    expect(requests[0]?.method).toBe("PUT");
    expect(requests[0]?.url).toBe(`/api/v1/plans/${planId}/goals`);
    expect(requests[0]?.headers["if-match"]).toBe('"4"');
    expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ goals });
  });

  test('putReport: PUT …/reports/:year (the report\'s year) with If-Match "0" for the first; getReport reads the ETag', async () => {
    answer = json(200, detail);
    await expect(client().plans.putReport(planId, report, { ifMatch: 0 })).resolves.toEqual(detail);
    expect(requests[0]?.url).toBe(`/api/v1/plans/${planId}/reports/2015`);
    expect(requests[0]?.headers["if-match"]).toBe('"0"');
    answer = json(200, detail, { etag: '"1"' });
    await expect(client().plans.getReport(planId, 2015)).resolves.toEqual({ data: detail, version: 1 });
    expect(requests[1]?.method).toBe("GET");
    expect(requests[1]?.url).toBe(`/api/v1/plans/${planId}/reports/2015`);
  });

  test("close: POST …/close without a body; reports.summary: GET /reports with its filters", async () => {
    answer = json(200, { ...planDetail, status: "closed" });
    await client().plans.close(planId);
    expect(requests[0]?.method).toBe("POST");
    expect(requests[0]?.url).toBe(`/api/v1/plans/${planId}/close`);
    expect(requests[0]?.body).toBe("");
    answer = json(200, { items: [], totals: { byDistrict: [], byFocusArea: [] } });
    await client().reports.summary({ year: 2015, districtId: "noerrebro" });
    await client().reports.summary();
    expect(requests.slice(1).map((request) => request.url)).toEqual([
      "/api/v1/reports?year=2015&districtId=noerrebro",
      "/api/v1/reports",
    ]);
  });
});

describe("answers the client reads", () => {
  test("GET /plans/:id gives the plan and the version its ETag names", async () => {
    answer = json(200, planDetail, { etag: '"4"' });
    const { data, version } = await client().plans.get(planId);
    expect(version).toBe(4);
    expect(data.name).toBe(demoPlan.name);
  });

  test("an answer without a valid ETag where one is due is an invalid response", async () => {
    answer = json(200, planDetail, { etag: 'W/"4"' });
    await expect(client().plans.get(planId)).rejects.toMatchObject({ name: "ApiError", kind: "invalid-response" });
  });

  test("an answer of the wrong shape is an invalid response, not silently accepted", async () => {
    answer = json(200, { version: "5", findings: [], pool: null });
    const error = await client()
      .plans.patch(planId, { name: "Nyt navn" }, { ifMatch: 4 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: "invalid-response", status: 200 });
  });
});

describe("errors become an ApiError with the problem", () => {
  test("412 carries the current version", async () => {
    answer = problemAnswer(412, "precondition-failed", { current: 7 });
    const error = (await client()
      .plans.patch(planId, { name: "Nyt navn" }, { ifMatch: 4 })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: "problem", status: 412, slug: "precondition-failed", current: 7 });
  });

  test("422 carries the findings", async () => {
    const finding = {
      ruleId: "kommune.cap",
      severity: "error",
      message: "Kommunens andel er for høj.",
      path: ["budget", "financing", "kommune"],
    };
    answer = problemAnswer(422, "rule-violation", { findings: [finding] });
    const error = (await client()
      .plans.putBudget(planId, budget, { ifMatch: 4 })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error.slug).toBe("rule-violation");
    expect(error.findings).toEqual([finding]);
    expect(error.message).toContain("Detalje");
  });

  test("409 pool-exhausted carries the pool", async () => {
    answer = problemAnswer(409, "pool-exhausted", { pool });
    const error = (await client()
      .plans.submit(planId)
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ status: 409, slug: "pool-exhausted", pool });
  });

  test("429 carries Retry-After", async () => {
    answer = problemAnswer(429, "rate-limited", {}, { "retry-after": "42" });
    const error = (await client()
      .tokens.create({ role: "viewer" })
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ status: 429, slug: "rate-limited", retryAfterSeconds: 42 });
  });

  test("an error without problem+json (a proxy's HTML page) still gives its status", async () => {
    answer = { status: 502, headers: { "content-type": "text/html" }, body: "<h1>Bad gateway</h1>" };
    const error = (await client()
      .pools.list()
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ kind: "problem", status: 502, problem: null, slug: null, findings: [] });
  });

  test("a refused connection is an ApiError with its cause, not an unhandled rejection", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = (await createClient({ baseUrl: `http://127.0.0.1:${port}`, token: "t" })
      .pools.list()
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: "network", status: 0 });
    expect(error.cause).toBeInstanceOf(Error);
  });

  test("a server that never answers gives up after the timeout", async () => {
    answer = { status: 200, hang: true };
    const started = Date.now();
    const error = (await createClient({ baseUrl, token: "t", timeoutMs: 200 })
      .pools.list()
      .catch((caught: unknown) => caught)) as ApiError;
    expect(error).toMatchObject({ kind: "network", status: 0 });
    expect(error.message).toContain("200 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
