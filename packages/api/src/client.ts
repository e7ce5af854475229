// The typed fetch client of the contract: one method per route the service serves (a route of
// later work, `served: false` in `routes`, gets its method when it is served), answers parsed with
// the routes' response schemas, every failure an ApiError.
import type { z } from "zod";
import { ApiError } from "./api-error";
import { Problem, problemContentType } from "./problem";
import { routes, type RouteDefinition } from "./routes";
import { IfMatch, etagFor } from "./schemas";

/** How to reach the service: its origin (e.g. `http://localhost:3000`, without `/api/v1`) and a bearer token. */
export interface ClientOptions {
  baseUrl: string;
  /** The bearer token; without it only the public routes answer. */
  token?: string;
  /** A fetch implementation; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** Give up on a call after this many milliseconds (default 30 s), so no call hangs. */
  timeoutMs?: number;
}

/** Options of a write: an `Idempotency-Key` (a UUID) makes a retry safe. */
export interface WriteOptions {
  idempotencyKey?: string;
}

/** Options of a versioned write: the version read, sent as `If-Match: "<n>"`. */
export interface VersionedWriteOptions extends WriteOptions {
  ifMatch: number;
}

/** An answer with the version its ETag names. */
export interface Versioned<T> {
  data: T;
  version: number;
}

/** A route the client may call: one marked `served: false` fails to type-check instead of answering 404 at run time. */
type Served<Route extends RouteDefinition> = Route & (Route extends { served: false } ? { served: never } : unknown);
type Answer<Route extends RouteDefinition> = z.output<Route["response"]>;
type Body<Route extends RouteDefinition> = Route["body"] extends z.ZodType ? z.input<Route["body"]> : never;
type Query<Route extends RouteDefinition> = Route["query"] extends z.ZodObject ? z.output<Route["query"]> : never;

interface CallInput {
  pathParams?: Record<string, string | number>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  ifMatch?: number;
  idempotencyKey?: string | undefined;
}

const defaultTimeoutMs = 30_000;

/** A client of the sync service. Example: `await createClient({ baseUrl, token }).plans.get(id)`. */
export function createClient(options: ClientOptions) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;

  async function call<Route extends RouteDefinition>(
    route: Served<Route>,
    input: CallInput = {},
  ): Promise<{ data: Answer<Route>; status: number; headers: Headers }> {
    const url = `${baseUrl}${fillPath(route.path, input.pathParams ?? {})}${queryString(input.query ?? {})}`;
    const headers = requestHeaders(options.token, input);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: route.method,
        headers,
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === "TimeoutError";
      const why = timedOut ? `svarede ikke inden for ${timeoutMs} ms` : "svarer ikke";
      throw new ApiError(`Tjenesten på ${baseUrl} ${why} (${route.method} ${route.path}).`, {
        kind: "network",
        status: 0,
        cause,
      });
    }
    const json = await readJson(response);
    if (!response.ok) throw problemError(response, json);
    const parsed = route.response.safeParse(json);
    if (!parsed.success) {
      throw new ApiError(`Svaret på ${route.method} ${route.path} har ikke den aftalte form.`, {
        kind: "invalid-response",
        status: response.status,
        cause: parsed.error,
      });
    }
    return { data: parsed.data as Answer<Route>, status: response.status, headers: response.headers };
  }

  async function data<Route extends RouteDefinition>(route: Served<Route>, input?: CallInput): Promise<Answer<Route>> {
    return (await call(route, input)).data;
  }

  async function versioned<Route extends RouteDefinition>(
    route: Served<Route>,
    input: CallInput,
  ): Promise<Versioned<Answer<Route>>> {
    const { data, status, headers } = await call(route, input);
    // The ETag has exactly the If-Match format: a quoted version number.
    const version = IfMatch.safeParse(headers.get("etag") ?? "");
    if (!version.success) {
      throw new ApiError(`Svaret på ${route.method} ${route.path} mangler en gyldig ETag.`, {
        kind: "invalid-response",
        status,
      });
    }
    return { data, version: version.data };
  }

  const id = (value: string) => ({ id: value });

  return {
    /** `GET /healthz`. */
    health: () => data(routes.health),
    /** `GET /api/v1/openapi.json`. */
    openApi: () => data(routes.openApi),
    /** `GET /me`: the token's role and, for `housing`, its organisation (null for the other roles). */
    me: () => data(routes.me),
    reference: {
      /** `GET /reference`. */
      get: () => data(routes.referenceGet),
      /** `PATCH /reference/focus-areas/:id` (admin). */
      patchFocusArea: (
        focusAreaId: string,
        body: Body<typeof routes.referencePatchFocusArea>,
        opts: WriteOptions = {},
      ) => data(routes.referencePatchFocusArea, { pathParams: id(focusAreaId), body, ...opts }),
      /** `PATCH /reference/districts/:id` (admin). */
      patchDistrict: (districtId: string, body: Body<typeof routes.referencePatchDistrict>, opts: WriteOptions = {}) =>
        data(routes.referencePatchDistrict, { pathParams: id(districtId), body, ...opts }),
    },
    pools: {
      /** `GET /pools`. */
      list: () => data(routes.poolsList),
      /** `GET /pools/:id`. */
      get: (poolId: string) => data(routes.poolsGet, { pathParams: id(poolId) }),
      /** `POST /pools` (admin). */
      create: (body: Body<typeof routes.poolsCreate>, opts: WriteOptions = {}) =>
        data(routes.poolsCreate, { body, ...opts }),
    },
    plans: {
      /** `GET /plans?districtId=&status=&limit=&cursor=`: one page (`nextCursor` asks for the next). */
      list: (query: Query<typeof routes.plansList> = {}) => data(routes.plansList, { query }),
      /** Every plan the filters match: `list`, following `nextCursor` to the last page. */
      listAll: (query: Omit<Query<typeof routes.plansList>, "cursor"> = {}) =>
        allPages((cursor) => data(routes.plansList, { query: { ...query, ...cursor } })),
      /** `POST /plans` → the new plan in `draft`. */
      create: (body: Body<typeof routes.plansCreate>, opts: WriteOptions = {}) =>
        data(routes.plansCreate, { body, ...opts }),
      /** `GET /plans/:id` with the ETag's version. */
      get: (planId: string) => versioned(routes.plansGet, { pathParams: id(planId) }),
      /** `PATCH /plans/:id` with `If-Match`. */
      patch: (planId: string, body: Body<typeof routes.plansPatch>, opts: VersionedWriteOptions) =>
        data(routes.plansPatch, { pathParams: id(planId), body, ...opts }),
      /** `PUT /plans/:id/budget` with `If-Match`. */
      putBudget: (planId: string, body: Body<typeof routes.plansPutBudget>, opts: VersionedWriteOptions) =>
        data(routes.plansPutBudget, { pathParams: id(planId), body, ...opts }),
      /** `PUT /plans/:id/goals` with `If-Match`: the goals as a new version (only in `draft`). */
      putGoals: (planId: string, body: Body<typeof routes.plansPutGoals>, opts: VersionedWriteOptions) =>
        data(routes.plansPutGoals, { pathParams: id(planId), body, ...opts }),
      /** `GET /plans/:id/versions`, oldest first. */
      versions: (planId: string) => data(routes.plansListVersions, { pathParams: id(planId) }),
      /** `GET /plans/:id/versions/:n`. */
      version: (planId: string, n: number) => data(routes.plansGetVersion, { pathParams: { id: planId, n } }),
      /** `POST /plans/:id/submit`: reserve the plan's pool money. */
      submit: (planId: string, opts: WriteOptions = {}) =>
        data(routes.plansSubmit, { pathParams: id(planId), ...opts }),
      /** `POST /plans/:id/decisions`. */
      decide: (planId: string, body: Body<typeof routes.plansDecide>, opts: WriteOptions = {}) =>
        data(routes.plansDecide, { pathParams: id(planId), body, ...opts }),
      /** `GET /plans/:id/decisions`, oldest first. */
      decisions: (planId: string) => data(routes.plansListDecisions, { pathParams: id(planId) }),
      /** `POST /plans/:id/reopen`. */
      reopen: (planId: string, opts: WriteOptions = {}) =>
        data(routes.plansReopen, { pathParams: id(planId), ...opts }),
      /** `POST /plans/:id/close`: after the period, the commitment shrinks to the pool money received. */
      close: (planId: string, opts: WriteOptions = {}) => data(routes.plansClose, { pathParams: id(planId), ...opts }),
      /** `PUT /plans/:id/reports/:year` with `If-Match` on the report's version (`0` for the year's first report). */
      putReport: (planId: string, body: Body<typeof routes.plansPutReport>, opts: VersionedWriteOptions) =>
        data(routes.plansPutReport, { pathParams: { id: planId, year: body.year }, body, ...opts }),
      /** `GET /plans/:id/reports/:year` with the report's version from the ETag. */
      getReport: (planId: string, year: number) =>
        versioned(routes.plansGetReport, { pathParams: { id: planId, year } }),
    },
    contracts: {
      /** `GET /contracts?districtId=`. */
      list: (query: Query<typeof routes.contractsList> = {}) => data(routes.contractsList, { query }),
      /** `POST /contracts`. */
      create: (body: Body<typeof routes.contractsCreate>, opts: WriteOptions = {}) =>
        data(routes.contractsCreate, { body, ...opts }),
      /** `POST /contracts/:id/revisions`. */
      revise: (contractId: string, body: Body<typeof routes.contractsRevise>, opts: WriteOptions = {}) =>
        data(routes.contractsRevise, { pathParams: id(contractId), body, ...opts }),
      /** `GET /contracts/:id/revisions`, oldest first. */
      revisions: (contractId: string) => data(routes.contractsListRevisions, { pathParams: id(contractId) }),
    },
    reports: {
      /** `GET /reports?year=&districtId=`: every approved plan, approved against actual, with totals. */
      summary: (query: Query<typeof routes.reportsSummary> = {}) => data(routes.reportsSummary, { query }),
    },
    audit: {
      /** `GET /audit?entity=&id=&limit=&cursor=`, oldest first: one page (`nextCursor` asks for the next). */
      list: (query: Query<typeof routes.auditList> = {}) => data(routes.auditList, { query }),
      /** Every entry the filters match, oldest first: `list`, following `nextCursor` to the last page. */
      listAll: (query: Omit<Query<typeof routes.auditList>, "cursor"> = {}) =>
        allPages((cursor) => data(routes.auditList, { query: { ...query, ...cursor } })),
    },
    tokens: {
      /** `POST /tokens` (admin) → the token, shown once. */
      create: (body: Body<typeof routes.tokensCreate>, opts: WriteOptions = {}) =>
        data(routes.tokensCreate, { body, ...opts }),
    },
  };
}

/** A paged list's items from its first page to its last, in order. */
async function allPages<Item>(
  page: (cursor: { cursor?: string }) => Promise<{ items: Item[]; nextCursor?: string | null | undefined }>,
): Promise<{ items: Item[] }> {
  const items: Item[] = [];
  let cursor: string | null | undefined;
  do {
    const answer = await page(cursor === undefined || cursor === null ? {} : { cursor });
    items.push(...answer.items);
    // A service that answered the same cursor again would page forever.
    if (answer.nextCursor !== null && answer.nextCursor !== undefined && answer.nextCursor === cursor) {
      throw new ApiError("Tjenesten gav den samme side igen; listen kunne ikke læses til ende.", {
        kind: "invalid-response",
        status: 200,
      });
    }
    cursor = answer.nextCursor;
  } while (cursor !== undefined && cursor !== null);
  return { items };
}

/** The client `createClient` returns. */
export type Client = ReturnType<typeof createClient>;

function fillPath(template: string, params: Record<string, string | number>): string {
  return template.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`Path parameter ${name} is missing for ${template}.`);
    // Dots too, so an id of "." or ".." can never climb out of its path segment.
    return encodeURIComponent(String(value)).replaceAll(".", "%2E");
  });
}

function queryString(query: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === "" ? "" : `?${text}`;
}

function requestHeaders(token: string | undefined, input: CallInput): Headers {
  const headers = new Headers({ accept: `application/json, ${problemContentType}` });
  if (token !== undefined) headers.set("authorization", `Bearer ${token}`);
  if (input.body !== undefined) headers.set("content-type", "application/json");
  if (input.ifMatch !== undefined) headers.set("if-match", etagFor(input.ifMatch));
  if (input.idempotencyKey !== undefined) headers.set("idempotency-key", input.idempotencyKey);
  return headers;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function problemError(response: Response, json: unknown): ApiError {
  const parsed = Problem.safeParse(json);
  const retryAfter = response.headers.get("retry-after");
  const retryAfterSeconds = retryAfter !== null && /^[0-9]+$/.test(retryAfter) ? Number(retryAfter) : null;
  const problem = parsed.success ? parsed.data : null;
  const message = problem ? `${problem.title}: ${problem.detail}` : `Tjenesten svarede ${response.status}.`;
  return new ApiError(message, { kind: "problem", status: response.status, problem, retryAfterSeconds });
}
