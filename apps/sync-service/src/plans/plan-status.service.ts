// The plan's life after drafting: submit (reserve pool money) and reopen. Both change the
// status, never the version.
import { problem, statusName, type PlanDetail } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import type { ServiceContext } from "../http/route";
import { poolDrawAsNumber, poolExhausted, submitReservationOre } from "../pools/pool-ledger.service";
import { budgetMissing, errorsOf } from "./plan-assessment";
import { detailOf, lockVisiblePlan, type RequestChecks } from "./plan.service";
import {
  findSubmittedVersion,
  toPlan,
  toPlanDetail,
  updatePlanStatus,
  submitWithReservation,
  withStatus,
  type StatusChange,
} from "./plan.repository";

/**
 * draft → submitted. The latest version must have a budget and no error finding (its stored
 * findings: reference ids and pools are never deleted, so they still hold); then its pool
 * money is reserved in one conditional UPDATE — 409 pool-exhausted, with nothing reserved,
 * when it does not fit.
 */
export async function submitPlan(ctx: ServiceContext, id: string, checks: RequestChecks<void>): Promise<PlanDetail> {
  return ctx.transact(async (trx, lockLast) => {
    const plan = await lockVisiblePlan(trx, ctx.caller, id);
    checks();
    if (plan.status !== "draft")
      throw problem.conflict(`Kun en kladde kan indsendes; planen er ${statusName(plan.status)}.`);
    const latest = plan.version === 0 ? undefined : await findSubmittedVersion(trx, id, plan.version, plan.pool_id);
    const budget = latest?.budget ?? null;
    const findings = latest?.findings ?? [];
    const errors = budget === null ? [budgetMissing, ...errorsOf(findings)] : errorsOf(findings);
    if (errors.length > 0) throw problem.ruleViolation(errors, "Planen kan ikke indsendes, før fejlene er rettet.");

    const change: StatusChange = { status: "submitted", now: ctx.now };
    const submitted = withStatus(plan, change);
    const audit = auditRecord(ctx, {
      action: "plan.submit",
      entity: "plan",
      id,
      before: toPlan(plan),
      after: toPlan(submitted),
    });
    const poolId = plan.pool_id;
    // The plan row's period is its latest version's: every version write sets both.
    const totalOre = poolDrawAsNumber(
      poolDrawOre({ periodStart: plan.period_start, periodEnd: plan.period_end, budget }),
    );
    if (poolId !== null && totalOre === undefined) throw await poolExhausted(trx, poolId);
    const held = latest?.held ?? { reservedOre: 0, committedOre: 0 };
    const addOre = poolId === null ? 0 : submitReservationOre(held, totalOre ?? 0);
    if (poolId === null || addOre === 0) {
      await updatePlanStatus(trx, id, change, audit);
    } else {
      const holding = { poolId, reservedOre: held.reservedOre + addOre, committedOre: held.committedOre };
      lockLast(async () => {
        if (!(await submitWithReservation(trx, id, change, audit, { holding, addOre })))
          throw await poolExhausted(trx, poolId);
      });
    }
    return toPlanDetail(submitted, latest);
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
    const change: StatusChange = { status: "draft", now: ctx.now };
    const reopened = withStatus(plan, change);
    await updatePlanStatus(
      trx,
      id,
      change,
      auditRecord(ctx, { action: "plan.reopen", entity: "plan", id, before: toPlan(plan), after: toPlan(reopened) }),
    );
    return detailOf(trx, reopened);
  });
}
