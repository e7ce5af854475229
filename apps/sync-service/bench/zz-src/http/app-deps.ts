import type { RequestHandler } from "express";
import type { Config } from "../config";
import type { Db } from "../db/database";
import type { Logger } from "../logger";

/** What every route's wiring shares: the database, the clock, the settings, the logger and this instance's rate limiters. */
export interface AppDeps {
  db: Db;
  config: Config;
  logger: Logger;
  clock: () => Date;
  authFailureLimit: RequestHandler;
}
