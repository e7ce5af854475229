// The real sync service for the push/pull tests, started in this process from its public
// factory (`createApp`) on a fresh in-memory PGlite, listening on 127.0.0.1 at a free port —
// plus a pass-through proxy that can cut the network or change the plan in the middle of a push.
import { createClient, type Client } from "@helhedsplan/api";
import { randomBytes } from "node:crypto";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
// The service is an app, not a library: its tests and this one start it from its sources.
import { createApp } from "../../sync-service/src/app";
import { parseConfig } from "../../sync-service/src/config";
import { openDatabase } from "../../sync-service/src/db/database";
import { migrateToLatest } from "../../sync-service/src/db/migrate";
import { createLogger } from "../../sync-service/src/logger";
import { ensureAdminToken } from "../../sync-service/src/tokens/token.service";

/** A running service: its origin, an admin token and a typed client with it. */
export interface RunningService {
  baseUrl: string;
  adminToken: string;
  admin: Client;
  stop(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

/** Starts the service on an empty, migrated database (the reference data and the Budget 2012 pool of 30 mio. kr. seeded). */
export async function startService(): Promise<RunningService> {
  const config = parseConfig({ LOG_LEVEL: "silent", HOST: "127.0.0.1", PORT: "0" });
  const logger = createLogger(config.logLevel);
  const db = openDatabase({ kind: "pglite", statementTimeoutMs: config.statementTimeoutMs });
  await migrateToLatest(db);
  const adminToken = randomBytes(24).toString("hex");
  await ensureAdminToken(db, adminToken, logger);
  const server = createServer(createApp({ db, config, logger }));
  const baseUrl = await listen(server);
  return {
    baseUrl,
    adminToken,
    admin: createClient({ baseUrl, token: adminToken }),
    stop: async () => {
      await close(server);
      await db.destroy();
    },
  };
}

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
      const forwarded = request(new URL(req.url ?? "/", target), { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.on("error", () => res.destroy());
      req.pipe(forwarded);
    });
  });
  return { baseUrl: await listen(server), stop: () => close(server) };
}
