// Mounts one route of @helhedsplan/api's route table. The chain follows API.md's order of
// checks: the token (401) before the body is read (413), then the idempotency key; the handler
// then loads its entity (404), calls `authorize` (403), reads params/body/If-Match (400, 428)
// and calls its service in `transact`, whose transaction re-reads the entity under a lock and
// makes the state checks (412, 409, 422).
import type { NextFunction, Request, Response, Router } from "express";
import { type RouteDefinition, IfMatch, etagFor, isPublicRoute, parseRequest, problem } from "@helhedsplan/api";
import type { z } from "zod";
import type { Actor, Caller } from "../auth/caller";
import { authenticate, callerOf } from "../auth/authenticate";
import type { Db } from "../db/database";
import { inTransaction, type Effect } from "../db/transaction";
import { completeClaimedKey, type ClaimedKey } from "../idempotency/idempotency.service";
import { idempotency } from "../idempotency/idempotency.middleware";
import { jsonBody } from "./json-body";
import { stateOf } from "./request-state";
import type { AppDeps } from "./app-deps";

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** One transaction for a write's effect; the answer to the request's idempotency key, if any, is stored in it. */
export type Transact = <T>(effect: Effect<T>) => Promise<T>;

/**
 * What a handler gets: the database, the caller, the request's parts — each parsed when the handler asks, so the
 * handler's lines are API.md's order of checks — and `transact` for the service call that writes.
 */
export interface RouteContext<R extends RouteDefinition> {
  readonly req: Request;
  readonly res: Response;
  readonly db: Db;
  readonly caller: Caller;
  /** The caller and the request's moment, as services take them. */
  readonly actor: Actor;
  /** Runs a service's effect in one transaction, storing the idempotency key's answer in it. */
  readonly transact: Transact;
  /**
   * The idempotency key this request claimed, if any: for a write of one statement that stores the key's answer in it
   * (and marks the claim completed) instead of using `transact`.
   */
  readonly claim: ClaimedKey | undefined;
  /** 403 unless the caller's role is in the route's roles. */
  authorize(): void;
  /** The path parameters (400 if invalid). */
  params(): Parsed<R["params"]>;
  /** The query (400 if invalid). */
  query(): Parsed<R["query"]>;
  /**
   * The body (400 if unreadable or of the wrong shape). `fastRead` may accept it without the
   * route's schema (a large budget: the schema's record parsing is slow); when it hesitates
   * (undefined), the schema decides.
   */
  body(fastRead?: (body: unknown) => Parsed<R["body"]> | undefined): Parsed<R["body"]>;
  /** The version `If-Match` names: 400 if malformed, 428 if absent. */
  ifMatch(): number;
}

/** A handler's answer; the status is the route's `successStatus`. */
export interface RouteAnswer<R extends RouteDefinition> {
  body: z.input<R["response"]>;
  /** The version for the `ETag` header of routes that send one. */
  version?: number;
}

type Handler<R extends RouteDefinition> = (ctx: RouteContext<R>) => Promise<RouteAnswer<R>>;

/** Adds the route to the router with authentication, body parsing and idempotency as its definition asks. */
export function mount<R extends RouteDefinition>(
  router: Router,
  definition: R,
  deps: AppDeps,
  handler: Handler<R>,
): void {
  // The OpenAPI document and the client hold only served routes: serving one means marking it served.
  if (!definition.served)
    throw new Error(`${definition.method} ${definition.path} is not marked served in the route table`);
  const chain: ((req: Request, res: Response, next: NextFunction) => unknown)[] = [];
  if (!isPublicRoute(definition)) chain.push(authenticate(deps.db, deps.authFailures));
  if (definition.body !== undefined) chain.push(jsonBody());
  if (definition.idempotent) chain.push(idempotency(deps.db, deps.clock));
  chain.push(async (req: Request, res: Response) => {
    const ctx = routeContext(definition, deps, req, res);
    const answer = await handler(ctx);
    if (definition.etag && answer.version !== undefined) res.setHeader("ETag", etagFor(answer.version));
    res.status(definition.successStatus).json(answer.body);
  });
  router[methodName(definition.method)](definition.path, ...chain);
}

function methodName(method: RouteDefinition["method"]) {
  return method.toLowerCase() as Lowercase<RouteDefinition["method"]>;
}

function routeContext<R extends RouteDefinition>(
  definition: R,
  deps: AppDeps,
  req: Request,
  res: Response,
): RouteContext<R> {
  const state = stateOf(res);
  const now = deps.clock();
  const publicRoute = isPublicRoute(definition);
  return {
    req,
    res,
    db: deps.db,
    get caller() {
      return callerOf(res);
    },
    get actor() {
      return { caller: callerOf(res), now };
    },
    get claim() {
      return state.idempotency;
    },
    authorize() {
      if (publicRoute) return;
      if (!definition.roles.includes(callerOf(res).role)) throw problem.forbidden();
    },
    params: () =>
      (definition.params === undefined ? undefined : parseRequest(definition.params, req.params)) as Parsed<
        R["params"]
      >,
    query: () =>
      (definition.query === undefined ? undefined : parseRequest(definition.query, req.query)) as Parsed<R["query"]>,
    body: (fastRead) => {
      if (state.bodyError !== undefined) throw state.bodyError;
      if (definition.body === undefined) return undefined as Parsed<R["body"]>;
      return fastRead?.(req.body) ?? (parseRequest(definition.body, req.body) as Parsed<R["body"]>);
    },
    ifMatch: () => {
      const header = req.get("if-match");
      if (header === undefined) throw problem.preconditionRequired();
      return parseRequest(IfMatch, header);
    },
    transact: async (effect) => {
      const key = state.idempotency;
      const result = await inTransaction(
        deps.db,
        effect,
        key === undefined ? undefined : (trx, body) => completeClaimedKey(trx, key, definition.successStatus, body),
      );
      if (key !== undefined) key.completed = true;
      return result;
    },
  };
}

/** Runs an Express middleware inside a handler (e.g. a rate limit that must follow the role check); rejects with what it passes to `next`. */
export function runMiddleware(
  middleware: (req: Request, res: Response, next: (error?: unknown) => void) => unknown,
  req: Request,
  res: Response,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const result = middleware(req, res, (error?: unknown) => {
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error("The middleware failed", { cause: error }));
    });
    if (result instanceof Promise) result.catch(reject);
  });
}
