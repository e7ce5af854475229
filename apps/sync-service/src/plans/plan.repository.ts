import type { Plan, PlanDetail, PlanStatus, PlanVersion } from "@helhedsplan/api";
import type { Budget, Finding, Goal, PlanHeader } from "@helhedsplan/rules";
import type { Selectable } from "kysely";
import type { Db } from "../db/database";
import { json, toIso } from "../db/columns";
import type { PlanTable, PlanVersionTable } from "./plan.table";

export type PlanRow = Selectable<PlanTable>;
export type PlanVersionRow = Selectable<PlanVersionTable>;

/** The header columns of a plan row as the API's `PlanHeader`. */
export function headerOf(row: PlanRow): PlanHeader {
  return {
    name: row.name,
    housingOrganisation: row.housing_organisation,
    estates: row.estates,
    districtId: row.district_id,
    vulnerableArea: row.vulnerable_area,
    cooperation: row.cooperation,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    poolId: row.pool_id,
  };
}

/** A plan row as the API's `Plan`. */
export function toPlan(row: PlanRow): Plan {
  return {
    ...headerOf(row),
    id: row.id,
    status: row.status as PlanStatus,
    version: row.version,
    approvedVersion: row.approved_version,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
  };
}

/** A plan row with its latest version (none at version 0) as the API's `PlanDetail`. */
export function toPlanDetail(row: PlanRow, latest: Pick<PlanVersionRow, "budget" | "goals"> | undefined): PlanDetail {
  return { ...toPlan(row), budget: latest?.budget ?? null, goals: latest?.goals ?? [] };
}

/** A version row as the API's `PlanVersion`. */
export function toPlanVersion(row: PlanVersionRow): PlanVersion {
  return {
    version: row.version,
    plan: row.header,
    budget: row.budget,
    goals: row.goals,
    createdAt: toIso(row.created_at),
    createdBy: row.created_by,
  };
}

function headerColumns(header: PlanHeader) {
  return {
    name: header.name,
    housing_organisation: header.housingOrganisation,
    estates: json(header.estates),
    district_id: header.districtId,
    vulnerable_area: header.vulnerableArea,
    cooperation: header.cooperation,
    period_start: header.periodStart,
    period_end: header.periodEnd,
    pool_id: header.poolId,
  };
}

export async function insertPlan(db: Db, plan: { id: string; header: PlanHeader; createdBy: string; now: Date }): Promise<PlanRow> {
  return db
    .insertInto("plans")
    .values({
      id: plan.id,
      status: "draft",
      version: 0,
      approved_version: null,
      ...headerColumns(plan.header),
      created_at: plan.now,
      updated_at: plan.now,
      created_by: plan.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom("plans").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The plan row locked for the rest of the transaction: every write to a plan (and its ledger rows) starts here. */
export async function lockPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom("plans").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** Plans, oldest first, filtered; `organisation` limits them to one housing organisation's. */
export async function listPlans(
  db: Db,
  filter: { districtId?: string | undefined; status?: PlanStatus | undefined; organisation?: string | undefined },
): Promise<PlanRow[]> {
  let query = db.selectFrom("plans").selectAll().orderBy("created_at").orderBy("id");
  if (filter.districtId !== undefined) query = query.where("district_id", "=", filter.districtId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.organisation !== undefined) query = query.where("housing_organisation", "=", filter.organisation);
  return query.execute();
}

/** Writes a new current header and version number. */
export async function updatePlanHeader(db: Db, id: string, change: { header: PlanHeader; version: number; now: Date }): Promise<PlanRow> {
  return db
    .updateTable("plans")
    .set({ ...headerColumns(change.header), version: change.version, updated_at: change.now })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Moves the plan to a status (and sets `approvedVersion` where given); the version never changes here. */
export async function updatePlanStatus(
  db: Db,
  id: string,
  change: { status: PlanStatus; approvedVersion?: number | null; now: Date },
): Promise<PlanRow> {
  return db
    .updateTable("plans")
    .set({
      status: change.status,
      updated_at: change.now,
      ...(change.approvedVersion === undefined ? {} : { approved_version: change.approvedVersion }),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertPlanVersion(
  db: Db,
  version: {
    planId: string;
    version: number;
    header: PlanHeader;
    budget: Budget | null;
    goals: Goal[];
    findings: Finding[];
    createdBy: string;
    now: Date;
  },
): Promise<void> {
  await db
    .insertInto("plan_versions")
    .values({
      plan_id: version.planId,
      version: version.version,
      header: json(version.header),
      budget: json(version.budget),
      goals: json(version.goals),
      findings: json(version.findings),
      created_at: version.now,
      created_by: version.createdBy,
    })
    .execute();
}

export async function findPlanVersion(db: Db, planId: string, version: number): Promise<PlanVersionRow | undefined> {
  return db.selectFrom("plan_versions").selectAll().where("plan_id", "=", planId).where("version", "=", version).executeTakeFirst();
}

/** Only the goals of a version: a budget write carries them over without reading the old budget. */
export async function findPlanVersionGoals(db: Db, planId: string, version: number): Promise<Goal[] | undefined> {
  const row = await db.selectFrom("plan_versions").select("goals").where("plan_id", "=", planId).where("version", "=", version).executeTakeFirst();
  return row?.goals;
}

export async function listPlanVersions(db: Db, planId: string): Promise<PlanVersionRow[]> {
  return db.selectFrom("plan_versions").selectAll().where("plan_id", "=", planId).orderBy("version").execute();
}
