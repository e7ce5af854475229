// The security cases every route gets from one helper (Unkey's runCommonRouteTests): no token
// and an unknown token → 401, every role without the right → 403, and for a route under a
// plan, another organisation's housing token → 404 (as if the plan did not exist).
import { allRoles, isPublicRoute, type RouteDefinition, type RouteName } from "@helhedsplan/api";
import { expect, test } from "vitest";
import type { TestService } from "./each-dialect";

/** Existing ids for every kind of path parameter, so a refusal is about rights, never a missing entity. */
export interface RouteIds {
  planId: string;
  contractId: string;
  poolId: string;
  focusAreaId: string;
  districtId: string;
  /** The organisation the plan belongs to. */
  organisation: string;
}

/** The route's path with ids filled in. */
export function routePath(route: RouteDefinition & { name: RouteName }, ids: RouteIds): string {
  const idFor = (): string => {
    if (route.name.startsWith("plans")) return ids.planId;
    if (route.name.startsWith("contracts")) return ids.contractId;
    if (route.name.startsWith("pools")) return ids.poolId;
    if (route.name === "referencePatchFocusArea") return ids.focusAreaId;
    if (route.name === "referencePatchDistrict") return ids.districtId;
    throw new Error(`No id known for ${route.name}`);
  };
  return route.path.replace(/:(\w+)/g, (_, name: string) => (name === "n" ? "1" : name === "year" ? "2015" : idFor()));
}

function request(service: TestService, route: RouteDefinition, path: string, token: string | null) {
  return service.fetch(path, {
    method: route.method,
    token,
    ...(route.body === undefined
      ? {}
      : { headers: { "content-type": "application/json", "if-match": '"1"' }, body: "{}" }),
  });
}

/** What the service answers for an address it has no route for. */
const unknownAddress = "Der findes ingen sådan adresse i tjenesten.";

/**
 * Registers the common security tests of one route. A route not served yet (`served: false` in the route table) gets
 * one test instead: it is unknown (404) even to an admin, so it cannot be served without its security cases.
 */
export function runCommonRouteTests(
  route: RouteDefinition & { name: RouteName },
  service: () => TestService,
  ids: () => RouteIds,
): void {
  const label = `${route.method} ${route.path}`;
  if (!route.served) {
    test(`${label} is not served yet: 404 for an admin`, async () => {
      const response = await request(service(), route, routePath(route, ids()), service().adminToken);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ detail: unknownAddress });
    });
    return;
  }

  test(`${label} is served: an admin's request reaches its handler`, async () => {
    const response = await request(service(), route, routePath(route, ids()), service().adminToken);
    if (response.status === 404) expect(await response.json()).not.toMatchObject({ detail: unknownAddress });
  });

  if (isPublicRoute(route)) {
    test(`${label} answers without a token`, async () => {
      const response = await request(service(), route, routePath(route, ids()), null);
      expect(response.status).toBe(route.successStatus);
    });
    return;
  }

  test(`${label}: no token → 401 problem+json`, async () => {
    const response = await request(service(), route, routePath(route, ids()), null);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: "/problems/unauthorized", status: 401 });
  });

  test(`${label}: an unknown token → 401`, async () => {
    const response = await request(service(), route, routePath(route, ids()), "not-a-token-the-service-issued");
    expect(response.status).toBe(401);
  });

  for (const role of allRoles.filter((candidate) => !route.roles.includes(candidate))) {
    test(`${label}: role ${role} → 403`, async () => {
      const token = await service().token(role, ids().organisation);
      const response = await request(service(), route, routePath(route, ids()), token);
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ type: "/problems/forbidden" });
    });
  }

  for (const role of route.roles) {
    test(`${label}: role ${role} is let through (neither 401 nor 403)`, async () => {
      const token = await service().token(role, ids().organisation);
      const response = await request(service(), route, routePath(route, ids()), token);
      expect([401, 403]).not.toContain(response.status);
      expect(response.status).toBeLessThan(500);
    });
  }

  if (route.planScoped) {
    test(`${label}: another organisation's housing token → 404`, async () => {
      const token = await service().token("housing", `Ikke ${ids().organisation}`);
      const response = await request(service(), route, routePath(route, ids()), token);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ type: "/problems/not-found" });
    });
  }
}
