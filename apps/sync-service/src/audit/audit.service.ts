import type { AuditEntity } from "@helhedsplan/api";
import { actorName, type Actor } from "../auth/caller";
import type { Db } from "../db/database";
import { insertAudit, type AuditRecord } from "./audit.repository";

/** What changed, as the audit trail records it. */
export interface Change {
  action: string;
  entity: AuditEntity;
  id: string;
  before: unknown;
  after: unknown;
}

/** The audit record of a write by `actor`. */
export function auditRecord(actor: Actor, change: Change): AuditRecord {
  return {
    at: actor.now,
    actor: actorName(actor.caller),
    actorRole: actor.caller.role,
    action: change.action,
    entity: change.entity,
    entityId: change.id,
    before: change.before ?? null,
    after: change.after ?? null,
  };
}

/** Records a write by `actor`, in the write's transaction `trx`. */
export async function audit(trx: Db, actor: Actor, change: Change): Promise<void> {
  await insertAudit(trx, auditRecord(actor, change));
}
