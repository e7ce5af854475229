// The yearly reports of a plan and the overview across plans. A plan route's lines are API.md's
// order of checks: the path (400), the plan (404, also another organisation's), the role (403),
// the body (400), If-Match (400, 428); then the service's transaction (412, 409, 422).
import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { findVisiblePlan } from "../plans/plan.service";
import { getReport, putReport, refuseOtherYear, refuseUnsummable, reportsSummary } from "./report.service";

export function reportRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.plansPutReport, deps, async (ctx) => {
    const { id, year } = ctx.params();
    await findVisiblePlan(ctx.db, ctx.caller, id);
    ctx.authorize();
    const report = ctx.body();
    refuseOtherYear(report, year);
    refuseUnsummable(report);
    const expectedVersion = ctx.ifMatch();
    return { body: await ctx.transact((trx) => putReport(trx, ctx.actor, id, report, expectedVersion)) };
  });

  mount(router, routes.plansGetReport, deps, async (ctx) => {
    const { id, year } = ctx.params();
    const plan = await findVisiblePlan(ctx.db, ctx.caller, id);
    ctx.authorize();
    const report = await getReport(ctx.db, plan, year);
    return { body: report, version: report.version };
  });

  mount(router, routes.reportsSummary, deps, async (ctx) => {
    ctx.authorize();
    return { body: await reportsSummary(ctx.db, ctx.query()) };
  });
}
