// Steps many tests share: a pool of their own, a draft with pool money, decisions.
import { randomUUID } from "node:crypto";
import type { Client, Pool } from "@helhedsplan/api";
import { parseKroner, type Goal } from "@helhedsplan/rules";
import { budgetWithPoolMoney, planHeader } from "./fixtures";

/** A new pool of `kroner`, so a test's amounts are its own. */
export async function newPool(client: Client, kroner: number): Promise<Pool> {
  return client.pools.create({ name: `Testpulje ${randomUUID()}`, budgetYear: 2014, amountOre: ore(kroner) });
}

/** A draft in `poolId` whose budget (version 1) draws `poolKroner` from it. */
export async function draftWithPoolMoney(client: Client, poolId: string, poolKroner: number, organisation?: string) {
  const plan = await client.plans.create(
    planHeader({ poolId, ...(organisation === undefined ? {} : { housingOrganisation: organisation }) }),
  );
  const written = await client.plans.putBudget(plan.id, budgetWithPoolMoney(poolKroner), { ifMatch: 0 });
  return { id: plan.id, version: written.version };
}

const decidedOn = "2014-03-06";

/** One committee's approval, then the council's. */
export async function approve(client: Client, planId: string): Promise<void> {
  await client.plans.decide(planId, {
    body: "committee",
    outcome: "approved",
    decidedOn,
    reference: "Udvalget, pkt. 1",
  });
  await client.plans.decide(planId, { body: "council", outcome: "approved", decidedOn, reference: "BR, pkt. 2" });
}

/** A rejection by the body. */
export async function reject(
  client: Client,
  planId: string,
  body: "committee" | "council" = "committee",
): Promise<void> {
  await client.plans.decide(planId, { body, outcome: "rejected", decidedOn, reference: "Afvist" });
}

/** Øre of kroner, through the one money conversion (`999_999.99` is exactly 99999999 øre, never a float artefact). */
export function ore(kroner: number): number {
  return parseKroner(kroner);
}

/**
 * A plan approved by a committee and the council: a draft in `poolId` drawing `poolKroner`, with `goals` (a version of
 * their own when given), submitted and approved. Answers its id and its approved version.
 */
export async function approvedPlan(
  client: Client,
  poolId: string,
  poolKroner: number,
  options: { goals?: Goal[]; organisation?: string } = {},
): Promise<{ id: string; version: number }> {
  const draft = await draftWithPoolMoney(client, poolId, poolKroner, options.organisation);
  let version = draft.version;
  if (options.goals !== undefined) {
    version = (await client.plans.putGoals(draft.id, { goals: options.goals }, { ifMatch: version })).version;
  }
  await client.plans.submit(draft.id);
  await approve(client, draft.id);
  return { id: draft.id, version };
}
