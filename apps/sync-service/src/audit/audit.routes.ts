import { routes } from "@helhedsplan/api";
import type { Router } from "express";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";
import { listAudit } from "./audit.repository";

export function auditRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.auditList, deps, async (ctx) => {
    ctx.authorize();
    return { body: await listAudit(ctx.db, ctx.query()) };
  });
}
