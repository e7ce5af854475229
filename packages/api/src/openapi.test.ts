import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { pageLimits } from "./schemas/common";

// API.md's routes the service serves, with the status codes it documents for each, transcribed
// from the contract itself (not from the route table), so a route missing from the table or a
// code it forgets fails. The routes of later work (below) are left out until they are served.
const documented: [method: string, path: string, statuses: number[]][] = [
  ["get", "/healthz", [200, 503]],
  ["get", "/api/v1/openapi.json", [200]],
  ["get", "/api/v1/reference", [200, 401]],
  ["patch", "/api/v1/reference/focus-areas/{id}", [200, 400, 401, 403, 404]],
  ["patch", "/api/v1/reference/districts/{id}", [200, 400, 401, 403, 404]],
  ["get", "/api/v1/pools", [200, 401]],
  ["get", "/api/v1/pools/{id}", [200, 401, 404]],
  ["post", "/api/v1/pools", [201, 400, 401, 403, 413]],
  ["post", "/api/v1/plans", [201, 400, 401, 403, 413, 422]],
  ["get", "/api/v1/plans", [200, 400, 401]],
  ["get", "/api/v1/plans/{id}", [200, 400, 401, 404]],
  ["patch", "/api/v1/plans/{id}", [200, 400, 401, 403, 404, 409, 412, 413, 422, 428]],
  ["put", "/api/v1/plans/{id}/budget", [200, 400, 401, 403, 404, 409, 412, 413, 422, 428]],
  ["get", "/api/v1/plans/{id}/versions", [200, 400, 401, 404]],
  ["get", "/api/v1/plans/{id}/versions/{n}", [200, 400, 401, 404]],
  ["post", "/api/v1/plans/{id}/submit", [200, 401, 403, 404, 409, 422]],
  ["post", "/api/v1/plans/{id}/decisions", [201, 400, 401, 403, 404, 409]],
  ["post", "/api/v1/plans/{id}/reopen", [200, 401, 403, 404, 409]],
  ["put", "/api/v1/plans/{id}/goals", [200, 400, 401, 403, 404, 409, 412, 413, 422, 428]],
  ["post", "/api/v1/plans/{id}/close", [200, 401, 403, 404, 409]],
  ["put", "/api/v1/plans/{id}/reports/{year}", [200, 400, 401, 403, 404, 409, 412, 413, 422, 428]],
  ["get", "/api/v1/plans/{id}/reports/{year}", [200, 400, 401, 404]],
  ["get", "/api/v1/reports", [200, 400, 401, 403]],
  ["get", "/api/v1/contracts", [200, 400, 401]],
  ["post", "/api/v1/contracts", [201, 400, 401, 403, 413, 422]],
  ["post", "/api/v1/contracts/{id}/revisions", [201, 400, 401, 403, 404, 422]],
  ["get", "/api/v1/contracts/{id}/revisions", [200, 400, 401, 404]],
  ["get", "/api/v1/audit", [200, 400, 401, 403]],
  ["get", "/api/v1/me", [200, 401]],
  ["post", "/api/v1/tokens", [201, 400, 401, 403, 429]],
  // Added beyond API.md, each written down in docs/api.md ("Added beyond API.md").
  ["get", "/api/v1/plans/{id}/decisions", [200, 400, 401, 404]],
];

// Every route of API.md is served now; a route of later work would be listed here until it is.
const notServedYet: string[] = [];

type Operation = {
  responses: Record<
    string,
    { description?: string; content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
  >;
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean }[];
  requestBody?: { required: boolean };
};
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const document = buildOpenApiDocument() as Document;
const operationAt = (method: string, path: string) => document.paths[path]?.[method];

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner),
  );
}

describe("the OpenAPI document", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  test("the validator refuses a document with a response that lacks its description", async () => {
    const broken = structuredClone(document);
    const budget = broken.paths["/api/v1/plans/{id}/budget"]?.put?.responses["200"] as Record<string, unknown>;
    delete budget.description;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  test("every $ref points at a component it holds", () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of refs) {
      const name = ref.replace("#/components/schemas/", "");
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });

  test.each(documented)("%s %s answers its documented status codes", (method, path, statuses) => {
    const operation = operationAt(method, path);
    expect(operation, `${method} ${path}`).toBeDefined();
    expect(Object.keys(operation?.responses ?? {}).map(Number)).toEqual(expect.arrayContaining(statuses));
  });

  test("leaves out the routes not served yet", () => {
    for (const operation of notServedYet) {
      const [method = "", path = ""] = operation.split(" ");
      expect(operationAt(method, path), operation).toBeUndefined();
    }
  });

  test("holds the annual-reporting shapes now that their routes are served", () => {
    for (const name of ["PutGoalsBody", "Goal", "AnnualReport", "ReportDetail", "ReportsSummary"]) {
      expect(document.components.schemas, name).toHaveProperty(name);
    }
    const report = operationAt("get", "/api/v1/plans/{id}/reports/{year}");
    expect(Object.keys(report?.responses["200"]?.headers ?? {})).toContain("ETag");
  });

  test("holds exactly API.md's served routes", () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations.sort()).toEqual(documented.map(([method, path]) => `${method} ${path}`).sort());
  });

  test("error answers are problem+json and success answers JSON", () => {
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const mediaType = Number(status) >= 400 ? "application/problem+json" : "application/json";
          expect(Object.keys(response.content ?? {})).toEqual([mediaType]);
        }
      }
    }
    expect(
      operationAt("put", "/api/v1/plans/{id}/budget")?.responses["422"]?.content?.["application/problem+json"]?.schema,
    ).toEqual({
      $ref: "#/components/schemas/Problem",
    });
  });

  test("every write documents the reused Idempotency-Key under its 422", () => {
    expect(operationAt("put", "/api/v1/plans/{id}/budget")?.responses["422"]?.description).toBe(
      "rule-violation: En regel er brudt; idempotency-key-reused: Idempotency-Key er allerede brugt",
    );
    expect(operationAt("post", "/api/v1/tokens")?.responses["422"]?.description).toBe(
      "idempotency-key-reused: Idempotency-Key er allerede brugt",
    );
  });

  test("every write documents 415 unsupported-media-type (a body that is no JSON); no read does", () => {
    for (const [method, path] of documented) {
      const responses = operationAt(method, path)?.responses ?? {};
      if (method === "get") expect(responses["415"], `${method} ${path}`).toBeUndefined();
      else
        expect(responses["415"]?.description, `${method} ${path}`).toBe("unsupported-media-type: Kroppen er ikke JSON");
    }
  });

  test("public routes need no token; the others the bearer scheme", () => {
    expect(operationAt("get", "/healthz")?.security).toEqual([]);
    expect(operationAt("get", "/api/v1/openapi.json")?.security).toEqual([]);
    expect(operationAt("get", "/api/v1/plans")?.security).toBeUndefined();
    expect(buildOpenApiDocument()).toMatchObject({
      security: [{ bearer: [] }],
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    });
  });

  test("versioned writes require If-Match and accept Idempotency-Key; reads carry the ETag", () => {
    const budget = operationAt("put", "/api/v1/plans/{id}/budget");
    expect(budget?.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "id", in: "path", required: true }),
        expect.objectContaining({ name: "If-Match", in: "header", required: true }),
        expect.objectContaining({ name: "Idempotency-Key", in: "header", required: false }),
      ]),
    );
    expect(operationAt("get", "/api/v1/plans/{id}")?.responses["200"]?.headers).toHaveProperty("ETag");
    expect(operationAt("get", "/api/v1/plans")?.parameters).toEqual([
      expect.objectContaining({ name: "districtId", in: "query", required: false }),
      expect.objectContaining({ name: "status", in: "query", required: false }),
      expect.objectContaining({ name: "limit", in: "query", required: false }),
      expect.objectContaining({ name: "cursor", in: "query", required: false }),
    ]);
  });

  test("the paged lists say their limit exactly as the service reads it, and answer nextCursor", () => {
    for (const path of ["/api/v1/plans", "/api/v1/audit"]) {
      const limit = operationAt("get", path)?.parameters?.find((parameter) => parameter.name === "limit");
      const pattern = new RegExp((limit as { schema?: { pattern?: string } } | undefined)?.schema?.pattern ?? "(?!)");
      for (const accepted of ["1", "9", "10", "999", String(pageLimits.max)]) expect(pattern.test(accepted)).toBe(true);
      for (const refused of ["0", "01", "-1", "1.5", String(pageLimits.max + 1), "10000"])
        expect(pattern.test(refused)).toBe(false);
    }
    expect(document.components.schemas.PlanList).toMatchObject({ properties: { nextCursor: {} } });
  });

  test("strict write bodies are closed in the schema; an action's body is optional", () => {
    expect(document.components.schemas.PlanHeader).toMatchObject({ additionalProperties: false });
    expect(document.components.schemas.Budget).toMatchObject({ additionalProperties: false });
    expect(operationAt("put", "/api/v1/plans/{id}/budget")?.requestBody).toMatchObject({ required: true });
    expect(operationAt("post", "/api/v1/plans/{id}/submit")?.requestBody).toMatchObject({ required: false });
  });
});
