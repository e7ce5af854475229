// The plan's life after drafting: submit (reserve pool money) and reopen. Both change the
// status, never the version. Each locks the plan row first and finds it again (404), then
// checks the state (409) and, for a submit, the rules (422) and the pool's room (409).
import { problem, statusName, type PlanDetail } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import type { Actor } from "../auth/caller";
import type { Db } from "../db/database";
import type { LockLast } from "../db/transaction";
import { poolDrawAsNumber, poolExhausted, submitReservationOre } from "../pools/pool-ledger.service";
import { budgetMissing, errorsOf } from "./plan-assessment";
import { detailOf, lockVisiblePlan } from "./plan.service";
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
 * money is reserved in one conditional UPDATE, locked last — 409 pool-exhausted, with nothing
 * reserved, when it does not fit. Example:
 * `await inTransaction(db, (trx, lockLast) => submitPlan(trx, lockLast, actor, id))`.
 */
export async function submitPlan(trx: Db, lockLast: LockLast, actor: Actor, id: string): Promise<PlanDetail> {
  const plan = await lockVisiblePlan(trx, actor.caller, id);
  if (plan.status !== "draft")
    throw problem.conflict(`Kun en kladde kan indsendes; planen er ${statusName(plan.status)}.`);
  const latest = plan.version === 0 ? undefined : await findSubmittedVersion(trx, id, plan.version, plan.pool_id);
  const budget = latest?.budget ?? null;
  const findings = latest?.findings ?? [];
  const errors = budget === null ? [budgetMissing, ...errorsOf(findings)] : errorsOf(findings);
  if (errors.length > 0) throw problem.ruleViolation(errors, "Planen kan ikke indsendes, før fejlene er rettet.");

  const change: StatusChange = { status: "submitted", now: actor.now };
  const submitted = withStatus(plan, change);
  const audit = auditRecord(actor, {
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
}

/**
 * approved → draft, for a revision: the commitment and `approvedVersion` stand until the revision is approved.
 * Example: `await inTransaction(db, (trx) => reopenPlan(trx, actor, id))`.
 */
export async function reopenPlan(trx: Db, actor: Actor, id: string): Promise<PlanDetail> {
  const plan = await lockVisiblePlan(trx, actor.caller, id);
  if (plan.status !== "approved") {
    throw problem.conflict(`Kun en godkendt plan kan genåbnes; planen er ${statusName(plan.status)}.`);
  }
  const change: StatusChange = { status: "draft", now: actor.now };
  const reopened = withStatus(plan, change);
  await updatePlanStatus(
    trx,
    id,
    change,
    auditRecord(actor, { action: "plan.reopen", entity: "plan", id, before: toPlan(plan), after: toPlan(reopened) }),
  );
  return detailOf(trx, reopened);
}
