// The sync service for the push/pull tests comes from the service's own test entry (the real app
// in this process on a fresh in-memory PGlite at 127.0.0.1:0); what is the command's own is a
// pass-through proxy that can cut the network or change the plan in the middle of a push.
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

import { startService, testDialects, type RunningService } from "@helhedsplan/sync-service/testing";

export type { RunningService };

/**
 * A proxy to `target` that asks `intercept` about every request first: `"drop"` destroys the connection before the
 * service sees the request (the network failed); `"forward"` passes it on, after whatever `intercept` did meanwhile.
 */
export async function startProxy(
  target: string,
  intercept: (req: IncomingMessage) => Promise<"drop" | "forward">,
): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const server = createServer((req, res) => {
    void intercept(req).then((decision) => {
      if (decision === "drop") {
        req.socket.destroy();
        return;
      }
      const forwarded = request(
        new URL(req.url ?? "/", target),
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forwarded.on("error", () => res.destroy());
      req.pipe(forwarded);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The databases the push/pull tests run on (PGlite, and PostgreSQL when the test command brings one), each with a service of its own. */
export function serviceDialects(): {
  name: string;
  start(options?: { clock?: () => Date }): Promise<RunningService>;
}[] {
  return testDialects().map((dialect) => ({
    name: dialect.name,
    start: (options = {}) => startService({ dialect: dialect.name, ...options }),
  }));
}
