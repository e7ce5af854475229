// Pools (puljer): the money a plan's `kommunePulje` financing draws on.
import { z } from "zod";
import { PoolSeed } from "@helhedsplan/rules";
import { EntityId, ItemsOf, NonNegativeOre, Ore, Slug } from "./common";

/** A pool and its ledger: `availableOre = amountOre − reservedOre − committedOre`. */
export const Pool = z.object({
  ...PoolSeed.shape,
  id: Slug,
  amountOre: NonNegativeOre,
  reservedOre: NonNegativeOre,
  committedOre: NonNegativeOre,
  availableOre: Ore,
});
export type Pool = z.infer<typeof Pool>;

/** What one plan holds in a pool (`GET /pools/:id`'s `plans[]`). */
export const PoolHolding = z.object({
  planId: EntityId,
  reservedOre: NonNegativeOre,
  committedOre: NonNegativeOre,
});
export type PoolHolding = z.infer<typeof PoolHolding>;

/** `GET /pools/:id`: the pool plus each plan's reservation or commitment (a housing token sees only its own plans). */
export const PoolDetail = Pool.extend({ plans: z.array(PoolHolding) });
export type PoolDetail = z.infer<typeof PoolDetail>;

/** `GET /pools`. */
export const PoolList = ItemsOf(Pool);
export type PoolList = z.infer<typeof PoolList>;

/** `POST /pools` (admin): `{name, budgetYear, amountOre}`; the service chooses the slug id. */
export const CreatePoolBody = PoolSeed.omit({ id: true });
export type CreatePoolBody = z.infer<typeof CreatePoolBody>;

/** The path of one pool: `/pools/:id` with a slug id. */
export const PoolParams = z.strictObject({ id: Slug });
export type PoolParams = z.infer<typeof PoolParams>;
