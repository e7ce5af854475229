// A lean `fetch` for the typed client over node:http with keep-alive connections. The load
// generator shares the machine's cores with the service and PostgreSQL; undici's fetch spends
// several times more CPU per request than node:http, and every millisecond it spends is taken
// from the service under test.
import http from "node:http";

/** A `fetch` for `createClient({ fetch })`: plain HTTP, connections kept alive, the body read whole. */
export function keepAliveFetch(): typeof fetch {
  // An idle connection is closed after 4 s, before the service's (Node's 5 s keep-alive timeout) could close it under
  // a request just sent on it: that race answers a reset, not the service.
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY, timeout: 4_000 });
  const send = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      if (input instanceof Request) throw new TypeError("keepAliveFetch takes a URL, not a Request");
      const options: http.RequestOptions = {
        method: init.method ?? "GET",
        headers: Object.fromEntries(new Headers(init.headers)),
        agent,
        ...(init.signal ? { signal: init.signal } : {}),
      };
      const request = http.request(input, options, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.once("error", reject);
        response.once("end", () => {
          const status = response.statusCode ?? 0;
          const headers = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            for (const one of Array.isArray(value) ? value : [value ?? ""]) headers.append(name, one);
          }
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers }));
        });
      });
      request.once("error", reject);
      request.end(typeof init.body === "string" ? init.body : undefined);
    });
  return send;
}

/**
 * A `fetch` that sends each request to the next of `origins` in turn, as round-robin clients (or a plain balancer) in
 * front of several service instances do. Example: `roundRobinFetch(["http://127.0.0.1:3001", …], keepAliveFetch())`.
 */
export function roundRobinFetch(origins: readonly string[], transport: typeof fetch): typeof fetch {
  let next = 0;
  return (input, init) => {
    if (input instanceof Request) throw new TypeError("roundRobinFetch takes a URL, not a Request");
    const url = new URL(input);
    const origin = new URL(origins[next++ % origins.length] ?? url.origin);
    url.protocol = origin.protocol;
    url.host = origin.host;
    return transport(url, init);
  };
}
