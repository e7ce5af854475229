import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import { tokenCreationLimit } from "../auth/rate-limits";
import type { AppDeps } from "../http/app-deps";
import { mount, runMiddleware } from "../http/route";
import { createToken } from "./token.service";

export function tokenRoutes(router: Router, deps: AppDeps): void {
  const limit = tokenCreationLimit(deps.config.tokenCreationsPerMinute);
  mount(router, routes.tokensCreate, deps, async (ctx) => {
    ctx.authorize();
    await runMiddleware(limit, ctx.req, ctx.res);
    const body = ctx.body();
    return { body: await ctx.transact((trx) => createToken(trx, ctx.actor, body)) };
  });

  // Every role may ask who its token is; authentication (401) has already looked the token up.
  mount(router, routes.me, deps, (ctx) => {
    ctx.authorize();
    const { role, housingOrganisation } = ctx.caller;
    return Promise.resolve({ body: { role, housingOrganisation } });
  });
}
