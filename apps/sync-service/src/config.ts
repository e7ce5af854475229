// The service's settings, read once from the environment at start. A bad value stops the
// start with one line naming the variable, instead of failing later at the first request.
import { z } from "zod";

/** What a bearer token may look like: printable ASCII without spaces. */
export const bearerToken = /^[\x21-\x7E]{1,512}$/;

const LogLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { message: "must be a postgres:// URL (leave it unset for the embedded database)" })
    .optional(),
  DATA_DIR: z.string().min(1).default("./.data"),
  HELHEDSPLAN_ADMIN_TOKEN: z
    .string()
    .regex(bearerToken, {
      message: "must be 1–512 printable ASCII characters without spaces (it is sent as `Bearer <token>`)",
    })
    .optional(),
  HELHEDSPLAN_DEMO: z
    .enum(["0", "1", ""])
    .default("")
    .transform((v) => v === "1"),
  LOG_LEVEL: LogLevel.default("info"),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});

/** The service's settings after parsing; tests build one with `testConfig()` overrides. */
export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  adminToken: string | undefined;
  demo: boolean;
  logLevel: z.infer<typeof LogLevel>;
  statementTimeoutMs: number;
  /** Tokens an admin token may create per minute before 429 (API.md: no fewer than 60). */
  tokenCreationsPerMinute: number;
  /** Failed authentications per client address per minute before 429. */
  authFailuresPerMinute: number;
};

/** Thrown when the environment holds a value the service cannot start with. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment into a `Config`, or throws `ConfigError` with one readable line. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  // An empty variable (`PORT=`) means "not set", as shells and .env files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid environment: ${problems.join("; ")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminToken: e.HELHEDSPLAN_ADMIN_TOKEN,
    demo: e.HELHEDSPLAN_DEMO,
    logLevel: e.LOG_LEVEL,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    tokenCreationsPerMinute: 60,
    authFailuresPerMinute: 60,
  };
}
