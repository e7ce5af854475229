import { routes, type RouteDefinition } from "@helhedsplan/api";
import { plainBudget } from "@helhedsplan/rules";
import type { Router } from "express";
import { decide } from "../decisions/decision.service";
import type { AppDeps } from "../http/app-deps";
import { mount, roleThenBody, type RouteContext } from "../http/route";
import { reopenPlan, submitPlan } from "./plan-status.service";
import {
  createPlan,
  detailOf,
  findVisiblePlan,
  getVersion,
  listVersions,
  listVisiblePlans,
  patchPlan,
  putBudget,
  refuseForeignOrganisation,
} from "./plan.service";

/** A plan-scoped route's first checks in API.md's order: the path (400), the plan — another organisation's too — (404), the role (403). */
async function authorizedPlan(
  ctx: Pick<RouteContext<RouteDefinition>, "db" | "caller" | "authorize"> & { params(): { id: string } },
) {
  const plan = await findVisiblePlan(ctx.db, ctx.caller, ctx.params().id);
  ctx.authorize();
  return plan;
}

export function planRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.plansList, deps, async (ctx) => {
    ctx.authorize();
    return { body: { items: await listVisiblePlans(ctx.db, ctx.caller, ctx.query()) } };
  });

  mount(router, routes.plansCreate, deps, async (ctx) => {
    ctx.authorize();
    refuseForeignOrganisation(ctx.caller, ctx.req.body);
    return { body: await createPlan(ctx, ctx.body()) };
  });

  mount(router, routes.plansGet, deps, async (ctx) => {
    const plan = await authorizedPlan(ctx);
    return { body: await detailOf(ctx.db, plan), version: plan.version };
  });

  mount(router, routes.plansPatch, deps, async (ctx) => {
    const { id } = ctx.params();
    const checks = () => {
      ctx.authorize();
      refuseForeignOrganisation(ctx.caller, ctx.req.body);
      return { input: ctx.body(), expectedVersion: ctx.ifMatch() };
    };
    return { body: await patchPlan(ctx, id, checks) };
  });

  mount(router, routes.plansPutBudget, deps, async (ctx) => {
    const { id } = ctx.params();
    const checks = () => {
      ctx.authorize();
      return { input: ctx.body(plainBudget), expectedVersion: ctx.ifMatch() };
    };
    return { body: await putBudget(ctx, id, checks) };
  });

  mount(router, routes.plansListVersions, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    return { body: { items: await listVersions(ctx.db, id) } };
  });

  mount(router, routes.plansGetVersion, deps, async (ctx) => {
    const { id } = await authorizedPlan(ctx);
    return { body: await getVersion(ctx.db, id, ctx.params().n) };
  });

  // The plan's state changes find and lock the plan in their transaction, then run the
  // request's checks: one read of the plan, API.md's order kept.
  mount(router, routes.plansSubmit, deps, async (ctx) => {
    return { body: await submitPlan(ctx, ctx.params().id, roleThenBody(ctx)) };
  });

  mount(router, routes.plansDecide, deps, async (ctx) => {
    return { body: await decide(ctx, ctx.params().id, roleThenBody(ctx)) };
  });

  mount(router, routes.plansReopen, deps, async (ctx) => {
    return { body: await reopenPlan(ctx, ctx.params().id, roleThenBody(ctx)) };
  });
}
