import { problem, routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { findContract, listContractRevisions, listLatestContracts } from "./contract.repository";
import { createContract, reviseContract } from "./contract.service";

export function contractRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.contractsList, deps, async (ctx) => {
    ctx.authorize();
    return { body: { items: await listLatestContracts(ctx.db, ctx.query().districtId) } };
  });

  mount(router, routes.contractsCreate, deps, async (ctx) => {
    ctx.authorize();
    const body = ctx.body();
    return { body: await ctx.transact((trx) => createContract(trx, ctx.actor, body)) };
  });

  mount(router, routes.contractsRevise, deps, async (ctx) => {
    const { id } = ctx.params();
    if ((await findContract(ctx.db, id)) === undefined) throw problem.notFound(`Aftalen ${id} findes ikke.`);
    ctx.authorize();
    const patch = ctx.body();
    return { body: await ctx.transact((trx) => reviseContract(trx, ctx.actor, id, patch)) };
  });

  mount(router, routes.contractsListRevisions, deps, async (ctx) => {
    const { id } = ctx.params();
    if ((await findContract(ctx.db, id)) === undefined) throw problem.notFound(`Aftalen ${id} findes ikke.`);
    ctx.authorize();
    return { body: { items: await listContractRevisions(ctx.db, id) } };
  });
}
