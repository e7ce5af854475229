// Political decisions (DOMAIN.md rule 9): one or more committee approvals, then the council.
// The council's approval turns the reservation into commitment and freezes the version; a
// rejection by either releases the reservation.
import { randomUUID } from "node:crypto";
import { problem, statusName, type Decision, type DecisionBody, type PlanStatus } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import { actorName, type Actor } from "../auth/caller";
import type { Db } from "../db/database";
import type { LockLast } from "../db/transaction";
import { commitOnApproval, poolDrawAsNumber, releaseReservations } from "../pools/pool-ledger.service";
import { findPlanVersion, toPlan, updatePlanStatus, withStatus, type StatusChange } from "../plans/plan.repository";
import { lockVisiblePlan } from "../plans/plan.service";
import { deleteApprovedLines, insertApprovedLines } from "../reports/report.repository";
import { insertDecision } from "./decision.repository";

/** The statuses each kind of decision may be made in. */
const allowedIn: Record<DecisionBody["body"], readonly PlanStatus[]> = {
  committee: ["submitted", "committee_approved"],
  council: ["committee_approved"],
};

/**
 * Records a decision and moves the plan and its pool money accordingly: the plan locked and found again (404), then
 * 409 when out of order. Example: `await inTransaction(db, (trx, lockLast) => decide(trx, lockLast, actor, id, decision))`.
 */
export async function decide(
  trx: Db,
  lockLast: LockLast,
  actor: Actor,
  id: string,
  decision: DecisionBody,
): Promise<Decision> {
  const plan = await lockVisiblePlan(trx, actor.caller, id);
  if (!allowedIn[decision.body].includes(plan.status as PlanStatus)) {
    const who = decision.body === "committee" ? "Et udvalg" : "Borgerrepræsentationen";
    const when = decision.body === "committee" ? "en indsendt plan" : "en plan, et udvalg har godkendt";
    throw problem.conflict(`${who} kan kun beslutte om ${when}; planen er ${statusName(plan.status)}.`);
  }

  let change: StatusChange;
  if (decision.outcome === "rejected") {
    await releaseReservations(trx, lockLast, id);
    // A rejected revision leaves the earlier approval (its version and commitment) standing.
    change = { status: plan.approved_version === null ? "draft" : "approved", now: actor.now };
  } else if (decision.body === "committee") {
    change = { status: "committee_approved", now: actor.now };
  } else {
    const version = await findPlanVersion(trx, id, plan.version);
    if (version === undefined) throw new Error(`Plan ${id} was submitted without version ${plan.version}`);
    const totalOre = poolDrawAsNumber(poolDrawOre({ ...version.header, budget: version.budget }));
    if (totalOre === undefined) throw new Error(`Plan ${id} was submitted with unreservable pool money`);
    await commitOnApproval(trx, lockLast, id, plan.pool_id, totalOre);
    // The overview sums the approved version's amounts in SQL: they follow every approval.
    await deleteApprovedLines(trx, id);
    await insertApprovedLines(trx, id, plan.version);
    change = { status: "approved", approvedVersion: plan.version, now: actor.now };
  }

  const recorded = await insertDecision(trx, {
    ...decision,
    id: randomUUID(),
    planId: id,
    version: plan.version,
    createdBy: actorName(actor.caller),
    now: actor.now,
  });
  const audit = auditRecord(actor, {
    action: `plan.decision.${decision.body}.${decision.outcome}`,
    entity: "plan",
    id,
    before: toPlan(plan),
    after: { ...toPlan(withStatus(plan, change)), decision: recorded },
  });
  await updatePlanStatus(trx, id, change, audit);
  return recorded;
}
