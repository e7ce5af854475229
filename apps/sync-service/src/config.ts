// The service's settings, read once from the environment at start. A bad value stops the
// start with one line naming the variable, instead of failing later at the first request.
import { isIP } from "node:net";
import { z } from "zod";

/** What a bearer token may look like: printable ASCII without spaces. */
export const bearerToken = /^[\x21-\x7E]{1,512}$/;

const LogLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]);

/** Where the task pane gets Office.js: Microsoft's CDN, or this service's `/addin/office/`. */
const OfficeJs = z.enum(["cdn", "local"]);

/** Hosts a plain-http public URL may name: Office wants https everywhere else. */
const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * The origin of `value` (`https://helhedsplan.kk.dk`: no path, no trailing slash), or undefined when it is not the
 * origin of an https address (http only for localhost, for development). Example: `publicOrigin("https://x.dk/")`.
 */
export function publicOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const secure = url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.has(url.hostname));
  const originOnly = url.pathname === "/" && url.search === "" && url.hash === "" && !url.username && !url.password;
  return secure && originOnly ? url.origin : undefined;
}

/** Which proxies Express may believe about the client's address: `false` (none), `true` (all), a hop count or addresses. */
export type TrustProxy = boolean | number | string[];

/** The names Express (proxy-addr) knows for address ranges. */
const proxyRangeNames = new Set(["loopback", "linklocal", "uniquelocal"]);

/** Whether `entry` is what Express takes as one trusted proxy: a range name, an address, or an address/prefix (or /netmask). */
function isProxyEntry(entry: string): boolean {
  if (proxyRangeNames.has(entry)) return true;
  const [address = "", range, ...rest] = entry.split("/");
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (range === undefined) return true;
  if (/^\d{1,3}$/.test(range)) return Number(range) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(range) === 4;
}

/**
 * `TRUST_PROXY`: unset or `false` trusts no proxy (the client address is the connection's); `true` trusts every hop
 * (only when every request comes through your proxy); a number trusts that many hops; otherwise a comma-separated list
 * of proxy addresses, subnets (`10.0.0.0/8`) or `loopback`, `linklocal`, `uniquelocal`. Example: `parseTrustProxy("loopback, 10.0.0.0/8")`.
 */
export function parseTrustProxy(value: string): TrustProxy | undefined {
  const trimmed = value.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  if (/^\d{1,2}$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(",").map((entry) => entry.trim());
  return entries.every(isProxyEntry) ? entries : undefined;
}

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HTTPS_PORT: z
    .union([z.enum(["off", "0"]), z.coerce.number().int().min(1).max(65_535)], {
      error: "must be a port (1–65535), or 0 or off for no HTTPS",
    })
    .default(3443)
    .transform((port) => (port === "off" || port === "0" ? null : port)),
  HELHEDSPLAN_PUBLIC_URL: z
    .string()
    .refine((value) => publicOrigin(value) !== undefined, {
      message:
        "must be the service's public https address without a path, e.g. https://helhedsplan.kk.dk (Office loads add-ins only over https; http only for localhost)",
    })
    .optional(),
  HELHEDSPLAN_OFFICE_JS: OfficeJs.default("cdn"),
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
  TRUST_PROXY: z
    .string()
    .transform((value, context) => {
      const parsed = parseTrustProxy(value);
      if (parsed === undefined)
        context.addIssue({
          code: "custom",
          message:
            "must be true, false, a number of proxy hops, or a comma-separated list of proxy addresses, subnets (10.0.0.0/8) or loopback, linklocal, uniquelocal",
        });
      return parsed ?? false;
    })
    .default(false),
});

/** The service's settings after parsing; tests build one with `testConfig()` overrides. */
export type Config = {
  port: number;
  /** The HTTPS port for Office (a localhost development certificate in `dataDir/certs`); null: no HTTPS. */
  httpsPort: number | null;
  /** The origin Office reaches the service at, written into the served manifest (no trailing slash). */
  publicUrl: string;
  /** Where the task pane loads Office.js from (`local`: this service, `/addin/office/`). */
  officeJs: z.infer<typeof OfficeJs>;
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
  /**
   * Express's `trust proxy` (`TRUST_PROXY`): which proxies' `X-Forwarded-For` names the client address that the
   * failed-authentication limit counts and the log shows. `false`: the connection's own address.
   */
  trustProxy: TrustProxy;
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
    httpsPort: e.HTTPS_PORT,
    publicUrl:
      e.HELHEDSPLAN_PUBLIC_URL === undefined
        ? defaultPublicUrl(e.PORT, e.HTTPS_PORT)
        : (publicOrigin(e.HELHEDSPLAN_PUBLIC_URL) ?? e.HELHEDSPLAN_PUBLIC_URL),
    officeJs: e.HELHEDSPLAN_OFFICE_JS,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    adminToken: e.HELHEDSPLAN_ADMIN_TOKEN,
    demo: e.HELHEDSPLAN_DEMO,
    logLevel: e.LOG_LEVEL,
    statementTimeoutMs: e.STATEMENT_TIMEOUT_MS,
    tokenCreationsPerMinute: 60,
    authFailuresPerMinute: 60,
    trustProxy: e.TRUST_PROXY,
  };
}

/** The development address: the HTTPS port on localhost, or the HTTP port when HTTPS is off. */
function defaultPublicUrl(port: number, httpsPort: number | null): string {
  return httpsPort === null ? `http://localhost:${port}` : `https://localhost:${httpsPort}`;
}
