import type { AuditEntity } from "@helhedsplan/api";
import { actorName } from "../auth/caller";
import type { Db } from "../db/database";
import type { ServiceContext } from "../http/route";
import { insertAudit, type AuditRecord } from "./audit.repository";

/** What changed, as the audit trail records it. */
export interface Change {
  action: string;
  entity: AuditEntity;
  id: string;
  before: unknown;
  after: unknown;
}

/** The audit record of a write by the context's caller. */
export function auditRecord(ctx: Pick<ServiceContext, "caller" | "now">, change: Change): AuditRecord {
  return {
    at: ctx.now,
    actor: actorName(ctx.caller),
    actorRole: ctx.caller.role,
    action: change.action,
    entity: change.entity,
    entityId: change.id,
    before: change.before ?? null,
    after: change.after ?? null,
  };
}

/** Records a write by the context's caller, in the write's transaction `trx`. */
export async function audit(trx: Db, ctx: Pick<ServiceContext, "caller" | "now">, change: Change): Promise<void> {
  await insertAudit(trx, auditRecord(ctx, change));
}
