// API.md's two rate limits. The counters live in this instance's memory: they guard against
// abuse, they are no quota, so a second instance counting on its own is acceptable.
import type { Request, Response } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { problem, type ProblemError } from "@helhedsplan/api";
import { stateOf } from "../http/request-state";

const minuteMs = 60_000;

function retryAfterSeconds(resetAtMs: number, nowMs: number): number {
  return Math.max(1, Math.ceil((resetAtMs - nowMs) / 1000));
}

function rateLimitedHandler(req: Request, _res: Response, next: (error: unknown) => void) {
  const resetTime = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  next(problem.rateLimited(resetTime === undefined ? 60 : retryAfterSeconds(resetTime.getTime(), Date.now())));
}

/** The client address a limit counts for (IPv6 addresses by their /56 network, as one client usually holds one). */
export function clientAddress(req: Request): string {
  return ipKeyGenerator(req.ip ?? "unknown");
}

/**
 * Failed authentications per client address and minute (the address is `req.ip`, so behind a proxy it is the client's
 * only with `TRUST_PROXY` set). The authentication step counts a failure itself, when it answers 401 — never a request
 * with a valid token, which always authenticates: past the limit only the address's further failures get 429 for the
 * rest of the minute. Tokens are random ≥ 128 bits, so the limit bounds the noise of a guesser, not its odds.
 */
export class AuthFailureLimit {
  private readonly failures = new Map<string, { count: number; resetAtMs: number }>();
  private nextSweepMs = 0;

  constructor(private readonly perMinute: number) {}

  /** Counts a failed authentication: the 401 to answer, or the 429 once the address is past the limit. */
  failure(address: string): ProblemError {
    const now = Date.now();
    this.sweep(now);
    const entry = this.current(address, now) ?? { count: 0, resetAtMs: now + minuteMs };
    entry.count++;
    this.failures.set(address, entry);
    return entry.count > this.perMinute
      ? problem.rateLimited(retryAfterSeconds(entry.resetAtMs, now))
      : problem.unauthorized();
  }

  private current(address: string, now: number) {
    const entry = this.failures.get(address);
    return entry !== undefined && entry.resetAtMs > now ? entry : undefined;
  }

  /** Forgets ended windows, at most once a minute, so addresses that stopped failing do not pile up. */
  private sweep(now: number): void {
    if (now < this.nextSweepMs) return;
    for (const [address, entry] of this.failures) if (entry.resetAtMs <= now) this.failures.delete(address);
    this.nextSweepMs = now + minuteMs;
  }
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
