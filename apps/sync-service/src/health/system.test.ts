import { servedRouteList } from "@helhedsplan/api";
import { expect, test } from "vitest";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("health and the OpenAPI document", (service) => {
  test("GET /healthz answers {status: ok} without a token", async () => {
    const response = await service().fetch("/healthz", { token: null });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  test("GET /api/v1/openapi.json is the OpenAPI 3.1 document of every served route, without a token", async () => {
    const response = await service().fetch("/api/v1/openapi.json", { token: null });
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, object> };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toContain("/api/v1/plans/{id}/budget");
    expect(Object.keys(document.paths).length).toBe(new Set(servedRouteList.map((route) => route.path)).size);
    for (const path of ["/api/v1/plans/{id}/goals", "/api/v1/plans/{id}/reports/{year}", "/api/v1/reports"])
      expect(Object.keys(document.paths)).toContain(path);
  });

  test("answers carry helmet's headers and a request id, echoed when the client sends one", async () => {
    const response = await service().fetch("/healthz", { token: null, headers: { "x-request-id": "trace-42" } });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-request-id")).toBe("trace-42");
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  test("an unknown address is a 404 problem", async () => {
    const response = await service().fetch("/api/v1/nothing-here");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});
