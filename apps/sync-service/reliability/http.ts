// Raw HTTP for hostile requests: node:http sends exactly the header lines given (repeated ones too), any method, any
// bytes as the body — what `fetch` would normalise away.
import { Agent, request } from "node:http";

export interface RawRequest {
  method: string;
  /** Origin, e.g. `http://127.0.0.1:4000`. */
  baseUrl: string;
  /** Path and query, already encoded. */
  path: string;
  /** Header lines in order; a name may repeat. */
  headers: [string, string][];
  body?: Buffer | undefined;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

/** Sends the request; a broken connection rejects (the caller counts it as a finding: a 5xx-like failure). */
export function send(raw: RawRequest, timeoutMs = 30_000): Promise<RawResponse> {
  const started = performance.now();
  // With the header lines given as a list, node:http adds no Host line of its own.
  const headers = ["host", new URL(raw.baseUrl).host, ...raw.headers.flat()];
  if (raw.body !== undefined) headers.push("content-length", String(raw.body.length));
  return new Promise((resolve, reject) => {
    const req = request(
      `${raw.baseUrl}${raw.path}`,
      { method: raw.method, headers, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers["content-type"] ?? "",
            text: Buffer.concat(chunks).toString("utf8"),
            ms: performance.now() - started,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(raw.body);
  });
}

/** Closes the kept-alive sockets so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
