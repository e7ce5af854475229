// Whether an address a person typed is a helhedsplan service, before it is saved as the add-in's or
// the CLI's service: it must answer its own OpenAPI document (public, no token, no database), so a
// typo, a sign-in page or another API is said plainly instead of failing later on every sync.
import { ApiError, createClient, routes, type ClientOptions, type OpenApiDocument } from "@helhedsplan/api";

/** What `checkService` answers. */
export type ServiceCheck = { ok: true } | { ok: false; message: string };

/** The options of `checkService`. */
export interface CheckServiceOptions {
  fetch?: typeof fetch;
  /** Give up after this many milliseconds (default 5 s: a person is waiting). */
  timeoutMs?: number;
}

const defaultTimeoutMs = 5_000;

// The contract's own path of the plan list: another API's OpenAPI document does not list it.
const isHelhedsplan = (document: OpenApiDocument) => Object.hasOwn(document.paths, routes.plansList.path);

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1)).toLocaleString("da-DK")} sekunder`;

/**
 * Whether `baseUrl` (the origin, without `/api/v1`) answers as a helhedsplan service. Never throws.
 * Example: `const check = await checkService("https://helhedsplan.kk.dk"); if (!check.ok) show(check.message)`.
 */
export async function checkService(baseUrl: string, options: CheckServiceOptions = {}): Promise<ServiceCheck> {
  const address = baseUrl.trim().replace(/\/+$/, "");
  let url: URL | null = null;
  try {
    url = new URL(address);
  } catch {
    // not an absolute URL: said below
  }
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return {
      ok: false,
      message: `"${address}" er ikke en webadresse; den skal begynde med https:// (fx https://helhedsplan.example.dk).`,
    };
  }
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const clientOptions: ClientOptions = { baseUrl: address, timeoutMs };
  if (options.fetch !== undefined) clientOptions.fetch = options.fetch;
  const notService = {
    ok: false,
    message: `${address} svarer, men er ikke en helhedsplan-tjeneste; tjek adressen.`,
  } as const;
  try {
    return isHelhedsplan(await createClient(clientOptions).openApi()) ? { ok: true } : notService;
  } catch (error) {
    if (!(error instanceof ApiError)) return notService;
    if (error.kind === "network") {
      const timedOut = error.cause instanceof Error && error.cause.name === "TimeoutError";
      const within = timedOut ? ` inden for ${seconds(timeoutMs)}` : "";
      return { ok: false, message: `${address} svarer ikke${within}; tjek adressen og din netforbindelse.` };
    }
    if (error.status >= 500 && error.problem === null) {
      return {
        ok: false,
        message: `${address} svarer ikke som ventet lige nu (fejl ${error.status}); prøv igen om lidt, eller tjek adressen.`,
      };
    }
    return notService;
  }
}
