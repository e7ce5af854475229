import type { Decision, DecisionBody } from "@helhedsplan/api";
import type { Db } from "../db/database";

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
    .returning([
      "id",
      "body",
      "outcome",
      "reference",
      "version",
      (eb) => eb.cast<string>("decided_on", "text").as("decided_on"),
    ])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    body: row.body as Decision["body"],
    outcome: row.outcome as Decision["outcome"],
    decidedOn: row.decided_on,
    reference: row.reference,
    version: row.version,
  };
}

/** A plan's decisions, oldest first (by when they were recorded, then id, so the order is total). */
export async function listDecisions(db: Db, planId: string): Promise<Decision[]> {
  const rows = await db
    .selectFrom("decisions")
    .where("plan_id", "=", planId)
    .select([
      "id",
      "body",
      "outcome",
      "reference",
      "version",
      (eb) => eb.cast<string>("decided_on", "text").as("decided_on"),
    ])
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    body: row.body as Decision["body"],
    outcome: row.outcome as Decision["outcome"],
    decidedOn: row.decided_on,
    reference: row.reference,
    version: row.version,
  }));
}
