// The audit trail: every write records who, when, what, before and after.
import { z } from "zod";
import { PageOf, PageQuery, Timestamp } from "./common";

/** The kinds of entity the audit trail records. */
export const AuditEntity = z.enum(["plan", "contract", "pool", "reference", "token"]);
export type AuditEntity = z.infer<typeof AuditEntity>;

/** One audited write; `before`/`after` are the entity's JSON (null where it did not exist). */
export const AuditEntry = z.object({
  at: Timestamp,
  actor: z.string(),
  action: z.string(),
  entity: AuditEntity,
  id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /audit`, oldest first. */
export const AuditList = PageOf(AuditEntry);
export type AuditList = z.infer<typeof AuditList>;

/** `GET /audit?entity=&id=`: both filters optional; `id` is the entity's id as text (UUID or slug). */
export const AuditQuery = z.object({
  entity: AuditEntity.optional(),
  id: z.string().max(100).optional(),
  ...PageQuery,
});
export type AuditQuery = z.infer<typeof AuditQuery>;
