// problem+json (RFC 9457): the one shape of every error answer, the slugs of API.md with
// their statuses, and the ProblemError the service throws and its error middleware serialises.
import { z } from "zod";
import { Finding, danishZodParams, zodIssuePath } from "@helhedsplan/rules";
import { Pool } from "./schemas/pools";

/** The media type of every error answer. */
export const problemContentType = "application/problem+json";

/**
 * A problem slug of API.md, e.g. `"pool-exhausted"`; the answer's `type` is `/problems/<slug>`. Added beyond API.md:
 * `idempotency-key-reused` (the 422 of an Idempotency-Key already used for another request), `unsupported-media-type`
 * (415: a write's body that is no JSON) and `method-not-allowed` (405: a method the route table does not serve on the
 * path); docs/api.md.
 */
export const ProblemSlug = z.enum([
  "unauthorized",
  "forbidden",
  "not-found",
  "invalid-request",
  "rule-violation",
  "conflict",
  "pool-exhausted",
  "precondition-required",
  "precondition-failed",
  "payload-too-large",
  "rate-limited",
  "unavailable",
  "idempotency-key-reused",
  "unsupported-media-type",
  "method-not-allowed",
]);
export type ProblemSlug = z.infer<typeof ProblemSlug>;

/** Each problem slug with its HTTP status and its Danish title. */
export const problemCatalog = {
  unauthorized: { status: 401, title: "Manglende eller ukendt adgangsnøgle" },
  forbidden: { status: 403, title: "Ingen adgang" },
  "not-found": { status: 404, title: "Findes ikke" },
  "invalid-request": { status: 400, title: "Ugyldig forespørgsel" },
  "rule-violation": { status: 422, title: "En regel er brudt" },
  conflict: { status: 409, title: "Konflikt med den nuværende tilstand" },
  "pool-exhausted": { status: 409, title: "Puljen har ikke plads" },
  "precondition-required": { status: 428, title: "If-Match mangler" },
  "precondition-failed": { status: 412, title: "Versionen er forældet" },
  "payload-too-large": { status: 413, title: "Forespørgslen er for stor" },
  "rate-limited": { status: 429, title: "For mange forespørgsler" },
  unavailable: { status: 503, title: "Tjenesten er midlertidigt utilgængelig" },
  "idempotency-key-reused": { status: 422, title: "Idempotency-Key er allerede brugt" },
  "unsupported-media-type": { status: 415, title: "Kroppen er ikke JSON" },
  "method-not-allowed": { status: 405, title: "Metoden kan ikke bruges på adressen" },
} as const satisfies Record<ProblemSlug, { status: number; title: string }>;

/** The order in which the service checks the error statuses; the first that applies answers (API.md). */
export const problemStatusOrder = [401, 413, 404, 403, 400, 428, 412, 409, 422] as const;

const typePrefix = "/problems/";

/** The `type` URI of a slug. Example: `problemType("not-found") === "/problems/not-found"`. */
export function problemType(slug: ProblemSlug): string {
  return `${typePrefix}${slug}`;
}

/** The slug of a `type` URI, or null when it is not one of API.md's. Example: `slugOfProblemType("/problems/conflict") === "conflict"`. */
export function slugOfProblemType(type: string): ProblemSlug | null {
  if (!type.startsWith(typePrefix)) return null;
  const parsed = ProblemSlug.safeParse(type.slice(typePrefix.length));
  return parsed.success ? parsed.data : null;
}

/** One field error of a 400: where in the request and what is wrong. */
export const FieldError = z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** An error answer: `{type, title, status, detail, errors?, findings?, current?, pool?}`. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int().min(400).max(599),
  detail: z.string(),
  errors: z.array(FieldError).optional(),
  findings: z.array(Finding).optional(),
  current: z.int().min(0).optional(),
  pool: Pool.optional(),
});
export type Problem = z.infer<typeof Problem>;

type ProblemExtras = Pick<Problem, "errors" | "findings" | "current" | "pool">;

/** An Error carrying a problem answer; the service throws it and its error middleware sends `problem` with `status` and `headers`. */
export class ProblemError extends Error {
  override readonly name = "ProblemError";
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;

  constructor(slug: ProblemSlug, detail: string, extras: ProblemExtras = {}, headers: Record<string, string> = {}) {
    super(detail);
    const { status, title } = problemCatalog[slug];
    this.problem = { type: problemType(slug), title, status, detail, ...definedOnly(extras) };
    this.headers = headers;
  }

  /** The HTTP status to answer with. */
  get status(): number {
    return this.problem.status;
  }
}

function definedOnly(extras: ProblemExtras): ProblemExtras {
  return Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined));
}

/**
 * The field errors of a zod error, one per issue; an unknown key gets its own path
 * (`["status"]`), so a client sees exactly which key to remove.
 */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => unknownField(zodIssuePath([...issue.path, key])))
      : [{ path: zodIssuePath(issue.path), message: issue.message }],
  );
}

/** The field error of a key no schema has, at its path (which ends with the key). Example: `unknownField(["status"])`. */
export function unknownField(path: FieldError["path"]): FieldError {
  return { path, message: `Ukendt felt: ${String(path.at(-1))}.` };
}

/** Constructors of every problem the service answers with. Example: `throw problem.notFound("Planen findes ikke.")`. */
export const problem = {
  /** 401: no token, or one the service does not know. */
  unauthorized: (detail = "Send en gyldig adgangsnøgle i Authorization: Bearer <token>.") =>
    new ProblemError("unauthorized", detail),
  /** 403: the token's role may not do this. */
  forbidden: (detail = "Din rolle giver ikke adgang til denne handling.") => new ProblemError("forbidden", detail),
  /** 404: no such resource, or one the token may not see. */
  notFound: (detail = "Ressourcen findes ikke.") => new ProblemError("not-found", detail),
  /** 400 from a zod error (or field errors built by hand, e.g. for bad JSON). */
  invalidRequest: (cause: z.ZodError | FieldError[], detail = "Forespørgslen har ikke den rigtige form.") =>
    new ProblemError("invalid-request", detail, {
      errors: Array.isArray(cause) ? cause : fieldErrorsOf(cause),
    }),
  /** 422 with the rule findings that refused the write. */
  ruleViolation: (findings: Finding[], detail = "Forespørgslen bryder en eller flere regler.") =>
    new ProblemError("rule-violation", detail, { findings }),
  /** 409: the state does not allow the action (or the same Idempotency-Key is still running). */
  conflict: (detail: string) => new ProblemError("conflict", detail),
  /** 409: the pool lacks room at submit; nothing was reserved. */
  poolExhausted: (pool: Pool, detail = "Puljen har ikke plads til planens kommunale puljemidler.") =>
    new ProblemError("pool-exhausted", detail, { pool }),
  /** 428: a write that needs If-Match came without it. */
  preconditionRequired: (detail = 'Send If-Match med den version, du har læst, fx If-Match: "3".') =>
    new ProblemError("precondition-required", detail),
  /** 412 with the current version: the If-Match version is stale. */
  preconditionFailed: (
    current: number,
    detail = `Planen er ændret på serveren; den nuværende version er ${current}.`,
  ) => new ProblemError("precondition-failed", detail, { current }),
  /** 413: the body is over the limit. */
  payloadTooLarge: (limitBytes: number) =>
    new ProblemError("payload-too-large", `Forespørgslen er større end ${limitBytes} bytes.`),
  /** 429 with Retry-After. */
  rateLimited: (retryAfterSeconds: number) =>
    new ProblemError(
      "rate-limited",
      `For mange forespørgsler; prøv igen om ${retryAfterSeconds} sekunder.`,
      {},
      { "Retry-After": String(retryAfterSeconds) },
    ),
  /** 503: the database does not answer. */
  unavailable: (detail = "Databasen svarer ikke; prøv igen om lidt.") => new ProblemError("unavailable", detail),
  /** 422 without findings: the Idempotency-Key was already used for another request (method, path or body). */
  idempotencyKeyReused: (
    detail = "Idempotency-Key er allerede brugt til en anden forespørgsel (anden metode, sti eller krop). Brug en ny nøgle.",
  ) => new ProblemError("idempotency-key-reused", detail),
  /** 415: a write's body is not JSON in UTF-8 (its Content-Type is not `application/json` or `application/*+json`). */
  unsupportedMediaType: (detail = "Kroppen skal være JSON i UTF-8 og sendes med Content-Type: application/json.") =>
    new ProblemError("unsupported-media-type", detail),
  /** 405 with Allow: the path is the service's, the method is not one it serves there. */
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new ProblemError(
      "method-not-allowed",
      `Metoden ${method} kan ikke bruges på denne adresse; den tager imod ${allowed.join(", ")}.`,
      {},
      { Allow: allowed.join(", ") },
    ),
} as const;

/**
 * Parses one part of a request (params, query, body, a header) with Danish messages for zod's
 * own issues; a failure throws the 400. Example: `const body = parseRequest(PutBudgetBody, req.body)`.
 */
export function parseRequest<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value, danishZodParams);
  if (!parsed.success) throw problem.invalidRequest(parsed.error);
  return parsed.data;
}
