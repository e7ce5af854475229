// Plans and their immutable versions. A write takes the transaction first and plain arguments —
// who acts and when, the parsed input, the version If-Match named — so it runs the same over HTTP
// or without. It locks the plan row, finds it again (404: it may have changed hands since the
// route read it), then checks in API.md's order: the version (412), the state (409), the rules (422).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  EntityId,
  problem,
  statusName,
  type PatchPlanBody,
  type PlanDetail,
  type PlanListQuery,
  type Plan,
  type PlanVersion,
  type WriteResult,
} from "@helhedsplan/api";
import type { Budget, Finding, Goal, PlanHeader, Reference } from "@helhedsplan/rules";
import { audit, auditRecord } from "../audit/audit.service";
import { actorName, canSeeOrganisation, type Actor, type Caller } from "../auth/caller";
import type { Db } from "../db/database";
import { decodeCursor, pageOf, pageSize } from "../http/page";
import type { ClaimedKey } from "../idempotency/idempotency.service";
import { assessPlan, errorsOf, headerErrors, type PlanAssessment } from "./plan-assessment";
import {
  findPlan,
  findPlanVersion,
  findPlanWithRules,
  findRulesContext,
  headerOf,
  insertCheckedVersion,
  insertNextVersion,
  insertPlan,
  listPlanVersions,
  listPlans,
  lockPlan,
  lockPlanWithRules,
  toPlan,
  toPlanDetail,
  toPlanVersion,
  withHeader,
  type PlanRow,
  type RulesContext,
} from "./plan.repository";

function planNotFound(id: string) {
  return problem.notFound(`Planen ${id} findes ikke.`);
}

/** Whether the plan exists for the caller: another organisation's plan is indistinguishable from none. */
function isVisible(caller: Caller, plan: PlanRow | undefined): plan is PlanRow {
  return plan !== undefined && canSeeOrganisation(caller, plan.housing_organisation);
}

/** The plan if the caller may see it; 404 otherwise. Example: `const plan = await findVisiblePlan(db, caller, id)`. */
export async function findVisiblePlan(db: Db, caller: Caller, id: string): Promise<PlanRow> {
  const plan = await findPlan(db, id);
  if (!isVisible(caller, plan)) throw planNotFound(id);
  return plan;
}

/** Locks a plan the caller may see for a write (404 otherwise, also for another organisation's plan). */
export async function lockVisiblePlan(trx: Db, caller: Caller, id: string): Promise<PlanRow> {
  const plan = await lockPlan(trx, id);
  if (!isVisible(caller, plan)) throw planNotFound(id);
  return plan;
}

/** `lockVisiblePlan` with what the plan's rules need. */
async function lockVisiblePlanWithRules(
  trx: Db,
  caller: Caller,
  id: string,
): Promise<{ plan: PlanRow; rules: RulesContext }> {
  return visibleWithRules(caller, id, await lockPlanWithRules(trx, id));
}

/** A plan read with its rules' context, if the caller may see it; 404 otherwise. */
function visibleWithRules<Found extends { plan: PlanRow }>(
  caller: Caller,
  id: string,
  found: Found | undefined,
): Found {
  if (found === undefined || !isVisible(caller, found.plan)) throw planNotFound(id);
  return found;
}

/** The plan with its latest budget and goals. */
export async function detailOf(db: Db, row: PlanRow): Promise<PlanDetail> {
  return toPlanDetail(row, row.version === 0 ? undefined : await findPlanVersion(db, row.id, row.version));
}

/** A page of plans' cursor: the last plan's position (see `PlanPosition`), a moment that exists and an id. */
const PlanCursor = z.tuple([z.string().refine(isPostgresMoment), EntityId]);

/** Whether `text` is a timestamptz as PostgreSQL writes it (`2014-03-06 10:00:00.123456+00`) of a real moment. */
function isPostgresMoment(text: string): boolean {
  const parts = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.exec(text);
  if (parts === null) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return (
    moment.getUTCFullYear() === year &&
    moment.getUTCMonth() === month - 1 &&
    moment.getUTCDate() === day &&
    moment.getUTCHours() === hour &&
    moment.getUTCMinutes() === minute &&
    moment.getUTCSeconds() === second
  );
}

/**
 * A page of the plans the caller may see, filtered, oldest first, with the cursor of the next page.
 * Example: `await listVisiblePlans(db, caller, { status: "draft" })`.
 */
export async function listVisiblePlans(
  db: Db,
  caller: Caller,
  query: PlanListQuery,
): Promise<{ items: Plan[]; nextCursor: string | null }> {
  const organisation = caller.role === "housing" ? (caller.housingOrganisation ?? undefined) : undefined;
  const { limit, cursor, ...filter } = query;
  const size = pageSize(limit);
  const after = decodeCursor(cursor, PlanCursor);
  const rows = await listPlans(db, { ...filter, organisation }, { limit: size + 1, after });
  return pageOf(rows, size, toPlan, (row) => row.position);
}

/**
 * Creates a draft at version 0; a header that is invalid on its own is refused (422).
 * Example: `await inTransaction(db, (trx) => createPlan(trx, actor, header))`.
 */
export async function createPlan(trx: Db, actor: Actor, header: PlanHeader): Promise<PlanDetail> {
  const errors = await headerErrors(trx, header, await findRulesContext(trx, header.poolId, null));
  if (errors.length > 0) throw problem.ruleViolation(errors);
  const row = await insertPlan(trx, { id: randomUUID(), header, createdBy: actorName(actor.caller), now: actor.now });
  const plan = toPlan(row);
  await audit(trx, actor, { action: "plan.create", entity: "plan", id: row.id, before: null, after: plan });
  return { ...plan, budget: null, goals: [] };
}

/**
 * A new header: refused (422) when invalid on its own; findings that arise only with the stored budget (a new period
 * leaving amounts outside it …) are stored and answered, and block the submit until a budget write resolves them.
 * Example: `await inTransaction(db, (trx) => patchPlan(trx, actor, id, { name: "Nyt navn" }, 3))`.
 */
export async function patchPlan(
  trx: Db,
  actor: Actor,
  id: string,
  patch: PatchPlanBody,
  expectedVersion: number,
): Promise<WriteResult> {
  const { plan, rules: lockedRules } = await lockVisiblePlanWithRules(trx, actor.caller, id);
  refuseUnlessEditable(plan, expectedVersion);
  const header: PlanHeader = { ...headerOf(plan), ...definedOnly(patch) };
  const rules = header.poolId === plan.pool_id ? lockedRules : await findRulesContext(trx, header.poolId, id);
  const errors = await headerErrors(trx, header, rules);
  if (errors.length > 0) throw problem.ruleViolation(errors);
  const budget = plan.version === 0 ? null : ((await findPlanVersion(trx, id, plan.version))?.budget ?? null);
  const assessment = await assessPlan(trx, { header, budget }, rules);
  return storeNextVersion(trx, actor, plan, "plan.update", { header, budget, assessment });
}

/** A budget's findings, checked before its write's transaction opens, at the plan's version then (the one If-Match named). */
export interface CheckedBudget {
  version: number;
  assessment: PlanAssessment;
}

/** A plan the caller may see, with what its rules need, read without a lock (404 otherwise). */
export async function findVisiblePlanWithRules(
  db: Db,
  caller: Caller,
  id: string,
): Promise<{ plan: PlanRow; rules: RulesContext }> {
  return visibleWithRules(caller, id, await findPlanWithRules(db, id));
}

/**
 * A budget's checks on the plan as `findVisiblePlanWithRules` read it, without a lock: 412, 409 and the rules (422), in
 * API.md's order. The rules take most of a budget write's CPU; run here, no transaction stays open while they run —
 * the write's transaction then only locks the plan, sees that its version and status are still these, and stores. Example:
 * `const checked = await checkBudget(db, await findVisiblePlanWithRules(db, caller, id), budget, 3)`.
 */
export async function checkBudget(
  db: Db,
  found: { plan: PlanRow; rules: RulesContext },
  budget: Budget,
  expectedVersion: number,
): Promise<CheckedBudget> {
  const { plan, rules } = found;
  refuseUnlessEditable(plan, expectedVersion);
  const assessment = await assessPlan(db, { header: headerOf(plan), budget }, rules);
  const errors = errorsOf(assessment.findings);
  if (errors.length > 0) throw problem.ruleViolation(errors);
  return { version: plan.version, assessment };
}

/**
 * Stores a budget `checkBudget` checked, in one statement without a transaction around it — and with an idempotency
 * `claim`, its answer in the same statement. Undefined when the plan changed since the check (another write, a status
 * change) or the claim was taken over: nothing is stored then, and the caller writes with `putBudget` in a transaction,
 * which answers what the plan is now (404, 412, 409, or the stored budget).
 * Example: `await putCheckedBudget(db, actor, found.plan, budget, checked, claim) ?? await inTransaction(db, …)`.
 */
export async function putCheckedBudget(
  db: Db,
  actor: Actor,
  plan: PlanRow,
  budget: Budget,
  checked: CheckedBudget,
  claim?: ClaimedKey,
): Promise<WriteResult | undefined> {
  const header = headerOf(plan);
  const change = { header, version: plan.version + 1, now: actor.now };
  const { findings, pool } = checked.assessment;
  const answer: WriteResult = { version: change.version, findings, pool };
  const stored = await insertCheckedVersion(
    db,
    {
      ...change,
      planId: plan.id,
      budget,
      findings,
      createdBy: actorName(actor.caller),
      checkedUpdatedAt: plan.updated_at,
      checkedApprovedVersion: plan.approved_version,
    },
    auditRecord(actor, {
      action: "plan.budget",
      entity: "plan",
      id: plan.id,
      before: toPlan(plan),
      after: toPlan(withHeader(plan, change)),
    }),
    claim === undefined ? undefined : { claim, status: 200, response: answer },
  );
  if (!stored) return undefined;
  if (claim !== undefined) claim.completed = true;
  return answer;
}

/**
 * A new budget: any error finding refuses it (422, nothing stored); warnings are stored and answered. With `checked`
 * (from `checkBudget`, before the transaction) the transaction only locks the plan, refuses it if its version or status
 * moved since the check (412, 409), and stores the check's findings: the rules saw the reference and the pool room as
 * they were a moment before — as they always did, since a budget write locks neither (only its plan; the pool is
 * locked by submits). Without `checked` (a script, the demo seed) the rules run under the lock.
 * Example: `await inTransaction(db, (trx) => putBudget(trx, actor, id, budget, 3))`.
 */
export async function putBudget(
  trx: Db,
  actor: Actor,
  id: string,
  budget: Budget,
  expectedVersion: number,
  checked?: CheckedBudget,
): Promise<WriteResult> {
  if (checked !== undefined) {
    const plan = await lockVisiblePlan(trx, actor.caller, id);
    refuseUnlessEditable(plan, expectedVersion);
    const header = headerOf(plan);
    return storeNextVersion(trx, actor, plan, "plan.budget", { header, budget, assessment: checked.assessment });
  }
  const { plan, rules } = await lockVisiblePlanWithRules(trx, actor.caller, id);
  refuseUnlessEditable(plan, expectedVersion);
  const header = headerOf(plan);
  const assessment = await assessPlan(trx, { header, budget }, rules);
  const errors = errorsOf(assessment.findings);
  if (errors.length > 0) throw problem.ruleViolation(errors);
  return storeNextVersion(trx, actor, plan, "plan.budget", { header, budget, assessment });
}

/**
 * New goals: the header and budget carried over, the budget's findings assessed again (as every version write does);
 * goals with the same id, or a focus area the reference does not have, are refused (422, nothing stored): a yearly
 * report names its goals by id and the overview sums by focus area.
 * Example: `await inTransaction(db, (trx) => putGoals(trx, actor, id, goals, 3))`.
 */
export async function putGoals(
  trx: Db,
  actor: Actor,
  id: string,
  goals: Goal[],
  expectedVersion: number,
): Promise<WriteResult> {
  const { plan, rules } = await lockVisiblePlanWithRules(trx, actor.caller, id);
  refuseUnlessEditable(plan, expectedVersion);
  const errors = goalErrors(goals, rules.reference);
  if (errors.length > 0) throw problem.ruleViolation(errors);
  const header = headerOf(plan);
  const budget = plan.version === 0 ? null : ((await findPlanVersion(trx, id, plan.version))?.budget ?? null);
  const assessment = await assessPlan(trx, { header, budget }, rules);
  return storeNextVersion(trx, actor, plan, "plan.goals", { header, budget, goals, assessment });
}

/** The service's checks of a goal list (paths relative to the request body `{goals}`). */
function goalErrors(goals: readonly Goal[], reference: Reference): Finding[] {
  const focusAreas = new Set(reference.focusAreas.map((area) => area.id));
  const seen = new Set<string>();
  const findings: Finding[] = [];
  goals.forEach((goal, index) => {
    if (seen.has(goal.id)) {
      findings.push({
        ruleId: "goal.id-duplicate",
        severity: "error",
        message: `Målet "${goal.id}" findes allerede i listen; hvert mål skal have sit eget id, da redegørelsen henviser til det.`,
        path: ["goals", index, "id"],
      });
    }
    seen.add(goal.id);
    if (!focusAreas.has(goal.focusArea)) {
      findings.push({
        ruleId: "goal.focus-area-unknown",
        severity: "error",
        message: `Indsatsområdet "${goal.focusArea}" findes ikke; vælg et af ${[...focusAreas].join(", ")}.`,
        path: ["goals", index, "focusArea"],
      });
    }
  });
  return findings;
}

/** 412 with the current version when If-Match named another; 409 outside `draft`. */
function refuseUnlessEditable(plan: PlanRow, expectedVersion: number): void {
  if (plan.version !== expectedVersion) throw problem.preconditionFailed(plan.version);
  if (plan.status !== "draft") {
    throw problem.conflict(
      `Planen kan kun ændres som kladde; den er ${statusName(plan.status)}. Genåbn den (POST …/reopen) for at revidere.`,
    );
  }
}

/** The new immutable version, the plan row and the audit entry, in one statement; answers what the write answers. */
async function storeNextVersion(
  trx: Db,
  actor: Actor,
  plan: PlanRow,
  action: string,
  next: { header: PlanHeader; budget: Budget | null; goals?: Goal[]; assessment: PlanAssessment },
): Promise<WriteResult> {
  const { header, budget, goals, assessment } = next;
  const change = { header, version: plan.version + 1, now: actor.now };
  const id = plan.id;
  await insertNextVersion(
    trx,
    { ...change, planId: id, budget, goals, findings: assessment.findings, createdBy: actorName(actor.caller) },
    auditRecord(actor, { action, entity: "plan", id, before: toPlan(plan), after: toPlan(withHeader(plan, change)) }),
  );
  return { version: change.version, findings: assessment.findings, pool: assessment.pool };
}

/** The plan's versions, oldest first. */
export async function listVersions(db: Db, id: string): Promise<PlanVersion[]> {
  return (await listPlanVersions(db, id)).map(toPlanVersion);
}

/** One version of the plan; 404 for a version it does not have. */
export async function getVersion(db: Db, id: string, version: number): Promise<PlanVersion> {
  const row = await findPlanVersion(db, id, version);
  if (row === undefined) throw problem.notFound(`Planen ${id} har ingen version ${version}.`);
  return toPlanVersion(row);
}

/** The keys a partial body sets (zod types an absent key as `undefined`; JSON never sends one). */
function definedOnly<T extends object>(patch: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
