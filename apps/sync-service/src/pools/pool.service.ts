import { problem, type CreatePoolBody, type Pool, type PoolDetail } from "@helhedsplan/api";
import { audit } from "../audit/audit.service";
import type { Actor, Caller } from "../auth/caller";
import type { Db } from "../db/database";
import { findPool, insertPool, listHoldings, poolIdExists } from "./pool.repository";

/** A pool with what each plan holds in it; a housing token sees only its own organisation's plans. */
export async function getPoolDetail(db: Db, caller: Caller, id: string): Promise<PoolDetail> {
  const pool = await findPool(db, id);
  if (pool === undefined) throw problem.notFound(`Puljen "${id}" findes ikke.`);
  const organisation = caller.role === "housing" ? caller.housingOrganisation : null;
  return { ...pool, plans: await listHoldings(db, id, organisation) };
}

const danishLetters: Record<string, string> = { æ: "ae", ø: "oe", å: "aa" };

/** A slug of a pool's name: `"Budget 2015"` → `"budget-2015"`. */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[æøå]/g, (letter) => danishLetters[letter] ?? letter)
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 90);
  return slug === "" ? "pulje" : slug;
}

/**
 * Creates a pool with a slug id from its name (`-2`, `-3`, … when taken), audited.
 * Example: `await inTransaction(db, (trx) => createPool(trx, actor, { name: "Budget 2015", budgetYear: 2015, amountOre }))`.
 */
export async function createPool(trx: Db, actor: Actor, body: CreatePoolBody): Promise<Pool> {
  const base = slugOf(body.name);
  let id = base;
  for (let suffix = 2; await poolIdExists(trx, id); suffix++) id = `${base}-${suffix}`;
  const pool = await insertPool(trx, { id, ...body, now: actor.now });
  await audit(trx, actor, { action: "pool.create", entity: "pool", id, before: null, after: pool });
  return pool;
}
