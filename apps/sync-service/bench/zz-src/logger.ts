import { pino, type Logger } from "pino";
import type { Config } from "./config";

/** The service's logger: JSON lines on stdout; tokens can never appear (the Authorization header is redacted everywhere). */
export function createLogger(level: Config["logLevel"]): Logger {
  return pino({
    level,
    redact: { paths: ["req.headers.authorization", "headers.authorization", "authorization"], censor: "[redacted]" },
  });
}

export type { Logger };
