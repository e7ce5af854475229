// What the middleware chain learns about one request (the caller, the raw body, a deferred
// body error, the claimed idempotency key), kept beside the response without `any`.
import type { ProblemError } from "@helhedsplan/api";
import type { Caller } from "../auth/caller";
import type { ClaimedKey } from "../idempotency/idempotency.service";

export interface RequestState {
  caller?: Caller;
  /** The raw body bytes: an idempotent retry is compared with its first request by their hash. */
  rawBody?: Buffer;
  /** Bad JSON is a 400, but API.md checks 404 and 403 first: the route raises it at its 400 step. */
  bodyError?: ProblemError;
  idempotency?: ClaimedKey;
}

const states = new WeakMap<object, RequestState>();

/** The state of the request this response answers. */
export function stateOf(res: object): RequestState {
  let state = states.get(res);
  if (state === undefined) {
    state = {};
    states.set(res, state);
  }
  return state;
}
