import type { DefaultedOreColumn, JsonColumn, TimestampColumn } from "../db/columns";

export interface AuditTable {
  seq: DefaultedOreColumn;
  at: TimestampColumn;
  actor: string;
  actor_role: string;
  action: string;
  entity: string;
  entity_id: string;
  before: JsonColumn<unknown> | null;
  after: JsonColumn<unknown> | null;
}
