// The service under test, in its own process so the load generator never shares its event
// loop: the real config parser, database and migrations, started by the same helper as every
// test (`startService` of test/support/testing.ts: createApp on 127.0.0.1 and an ephemeral port,
// with the benchmark's admin token), logging only warnings. Started by service.bench.ts through `fork`.
import { parseConfig } from "../src/config";
import { openDatabase } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrate";
import { startService } from "../test/support/testing";
import { cpuUsageRequest, serviceEnv, type ServiceCpuUsage, type ServiceReady } from "./service-handle";

async function start(): Promise<void> {
  const config = parseConfig({
    DATABASE_URL: process.env[serviceEnv.databaseUrl],
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "warn",
  });
  if (config.databaseUrl === undefined) throw new Error(`${serviceEnv.databaseUrl} is not set`);
  const poolSize = process.env[serviceEnv.poolSize];
  const db = openDatabase(
    {
      kind: "postgres",
      url: config.databaseUrl,
      statementTimeoutMs: config.statementTimeoutMs,
      ...(poolSize === undefined ? {} : { maxConnections: Number(poolSize) }),
    },
    (error) => process.stderr.write(`The benchmark's service: an idle database connection failed: ${error.message}\n`),
  );
  await migrateToLatest(db);
  const service = await startService({
    database: { dialect: "postgres", db, close: () => db.destroy() },
    config,
    adminToken: process.env[serviceEnv.adminToken],
  });
  const ready: ServiceReady = { kind: "ready", port: Number(new URL(service.baseUrl).port) };
  process.send?.(ready);
  process.on("message", (message) => {
    if (message !== cpuUsageRequest) return;
    const answer: ServiceCpuUsage = { kind: "cpu-usage", usage: process.cpuUsage() };
    process.send?.(answer);
  });
  // The benchmark closes the IPC channel when it is done (or dies): stop then, whatever happens.
  process.once("disconnect", () => {
    void service.stop().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 3_000).unref();
  });
}

start().catch((error: unknown) => {
  process.stderr.write(
    `The benchmark's service did not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
