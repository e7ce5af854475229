// Bearer tokens: the hash of the presented token is looked up; the token itself is never
// stored or logged. Runs before the body is read, so a request without a valid token is a
// 401 whatever its size.
import type { NextFunction, Request, Response } from "express";
import { Role } from "@helhedsplan/api";
import { bearerToken } from "../config";
import type { Db } from "../db/database";
import { stateOf } from "../http/request-state";
import { findTokenByHash } from "../tokens/token.repository";
import { hashToken } from "../tokens/token-secret";
import type { Caller } from "./caller";
import { clientAddress, type AuthFailureLimit } from "./rate-limits";

const bearer = /^Bearer (\S+)$/;

/**
 * Sets the caller from `Authorization: Bearer <token>`, or answers 401 (429 once the client address has failed too
 * often). A valid token always authenticates, whatever others behind the same address did: only failures are counted
 * and throttled, so 60 bad tokens through one proxy never lock out the users behind it.
 */
export function authenticate(db: Db, failures: AuthFailureLimit) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const match = bearer.exec(req.get("authorization") ?? "");
    const row =
      match?.[1] !== undefined && bearerToken.test(match[1])
        ? await findTokenByHash(db, hashToken(match[1]))
        : undefined;
    if (row === undefined) throw failures.failure(clientAddress(req));
    stateOf(res).caller = {
      tokenId: row.id,
      role: Role.parse(row.role),
      housingOrganisation: row.housing_organisation,
    };
    next();
  };
}

/** The caller of an authenticated request. */
export function callerOf(res: Response): Caller {
  const caller = stateOf(res).caller;
  if (caller === undefined) throw new Error("callerOf on a route without authentication");
  return caller;
}
