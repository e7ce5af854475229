import { pino, type Logger } from "pino";
import pretty from "pino-pretty";
import type { Config } from "./config";

/**
 * The service's logger: JSON lines on stdout, or with `pretty` (a terminal) the same records as readable lines;
 * tokens can never appear (the Authorization header is redacted everywhere).
 */
export function createLogger(level: Config["logLevel"], options: { pretty?: boolean } = {}): Logger {
  const settings = {
    level,
    redact: { paths: ["req.headers.authorization", "headers.authorization", "authorization"], censor: "[redacted]" },
  };
  if (options.pretty !== true) return pino(settings);
  return pino(
    settings,
    pretty({ translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,url", singleLine: true, sync: true }),
  );
}

export type { Logger };
