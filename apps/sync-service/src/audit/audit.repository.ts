import type { AuditEntity, AuditEntry } from "@helhedsplan/api";
import type { Db } from "../db/database";
import { json, toIso } from "../db/columns";

/** One audited write. */
export interface AuditRecord {
  at: Date;
  actor: string;
  actorRole: string;
  action: string;
  entity: AuditEntity;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** The audit row of a record, for `insertAudit` or a write that records its own audit entry in the same statement. */
export function auditValues(record: AuditRecord) {
  return {
    at: record.at,
    actor: record.actor,
    actor_role: record.actorRole,
    action: record.action,
    entity: record.entity,
    entity_id: record.entityId,
    before: record.before === null ? null : json(record.before),
    after: record.after === null ? null : json(record.after),
  };
}

export async function insertAudit(db: Db, record: AuditRecord): Promise<void> {
  await db.insertInto("audit").values(auditValues(record)).execute();
}

/** Audit entries, oldest first, optionally of one entity kind and id. */
export async function listAudit(
  db: Db,
  filter: { entity?: string | undefined; id?: string | undefined },
): Promise<AuditEntry[]> {
  let query = db
    .selectFrom("audit")
    .select(["at", "actor", "action", "entity", "entity_id", "before", "after"])
    .orderBy("seq");
  if (filter.entity !== undefined) query = query.where("entity", "=", filter.entity);
  if (filter.id !== undefined) query = query.where("entity_id", "=", filter.id);
  const rows = await query.execute();
  return rows.map((row) => ({
    at: toIso(row.at),
    actor: row.actor,
    action: row.action,
    entity: row.entity as AuditEntity,
    id: row.entity_id,
    before: row.before,
    after: row.after,
  }));
}
