// The plan's life after drafting: submit (reserve pool money), reopen and close. Each changes the
// status, never the version. Each locks the plan row first and finds it again (404), then
// checks the state (409) and, for a submit, the rules (422) and the pool's room (409).
import { problem, statusName, type PlanDetail } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import { auditRecord } from "../audit/audit.service";
import type { Actor } from "../auth/caller";
import type { Db } from "../db/database";
import type { LockLast } from "../db/transaction";
import { poolDrawAsNumber, poolExhausted, shrinkOnClose, submitReservationOre } from "../pools/pool-ledger.service";
import { findReportedYears } from "../reports/report.repository";
import { budgetMissing, errorsOf } from "./plan-assessment";
import { detailOf, lockVisiblePlan } from "./plan.service";
import {
  findPlanVersion,
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

/** The calendar year of a moment in Copenhagen, where the plans' years are counted. Example: `copenhagenYear(new Date("2017-12-31T23:30:00Z")) === 2018`. */
export function copenhagenYear(moment: Date): number {
  const year = new Intl.DateTimeFormat("en", { timeZone: "Europe/Copenhagen", year: "numeric" })
    .formatToParts(moment)
    .find((part) => part.type === "year");
  return Number(year?.value);
}

/**
 * approved → closed, once the approved period's last year is over by the service's clock (`actor.now`, in Copenhagen)
 * and every year of the period has a report (409 otherwise, saying what is missing). In the same transaction the
 * commitment shrinks to the pool money received according to the reports, and the rest returns to the pool.
 * Example: `await inTransaction(db, (trx, lockLast) => closePlan(trx, lockLast, actor, id))`.
 */
export async function closePlan(trx: Db, lockLast: LockLast, actor: Actor, id: string): Promise<PlanDetail> {
  const plan = await lockVisiblePlan(trx, actor.caller, id);
  if (plan.status !== "approved" || plan.approved_version === null) {
    throw problem.conflict(`Kun en godkendt plan kan afsluttes; planen er ${statusName(plan.status)}.`);
  }
  const approved = await findPlanVersion(trx, id, plan.approved_version);
  if (approved === undefined) throw new Error(`Plan ${id} is approved at version ${plan.approved_version} it lacks`);
  const { periodStart, periodEnd } = approved.header;
  const thisYear = copenhagenYear(actor.now);
  if (thisYear <= periodEnd) {
    throw problem.conflict(
      `Planen kan først afsluttes, når periodens sidste år (${periodEnd}) er omme; det er nu ${thisYear}.`,
    );
  }
  const reported = await findReportedYears(trx, id, { periodStart, periodEnd });
  const missing: number[] = [];
  for (let year = periodStart; year <= periodEnd; year += 1) if (!reported.years.includes(year)) missing.push(year);
  if (missing.length > 0) {
    throw problem.conflict(
      `Planen mangler redegørelsen for ${danishList(missing.map(String))}; hvert år i perioden ${periodStart}–${periodEnd} skal have en, før planen kan afsluttes.`,
    );
  }
  const pool = await shrinkOnClose(trx, lockLast, id, reported.poolReceivedOre);
  const change: StatusChange = { status: "closed", now: actor.now };
  const closed = withStatus(plan, change);
  await updatePlanStatus(
    trx,
    id,
    change,
    auditRecord(actor, {
      action: "plan.close",
      entity: "plan",
      id,
      before: toPlan(plan),
      after: { ...toPlan(closed), receivedOre: reported.poolReceivedOre, ...pool },
    }),
  );
  return detailOf(trx, closed);
}

/** "2014, 2015 og 2016". */
function danishList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} og ${items.at(-1) ?? ""}`;
}
