// The JSON body parser: over 1 MB → 413 at once; unparsable → a 400 deferred to the route's
// 400 step. The raw bytes are kept for idempotency keys.
import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import { problem, requestBodyLimitBytes } from "@helhedsplan/api";
import { stateOf } from "./request-state";

/** SHA-256 of the request's raw body (of no bytes when it had none), hex. */
export function bodyHash(res: Response): string {
  const hash = createHash("sha256");
  const raw = stateOf(res).rawBody;
  if (raw !== undefined) hash.update(raw);
  return hash.digest("hex");
}

/** Parses `application/json` bodies up to `requestBodyLimitBytes`; the raw bytes are kept for `bodyHash`, which only a request with an idempotency key needs. */
export function jsonBody() {
  const parse = express.json({
    limit: requestBodyLimitBytes,
    type: ["application/json", "application/*+json"],
    verify: (_req, res, buffer) => {
      stateOf(res).rawBody = buffer;
    },
  });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => {
      if (error === undefined) return next();
      if (bodyParserErrorType(error) === "entity.too.large")
        return next(problem.payloadTooLarge(requestBodyLimitBytes));
      stateOf(res).bodyError = problem.invalidRequest(
        [{ path: [], message: "Kroppen er ikke gyldig JSON i UTF-8." }],
        "Forespørgslens krop kan ikke læses som JSON.",
      );
      next();
    });
  };
}

/** The `type` body-parser (via http-errors) gives its errors, e.g. `"entity.too.large"`. */
export function bodyParserErrorType(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("type" in error)) return undefined;
  return typeof error.type === "string" ? error.type : undefined;
}
