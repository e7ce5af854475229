// The JSON body parser: a body that is no JSON (its Content-Type) → 415 and over 1 MB → 413, both at once;
// unparsable, no UTF-8, a lone surrogate or a `__proto__` key → a 400 deferred to the route's 400 step. The raw
// bytes are kept for idempotency keys.
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { problem, requestBodyLimitBytes, unknownField, type FieldError } from "@helhedsplan/api";
import { stateOf } from "./request-state";

/** SHA-256 of the request's raw body (of no bytes when it had none), hex. */
export function bodyHash(res: Response): string {
  const hash = createHash("sha256");
  const raw = stateOf(res).rawBody;
  if (raw !== undefined) hash.update(raw);
  return hash.digest("hex");
}

/** The media types read as JSON; a parameter other than `charset=utf-8` is allowed, another charset is not. */
const jsonTypes = ["application/json", "application/*+json"];

/** The body-parser error type `verify` gives bytes that are no UTF-8. */
const notUtf8 = "entity.not.utf8";

const unparsable = "Forespørgslens krop kan ikke læses som JSON.";
const notUtf8Message = "Kroppen er ikke gyldig UTF-8.";
const loneSurrogateMessage = "Teksten indeholder et enligt surrogattegn (\\ud800–\\udfff), som ikke er gyldig Unicode.";

/** Parses `application/json` bodies up to `requestBodyLimitBytes`; the raw bytes are kept for `bodyHash`, which only a request with an idempotency key needs. */
export function jsonBody() {
  const parse = express.json({
    limit: requestBodyLimitBytes,
    type: jsonTypes,
    verify: (_req, res, buffer) => {
      // body-parser would decode bytes that are no UTF-8 into U+FFFD and store text the client never sent.
      if (!isUtf8(buffer)) throw Object.assign(new Error(notUtf8Message), { type: notUtf8 });
      stateOf(res).rawBody = buffer;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    if (hasBody(req) && !isJsonInUtf8(req)) return next(problem.unsupportedMediaType());
    parse(req, res, (error?: unknown) => {
      if (error === undefined) {
        const errors = mayHideUnreadableParts(stateOf(res).rawBody) ? unreadableParts(req.body) : [];
        if (errors.length > 0) stateOf(res).bodyError = problem.invalidRequest(errors, detailOf(errors));
        return next();
      }
      const type = bodyParserErrorType(error);
      if (type === "entity.too.large") return next(problem.payloadTooLarge(requestBodyLimitBytes));
      if (type === "charset.unsupported" || type === "encoding.unsupported")
        return next(problem.unsupportedMediaType());
      stateOf(res).bodyError =
        type === notUtf8
          ? problem.invalidRequest([{ path: [], message: notUtf8Message }], "Forespørgslens krop er ikke gyldig UTF-8.")
          : problem.invalidRequest([{ path: [], message: "Kroppen er ikke gyldig JSON i UTF-8." }], unparsable);
      next();
    });
  };
}

/** A body is there when it has bytes: a Content-Length above 0, or a Transfer-Encoding (chunked). */
function hasBody(req: Request): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const length = req.headers["content-length"];
  return length !== undefined && Number(length) > 0;
}

/** `application/json` or `application/*+json`, in UTF-8 (RFC 8259: JSON between systems is UTF-8). */
function isJsonInUtf8(req: Request): boolean {
  if (typeof req.is(jsonTypes) !== "string") return false;
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers["content-type"] ?? "")?.[1]?.toLowerCase();
  return charset === undefined || charset === "utf-8" || charset === "utf8";
}

/**
 * Whether a body's bytes can hold what `unreadableParts` looks for: bytes that are UTF-8 (checked before) encode no
 * surrogate, so a lone one can only come from a `\u` escape, and a `__proto__` key is spelt so or escaped. Most bodies
 * have neither, and a 200-line budget is then not walked a second time.
 */
function mayHideUnreadableParts(raw: Buffer | undefined): boolean {
  return raw === undefined || raw.includes("\\u") || raw.includes("__proto__");
}

const loneSurrogate = /\p{Cs}/u;
const mostErrors = 20;

/** A value met in the walk, with how it was reached: its path is built only for an error (a body may nest deep). */
interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
}

function pathOf(visit: Visit, key?: string): FieldError["path"] {
  const path: FieldError["path"] = key === undefined ? [] : [key];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * What JSON.parse accepted but the service must not store, as field errors: a string or key with a lone surrogate
 * (`"\ud800"`: no Unicode text, PostgreSQL refuses it) and a `__proto__` key, which JSON.parse makes an own property
 * but every copy and zod's records drop — an unknown key like any other. Iterative: a body may nest 100.000 deep.
 */
function unreadableParts(body: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: Visit[] = [{ value: body, key: undefined, parent: undefined }];
  for (let visit = pending.pop(); visit !== undefined && errors.length < mostErrors; visit = pending.pop()) {
    const { value } = visit;
    if (typeof value === "string") {
      if (loneSurrogate.test(value)) errors.push({ path: pathOf(visit), message: loneSurrogateMessage });
    } else if (Array.isArray(value)) {
      for (let at = value.length - 1; at >= 0; at--)
        pending.push({ value: value[at] as unknown, key: at, parent: visit });
    } else if (typeof value === "object" && value !== null) {
      const keys = Object.keys(value);
      for (let at = keys.length - 1; at >= 0; at--) {
        const key = keys[at] as string;
        if (key === "__proto__") errors.push(unknownField(pathOf(visit, key)));
        else if (loneSurrogate.test(key)) errors.push({ path: pathOf(visit, key), message: loneSurrogateMessage });
        else pending.push({ value: (value as Record<string, unknown>)[key], key, parent: visit });
      }
    }
  }
  return errors;
}

function detailOf(errors: FieldError[]): string | undefined {
  return errors.some((error) => error.message === loneSurrogateMessage)
    ? "Forespørgslens krop indeholder tekst, der ikke er gyldig Unicode."
    : undefined;
}

/** The `type` body-parser (via http-errors) gives its errors, e.g. `"entity.too.large"`. */
export function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("type" in error)) return undefined;
  return typeof error.type === "string" ? error.type : undefined;
}
