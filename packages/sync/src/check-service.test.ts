// checkService against the real service and against plain HTTP servers that answer something else:
// a web page, another API's OpenAPI document, a 404, a 502, silence; and an address that is none.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkService } from "./check-service";

type Answer = { status: number; type: string; body: string } | "silence";

/** A plain HTTP server on 127.0.0.1 answering every request with `answer`. */
async function plainServer(answer: Answer): Promise<{ url: string; server: Server }> {
  const server = createServer((_request, response) => {
    if (answer === "silence") return; // the connection stays open with no answer
    response.writeHead(answer.status, { "content-type": answer.type }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("checkService", () => {
  let service: RunningService;
  const servers: Server[] = [];
  const serving = async (answer: Answer) => {
    const started = await plainServer(answer);
    servers.push(started.server);
    return started.url;
  };
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    for (const server of servers) server.closeAllConnections();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await service?.stop();
  });

  it("the service itself, with or without a trailing slash", async () => {
    expect(await checkService(service.baseUrl)).toEqual({ ok: true });
    expect(await checkService(` ${service.baseUrl}/ `)).toEqual({ ok: true });
  });

  it("a web page, another API's OpenAPI document or a 404: not a helhedsplan service", async () => {
    const page = await serving({ status: 200, type: "text/html", body: "<html><body>Log ind</body></html>" });
    const otherApi = await serving({
      status: 200,
      type: "application/json",
      body: JSON.stringify({ openapi: "3.1.0", info: { title: "Petstore" }, paths: { "/pets": {} } }),
    });
    const missing = await serving({ status: 404, type: "text/plain", body: "Not found" });
    for (const url of [page, otherApi, missing]) {
      expect(await checkService(url)).toEqual({
        ok: false,
        message: `${url} svarer, men er ikke en helhedsplan-tjeneste; tjek adressen.`,
      });
    }
  });

  it("a gateway error: the service does not answer as it should right now", async () => {
    const gateway = await serving({ status: 502, type: "text/html", body: "Bad gateway" });
    expect(await checkService(gateway)).toEqual({
      ok: false,
      message: `${gateway} svarer ikke som ventet lige nu (fejl 502); prøv igen om lidt, eller tjek adressen.`,
    });
  });

  it("no answer: a closed port, and silence past the timeout", async () => {
    const closed = "http://127.0.0.1:9";
    expect(await checkService(closed)).toEqual({
      ok: false,
      message: `${closed} svarer ikke; tjek adressen og din netforbindelse.`,
    });
    const silent = await serving("silence");
    expect(await checkService(silent, { timeoutMs: 300 })).toEqual({
      ok: false,
      message: `${silent} svarer ikke inden for 0,3 sekunder; tjek adressen og din netforbindelse.`,
    });
  });

  it("the given fetch is the one used", async () => {
    const calls: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      calls.push(input instanceof Request ? input.url : input.toString());
      return fetch(input, init);
    };
    expect(await checkService(service.baseUrl, { fetch: recording })).toEqual({ ok: true });
    expect(calls).toEqual([`${service.baseUrl}/api/v1/openapi.json`]);
  });

  it("an address that is not a web address is said so before anything is sent", async () => {
    for (const typed of ["helhedsplan.kk.dk", "ftp://helhedsplan.kk.dk", ""]) {
      expect(await checkService(typed)).toEqual({
        ok: false,
        message: `"${typed}" er ikke en webadresse; den skal begynde med https:// (fx https://helhedsplan.example.dk).`,
      });
    }
  });
});
