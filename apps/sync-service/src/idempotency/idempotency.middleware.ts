import type { NextFunction, Request, Response } from "express";
import { IdempotencyKey, problem, problemContentType } from "@helhedsplan/api";
import { danishZodParams } from "@helhedsplan/rules";
import { callerOf } from "../auth/authenticate";
import type { Db } from "../db/database";
import { bodyHash } from "../http/json-body";
import { stateOf } from "../http/request-state";
import { claimKey } from "./idempotency.service";

/** Looks up `Idempotency-Key` right after authentication: replays a stored answer or claims the key for this request. */
export function idempotency(db: Db, clock: () => Date) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get("idempotency-key");
    if (header === undefined) return next();
    const parsed = IdempotencyKey.safeParse(header, danishZodParams);
    if (!parsed.success)
      throw problem.invalidRequest(
        parsed.error.issues.map((issue) => ({ path: ["Idempotency-Key"], message: issue.message })),
      );
    const state = stateOf(res);
    const outcome = await claimKey(db, {
      tokenId: callerOf(res).tokenId,
      key: parsed.data,
      method: req.method,
      path: req.originalUrl,
      bodyHash: bodyHash(res),
      now: clock(),
    });
    if (outcome.kind === "replay") {
      res
        .status(outcome.status)
        .setHeader("Idempotent-Replayed", "true")
        .type(outcome.status >= 400 ? problemContentType : "application/json")
        .send(JSON.stringify(outcome.response));
      return;
    }
    state.idempotency = outcome.claim;
    next();
  };
}
