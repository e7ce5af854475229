// The failed-authentication limit (API.md: 60 a minute per client address, then 429) counts
// only failed authentications: requests with a valid token never count, however many of them
// are in flight at the same moment.
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

    test(`${limit + 10} concurrent bad tokens: ${limit} are 401, the rest 429 with Retry-After; then a valid token waits too`, async () => {
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
      const valid = await createPlan(service().adminToken);
      expect(valid.status).toBe(429);
      expect(await valid.json()).toMatchObject({ type: "/problems/rate-limited" });
    });
  },
  { config: { authFailuresPerMinute: limit } },
);
