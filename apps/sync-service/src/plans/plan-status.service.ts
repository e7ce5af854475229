// The plan's life after drafting: submit (reserve pool money) and reopen. Both change the
// status, never the version.
import { problem, type PlanDetail } from "@helhedsplan/api";
import { audit } from "../audit/audit.service";
import type { ServiceContext } from "../http/route";
import { reserveForSubmit } from "../pools/pool-ledger.service";
import { findPool } from "../pools/pool.repository";
import { budgetMissing, errorsOf } from "./plan-check";
import { statusName } from "./plan-status";
import { detailOf, lockVisiblePlan, type RequestChecks } from "./plan.service";
import { findPlanVersion, toPlan, toPlanDetail, updatePlanStatus } from "./plan.repository";
import { poolMoneyOre } from "./pool-money";

/**
 * draft → submitted. The latest version must have a budget and no error finding (its stored
 * findings: reference ids and pools are never deleted, so they still hold); then its pool
 * money is reserved in one conditional UPDATE — 409 pool-exhausted, with nothing reserved,
 * when it does not fit.
 */
export async function submitPlan(ctx: ServiceContext, id: string, checks: RequestChecks<void>): Promise<PlanDetail> {
  return ctx.transact(async (trx) => {
    const plan = await lockVisiblePlan(trx, ctx.caller, id);
    checks();
    if (plan.status !== "draft") throw problem.conflict(`Kun en kladde kan indsendes; planen er ${statusName(plan.status)}.`);
    const latest = plan.version === 0 ? undefined : await findPlanVersion(trx, id, plan.version);
    const budget = latest?.budget ?? null;
    const findings = latest?.findings ?? [];
    const errors = budget === null ? [budgetMissing, ...errorsOf(findings)] : errorsOf(findings);
    if (errors.length > 0) throw problem.ruleViolation(errors, "Planen kan ikke indsendes, før fejlene er rettet.");

    const updated = await updatePlanStatus(trx, id, { status: "submitted", now: ctx.now });
    await audit(trx, ctx, { action: "plan.submit", entity: "plan", id, before: toPlan(plan), after: toPlan(updated) });
    // The pool row is the one every submit of the pool waits for: it is locked last, so its
    // lock is held only until the commit.
    const totalOre = poolMoneyOre(budget);
    const outcome =
      totalOre === undefined
        ? { reserved: false as const, pool: await findPool(trx, plan.pool_id ?? "") }
        : await reserveForSubmit(trx, id, plan.pool_id, totalOre);
    if (!outcome.reserved) {
      if (outcome.pool === undefined) throw new Error(`Plan ${id} draws on pool ${plan.pool_id} that does not exist`);
      throw problem.poolExhausted(outcome.pool);
    }
    return toPlanDetail(updated, latest);
  });
}

/** approved → draft, for a revision: the commitment and `approvedVersion` stand until the revision is approved. */
export async function reopenPlan(ctx: ServiceContext, id: string, checks: RequestChecks<void>): Promise<PlanDetail> {
  return ctx.transact(async (trx) => {
    const plan = await lockVisiblePlan(trx, ctx.caller, id);
    checks();
    if (plan.status !== "approved") {
      throw problem.conflict(`Kun en godkendt plan kan genåbnes; planen er ${statusName(plan.status)}.`);
    }
    const updated = await updatePlanStatus(trx, id, { status: "draft", now: ctx.now });
    await audit(trx, ctx, { action: "plan.reopen", entity: "plan", id, before: toPlan(plan), after: toPlan(updated) });
    return detailOf(trx, updated);
  });
}
