// Plans and their immutable versions. Every write locks the plan row first, then checks in
// API.md's order: the version If-Match named (412), the state (409), the rules (422).
import { randomUUID } from "node:crypto";
import {
  problem,
  statusName,
  type PatchPlanBody,
  type PlanDetail,
  type PlanListQuery,
  type Plan,
  type PlanVersion,
  type WriteResult,
} from "@helhedsplan/api";
import type { Budget, PlanHeader } from "@helhedsplan/rules";
import { audit, auditRecord } from "../audit/audit.service";
import { actorName, canSeeOrganisation, type Caller } from "../auth/caller";
import type { Db } from "../db/database";
import type { ServiceContext } from "../http/route";
import { assessPlan, errorsOf, headerErrors, type PlanAssessment } from "./plan-assessment";
import {
  findPlan,
  findPlanVersion,
  findRulesContext,
  headerOf,
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

/** The plan if the caller may see it; 404 otherwise. */
export async function findVisiblePlan(db: Db, caller: Caller, id: string): Promise<PlanRow> {
  const plan = await findPlan(db, id);
  if (!isVisible(caller, plan)) throw planNotFound(id);
  return plan;
}

/** 403 when a housing token names another organisation in a body (read before the body's shape is checked, as 403 precedes 400). */
export function refuseForeignOrganisation(caller: Caller, body: unknown): void {
  if (caller.role !== "housing" || typeof body !== "object" || body === null || !("housingOrganisation" in body))
    return;
  if (body.housingOrganisation !== caller.housingOrganisation) {
    throw problem.forbidden("En boligorganisations nøgle kan kun arbejde med organisationens egne planer.");
  }
}

/** The plan with its latest budget and goals. */
export async function detailOf(db: Db, row: PlanRow): Promise<PlanDetail> {
  return toPlanDetail(row, row.version === 0 ? undefined : await findPlanVersion(db, row.id, row.version));
}

export async function listVisiblePlans(db: Db, caller: Caller, query: PlanListQuery): Promise<Plan[]> {
  const organisation = caller.role === "housing" ? (caller.housingOrganisation ?? undefined) : undefined;
  const rows = await listPlans(db, { ...query, organisation });
  return rows.map(toPlan);
}

/** Creates a draft at version 0; a header that is invalid on its own is refused (422). */
export async function createPlan(ctx: ServiceContext, header: PlanHeader): Promise<PlanDetail> {
  return ctx.transact(async (trx) => {
    const errors = await headerErrors(trx, header, await findRulesContext(trx, header.poolId, null));
    if (errors.length > 0) throw problem.ruleViolation(errors);
    const row = await insertPlan(trx, { id: randomUUID(), header, createdBy: actorName(ctx.caller), now: ctx.now });
    const plan = toPlan(row);
    await audit(trx, ctx, { action: "plan.create", entity: "plan", id: row.id, before: null, after: plan });
    return { ...plan, budget: null, goals: [] };
  });
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
  const locked = await lockPlanWithRules(trx, id);
  if (locked === undefined || !isVisible(caller, locked.plan)) throw planNotFound(id);
  return locked;
}

/** What a versioned write stores, computed from the locked plan. */
interface NextVersion {
  header: PlanHeader;
  budget: Budget | null;
  check: PlanAssessment;
}

/**
 * The request's own checks of a plan write — role (403), body (400), If-Match (400, 428) — run
 * once the plan is found and locked, so API.md's order holds (404 first) without reading the
 * plan twice; they answer what the write needs from the request.
 */
export type RequestChecks<T> = () => T;

/**
 * The shared path of every write that makes a version: lock (404) with what the rules need, the
 * request's checks, 412, 409, the write's own checks, then the new immutable version, the plan
 * row and the audit entry in one statement.
 */
async function writeVersion<Input>(
  ctx: ServiceContext,
  id: string,
  action: string,
  checks: RequestChecks<{ input: Input; expectedVersion: number }>,
  next: (trx: Db, plan: PlanRow, rules: RulesContext, input: Input) => Promise<NextVersion>,
): Promise<WriteResult> {
  return ctx.transact(async (trx) => {
    const { plan, rules } = await lockVisiblePlanWithRules(trx, ctx.caller, id);
    const { input, expectedVersion } = checks();
    if (plan.version !== expectedVersion) throw problem.preconditionFailed(plan.version);
    if (plan.status !== "draft") {
      throw problem.conflict(
        `Planen kan kun ændres som kladde; den er ${statusName(plan.status)}. Genåbn den (POST …/reopen) for at revidere.`,
      );
    }
    const { header, budget, check } = await next(trx, plan, rules, input);
    const change = { header, version: plan.version + 1, now: ctx.now };
    await insertNextVersion(
      trx,
      { ...change, planId: id, budget, findings: check.findings, createdBy: actorName(ctx.caller) },
      auditRecord(ctx, { action, entity: "plan", id, before: toPlan(plan), after: toPlan(withHeader(plan, change)) }),
    );
    return { version: change.version, findings: check.findings, pool: check.pool };
  });
}

/**
 * A new header: refused (422) when invalid on its own; findings that arise only with the
 * stored budget (a new period leaving amounts outside it …) are stored and answered, and
 * block the submit until a budget write resolves them.
 */
export async function patchPlan(
  ctx: ServiceContext,
  id: string,
  checks: RequestChecks<{ input: PatchPlanBody; expectedVersion: number }>,
): Promise<WriteResult> {
  return writeVersion(ctx, id, "plan.update", checks, async (trx, plan, lockedRules, patch) => {
    const header: PlanHeader = { ...headerOf(plan), ...definedOnly(patch) };
    const rules = header.poolId === plan.pool_id ? lockedRules : await findRulesContext(trx, header.poolId, id);
    const errors = await headerErrors(trx, header, rules);
    if (errors.length > 0) throw problem.ruleViolation(errors);
    const budget = plan.version === 0 ? null : ((await findPlanVersion(trx, id, plan.version))?.budget ?? null);
    return { header, budget, check: await assessPlan(trx, { header, budget }, rules) };
  });
}

/** A new budget: any error finding refuses it (422, nothing stored); warnings are stored and answered. */
export async function putBudget(
  ctx: ServiceContext,
  id: string,
  checks: RequestChecks<{ input: Budget; expectedVersion: number }>,
): Promise<WriteResult> {
  return writeVersion(ctx, id, "plan.budget", checks, async (trx, plan, rules, budget) => {
    const header = headerOf(plan);
    const check = await assessPlan(trx, { header, budget }, rules);
    const errors = errorsOf(check.findings);
    if (errors.length > 0) throw problem.ruleViolation(errors);
    return { header, budget, check };
  });
}

export async function listVersions(db: Db, id: string): Promise<PlanVersion[]> {
  return (await listPlanVersions(db, id)).map(toPlanVersion);
}

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
