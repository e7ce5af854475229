import { OpenApiDocument, buildOpenApiDocument, problem, routes } from "@helhedsplan/api";
import type { Router } from "express";
import { sql } from "kysely";
import type { AppDeps } from "../http/app-deps";
import { mount } from "../http/route";

export function systemRoutes(router: Router, deps: AppDeps): void {
  mount(router, routes.health, deps, async (ctx) => {
    try {
      await sql`SELECT 1`.execute(ctx.db);
    } catch (error) {
      ctx.req.log.warn({ err: error }, "health check: the database does not answer");
      throw problem.unavailable();
    }
    return { body: { status: "ok" as const } };
  });

  const openApi = buildOpenApiDocument();
  mount(router, routes.openApi, deps, () => Promise.resolve({ body: OpenApiDocument.parse(openApi) }));
}
