// Every migration by name, listed statically so the bundle contains them (no folder scan).
// Names are timestamps: the migrator runs them in this order and refuses a gap.
import type { Migration, MigrationProvider } from "kysely/migration";
import * as initial from "./2026-11-25T1500-initial";
import * as seedReference from "./2026-11-25T1510-seed-reference";
import * as reports from "./2026-12-01T1000-reports";

const migrations: Record<string, Migration> = {
  "2026-11-25T1500-initial": initial,
  "2026-11-25T1510-seed-reference": seedReference,
  "2026-12-01T1000-reports": reports,
};

/** The service's migrations as a static Kysely provider. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
