// The HTTP application, built from its parts so tests start it on any database.
import express, { type Express } from "express";
import helmet from "helmet";
import { problem } from "@helhedsplan/api";
import { addinRoutes, type AddinFiles } from "./addin/addin.routes";
import { isPageRequest, pageHeaders } from "./addin/page-headers";
import { auditRoutes } from "./audit/audit.routes";
import { AuthFailureLimit } from "./auth/rate-limits";
import type { Config } from "./config";
import { contractRoutes } from "./contracts/contract.routes";
import type { Db } from "./db/database";
import { systemRoutes } from "./health/health.routes";
import type { AppDeps } from "./http/app-deps";
import { errorHandler } from "./http/error-handler";
import { methodNotAllowed } from "./http/method-not-allowed";
import { requestLog } from "./http/request-log";
import type { Logger } from "./logger";
import { planRoutes } from "./plans/plan.routes";
import { poolRoutes } from "./pools/pool.routes";
import { referenceRoutes } from "./reference/reference.routes";
import { reportRoutes } from "./reports/report.routes";
import { tokenRoutes } from "./tokens/token.routes";

/** What the application runs on; `clock` defaults to the system clock. */
export interface AppOptions {
  db: Db;
  config: Config;
  logger: Logger;
  clock?: () => Date;
  /** Where the add-in's manifest and built pages are; by default the workspace's apps/excel-addin. */
  addinFiles?: AddinFiles;
}

const loopback = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The Express application on a migrated database. */
export function createApp({ db, config, logger, clock = () => new Date(), addinFiles }: AppOptions): Express {
  const app = express();
  // ETags are the plan's version, set by the routes that have one — never a hash of a body.
  app.set("etag", false);
  app.disable("x-powered-by");
  // Which proxies' X-Forwarded-For names the client (req.ip): the failed-authentication limit counts per client.
  app.set("trust proxy", config.trustProxy);
  // The API keeps helmet's defaults; the pages get a policy that lets Office load and frame them.
  const apiHeaders = helmet();
  const pagesHeaders = pageHeaders();
  app.use((req, res, next) => (isPageRequest(req) ? pagesHeaders : apiHeaders)(req, res, next));
  // The development certificate is for localhost: HSTS there would make browsers refuse http://localhost on every
  // port for a year (the test host, other local projects). Anywhere else HTTPS answers keep it.
  app.use((req, res, next) => {
    if (req.secure && loopback.has(req.hostname)) res.removeHeader("Strict-Transport-Security");
    next();
  });
  // An answer of the API is private and current: a browser must neither keep it nor answer from it. The ETag is the
  // plan's version, which a status change (submit, a decision) leaves alone, so a conditional GET would be answered
  // 304 with the old status — the add-in showed a council-approved plan as a draft.
  app.use((req, res, next) => {
    if (!isPageRequest(req)) res.set("Cache-Control", "no-store");
    next();
  });
  app.use(requestLog(logger));

  const deps: AppDeps = { db, config, clock, authFailures: new AuthFailureLimit(config.authFailuresPerMinute) };
  const router = express.Router();
  for (const register of [
    systemRoutes,
    referenceRoutes,
    poolRoutes,
    planRoutes,
    reportRoutes,
    contractRoutes,
    auditRoutes,
    tokenRoutes,
  ]) {
    register(router, deps);
  }
  app.use(router);
  addinRoutes(app, config, addinFiles);
  app.use(methodNotAllowed());
  app.use(() => {
    throw problem.notFound("Der findes ingen sådan adresse i tjenesten.");
  });
  app.use(errorHandler(db, logger));
  return app;
}
