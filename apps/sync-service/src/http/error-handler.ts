// The one error middleware: every failure becomes application/problem+json. ProblemErrors are
// sent as they are; body-parser, zod and database errors are mapped; anything else is a 500
// that is logged with the request id and told to the client without internals.
import type { NextFunction, Request, Response } from "express";
import { ProblemError, problem, problemContentType, requestBodyLimitBytes, type Problem } from "@helhedsplan/api";
import { ZodError } from "zod";
import { classifyDatabaseError } from "../db/database-errors";
import type { Db } from "../db/database";
import type { Logger } from "../logger";
import { settleFailedKey } from "../idempotency/idempotency.service";
import { bodyParserErrorType } from "./json-body";
import { stateOf } from "./request-state";

const internalProblem: Problem = {
  type: "about:blank",
  title: "Intern fejl",
  status: 500,
  detail:
    "Der opstod en uventet fejl; den er logget. Prøv igen, eller kontakt driften med forespørgslens x-request-id.",
};

/** How long a 503 for an unavailable database waits for its idempotency key to be settled. */
const settleWhileUnavailableMs = 250;

/** `promise`, or nothing after `ms`, whichever comes first. */
function atMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, elapsed]).finally(() => clearTimeout(timer));
}

/** The problem answer for any error, or null for an unexpected one (a 500). */
export function problemFor(error: unknown): ProblemError | null {
  if (error instanceof ProblemError) return error;
  if (error instanceof ZodError) return problem.invalidRequest(error);
  // The router decodes path parameters; a %-sequence that is no UTF-8 (`%FF`, a lone surrogate) throws URIError there.
  if (error instanceof URIError)
    return problem.invalidRequest([{ path: [], message: "Adressen indeholder en %-kode, der ikke er gyldig UTF-8." }]);
  const bodyError = bodyParserErrorType(error);
  if (bodyError === "entity.too.large") return problem.payloadTooLarge(requestBodyLimitBytes);
  if (bodyError !== undefined) return problem.invalidRequest([{ path: [], message: "Kroppen kan ikke læses." }]);
  switch (classifyDatabaseError(error)) {
    case "bad-data":
      return problem.invalidRequest([
        { path: [], message: "Forespørgslen indeholder data, databasen ikke kan gemme (fx et NUL-tegn)." },
      ]);
    case "unavailable": {
      const unavailable = problem.unavailable();
      return new ProblemError("unavailable", unavailable.problem.detail, {}, { "Retry-After": "5" });
    }
    case "conflict":
      return problem.conflict("En samtidig ændring kom først; hent den nyeste version og prøv igen.");
    case null:
      return null;
  }
}

/** The Express error middleware. */
export function errorHandler(db: Db, logger: Logger) {
  return async (error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const known = problemFor(error);
    const body = known?.problem ?? internalProblem;
    if (known === null || body.status >= 500) {
      (req.log ?? logger).error({ err: error }, known === null ? "unexpected error" : body.title);
    }
    const claim = stateOf(res).idempotency;
    if (claim !== undefined) {
      const settled = settleFailedKey(db, claim, {
        status: body.status,
        response: body,
        lostRace: classifyDatabaseError(error) === "conflict",
      }).catch((settleError: unknown) => {
        (req.log ?? logger).error({ err: settleError }, "could not settle the idempotency key");
      });
      // While the database does not answer, settling the key would wait out a timeout of its own before the 503: the
      // answer waits a moment only, the settling goes on (a retry meanwhile answers 409 "still in progress").
      await (classifyDatabaseError(error) === "unavailable" ? atMost(settled, settleWhileUnavailableMs) : settled);
    }
    res
      .status(body.status)
      .set(known?.headers ?? {})
      .type(problemContentType)
      .send(JSON.stringify(body));
  };
}
