// Starts the service: settings, database, migrations, the first admin token, demo data, HTTP.
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { createApp } from "./app";
import { ConfigError, parseConfig, type Config } from "./config";
import { openDatabase, type Db } from "./db/database";
import { migrateToLatest } from "./db/migrate";
import { seedDemo } from "./demo/demo.seed";
import { purgeExpiredKeys } from "./idempotency/idempotency.service";
import { createLogger, type Logger } from "./logger";
import { ensureAdminToken } from "./tokens/token.service";

const hourMs = 60 * 60 * 1000;

function readConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`helhedsplan sync-service: ${error.message}\n`);
    process.exit(1);
  }
}

function open(config: Config, logger: Logger): Db {
  if (config.databaseUrl !== undefined) {
    return openDatabase(
      { kind: "postgres", url: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs },
      (error) => logger.error({ err: error }, "idle database connection failed"),
    );
  }
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  logger.info({ dataDir }, "using the embedded database (PGlite)");
  return openDatabase({ kind: "pglite", dataDir, statementTimeoutMs: config.statementTimeoutMs });
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const db = open(config, logger);
  const clock = () => new Date();
  await migrateToLatest(db);
  await ensureAdminToken(db, config.adminToken, logger);
  if (config.demo) await seedDemo(db, clock, logger);

  const purge = () =>
    purgeExpiredKeys(db, clock()).catch((error: unknown) =>
      logger.warn({ err: error }, "could not purge old idempotency keys"),
    );
  await purge();
  setInterval(() => void purge(), hourMs).unref();

  const app = createApp({ db, config, logger, clock });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : config.port;
    const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
    logger.info(
      { url: `http://${host}:${port}` },
      `helhedsplan sync service listening on http://${host}:${port} (API at /api/v1)`,
    );
  });
  server.on("error", (error) => {
    logger.fatal({ err: error }, "the HTTP server could not start");
    process.exit(1);
  });

  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    server.close(() => {
      void db.destroy().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `helhedsplan sync-service could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
