import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount, roleThenBody } from "../http/route";
import { loadReference } from "./reference.repository";
import { patchDistrict, patchFocusArea } from "./reference.service";

export function referenceRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.referenceGet, deps, async (ctx) => {
    ctx.authorize();
    return { body: await loadReference(ctx.db) };
  });

  mount(router, routes.referencePatchFocusArea, deps, async (ctx) => {
    return { body: await patchFocusArea(ctx, ctx.params().id, roleThenBody(ctx)) };
  });

  mount(router, routes.referencePatchDistrict, deps, async (ctx) => {
    return { body: await patchDistrict(ctx, ctx.params().id, roleThenBody(ctx)) };
  });
}
