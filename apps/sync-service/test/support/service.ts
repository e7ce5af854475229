// A running service for one test file: the app on 127.0.0.1:0 over the dialect's database,
// an admin token, tokens of every role on demand, and clients to talk to it over HTTP.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createClient, type Client, type Role } from "@helhedsplan/api";
import { afterAll, beforeAll, describe } from "vitest";
import { createApp } from "../../src/app";
import type { Config } from "../../src/config";
import type { Db } from "../../src/db/database";
import { createLogger } from "../../src/logger";
import { insertToken } from "../../src/tokens/token.repository";
import { hashToken, newTokenSecret } from "../../src/tokens/token-secret";
import { DIALECTS, type Dialect } from "./dialects";

/** The settings tests run with; a test changes what it exercises. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    databaseUrl: undefined,
    dataDir: "unused",
    adminToken: undefined,
    demo: false,
    logLevel: "silent",
    statementTimeoutMs: 10_000,
    tokenCreationsPerMinute: 60,
    // The security tests send hundreds of bad tokens from one address on purpose.
    authFailuresPerMinute: 100_000,
    ...overrides,
  };
}

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
  const database = await dialect.open(options.statementTimeoutMs === undefined ? {} : { statementTimeoutMs: options.statementTimeoutMs });
  const config = testConfig(options.config);
  const app = createApp({ db: database.db, config, logger: createLogger(process.env.TEST_LOG_LEVEL === "debug" ? "debug" : config.logLevel) });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const token = async (role: Role, housingOrganisation?: string) => {
    const secret = newTokenSecret();
    await insertToken(database.db, {
      id: randomUUID(),
      hash: hashToken(secret),
      role,
      housing_organisation: role === "housing" ? (housingOrganisation ?? "Test Bolig") : null,
      created_by: "test",
    });
    return secret;
  };
  const adminToken = await token("admin");
  const service: TestService = {
    dialect,
    db: database.db,
    baseUrl,
    adminToken,
    client: (secret = adminToken) => createClient({ baseUrl, token: secret }),
    token,
    fetch: (path, init = {}) => {
      const { token: secret = adminToken, headers, ...rest } = init;
      const allHeaders = new Headers(headers);
      if (secret !== null) allHeaders.set("authorization", `Bearer ${secret}`);
      return fetch(`${baseUrl}${path}`, { ...rest, headers: allHeaders });
    },
  };
  const stop = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  };
  return { service, stop };
}

/**
 * Runs `suite` once per dialect, each on a service of its own for the whole file:
 * `describeEachDialect("plans", (service) => { test(…, async () => service().client()…) })`.
 */
export function describeEachDialect(title: string, suite: (service: () => TestService) => void, options: ServiceOptions = {}): void {
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
