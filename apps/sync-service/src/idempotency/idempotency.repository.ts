import type { Selectable } from "kysely";
import type { Db } from "../db/database";
import { json } from "../db/columns";
import type { IdempotencyKeyTable } from "./idempotency.table";
import { sealResponse, storedKeyOf, type KeyScope } from "./sealed-key";

export type { KeyScope } from "./sealed-key";

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>;

/** Inserts the key as in progress unless it exists; true when this request inserted it (the unique key decides a race). */
export async function insertKeyIfAbsent(
  db: Db,
  row: KeyScope & { method: string; path: string; bodyHash: string; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto("idempotency_keys")
    .values({
      token_id: row.tokenId,
      key: storedKeyOf(row.key),
      method: row.method,
      path: row.path,
      body_hash: row.bodyHash,
      state: "in_progress",
      status: null,
      response: null,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(["token_id", "key"]).doNothing())
    .returning("key")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function findKey(db: Db, scope: KeyScope): Promise<IdempotencyKeyRow | undefined> {
  return db
    .selectFrom("idempotency_keys")
    .selectAll()
    .where("token_id", "=", scope.tokenId)
    .where("key", "=", storedKeyOf(scope.key))
    .executeTakeFirst();
}

/** Takes over a key whose first request died without an answer (still in progress since before `staleBefore`); true when taken. */
export async function takeOverStaleKey(db: Db, scope: KeyScope, staleBefore: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("idempotency_keys")
    .set({ created_at: now })
    .where("token_id", "=", scope.tokenId)
    .where("key", "=", storedKeyOf(scope.key))
    .where("state", "=", "in_progress")
    .where("created_at", "<", staleBefore)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * A claim of a key: its scope and the moment it was claimed (or taken over), which fences it — a request whose claim was
 * taken over after it stalled can neither store an answer nor free the key.
 */
export interface KeyClaim extends KeyScope {
  claimedAt: Date;
}

/**
 * Stores the answer of the key's request, sealed with the raw key; in the effect's transaction for a success. False
 * when the claim is no longer this request's (taken over): the caller's transaction must not commit then.
 */
export async function completeKey(db: Db, claim: KeyClaim, status: number, response: unknown): Promise<boolean> {
  const result = await db
    .updateTable("idempotency_keys")
    .set({ state: "done", status, response: json(sealResponse(claim, response)) })
    .where("token_id", "=", claim.tokenId)
    .where("key", "=", storedKeyOf(claim.key))
    .where("state", "=", "in_progress")
    .where("created_at", "=", claim.claimedAt)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Forgets a claimed key whose request failed without an answer worth replaying (a 5xx), unless it was taken over. */
export async function deleteKey(db: Db, claim: KeyClaim): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("token_id", "=", claim.tokenId)
    .where("key", "=", storedKeyOf(claim.key))
    .where("state", "=", "in_progress")
    .where("created_at", "=", claim.claimedAt)
    .execute();
}

/** Deletes keys created before `cutoff`; returns how many. */
export async function deleteKeysCreatedBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom("idempotency_keys").where("created_at", "<", cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
