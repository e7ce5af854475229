// While the database does not answer, requests give up in bounded time with 503, never hang.
import { randomUUID } from "node:crypto";
import type { Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../app";
import { openDatabase } from "../db/database";
import { createLogger } from "../logger";
import { planHeader, demoBudget } from "../../test/support/fixtures";
import { describeEachDialect, testConfig } from "../../test/support/each-dialect";

/** A port where nothing listens: bound and closed again. */
async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a PostgreSQL that is away", () => {
  let baseUrl = "";
  let stop = async () => {};
  beforeAll(async () => {
    const db = openDatabase({
      kind: "postgres",
      url: `postgres://nobody@127.0.0.1:${await deadPort()}/none`,
      statementTimeoutMs: 1_000,
    });
    const app = createApp({ db, config: testConfig(), logger: createLogger("silent") });
    const server = await new Promise<HttpServer>((resolve) => {
      const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    stop = async () => {
      await new Promise((resolve) => server.close(resolve));
      await db.destroy();
    };
  });
  afterAll(() => stop());

  test("GET /healthz is 503 problem+json", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ type: "/problems/unavailable", status: 503 });
  });

  test("an authenticated request is 503 with Retry-After within the bounded wait", async () => {
    const started = Date.now();
    const response = await fetch(`${baseUrl}/api/v1/plans`, { headers: { authorization: "Bearer some-token" } });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).not.toBeNull();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("the public OpenAPI document still answers", async () => {
    expect((await fetch(`${baseUrl}/api/v1/openapi.json`)).status).toBe(200);
  });
});

// A lock held by another connection makes the statement wait; the statement timeout ends the
// wait with 503. Only PostgreSQL has other connections.
describeEachDialect(
  "a statement that waits too long",
  (service) => {
    test("ends with 503 at the statement timeout instead of hanging; the key is freed, so a retry runs", async () => {
      const client = service().client();
      const plan = await client.plans.create(planHeader());
      const key = randomUUID();
      const putBudget = () =>
        service().fetch(`/api/v1/plans/${plan.id}/budget`, {
          method: "PUT",
          headers: { "content-type": "application/json", "if-match": '"0"', "idempotency-key": key },
          body: JSON.stringify(demoBudget()),
        });
      await service()
        .db.transaction()
        .execute(async (trx) => {
          await sql`SELECT id FROM plans WHERE id = ${plan.id} FOR UPDATE`.execute(trx);
          const started = Date.now();
          const response = await putBudget();
          expect(response.status).toBe(503);
          expect(Date.now() - started).toBeLessThan(5_000);
        });
      expect((await client.plans.get(plan.id)).version).toBe(0);
      const retry = await putBudget();
      expect(retry.status).toBe(200);
      expect(retry.headers.get("idempotent-replayed")).toBeNull();
    });
  },
  { statementTimeoutMs: 500, concurrentOnly: true },
);
