// What the client throws: every failure of a call, with the problem the service answered.
import type { Finding } from "@helhedsplan/rules";
import { slugOfProblemType, type Problem, type ProblemSlug } from "./problem";
import type { Pool } from "./schemas";

/** Why a call failed: the service answered with an error, no answer came, or the answer was not the contract's shape. */
export type ApiErrorKind = "problem" | "network" | "invalid-response";

/** The facts of a failed call, as `ApiError`'s constructor takes them. */
export interface ApiErrorDetails {
  kind: ApiErrorKind;
  /** The HTTP status, 0 when no answer came. */
  status: number;
  problem?: Problem | null;
  retryAfterSeconds?: number | null;
  cause?: unknown;
}

/** A failed call of the typed client: the status, the problem's slug, findings, `current` version and `pool` as the service sent them. */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly kind: ApiErrorKind;
  readonly status: number;
  readonly problem: Problem | null;
  readonly slug: ProblemSlug | null;
  readonly retryAfterSeconds: number | null;

  constructor(message: string, details: ApiErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = details.kind;
    this.status = details.status;
    this.problem = details.problem ?? null;
    this.slug = this.problem ? slugOfProblemType(this.problem.type) : null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
  }

  /** The rule findings of a 422 (empty otherwise). */
  get findings(): Finding[] {
    return this.problem?.findings ?? [];
  }

  /** The plan's current version of a 412, else null. */
  get current(): number | null {
    return this.problem?.current ?? null;
  }

  /** The pool's state of a `pool-exhausted` 409, else null. */
  get pool(): Pool | null {
    return this.problem?.pool ?? null;
  }
}
