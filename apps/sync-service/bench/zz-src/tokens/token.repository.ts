import type { Db } from "../db/database";
import type { TokenTable } from "./token.table";
import type { Insertable, Selectable } from "kysely";

export type TokenRow = Selectable<TokenTable>;

export async function findTokenByHash(db: Db, hash: string): Promise<TokenRow | undefined> {
  return db.selectFrom("tokens").selectAll().where("hash", "=", hash).executeTakeFirst();
}

export async function insertToken(db: Db, token: Insertable<TokenTable>): Promise<void> {
  await db.insertInto("tokens").values(token).execute();
}

/** Inserts the token unless one with the same hash exists; true when inserted. */
export async function insertTokenIfAbsent(db: Db, token: Insertable<TokenTable>): Promise<boolean> {
  const inserted = await db
    .insertInto("tokens")
    .values(token)
    .onConflict((oc) => oc.column("hash").doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}

export async function countAdminTokens(db: Db): Promise<number> {
  const { count } = await db
    .selectFrom("tokens")
    .select((eb) => eb.fn.countAll<string | number>().as("count"))
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(count);
}
