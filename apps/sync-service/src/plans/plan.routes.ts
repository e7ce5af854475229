// The plan routes. Each handler's lines are API.md's order of checks: the path (400 for an id that
// cannot be one), the plan (404, also another organisation's), the role (403), the body (400),
// If-Match (400, 428); then the service's transaction (its own 404, then 412, 409, 422).
import { problem, routes, type RouteDefinition } from "@helhedsplan/api";
import { plainBudget } from "@helhedsplan/rules";
import type { Router } from "express";
import type { Caller } from "../auth/caller";
import { listDecisions } from "../decisions/decision.repository";
import { decide } from "../decisions/decision.service";
import type { AppDeps } from "../http/app-deps";
import { mount, type RouteContext } from "../http/route";
import { closePlan, reopenPlan, submitPlan } from "./plan-status.service";
import {
  createPlan,
  detailOf,
  findVisiblePlan,
  getVersion,
  listVersions,
  listVisiblePlans,
  patchPlan,
  checkBudget,
  findVisiblePlanWithRules,
  putBudget,
  putCheckedBudget,
  putGoals,
} from "./plan.service";

/** A plan-scoped route's first checks: the path (400), the plan — another organisation's is a 404 too — then the role (403). */
async function authorizedPlan(
  ctx: Pick<RouteContext<RouteDefinition>, "db" | "caller" | "authorize"> & { params(): { id: string } },
) {
  const plan = await findVisiblePlan(ctx.db, ctx.caller, ctx.params().id);
  ctx.authorize();
  return plan;
}

/**
 * 403 when a housing token names another organisation in a body. It reads the raw body, before its shape is checked,
 * as 403 precedes 400.
 */
function refuseForeignOrganisation(caller: Caller, body: unknown): void {
  if (caller.role !== "housing" || typeof body !== "object" || body === null || !("housingOrganisation" in body))
    return;
  if (body.housingOrganisation !== caller.housingOrganisation) {
    throw problem.forbidden("En boligorganisations nøgle kan kun arbejde med organisationens egne planer.");
  }
}

export function planRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.plansList, deps, async (ctx) => {
    ctx.authorize();
    return { body: await listVisiblePlans(ctx.db, ctx.caller, ctx.query()) };
  });

  mount(router, routes.plansCreate, deps, async (ctx) => {
    ctx.authorize();
    refuseForeignOrganisation(ctx.caller, ctx.req.body);
    const header = ctx.body();
    return { body: await ctx.transact((trx) => createPlan(trx, ctx.actor, header)) };
  });

  mount(router, routes.plansGet, deps, async (ctx) => {
    const plan = await authorizedPlan(ctx);
    return { body: await detailOf(ctx.db, plan), version: plan.version };
  });

  mount(router, routes.plansPatch, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    refuseForeignOrganisation(ctx.caller, ctx.req.body);
    const patch = ctx.body();
    const expectedVersion = ctx.ifMatch();
    return { body: await ctx.transact((trx) => patchPlan(trx, ctx.actor, id, patch, expectedVersion)) };
  });

  mount(router, routes.plansPutBudget, deps, async (ctx) => {
    // As authorizedPlan, reading what the rules need in the same query: they run before the transaction opens, so
    // no connection sits idle in one while they do.
    const { id } = ctx.params();
    const found = await findVisiblePlanWithRules(ctx.db, ctx.caller, id);
    ctx.authorize();
    const budget = ctx.body(plainBudget);
    const expectedVersion = ctx.ifMatch();
    const checked = await checkBudget(ctx.db, found, budget, expectedVersion);
    const written = await putCheckedBudget(ctx.db, ctx.actor, found.plan, budget, checked, ctx.claim);
    if (written !== undefined) return { body: written };
    // The plan moved since the check: the locked write answers what it is now.
    return { body: await ctx.transact((trx) => putBudget(trx, ctx.actor, id, budget, expectedVersion, checked)) };
  });

  mount(router, routes.plansPutGoals, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    const { goals } = ctx.body();
    const expectedVersion = ctx.ifMatch();
    return { body: await ctx.transact((trx) => putGoals(trx, ctx.actor, id, goals, expectedVersion)) };
  });

  mount(router, routes.plansListVersions, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    return { body: { items: await listVersions(ctx.db, id) } };
  });

  mount(router, routes.plansGetVersion, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    return { body: await getVersion(ctx.db, id, ctx.params().n) };
  });

  mount(router, routes.plansSubmit, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    ctx.body(); // an action's body is absent or {}; anything else is a 400
    return { body: await ctx.transact((trx, lockLast) => submitPlan(trx, lockLast, ctx.actor, id)) };
  });

  mount(router, routes.plansDecide, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    const decision = ctx.body();
    return { body: await ctx.transact((trx, lockLast) => decide(trx, lockLast, ctx.actor, id, decision)) };
  });

  mount(router, routes.plansListDecisions, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    return { body: { items: await listDecisions(ctx.db, id) } };
  });

  mount(router, routes.plansReopen, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    ctx.body(); // as submit's
    return { body: await ctx.transact((trx) => reopenPlan(trx, ctx.actor, id)) };
  });

  mount(router, routes.plansClose, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    ctx.body(); // as submit's
    return { body: await ctx.transact((trx, lockLast) => closePlan(trx, lockLast, ctx.actor, id)) };
  });
}
