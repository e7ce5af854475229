import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { problemCatalog, problemStatusOrder } from "./problem";
import { routeList, routeProblems, routes, servedRouteList } from "./routes";
import { allRoles } from "./schemas";

// API.md's role table, transcribed from the contract (housing's "own only" is planScoped).
const all = ["admin", "finance", "housing", "approver", "viewer"];
const roleTable: Record<string, string[]> = {
  "GET /api/v1/reference": all,
  "GET /api/v1/pools": all,
  "GET /api/v1/pools/:id": all,
  "GET /api/v1/contracts": all,
  "GET /api/v1/contracts/:id/revisions": all,
  "GET /api/v1/plans": all,
  "GET /api/v1/plans/:id": all,
  "GET /api/v1/plans/:id/versions": all,
  "GET /api/v1/plans/:id/versions/:n": all,
  "GET /api/v1/plans/:id/reports/:year": all,
  "POST /api/v1/plans": ["admin", "finance", "housing"],
  "PATCH /api/v1/plans/:id": ["admin", "finance", "housing"],
  "PUT /api/v1/plans/:id/budget": ["admin", "finance", "housing"],
  "PUT /api/v1/plans/:id/goals": ["admin", "finance", "housing"],
  "PUT /api/v1/plans/:id/reports/:year": ["admin", "finance", "housing"],
  "POST /api/v1/plans/:id/submit": ["admin", "finance"],
  "POST /api/v1/plans/:id/reopen": ["admin", "finance"],
  "POST /api/v1/plans/:id/close": ["admin", "finance"],
  "POST /api/v1/plans/:id/decisions": ["admin", "approver"],
  "POST /api/v1/contracts": ["admin", "finance"],
  "POST /api/v1/contracts/:id/revisions": ["admin", "finance"],
  "GET /api/v1/reports": ["admin", "finance", "approver", "viewer"],
  "GET /api/v1/audit": ["admin", "finance", "approver", "viewer"],
  "GET /api/v1/me": all,
  "POST /api/v1/tokens": ["admin"],
  "POST /api/v1/pools": ["admin"],
  "PATCH /api/v1/reference/focus-areas/:id": ["admin"],
  "PATCH /api/v1/reference/districts/:id": ["admin"],
  "GET /healthz": [],
  "GET /api/v1/openapi.json": [],
  // Added beyond API.md (docs/api.md): a plan's decisions, read by whoever may read the plan.
  "GET /api/v1/plans/:id/decisions": all,
};

describe("the route table", () => {
  test("has API.md's role table exactly", () => {
    const actual = Object.fromEntries(routeList.map((route) => [`${route.method} ${route.path}`, [...route.roles]]));
    expect(actual).toEqual(roleTable);
  });

  test("each path parameter has its schema, and each schema its path parameter", () => {
    for (const route of routeList) {
      const inPath = [...route.path.matchAll(/:(\w+)/g)].map((match) => match[1]);
      expect(Object.keys(route.params?.shape ?? {}), route.name).toEqual(inPath);
    }
  });

  test("housing sees only its own plans on every route that names a plan", () => {
    const planRoutes = routeList.filter((route) => route.path.startsWith("/api/v1/plans/:id"));
    expect(planRoutes.length).toBe(13);
    for (const route of routeList) expect(route.planScoped, route.name).toBe(planRoutes.includes(route));
  });

  test("If-Match guards exactly the versioned writes; every write takes Idempotency-Key", () => {
    const guarded = routeList
      .filter((route) => route.ifMatch)
      .map((route) => route.name)
      .sort();
    expect(guarded).toEqual(["plansPatch", "plansPutBudget", "plansPutGoals", "plansPutReport"]);
    for (const route of routeList) expect(route.idempotent, route.name).toBe(route.method !== "GET");
  });

  test("every write except the actions has a body schema", () => {
    const withoutBody = routeList.filter((route) => route.method !== "GET" && route.body === undefined);
    expect(withoutBody).toEqual([]);
    for (const action of [routes.plansSubmit, routes.plansReopen, routes.plansClose]) {
      expect(action.body.safeParse(undefined).success).toBe(true);
      expect(action.body.safeParse({}).success).toBe(true);
      expect(action.body.safeParse({ status: "approved" }).success).toBe(false);
    }
  });

  test("a route's problems come in the order the service checks them", () => {
    expect(problemStatusOrder).toEqual([401, 413, 404, 403, 400, 428, 412, 409, 422]);
    const statuses = routeProblems(routes.plansPutBudget).map((slug) => problemCatalog[slug].status);
    // 422 twice: rule-violation and idempotency-key-reused. 415 (a body that is no JSON) is checked with 413.
    expect(statuses).toEqual([401, 413, 415, 404, 403, 400, 428, 412, 409, 422, 422, 429, 503]);
    for (const route of routeList)
      expect(routeProblems(route).includes("unsupported-media-type"), route.name).toBe(route.method !== "GET");
    expect(routeProblems(routes.plansSubmit)).toContain("pool-exhausted");
    expect(routeProblems(routes.health)).toEqual(["unavailable"]);
    expect(routeProblems(routes.openApi)).toEqual([]);
    expect(routeProblems(routes.referenceGet)).not.toContain("forbidden");
    // A reused Idempotency-Key is its own 422 on every write; only the routes with rules answer rule-violation.
    for (const route of routeList.filter((candidate) => candidate.idempotent))
      expect(routeProblems(route), route.name).toContain("idempotency-key-reused");
    expect(routeProblems(routes.tokensCreate)).not.toContain("rule-violation");
    expect(routeProblems(routes.plansPutBudget)).toContain("rule-violation");
    expect(allRoles).toEqual(all);
  });

  test("every route is served: goals, the yearly reports, close and the overview joined the others", () => {
    const later = routeList.filter((route) => !route.served).map((route) => route.name);
    expect(later).toEqual([]);
    for (const name of ["plansClose", "plansGetReport", "plansPutGoals", "plansPutReport", "reportsSummary"] as const)
      expect(routes[name].served, name).toBe(true);
    expect(servedRouteList.length + later.length).toBe(routeList.length);
    expect(servedRouteList.every((route) => route.served)).toBe(true);
  });

  test("docs/api.md lists every route under its name", () => {
    const docs = readFileSync(new URL("../../../docs/api.md", import.meta.url), "utf8");
    for (const route of routeList)
      expect(docs, route.name).toContain(`\`${route.method} ${route.path}\` (\`${route.name}\`)`);
  });
});
