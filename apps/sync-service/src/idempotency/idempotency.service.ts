// Idempotency keys (API.md, Stripe's design on local ACID state): a key is claimed in its own
// short statement before the effect runs — the primary key decides a race, the loser gets
// 409 — and its answer is stored in the effect's transaction. A 4xx answer is stored and
// replayed too (the request was judged); a 5xx, a 429 or a lost race is not (the key is deleted
// so a retry runs).
import { problem } from "@helhedsplan/api";
import type { Db } from "../db/database";
import {
  completeKey,
  deleteKey,
  deleteKeysCreatedBefore,
  findKey,
  insertKeyIfAbsent,
  takeOverStaleKey,
  type KeyClaim,
  type KeyScope,
} from "./idempotency.repository";
import { openResponse } from "./sealed-key";

/** How long a key is kept (API.md: at least 24 hours). */
export const keyRetentionMs = 24 * 60 * 60 * 1000;

/**
 * After this long without an answer the first request is taken to have died (a crash, or a database that went away,
 * between claim and answer), and a retry with the key runs. A request gives up long before (statement timeout, bounded
 * waits); one that did not is fenced out — its claim's moment no longer matches, so its answer is not stored and its
 * effect rolls back (`completeKey`) — so the effect never happens twice, however slow the first request was.
 */
export const staleClaimMs = 30 * 1000;

/** A key this request claimed; `completed` once its answer is stored. */
export interface ClaimedKey extends KeyClaim {
  completed: boolean;
}

/** The request as a key compares it. */
export interface KeyedRequest extends KeyScope {
  method: string;
  path: string;
  bodyHash: string;
  now: Date;
}

export type ClaimOutcome =
  { kind: "claimed"; claim: ClaimedKey } | { kind: "replay"; status: number; response: unknown };

/** Claims the key for this request, or returns the stored answer to replay; 422 for another request under the same key, 409 while the first runs. */
export async function claimKey(db: Db, request: KeyedRequest): Promise<ClaimOutcome> {
  const scope = { tokenId: request.tokenId, key: request.key };
  if (await insertKeyIfAbsent(db, request))
    return { kind: "claimed", claim: { ...scope, claimedAt: request.now, completed: false } };

  const existing = await findKey(db, scope);
  // Deleted between our insert and read (its request failed with a 5xx): the client may retry.
  if (existing === undefined)
    throw problem.conflict("Idempotency-Key blev brugt af en forespørgsel, der lige fejlede; prøv igen.");
  if (existing.method !== request.method || existing.path !== request.path || existing.body_hash !== request.bodyHash) {
    throw problem.idempotencyKeyReused();
  }
  if (existing.state === "done" && existing.status !== null && existing.response !== null) {
    return { kind: "replay", status: existing.status, response: openResponse(scope, existing.response) };
  }
  const staleBefore = new Date(request.now.getTime() - staleClaimMs);
  if (await takeOverStaleKey(db, scope, staleBefore, request.now)) {
    return { kind: "claimed", claim: { ...scope, claimedAt: request.now, completed: false } };
  }
  throw problem.conflict("En forespørgsel med samme Idempotency-Key er stadig i gang; prøv igen om lidt.");
}

/**
 * Stores a successful answer in the effect's transaction `trx`; 409 (and so a rollback of the effect) when the claim was
 * taken over meanwhile — the request that took it over runs the write, once.
 */
export async function completeClaimedKey(trx: Db, claim: ClaimedKey, status: number, response: unknown): Promise<void> {
  if (!(await completeKey(trx, claim, status, response))) {
    throw problem.conflict(
      "Forespørgslen tog så lang tid, at en ny med samme Idempotency-Key overtog den; den nye forespørgsels svar gælder.",
    );
  }
}

/**
 * Settles a claimed key after a failed request: a 4xx answer is stored for replay; a 5xx, a
 * 429 and a lost race (`lostRace`: a 409 that tells the client to retry, which a replay would
 * refuse for as long as the key is kept) judged nothing, so the key is freed and a retry runs again.
 */
export async function settleFailedKey(
  db: Db,
  claim: ClaimedKey,
  failure: { status: number; response: unknown; lostRace: boolean },
): Promise<void> {
  if (claim.completed) return;
  const { status, response } = failure;
  if (status >= 400 && status < 500 && status !== 429 && !failure.lostRace) {
    await completeKey(db, claim, status, response);
  } else {
    await deleteKey(db, claim);
  }
  claim.completed = true;
}

/** Forgets keys older than the retention; returns how many. */
export async function purgeExpiredKeys(db: Db, now: Date): Promise<number> {
  return deleteKeysCreatedBefore(db, new Date(now.getTime() - keyRetentionMs));
}
