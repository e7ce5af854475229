// API.md's two rate limits. The counters live in this instance's memory: they guard against
// abuse, they are no quota, so a second instance counting on its own is acceptable.
import type { Request, Response } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { problem } from "@helhedsplan/api";
import { stateOf } from "../http/request-state";

const minuteMs = 60_000;

function rateLimitedHandler(req: Request, _res: Response, next: (error: unknown) => void) {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = resetTime === undefined ? 60 : Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000));
  next(problem.rateLimited(seconds));
}

/** Failed authentications per client address: only 401 answers count. */
export function authFailureLimit(perMinute: number) {
  return rateLimit({
    windowMs: minuteMs,
    limit: perMinute,
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
    handler: rateLimitedHandler,
  });
}

/** Token creations per admin token. */
export function tokenCreationLimit(perMinute: number) {
  return rateLimit({
    windowMs: minuteMs,
    limit: perMinute,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (_req, res) => stateOf(res).caller?.tokenId ?? "anonymous",
    handler: rateLimitedHandler,
  });
}
