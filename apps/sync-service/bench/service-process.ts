// The service under test, in its own process so the load generator never shares its event
// loop: the real config parser, database, migrations and app factory, on 127.0.0.1 and an
// ephemeral port, logging only warnings. Started by service.bench.ts through `fork`.
import type { AddressInfo } from "node:net";
import { createApp } from "../src/app";
import { parseConfig } from "../src/config";
import { openDatabase } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrate";
import { createLogger } from "../src/logger";
import { ensureAdminToken } from "../src/tokens/token.service";
import { cpuUsageRequest, serviceEnv, type ServiceCpuUsage, type ServiceReady } from "./service-handle";

async function start(): Promise<void> {
  const config = parseConfig({
    DATABASE_URL: process.env[serviceEnv.databaseUrl],
    HELHEDSPLAN_ADMIN_TOKEN: process.env[serviceEnv.adminToken],
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
  });
  if (config.databaseUrl === undefined) throw new Error(`${serviceEnv.databaseUrl} is not set`);
  const logger = createLogger(config.logLevel);
  const poolSize = process.env[serviceEnv.poolSize];
  const db = openDatabase(
    {
      kind: "postgres",
      url: config.databaseUrl,
      statementTimeoutMs: config.statementTimeoutMs,
      ...(poolSize === undefined ? {} : { maxConnections: Number(poolSize) }),
    },
    (error) => logger.error({ err: error }, "idle database connection failed"),
  );
  await migrateToLatest(db);
  await ensureAdminToken(db, config.adminToken, logger);
  const server = createApp({ db, config, logger }).listen(config.port, config.host, () => {
    const ready: ServiceReady = { kind: "ready", port: (server.address() as AddressInfo).port };
    process.send?.(ready);
  });
  process.on("message", (message) => {
    if (message !== cpuUsageRequest) return;
    const answer: ServiceCpuUsage = { kind: "cpu-usage", usage: process.cpuUsage() };
    process.send?.(answer);
  });
  // The benchmark closes the IPC channel when it is done (or dies): stop then, whatever happens.
  process.once("disconnect", () => {
    server.closeAllConnections();
    server.close(() => void db.destroy().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}

start().catch((error: unknown) => {
  process.stderr.write(
    `The benchmark's service did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
