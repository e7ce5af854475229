// A running service for one test file: the service of ./testing (the app on 127.0.0.1:0 with an
// admin token) over the dialect's database, tokens of every role on demand, and clients to talk to
// it over HTTP.
import { createClient, type Client, type Role } from "@helhedsplan/api";
import { afterAll, beforeAll, describe } from "vitest";
import type { Config } from "../../src/config";
import type { Db } from "../../src/db/database";
import { DIALECTS, type Dialect } from "./dialects";
import { startService, storeToken } from "./testing";

export { testConfig } from "./testing";

export interface TestService {
  dialect: Dialect;
  db: Db;
  /** The service's origin, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  adminToken: string;
  /** The typed client with a token (the admin's by default). */
  client(token?: string): Client;
  /** A new token of the role, stored directly (test setup, not the route under test). */
  token(role: Role, housingOrganisation?: string): Promise<string>;
  /** A raw request to a path under the origin, with the admin token unless `token` is given (null: none). */
  fetch(path: string, init?: RequestInit & { token?: string | null }): Promise<Response>;
}

export interface ServiceOptions {
  config?: Partial<Config>;
  statementTimeoutMs?: number;
  /** Only the dialects with several connections: for tests whose point is real concurrency. */
  concurrentOnly?: boolean;
}

async function start(dialect: Dialect, options: ServiceOptions) {
  const database = await dialect.open(
    options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs },
  );
  const running = await startService({ database, config: options.config });
  const { baseUrl, adminToken, db } = running;
  const service: TestService = {
    dialect,
    db,
    baseUrl,
    adminToken,
    client: (secret = adminToken) => createClient({ baseUrl, token: secret }),
    token: (role, housingOrganisation) => storeToken(db, role, housingOrganisation),
    fetch: (path, init = {}) => {
      const { token: secret = adminToken, headers, ...rest } = init;
      const allHeaders = new Headers(headers);
      if (secret !== null) allHeaders.set("authorization", `Bearer ${secret}`);
      return fetch(`${baseUrl}${path}`, { ...rest, headers: allHeaders });
    },
  };
  return { service, stop: () => running.stop() };
}

/**
 * Runs `suite` once per dialect, each on a service of its own for the whole file:
 * `describeEachDialect("plans", (service) => { test(…, async () => service().client()…) })`.
 */
export function describeEachDialect(
  title: string,
  suite: (service: () => TestService) => void,
  options: ServiceOptions = {},
): void {
  for (const dialect of DIALECTS.filter((candidate) => candidate.concurrent || options.concurrentOnly !== true)) {
    describe(`${title} [${dialect.name}]`, () => {
      let running: Awaited<ReturnType<typeof start>> | undefined;
      beforeAll(async () => {
        running = await start(dialect, options);
      });
      afterAll(async () => {
        await running?.stop();
      });
      suite(() => {
        if (running === undefined) throw new Error("The service did not start");
        return running.service;
      });
    });
  }
}
