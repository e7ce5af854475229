// The plan's life after drafting: submit (reserve pool money) and reopen. Both change the
// status, never the version.
import { problem, type PlanDetail, type PlanStatus } from "@helhedsplan/api";
import { audit } from "../audit/audit.service";
import { canSeeOrganisation } from "../auth/caller";
import type { Db } from "../db/database";
import type { ServiceContext } from "../http/route";
import { reserveForSubmit } from "../pools/pool-ledger.service";
import { findPool } from "../pools/pool.repository";
import { budgetMissing, checkPlan, errorsOf } from "./plan-check";
import { detailOf } from "./plan.service";
import { findPlanVersion, headerOf, lockPlan, toPlan, updatePlanStatus, type PlanRow } from "./plan.repository";
import { poolMoneyOre } from "./pool-money";

const statusNames: Record<PlanStatus, string> = {
  draft: "kladde",
  submitted: "indsendt",
  committee_approved: "godkendt i udvalg",
  approved: "godkendt",
  closed: "afsluttet",
};

/** The Danish name of a status, for messages. */
export function statusName(status: string): string {
  return statusNames[status as PlanStatus] ?? status;
}

/** Locks a plan the caller may see (404 otherwise) for a status change. */
export async function lockVisiblePlan(trx: Db, ctx: ServiceContext, id: string): Promise<PlanRow> {
  const plan = await lockPlan(trx, id);
  if (plan === undefined || !canSeeOrganisation(ctx.caller, plan.housing_organisation)) {
    throw problem.notFound(`Planen ${id} findes ikke.`);
  }
  return plan;
}

/**
 * draft → submitted. The latest version must have a budget and no error finding (checked
 * again now, against today's reference data and pools); then its pool money is reserved in
 * one conditional UPDATE — 409 pool-exhausted, with nothing reserved, when it does not fit.
 */
export async function submitPlan(ctx: ServiceContext, id: string): Promise<PlanDetail> {
  return ctx.transact(async (trx) => {
    const plan = await lockVisiblePlan(trx, ctx, id);
    if (plan.status !== "draft") throw problem.conflict(`Kun en kladde kan indsendes; planen er ${statusName(plan.status)}.`);
    const latest = plan.version === 0 ? undefined : await findPlanVersion(trx, id, plan.version);
    const budget = latest?.budget ?? null;
    const { findings } = await checkPlan(trx, { header: headerOf(plan), budget });
    const errors = budget === null ? [budgetMissing, ...errorsOf(findings)] : errorsOf(findings);
    if (errors.length > 0) throw problem.ruleViolation(errors, "Planen kan ikke indsendes, før fejlene er rettet.");

    const totalOre = poolMoneyOre(budget);
    const updated = await updatePlanStatus(trx, id, { status: "submitted", now: ctx.now });
    await audit(trx, ctx, { action: "plan.submit", entity: "plan", id, before: toPlan(plan), after: toPlan(updated) });
    const detail = await detailOf(trx, updated);
    const outcome =
      totalOre === undefined
        ? { reserved: false as const, pool: await findPool(trx, plan.pool_id ?? "") }
        : await reserveForSubmit(trx, id, plan.pool_id, totalOre);
    if (!outcome.reserved) {
      if (outcome.pool === undefined) throw new Error(`Plan ${id} draws on pool ${plan.pool_id} that does not exist`);
      throw problem.poolExhausted(outcome.pool);
    }
    return detail;
  });
}

/** approved → draft, for a revision: the commitment and `approvedVersion` stand until the revision is approved. */
export async function reopenPlan(ctx: ServiceContext, id: string): Promise<PlanDetail> {
  return ctx.transact(async (trx) => {
    const plan = await lockVisiblePlan(trx, ctx, id);
    if (plan.status !== "approved") {
      throw problem.conflict(`Kun en godkendt plan kan genåbnes; planen er ${statusName(plan.status)}.`);
    }
    const updated = await updatePlanStatus(trx, id, { status: "draft", now: ctx.now });
    await audit(trx, ctx, { action: "plan.reopen", entity: "plan", id, before: toPlan(plan), after: toPlan(updated) });
    return detailOf(trx, updated);
  });
}
