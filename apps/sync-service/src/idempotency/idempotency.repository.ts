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

/** Stores the answer of the key's request, sealed with the raw key; in the effect's transaction for a success. */
export async function completeKey(db: Db, scope: KeyScope, status: number, response: unknown): Promise<void> {
  await db
    .updateTable("idempotency_keys")
    .set({ state: "done", status, response: json(sealResponse(scope, response)) })
    .where("token_id", "=", scope.tokenId)
    .where("key", "=", storedKeyOf(scope.key))
    .execute();
}

/** Forgets a key whose request failed without an answer worth replaying (a 5xx). */
export async function deleteKey(db: Db, scope: KeyScope): Promise<void> {
  await db
    .deleteFrom("idempotency_keys")
    .where("token_id", "=", scope.tokenId)
    .where("key", "=", storedKeyOf(scope.key))
    .execute();
}

/** Deletes keys created before `cutoff`; returns how many. */
export async function deleteKeysCreatedBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom("idempotency_keys").where("created_at", "<", cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
