import type { Pool, PoolHolding } from "@helhedsplan/api";
import { sql, type Expression, type Selectable } from "kysely";
import type { Db } from "../db/database";
import { toOre } from "../db/columns";
import type { PoolTable } from "./pool.table";

const poolColumns = ["id", "name", "budget_year", "amount_ore", "reserved_ore", "committed_ore"] as const;

function toPool(row: Pick<Selectable<PoolTable>, (typeof poolColumns)[number]>): Pool {
  const amountOre = toOre(row.amount_ore);
  const reservedOre = toOre(row.reserved_ore);
  const committedOre = toOre(row.committed_ore);
  return {
    id: row.id,
    name: row.name,
    budgetYear: row.budget_year,
    amountOre,
    reservedOre,
    committedOre,
    availableOre: amountOre - reservedOre - committedOre,
  };
}

export async function listPools(db: Db): Promise<Pool[]> {
  const rows = await db.selectFrom("pools").select(poolColumns).orderBy("budget_year").orderBy("id").execute();
  return rows.map(toPool);
}

export async function findPool(db: Db, id: string): Promise<Pool | undefined> {
  const row = await db.selectFrom("pools").select(poolColumns).where("id", "=", id).executeTakeFirst();
  return row && toPool(row);
}

/** A pool and what one plan holds in it: the plan's room there is the pool's available money plus its own holding. */
export interface PoolRoom {
  pool: Pool;
  heldOre: number;
}

/** `poolRoomDocument`'s value: the pool's columns and the plan's holding, the bigints as text so they are read exactly. */
export interface PoolRoomDocument {
  id: string;
  name: string;
  budget_year: number;
  amount_ore: string;
  reserved_ore: string;
  committed_ore: string;
  held_ore: string;
}

/**
 * The pool `poolId` with what plan `planId` holds in it (0 when nothing) as one jsonb value, null
 * when there is no such pool: an expression, so a query that needs the room besides its own rows
 * (a plan write's rules) reads it in the same round trip.
 */
export function poolRoomDocument(
  poolId: Expression<string | null> | string | null,
  planId: Expression<string> | string | null,
) {
  return sql<PoolRoomDocument | null>`(
    SELECT jsonb_build_object(
      'id', p.id, 'name', p.name, 'budget_year', p.budget_year,
      'amount_ore', p.amount_ore::text, 'reserved_ore', p.reserved_ore::text, 'committed_ore', p.committed_ore::text,
      'held_ore', (coalesce(l.reserved_ore, 0) + coalesce(l.committed_ore, 0))::text)
    FROM pools p LEFT JOIN pool_ledger l ON l.pool_id = p.id AND l.plan_id = ${planId}
    WHERE p.id = ${poolId})`;
}

/** A `poolRoomDocument` value as a `PoolRoom`. */
export function toPoolRoom(document: PoolRoomDocument): PoolRoom {
  return { pool: toPool(document), heldOre: toOre(document.held_ore) };
}

export async function poolIdExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom("pools").select("id").where("id", "=", id).executeTakeFirst()) !== undefined;
}

export async function listPoolIds(db: Db): Promise<string[]> {
  const rows = await db.selectFrom("pools").select("id").orderBy("id").execute();
  return rows.map((row) => row.id);
}

export async function insertPool(
  db: Db,
  pool: { id: string; name: string; budgetYear: number; amountOre: number; now: Date },
): Promise<Pool> {
  const row = await db
    .insertInto("pools")
    .values({
      id: pool.id,
      name: pool.name,
      budget_year: pool.budgetYear,
      amount_ore: pool.amountOre,
      created_at: pool.now,
    })
    .returning(poolColumns)
    .executeTakeFirstOrThrow();
  return toPool(row);
}

/**
 * A reservation of `amountOre` as one conditional UPDATE's parts (ARCHITECTURE.md): the row is
 * updated only while the pool has room, so concurrent submits queue on the row lock and each
 * re-checks the condition; the CHECK constraint is the second wall.
 */
export function reservationOf(amountOre: number) {
  return {
    set: { reserved_ore: sql<number>`reserved_ore + ${amountOre}` },
    hasRoom: sql<boolean>`reserved_ore + committed_ore + ${amountOre} <= amount_ore`,
  };
}

/** Moves money within a pool (release a reservation, turn it into commitment, shrink a commitment); the CHECK constraint guards the result. */
export async function adjustPool(
  db: Db,
  poolId: string,
  delta: { reservedOre: number; committedOre: number },
): Promise<void> {
  await db
    .updateTable("pools")
    .set({
      reserved_ore: sql`reserved_ore + ${delta.reservedOre}`,
      committed_ore: sql`committed_ore + ${delta.committedOre}`,
    })
    .where("id", "=", poolId)
    .execute();
}

/** What each plan holds in the pool; only one organisation's plans when `organisation` is given. */
export async function listHoldings(db: Db, poolId: string, organisation: string | null): Promise<PoolHolding[]> {
  let query = db
    .selectFrom("pool_ledger")
    .innerJoin("plans", "plans.id", "pool_ledger.plan_id")
    .select(["pool_ledger.plan_id", "pool_ledger.reserved_ore", "pool_ledger.committed_ore"])
    .where("pool_ledger.pool_id", "=", poolId)
    .orderBy("plans.created_at")
    .orderBy("plans.id");
  if (organisation !== null) query = query.where("plans.housing_organisation", "=", organisation);
  const rows = await query.execute();
  return rows.map((row) => ({
    planId: row.plan_id,
    reservedOre: toOre(row.reserved_ore),
    committedOre: toOre(row.committed_ore),
  }));
}
