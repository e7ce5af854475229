import { problem, routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { loadReference } from "./reference.repository";
import { patchDistrict, patchFocusArea } from "./reference.service";

export function referenceRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.referenceGet, deps, async (ctx) => {
    ctx.authorize();
    return { body: await loadReference(ctx.db) };
  });

  mount(router, routes.referencePatchFocusArea, deps, async (ctx) => {
    const { id } = ctx.params();
    const reference = await loadReference(ctx.db);
    if (!reference.focusAreas.some((focusArea) => focusArea.id === id)) throw problem.notFound(`Indsatsområdet "${id}" findes ikke.`);
    ctx.authorize();
    return { body: await patchFocusArea(ctx, id, ctx.body()) };
  });

  mount(router, routes.referencePatchDistrict, deps, async (ctx) => {
    const { id } = ctx.params();
    const reference = await loadReference(ctx.db);
    if (!reference.districts.some((district) => district.id === id)) throw problem.notFound(`Byområdet "${id}" findes ikke.`);
    ctx.authorize();
    return { body: await patchDistrict(ctx, id, ctx.body()) };
  });
}
