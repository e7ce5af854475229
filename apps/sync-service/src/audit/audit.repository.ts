import type { AuditEntity, AuditEntry } from "@helhedsplan/api";
import { z } from "zod";
import type { Db } from "../db/database";
import { decodeCursor, pageOf, pageSize } from "../http/page";
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

/** A page of the audit log's cursor: the last entry's `seq`, as text (a bigint). */
const AuditCursor = z.string().regex(/^[1-9][0-9]{0,17}$/);

/** A page of audit entries, oldest first, optionally of one entity kind and id, with the cursor of the next page. */
export async function listAudit(
  db: Db,
  filter: {
    entity?: string | undefined;
    id?: string | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
  const size = pageSize(filter.limit);
  const after = decodeCursor(filter.cursor, AuditCursor);
  let query = db
    .selectFrom("audit")
    .select(["seq", "at", "actor", "action", "entity", "entity_id", "before", "after"])
    .orderBy("seq")
    .limit(size + 1);
  if (filter.entity !== undefined) query = query.where("entity", "=", filter.entity);
  if (filter.id !== undefined) query = query.where("entity_id", "=", filter.id);
  if (after !== undefined) query = query.where("seq", ">", after);
  const rows = await query.execute();
  return pageOf(
    rows,
    size,
    (row) => ({
      at: toIso(row.at),
      actor: row.actor,
      action: row.action,
      entity: row.entity as AuditEntity,
      id: row.entity_id,
      before: row.before,
      after: row.after,
    }),
    (row) => String(row.seq),
  );
}
