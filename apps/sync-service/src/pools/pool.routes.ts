import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { listPools } from "./pool.repository";
import { createPool, getPoolDetail } from "./pool.service";

export function poolRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.poolsList, deps, async (ctx) => {
    ctx.authorize();
    return { body: { items: await listPools(ctx.db) } };
  });

  mount(router, routes.poolsGet, deps, async (ctx) => {
    const { id } = ctx.params();
    ctx.authorize();
    return { body: await getPoolDetail(ctx.db, ctx.caller, id) };
  });

  mount(router, routes.poolsCreate, deps, async (ctx) => {
    ctx.authorize();
    const body = ctx.body();
    return { body: await ctx.transact((trx) => createPool(trx, ctx.actor, body)) };
  });
}
