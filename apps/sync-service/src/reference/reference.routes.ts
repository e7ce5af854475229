// The reference routes; a write's lines are API.md's order: the path (400), the item (404), the role (403), the
// body (400), then the service's transaction (404 if gone meanwhile, 409 on a clashing name).
import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { findDistrict, findFocusArea, loadReference } from "./reference.repository";
import { patchDistrict, patchFocusArea, referenceItemNotFound } from "./reference.service";

export function referenceRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.referenceGet, deps, async (ctx) => {
    ctx.authorize();
    return { body: await loadReference(ctx.db) };
  });

  mount(router, routes.referencePatchFocusArea, deps, async (ctx) => {
    const { id } = ctx.params();
    if ((await findFocusArea(ctx.db, id)) === undefined) throw referenceItemNotFound("indsatsområdet", id);
    ctx.authorize();
    const patch = ctx.body();
    return { body: await ctx.transact((trx) => patchFocusArea(trx, ctx.actor, id, patch)) };
  });

  mount(router, routes.referencePatchDistrict, deps, async (ctx) => {
    const { id } = ctx.params();
    if ((await findDistrict(ctx.db, id)) === undefined) throw referenceItemNotFound("byområdet", id);
    ctx.authorize();
    const patch = ctx.body();
    return { body: await ctx.transact((trx) => patchDistrict(trx, ctx.actor, id, patch)) };
  });
}
