import type { Decision, DecisionBody } from "@helhedsplan/api";
import type { ExpressionBuilder } from "kysely";
import type { Database, Db } from "../db/database";

/** A decision's columns as the API shows them (the date as `YYYY-MM-DD` text, not a Date in the server's zone). */
const decisionColumns = [
  "id",
  "body",
  "outcome",
  "reference",
  "version",
  (eb: ExpressionBuilder<Database, "decisions">) => eb.cast<string>("decided_on", "text").as("decided_on"),
] as const;

function decisionOf(row: {
  id: string;
  body: string;
  outcome: string;
  reference: string;
  version: number;
  decided_on: string;
}): Decision {
  return {
    id: row.id,
    body: row.body as Decision["body"],
    outcome: row.outcome as Decision["outcome"],
    decidedOn: row.decided_on,
    reference: row.reference,
    version: row.version,
  };
}

export async function insertDecision(
  db: Db,
  decision: DecisionBody & { id: string; planId: string; version: number; createdBy: string; now: Date },
): Promise<Decision> {
  const row = await db
    .insertInto("decisions")
    .values({
      id: decision.id,
      plan_id: decision.planId,
      body: decision.body,
      outcome: decision.outcome,
      decided_on: decision.decidedOn,
      reference: decision.reference,
      version: decision.version,
      created_at: decision.now,
      created_by: decision.createdBy,
    })
    .returning(decisionColumns)
    .executeTakeFirstOrThrow();
  return decisionOf(row);
}

/** A plan's decisions, oldest first (by when they were recorded, then id, so the order is total). */
export async function listDecisions(db: Db, planId: string): Promise<Decision[]> {
  const rows = await db
    .selectFrom("decisions")
    .where("plan_id", "=", planId)
    .select(decisionColumns)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(decisionOf);
}
