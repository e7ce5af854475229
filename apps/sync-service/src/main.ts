// Starts the service: settings, database, migrations, the first admin token, demo data, HTTP and HTTPS.
import { existsSync, mkdirSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { Server } from "node:net";
import { join, relative, resolve } from "node:path";
import { createApp } from "./app";
import { addinRoot } from "./addin/paths";
import { ConfigError, parseConfig, type Config } from "./config";
import { openDatabase, type Db } from "./db/database";
import { migrateToLatest } from "./db/migrate";
import { seedDemo } from "./demo/demo.seed";
import { purgeExpiredKeys } from "./idempotency/idempotency.service";
import { createLogger, type Logger } from "./logger";
import { devCertificate } from "./tls/dev-certificate";
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

/** Listens, resolving with the port (the configured one, or the one the system chose for 0). */
function listen(server: Server, port: number, host: string, name: string, logger: Logger): Promise<number> {
  return new Promise((done) => {
    server.on("error", (error) => {
      logger.fatal({ err: error }, `the ${name} server could not start`);
      process.exit(1);
    });
    server.listen(port, host, () => {
      const address = server.address();
      done(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

/** A path as the user sees it from where they started (npm and pnpm run scripts elsewhere, and say where in INIT_CWD). */
function shown(path: string): string {
  const fromThere = relative(process.env.INIT_CWD ?? process.cwd(), path);
  return fromThere.startsWith("..") || fromThere === "" ? path : fromThere;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel, { pretty: process.stdout.isTTY });
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
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  // One application on both servers: HTTP for browsers and the API, HTTPS for Office.
  const httpServer = createHttpServer(app);
  const servers: Server[] = [httpServer];
  const port = await listen(httpServer, config.port, config.host, "HTTP", logger);
  const url = `http://${host}:${port}`;
  logger.info({ url }, `helhedsplan sync service listening on ${url} (API at /api/v1)`);

  if (config.httpsPort !== null) {
    const certificate = await devCertificate(join(config.dataDir, "certs"));
    if (certificate.created) {
      logger.info(
        { ca: certificate.caPath, certificate: certificate.certPath, validTo: certificate.validTo.toISOString() },
        `Made a localhost certificate for HTTPS, valid until ${certificate.validTo.toISOString().slice(0, 10)}`,
      );
    }
    const httpsServer = createHttpsServer({ key: certificate.key, cert: certificate.cert }, app);
    servers.push(httpsServer);
    const httpsPort = await listen(httpsServer, config.httpsPort, config.host, "HTTPS", logger);
    const httpsUrl = `https://${host}:${httpsPort}`;
    logger.info(
      { url: httpsUrl, ca: certificate.caPath },
      `HTTPS for Office on ${httpsUrl} (a development certificate; trust its CA ${shown(certificate.caPath)} to sideload)`,
    );
  }

  const built = existsSync(join(addinRoot(), "dist", "test-host.html"));
  const testHost = `${url}/addin/test-host.html`;
  logger.info({ url: `${url}/` }, `Start page: ${url}/`);
  if (built) logger.info({ url: testHost }, `Test host (try the add-in here): ${testHost}`);
  else logger.warn("Test host: the add-in is not built (pnpm --filter @helhedsplan/excel-addin build)");
  const manifest = `${config.publicUrl}/addin/manifest.xml`;
  logger.info({ url: manifest }, `Add-in manifest: ${manifest}`);

  const stop = (signal: string) => {
    logger.info({ signal }, "stopping");
    let open = servers.length;
    for (const each of servers) {
      each.close(() => {
        open -= 1;
        if (open === 0) void db.destroy().finally(() => process.exit(0));
      });
    }
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
