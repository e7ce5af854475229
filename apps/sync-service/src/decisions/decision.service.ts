// Political decisions (DOMAIN.md rule 9): one or more committee approvals, then the council.
// The council's approval turns the reservation into commitment and freezes the version; a
// rejection by either releases the reservation.
import { randomUUID } from "node:crypto";
import { problem, statusName, type Decision, type DecisionBody, type PlanStatus } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import { actorName } from "../auth/caller";
import type { ServiceContext } from "../http/route";
import { commitOnApproval, poolDrawAsNumber, releaseReservations } from "../pools/pool-ledger.service";
import { findPlanVersion, toPlan, updatePlanStatus, withStatus, type StatusChange } from "../plans/plan.repository";
import { lockVisiblePlan, type RequestChecks } from "../plans/plan.service";
import { insertDecision } from "./decision.repository";

/** The statuses each kind of decision may be made in. */
const allowedIn: Record<DecisionBody["body"], readonly PlanStatus[]> = {
  committee: ["submitted", "committee_approved"],
  council: ["committee_approved"],
};

/** Records a decision and moves the plan and its pool money accordingly; 409 when out of order. */
export async function decide(ctx: ServiceContext, id: string, checks: RequestChecks<DecisionBody>): Promise<Decision> {
  return ctx.transact(async (trx, lockLast) => {
    const plan = await lockVisiblePlan(trx, ctx.caller, id);
    const decision = checks();
    if (!allowedIn[decision.body].includes(plan.status as PlanStatus)) {
      const who = decision.body === "committee" ? "Et udvalg" : "Borgerrepræsentationen";
      const when = decision.body === "committee" ? "en indsendt plan" : "en plan, et udvalg har godkendt";
      throw problem.conflict(`${who} kan kun beslutte om ${when}; planen er ${statusName(plan.status)}.`);
    }

    let change: StatusChange;
    if (decision.outcome === "rejected") {
      await releaseReservations(trx, lockLast, id);
      // A rejected revision leaves the earlier approval (its version and commitment) standing.
      change = { status: plan.approved_version === null ? "draft" : "approved", now: ctx.now };
    } else if (decision.body === "committee") {
      change = { status: "committee_approved", now: ctx.now };
    } else {
      const version = await findPlanVersion(trx, id, plan.version);
      if (version === undefined) throw new Error(`Plan ${id} was submitted without version ${plan.version}`);
      const totalOre = poolDrawAsNumber(poolDrawOre({ ...version.header, budget: version.budget }));
      if (totalOre === undefined) throw new Error(`Plan ${id} was submitted with unreservable pool money`);
      await commitOnApproval(trx, lockLast, id, plan.pool_id, totalOre);
      change = { status: "approved", approvedVersion: plan.version, now: ctx.now };
    }

    const recorded = await insertDecision(trx, {
      ...decision,
      id: randomUUID(),
      planId: id,
      version: plan.version,
      createdBy: actorName(ctx.caller),
      now: ctx.now,
    });
    const audit = auditRecord(ctx, {
      action: `plan.decision.${decision.body}.${decision.outcome}`,
      entity: "plan",
      id,
      before: toPlan(plan),
      after: { ...toPlan(withStatus(plan, change)), decision: recorded },
    });
    await updatePlanStatus(trx, id, change, audit);
    return recorded;
  });
}
