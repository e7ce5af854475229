import type { AuthFailureLimit } from "../auth/rate-limits";
import type { Config } from "../config";
import type { Db } from "../db/database";

/** What every route's wiring shares: the database, the clock, the settings and this instance's failed-authentication limiter. */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: () => Date;
  authFailures: AuthFailureLimit;
}
