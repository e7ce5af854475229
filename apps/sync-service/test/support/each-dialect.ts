// A test file's suite run once per database dialect, each on a service of its own for the whole
// file (`@helhedsplan/sync-service/testing/vitest`): PGlite always, PostgreSQL when the test
// command brings one (TEST_DATABASE_URL), as Kysely's own tests do.
import { afterAll, beforeAll, describe, inject } from "vitest";
import type {} from "./provided-context";
import { startService, testDialects, type Config, type Dialect, type RunningService } from "./testing";

export { testConfig } from "./testing";

/** The service a suite talks to. */
export type TestService = RunningService;

export interface EachDialectOptions {
  /** Settings over `testConfig()`'s. */
  config?: Partial<Config>;
  statementTimeoutMs?: number;
  /** Only the dialects with several connections: for tests whose point is real concurrency. */
  concurrentOnly?: boolean;
  /** The service's clock; the system clock by default. */
  clock?: () => Date;
}

/**
 * The dialects of this run; PostgreSQL databases are cloned from the global setup's template when there is one.
 * Example: `for (const dialect of runDialects()) describe(dialect.name, …)`.
 */
export function runDialects(): Dialect[] {
  // Undefined in a package that does not list the service's global setup: each database is then migrated itself.
  const template = inject("templateDatabase") as string | undefined;
  return testDialects({ postgresTemplate: template });
}

/**
 * Runs `suite` once per dialect, each on a service of its own for the whole file:
 * `describeEachDialect("plans", (service) => { test(…, async () => service().client()…) })`.
 */
export function describeEachDialect(
  title: string,
  suite: (service: () => TestService) => void,
  options: EachDialectOptions = {},
): void {
  for (const dialect of runDialects().filter((candidate) => candidate.concurrent || options.concurrentOnly !== true)) {
    describe(`${title} [${dialect.name}]`, () => {
      let running: RunningService | undefined;
      beforeAll(async () => {
        running = await startService({
          dialect,
          config: options.config,
          statementTimeoutMs: options.statementTimeoutMs,
          clock: options.clock,
        });
      });
      afterAll(async () => {
        await running?.stop();
      });
      suite(() => {
        if (running === undefined) throw new Error("The service did not start");
        return running;
      });
    });
  }
}
