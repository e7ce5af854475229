// What the middleware chain learns about one request (the caller, the body's hash, a deferred
// body error, the claimed idempotency key), kept beside the response without `any`.
import type { ProblemError } from "@helhedsplan/api";
import type { Caller } from "../auth/caller";
import type { ClaimedKey } from "../idempotency/idempotency.service";

export interface RequestState {
  caller?: Caller;
  /** SHA-256 of the raw body bytes, for comparing an idempotent retry with its first request. */
  bodyHash?: string;
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
