// The failed-authentication limit (API.md: 60 a minute per client address, then 429) counts
// only failed authentications: requests with a valid token never count, however many of them
// are in flight at the same moment, and are never refused for others' failures from the same
// address (a proxy in front of many users). With TRUST_PROXY the address is X-Forwarded-For's.
import { request, type IncomingMessage, type ServerResponse } from "node:http";
import { expect, test } from "vitest";
import { stateOf } from "../http/request-state";
import { planHeader } from "../../test/support/fixtures";
import { describeEachDialect, type TestService } from "../../test/support/each-dialect";

const limit = 60;

/** A request whose headers go out now and whose body follows when `send` is called: it stays in flight in between. */
function heldRequest(service: TestService, token: string) {
  const body = JSON.stringify(planHeader());
  const url = new URL("/api/v1/plans", service.baseUrl);
  const outgoing = request(url, {
    method: "POST",
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    outgoing.on("response", (answer) => {
      answer.resume();
      resolve(answer.statusCode ?? 0);
    });
    outgoing.on("error", reject);
  });
  outgoing.flushHeaders();
  return { status, send: () => outgoing.end(body) };
}

/**
 * Resolves once `count` requests have been authenticated and wait for their bodies: the body parser starts reading a
 * request (it resumes) only after authentication let it through.
 */
function authenticatedAndWaiting(service: TestService, count: number): Promise<void> {
  return new Promise((resolve) => {
    let waiting = 0;
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      req.once("resume", () => {
        if (stateOf(res).caller === undefined || ++waiting < count) return;
        service.server.off("request", onRequest);
        resolve();
      });
    };
    service.server.on("request", onRequest);
  });
}

describeEachDialect(
  "the failed-authentication limit",
  (service) => {
    test("100 requests with a valid token, all in flight at once from one address, all pass", async () => {
      const allWaiting = authenticatedAndWaiting(service(), 100);
      const requests = Array.from({ length: 100 }, () => heldRequest(service(), service().adminToken));
      await allWaiting;
      for (const held of requests) held.send();
      const statuses = await Promise.all(requests.map((held) => held.status));
      expect(statuses.filter((status) => status !== 201)).toEqual([]);
    });

    test(`${limit + 10} concurrent bad tokens: ${limit} are 401, the rest 429 with Retry-After; a valid token from the same address still passes`, async () => {
      const createPlan = (token: string) =>
        service().fetch("/api/v1/plans", {
          method: "POST",
          token,
          headers: { "content-type": "application/json" },
          body: JSON.stringify(planHeader()),
        });
      const answers = await Promise.all(Array.from({ length: limit + 10 }, (_, index) => createPlan(`wrong-${index}`)));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 401)).toHaveLength(limit);
      expect(statuses.filter((status) => status === 429)).toHaveLength(10);
      for (const answer of answers.filter((candidate) => candidate.status === 429)) {
        const seconds = Number(answer.headers.get("retry-after"));
        expect(seconds).toBeGreaterThan(0);
        expect(seconds).toBeLessThanOrEqual(60);
      }
      // Everyone behind the same proxy shares its address: a valid token is never refused for the others' failures.
      expect((await createPlan(service().adminToken)).status).toBe(201);
      const finance = await service().token("finance");
      expect((await createPlan(finance)).status).toBe(201);
      expect((await service().fetch("/api/v1/reference", { token: finance })).status).toBe(200);
      // And the bad tokens from that address stay refused for the rest of the minute.
      expect((await createPlan("wrong-again")).status).toBe(429);
    });
  },
  { config: { authFailuresPerMinute: limit } },
);

/** A request for the reference data with `token`, as a proxy would forward it for `client`. */
function fromClient(service: TestService, client: string, token: string) {
  return service.fetch("/api/v1/reference", { token, headers: { "x-forwarded-for": client } });
}

describeEachDialect(
  "the failed-authentication limit behind a trusted proxy (TRUST_PROXY=loopback)",
  (service) => {
    test("X-Forwarded-For tells the clients apart: one client's failures never limit another's", async () => {
      for (let index = 0; index < 3; index++)
        expect((await fromClient(service(), "203.0.113.7", `wrong-${index}`)).status).toBe(401);
      expect((await fromClient(service(), "203.0.113.7", "wrong-again")).status).toBe(429);
      // Another client behind the same proxy: its own count.
      expect((await fromClient(service(), "203.0.113.8", "wrong-0")).status).toBe(401);
      // The limited client's valid token still passes.
      expect((await fromClient(service(), "203.0.113.7", service().adminToken)).status).toBe(200);
    });
  },
  { config: { authFailuresPerMinute: 3, trustProxy: ["loopback"] } },
);

describeEachDialect(
  "the failed-authentication limit without TRUST_PROXY",
  (service) => {
    test("X-Forwarded-For is not believed: a guesser cannot dodge the limit by inventing addresses", async () => {
      for (let index = 0; index < 3; index++)
        expect((await fromClient(service(), `203.0.113.${index}`, `wrong-${index}`)).status).toBe(401);
      expect((await fromClient(service(), "203.0.113.99", "wrong-again")).status).toBe(429);
      expect((await fromClient(service(), "203.0.113.99", service().adminToken)).status).toBe(200);
    });
  },
  { config: { authFailuresPerMinute: 3 } },
);
