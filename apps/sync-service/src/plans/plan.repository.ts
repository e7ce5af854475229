import type { Plan, PlanDetail, PlanStatus, PlanVersion } from "@helhedsplan/api";
import type { Budget, Finding, Goal, PlanHeader, Reference } from "@helhedsplan/rules";
import { sql, type Selectable } from "kysely";
import { auditValues, type AuditRecord } from "../audit/audit.repository";
import type { Db } from "../db/database";
import { integerColumnMax, json, toIso, toOre } from "../db/columns";
import { upsertLedgerRow, type LedgerRow } from "../pools/pool-ledger.repository";
import { poolRoomDocument, reservationOf, toPoolRoom, type PoolRoom } from "../pools/pool.repository";
import { referenceDocument } from "../reference/reference.repository";
import type { KeyClaim } from "../idempotency/idempotency.repository";
import { sealResponse, storedKeyOf } from "../idempotency/sealed-key";
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

/** The plan row's header fields as a header sets them. */
function headerFields(header: PlanHeader) {
  return {
    name: header.name,
    housing_organisation: header.housingOrganisation,
    estates: header.estates,
    district_id: header.districtId,
    vulnerable_area: header.vulnerableArea,
    cooperation: header.cooperation,
    period_start: header.periodStart,
    period_end: header.periodEnd,
    pool_id: header.poolId,
  };
}

function headerColumns(header: PlanHeader) {
  return { ...headerFields(header), estates: json(header.estates) };
}

/** A change of the plan's header, as a version write makes it. */
export interface HeaderChange {
  header: PlanHeader;
  version: number;
  now: Date;
}

/** A change of the plan's status (and of `approvedVersion` where given); the version never changes here. */
export interface StatusChange {
  status: PlanStatus;
  approvedVersion?: number | null;
  now: Date;
}

/** The plan row as a header change leaves it: what the write's answer and audit entry show, without reading the row again. */
export function withHeader(row: PlanRow, change: HeaderChange): PlanRow {
  return { ...row, ...headerFields(change.header), version: change.version, updated_at: change.now };
}

/** The plan row as a status change leaves it. */
export function withStatus(row: PlanRow, change: StatusChange): PlanRow {
  return { ...row, ...statusColumns(change) };
}

export async function insertPlan(
  db: Db,
  plan: { id: string; header: PlanHeader; createdBy: string; now: Date },
): Promise<PlanRow> {
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

/** The plan row locked for the rest of the transaction: every write to a plan (and its ledger rows) starts here or at `lockPlanWithRules`. */
export async function lockPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom("plans").selectAll().where("id", "=", id).forUpdate().executeTakeFirst();
}

/** What a plan's rules need besides the plan: the reference data, and the plan's pool with its room there (null: no pool, or no such pool). */
export interface RulesContext {
  reference: Reference;
  poolRoom: PoolRoom | null;
}

/**
 * `lockPlan` that also reads what the plan's rules need, in the same round trip. If the lock had
 * to wait, the subqueries still see the data as it was when the statement began, while the plan
 * row is the latest. That is sound: the reference is read without a lock anyway, and the writes
 * that held this plan's lock meanwhile moved money only between the plan's holding and its pool's
 * available money, which leaves their sum — the plan's room — as it was. (What a version write
 * carries over from the previous version is read in its own statement, after the lock.)
 */
export async function lockPlanWithRules(
  db: Db,
  id: string,
): Promise<{ plan: PlanRow; rules: RulesContext } | undefined> {
  return planWithRules(db, id, true);
}

/** `lockPlanWithRules` without the lock: what a write checks before its transaction opens. */
export async function findPlanWithRules(
  db: Db,
  id: string,
): Promise<{ plan: PlanRow; rules: RulesContext } | undefined> {
  return planWithRules(db, id, false);
}

async function planWithRules(
  db: Db,
  id: string,
  lock: boolean,
): Promise<{ plan: PlanRow; rules: RulesContext } | undefined> {
  const query = db
    .selectFrom("plans")
    .selectAll()
    .select((eb) => [
      referenceDocument.as("reference"),
      poolRoomDocument(eb.ref("plans.pool_id"), eb.ref("plans.id")).as("pool_room"),
    ])
    .where("id", "=", id);
  const row = await (lock ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) return undefined;
  const { reference, pool_room: poolRoom, ...plan } = row;
  return { plan, rules: { reference, poolRoom: poolRoom === null ? null : toPoolRoom(poolRoom) } };
}

/** What the rules need for a plan (`planId` null: one not stored yet) drawing on `poolId`, in one query. */
export async function findRulesContext(db: Db, poolId: string | null, planId: string | null): Promise<RulesContext> {
  const row = await db
    .selectNoFrom([referenceDocument.as("reference"), poolRoomDocument(poolId, planId).as("pool_room")])
    .executeTakeFirstOrThrow();
  return { reference: row.reference, poolRoom: row.pool_room === null ? null : toPoolRoom(row.pool_room) };
}

/** Where a page of plans ended: the last plan's `created_at` as PostgreSQL writes it (exact to the microsecond) and id. */
export type PlanPosition = [createdAt: string, id: string];

/**
 * Plans, oldest first, filtered; `organisation` limits them to one housing organisation's. `page` reads at most
 * `limit` plans after `after`; each row carries its position for the next page's cursor.
 */
export async function listPlans(
  db: Db,
  filter: { districtId?: string | undefined; status?: PlanStatus | undefined; organisation?: string | undefined },
  page: { limit?: number; after?: PlanPosition | undefined } = {},
): Promise<(PlanRow & { position: PlanPosition })[]> {
  let query = db
    .selectFrom("plans")
    .selectAll()
    .select(sql<string>`created_at::text`.as("position_at"))
    .orderBy("created_at")
    .orderBy("id");
  if (filter.districtId !== undefined) query = query.where("district_id", "=", filter.districtId);
  if (filter.status !== undefined) query = query.where("status", "=", filter.status);
  if (filter.organisation !== undefined) query = query.where("housing_organisation", "=", filter.organisation);
  const { after, limit } = page;
  if (after !== undefined)
    query = query.where(sql<boolean>`(created_at, id) > (${after[0]}::timestamptz, ${after[1]})`);
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map(({ position_at: at, ...row }) => ({ ...row, position: [at, row.id] }));
}

/**
 * The next version of a plan in one statement: the immutable version row (its goals, unless the
 * write sets them — `PUT …/goals` —, carried over from the previous version in the statement
 * itself), the plan's header columns and version number, and the write's audit entry.
 */
export async function insertNextVersion(
  db: Db,
  next: HeaderChange & {
    planId: string;
    budget: Budget | null;
    goals?: Goal[] | undefined;
    findings: Finding[];
    createdBy: string;
  },
  audit: AuditRecord,
): Promise<void> {
  const previousGoals = sql<string>`coalesce(
    (SELECT goals FROM plan_versions WHERE plan_id = ${next.planId} AND version = ${next.version - 1}), '[]'::jsonb)`;
  const goals = next.goals === undefined ? previousGoals : json(next.goals);
  await db
    .with("next_version", (qc) =>
      qc.insertInto("plan_versions").values({
        plan_id: next.planId,
        version: next.version,
        header: json(next.header),
        budget: json(next.budget),
        goals,
        findings: json(next.findings),
        created_at: next.now,
        created_by: next.createdBy,
      }),
    )
    .with("audit_entry", (qc) => qc.insertInto("audit").values(auditValues(audit)))
    .updateTable("plans")
    .set({ ...headerColumns(next.header), version: next.version, updated_at: next.now })
    .where("id", "=", next.planId)
    .execute();
}

/**
 * `insertNextVersion` as one statement with no transaction around it, for a write checked before (a budget PUT): the
 * plan row is locked and written only when it is still as the check saw it — the same version, still a draft, not
 * touched since (`updated_at`, `approved_version`) — and, with an idempotency key, only while this request's claim of it holds (the key row
 * locked too, then completed with `keyAnswer` in the same statement). False when any of that no longer holds: nothing
 * was written, and the caller decides in a transaction of its own. One statement leaves no connection idle in a
 * transaction while the service's event loop serves other requests.
 */
export async function insertCheckedVersion(
  db: Db,
  next: HeaderChange & {
    planId: string;
    budget: Budget;
    findings: Finding[];
    createdBy: string;
    /** The plan row's `updated_at` and `approved_version` as the check read them. */
    checkedUpdatedAt: PlanRow["updated_at"];
    checkedApprovedVersion: number | null;
  },
  audit: AuditRecord,
  keyAnswer?: { claim: KeyClaim; status: number; response: unknown },
): Promise<boolean> {
  const previousVersion = next.version - 1;
  const jsonb = (value: unknown) => sql<unknown>`${json(value)}::jsonb`;
  const claim = keyAnswer?.claim;
  const lockedOnly = db.with("locked", (qc) => {
    let query = qc
      .selectFrom("plans")
      .select("plans.id")
      .where("plans.id", "=", next.planId)
      .where("plans.version", "=", previousVersion)
      .where("plans.status", "=", "draft")
      .where("plans.updated_at", "=", next.checkedUpdatedAt)
      .where(sql<boolean>`plans.approved_version IS NOT DISTINCT FROM ${next.checkedApprovedVersion}::integer`);
    if (claim === undefined) return query.forUpdate();
    query = query.innerJoin("idempotency_keys as k", (join) =>
      join
        .on("k.token_id", "=", claim.tokenId)
        .on("k.key", "=", storedKeyOf(claim.key))
        .on("k.state", "=", "in_progress")
        .on("k.created_at", "=", claim.claimedAt),
    );
    return query.forUpdate();
  });
  // With a key, its answer is stored by the same statement, once the plan and the key are locked (no later CTE reads
  // key_done, so the query keeps the type it has without it).
  const locked =
    keyAnswer === undefined
      ? lockedOnly
      : (lockedOnly.with("key_done", (qc) =>
          qc
            .updateTable("idempotency_keys")
            .set({
              state: "done",
              status: keyAnswer.status,
              response: json(sealResponse(keyAnswer.claim, keyAnswer.response)),
            })
            .where("token_id", "=", keyAnswer.claim.tokenId)
            .where("key", "=", storedKeyOf(keyAnswer.claim.key))
            .where(sql<boolean>`EXISTS (SELECT 1 FROM locked)`),
        ) as unknown as typeof lockedOnly);
  const row = await locked
    .with("next_version", (qc) =>
      qc
        .insertInto("plan_versions")
        .columns(["plan_id", "version", "header", "budget", "goals", "findings", "created_at", "created_by"])
        .expression((eb) =>
          eb
            .selectFrom("locked")
            .select([
              sql<string>`${next.planId}`.as("plan_id"),
              sql<number>`${next.version}::integer`.as("version"),
              jsonb(next.header).as("header"),
              jsonb(next.budget).as("budget"),
              sql<unknown>`coalesce((SELECT goals FROM plan_versions WHERE plan_id = ${next.planId} AND version = ${previousVersion}), '[]'::jsonb)`.as(
                "goals",
              ),
              jsonb(next.findings).as("findings"),
              sql<Date>`${next.now}::timestamptz`.as("created_at"),
              sql<string>`${next.createdBy}`.as("created_by"),
            ]),
        ),
    )
    .with("audit_entry", (qc) => {
      const values = auditValues(audit);
      return qc
        .insertInto("audit")
        .columns(["at", "actor", "actor_role", "action", "entity", "entity_id", "before", "after"])
        .expression((eb) =>
          eb
            .selectFrom("locked")
            .select([
              sql<Date>`${values.at}::timestamptz`.as("at"),
              sql<string>`${values.actor}`.as("actor"),
              sql<string>`${values.actor_role}`.as("actor_role"),
              sql<string>`${values.action}`.as("action"),
              sql<string>`${values.entity}`.as("entity"),
              sql<string>`${values.entity_id}`.as("entity_id"),
              sql<unknown>`${values.before}::jsonb`.as("before"),
              sql<unknown>`${values.after}::jsonb`.as("after"),
            ]),
        );
    })
    .updateTable("plans")
    .set({ version: next.version, updated_at: next.now })
    .where("id", "in", (eb) => eb.selectFrom("locked").select("locked.id"))
    .returning("plans.id")
    .executeTakeFirst();
  return row !== undefined;
}

function statusColumns(change: StatusChange) {
  return {
    status: change.status,
    updated_at: change.now,
    ...(change.approvedVersion === undefined ? {} : { approved_version: change.approvedVersion }),
  };
}

/** Moves the plan to a status and records the audit entry, in one statement. */
export async function updatePlanStatus(db: Db, id: string, change: StatusChange, audit: AuditRecord): Promise<void> {
  await db
    .with("audit_entry", (qc) => qc.insertInto("audit").values(auditValues(audit)))
    .updateTable("plans")
    .set(statusColumns(change))
    .where("id", "=", id)
    .execute();
}

/**
 * A submit that reserves pool money, in one statement whose main query is the pool's conditional
 * UPDATE (`reservationOf`); the plan's status, its audit entry and its ledger row are CTEs of it.
 * The pool row — the lock every submit of the pool waits for — is thus taken in the transaction's
 * last statement and held only until the commit. False when the pool lacks room: the caller rolls
 * the transaction back, so nothing is reserved or changed.
 */
export async function submitWithReservation(
  db: Db,
  id: string,
  change: StatusChange,
  audit: AuditRecord,
  reservation: { holding: LedgerRow; addOre: number },
): Promise<boolean> {
  const { set, hasRoom } = reservationOf(reservation.addOre);
  const reserved = await db
    .with("holding", (qc) => upsertLedgerRow(qc, id, reservation.holding))
    .with("audit_entry", (qc) => qc.insertInto("audit").values(auditValues(audit)))
    .with("submitted", (qc) => qc.updateTable("plans").set(statusColumns(change)).where("id", "=", id))
    .updateTable("pools")
    .set(set)
    .where("id", "=", reservation.holding.poolId)
    .where(hasRoom)
    .returning("id")
    .executeTakeFirst();
  return reserved !== undefined;
}

export async function findPlanVersion(db: Db, planId: string, version: number): Promise<PlanVersionRow | undefined> {
  // No version is larger than the column holds; the database would refuse the number rather than find nothing.
  if (version > integerColumnMax) return undefined;
  return db
    .selectFrom("plan_versions")
    .selectAll()
    .where("plan_id", "=", planId)
    .where("version", "=", version)
    .executeTakeFirst();
}

/** A version as a submit reads it, with what the plan holds in its pool (nothing without a pool). */
export interface SubmittedVersion {
  budget: Budget | null;
  goals: Goal[];
  findings: Finding[];
  held: Omit<LedgerRow, "poolId">;
}

/**
 * The version a submit reserves for, and what the plan already holds in its pool, in one query.
 * The ledger row needs no lock of its own: every write to it holds the plan's lock first.
 */
export async function findSubmittedVersion(
  db: Db,
  planId: string,
  version: number,
  poolId: string | null,
): Promise<SubmittedVersion | undefined> {
  const row = await db
    .selectFrom("plan_versions")
    .leftJoin("pool_ledger", (join) =>
      join.onRef("pool_ledger.plan_id", "=", "plan_versions.plan_id").on("pool_ledger.pool_id", "=", poolId),
    )
    .select([
      "plan_versions.budget",
      "plan_versions.goals",
      "plan_versions.findings",
      "pool_ledger.reserved_ore",
      "pool_ledger.committed_ore",
    ])
    .where("plan_versions.plan_id", "=", planId)
    .where("plan_versions.version", "=", version)
    .executeTakeFirst();
  return (
    row && {
      budget: row.budget,
      goals: row.goals,
      findings: row.findings,
      held: { reservedOre: toOre(row.reserved_ore), committedOre: toOre(row.committed_ore) },
    }
  );
}

export async function listPlanVersions(db: Db, planId: string): Promise<PlanVersionRow[]> {
  return db.selectFrom("plan_versions").selectAll().where("plan_id", "=", planId).orderBy("version").execute();
}
