// The authorisation matrix (test/support/authorization-matrix.ts): every route of the route table × every kind of
// caller, checked against a running service on each database in one table-driven test, and against docs/security.md,
// which must be the matrix as rendered.
import { readFileSync } from "node:fs";
import type { AnnualReport, RouteDefinition } from "@helhedsplan/api";
import { beforeAll, expect, test } from "vitest";
import {
  authorizationMatrix,
  matrixCallers,
  renderedSecurityDoc,
  securityDocPath,
  type MatrixCaller,
  type MatrixRow,
  type Outcome,
} from "../../test/support/authorization-matrix";
import { describeEachDialect } from "../../test/support/each-dialect";
import { approvedPlan, newPool } from "../../test/support/plans";
import { routePath, type RouteIds } from "../../test/support/security";

test("docs/security.md shows the authorisation matrix as the table in code has it", async () => {
  const committed = readFileSync(securityDocPath, "utf8");
  // On a difference: pnpm --filter @helhedsplan/sync-service docs:security, and review the change.
  expect(committed).toBe(await renderedSecurityDoc(committed));
});

test("the matrix has a column per role of the contract, housing twice (the plan's organisation and another)", () => {
  // A new role in the contract is a new column here, and in docs/security.md, on purpose.
  expect(matrixCallers.map((caller) => caller.id)).toEqual([
    "no-token",
    "admin",
    "finance",
    "housing-own",
    "housing-other",
    "approver",
    "viewer",
  ]);
});

/** The 2015 report of the plan: its one expense line spent, the pool money received. */
const report2015: AnnualReport = {
  year: 2015,
  spending: [{ focusArea: "boern-unge", category: "loen", activity: "Familiekoordinator", actualOre: 10_000_000 }],
  financingReceived: [{ source: "kommunePulje", actualOre: 1_000_000 }],
  goals: [],
};

/**
 * A write's probe body: an unknown key, so an allowed write answers 400 and changes nothing, and the plan's
 * organisation, so a housing token of another organisation meets the organisation rule (403 before 400).
 */
function probeBody(organisation: string): string {
  return JSON.stringify({ housingOrganisation: organisation, matrixProbe: true });
}

/** What the service's answer shows, in the matrix's terms as text (anything else is said as it is). */
async function observed(
  route: RouteDefinition,
  response: Response,
  expected: Outcome,
  caller: MatrixCaller,
  planId: string,
): Promise<string> {
  const status = response.status;
  const text = await response.text();
  if (status === 401 || status === 403 || status === 404) return String(status);
  if (status >= 500) return `${status}: ${text}`;
  // Allowed: a read is answered, a write's probe body is refused for its unknown key — nothing was stored.
  const answered = route.method === "GET" ? route.successStatus : 400;
  if (status !== answered) return `${status} (allowed, but not the ${answered} its request deserves): ${text}`;
  if (expected !== "own-only") return "allowed";
  const showsPlan = text.includes(planId);
  if (showsPlan === (caller.organisation === "own")) return "own-only";
  return showsPlan ? "allowed, showing another organisation's plan" : "allowed, without its own organisation's plan";
}

describeEachDialect("the authorisation matrix", (service) => {
  let ids: RouteIds | undefined;
  const tokens = new Map<string, string | null>();

  beforeAll(async () => {
    const admin = service().admin;
    const organisation = "Bo-Vita";
    // Everything a path names exists, so every 404 is one for rights: an approved plan with a 2015 report.
    const pool = await newPool(admin, 10_000_000);
    const plan = await approvedPlan(admin, pool.id, 100_000, { organisation });
    await admin.plans.putReport(plan.id, report2015, { ifMatch: 0 });
    const contract = await admin.contracts.create({
      districtId: "noerrebro",
      focusArea: "sundhed",
      title: "Sundhed på Nørrebro",
      active: true,
    });
    ids = {
      planId: plan.id,
      contractId: contract.id,
      poolId: pool.id,
      focusAreaId: "sundhed",
      districtId: "noerrebro",
      organisation,
    };
    for (const caller of matrixCallers) {
      if (caller.role === undefined) tokens.set(caller.id, null);
      else if (caller.role !== "housing") tokens.set(caller.id, await service().token(caller.role));
      else {
        const housing = caller.organisation === "own" ? organisation : `Ikke ${organisation}`;
        tokens.set(caller.id, await service().token("housing", housing));
      }
    }
  });

  async function probe(row: MatrixRow, caller: MatrixCaller, routeIds: RouteIds) {
    const route = row.route;
    const body = route.body === undefined ? undefined : probeBody(routeIds.organisation);
    return service().fetch(routePath(route, routeIds), {
      method: route.method,
      token: tokens.get(caller.id) ?? null,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json", "if-match": '"1"' }, body }),
    });
  }

  test("every route × every caller answers as the matrix says", async () => {
    if (ids === undefined) throw new Error("The fixtures were not created");
    const routeIds = ids;
    const differences: string[] = [];
    for (const row of authorizationMatrix()) {
      for (const caller of matrixCallers) {
        const expected = row.outcomes[caller.id];
        if (expected === undefined) throw new Error(`No cell for ${row.route.name} × ${caller.id}`);
        const actual = await observed(row.route, await probe(row, caller, routeIds), expected, caller, routeIds.planId);
        if (actual !== String(expected))
          differences.push(
            `${row.route.method} ${row.route.path} × ${caller.label}: expected ${expected}, got ${actual}`,
          );
      }
    }
    expect(differences).toEqual([]);
  });
});
