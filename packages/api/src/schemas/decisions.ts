// Political decisions on a submitted plan: committee approvals, then the council.
import { z } from "zod";
import { Name } from "@helhedsplan/rules";
import { CalendarDate, EntityId, ItemsOf, VersionNumber } from "./common";

/** Who decided: a committee (fagudvalg) or the council (Borgerrepræsentationen). */
export const DecisionBodyKind = z.enum(["committee", "council"]);
export type DecisionBodyKind = z.infer<typeof DecisionBodyKind>;

/** What was decided. */
export const DecisionOutcome = z.enum(["approved", "rejected"]);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

/** `POST /plans/:id/decisions`: strict `{body, outcome, decidedOn, reference}`. */
export const DecisionBody = z.strictObject({
  body: DecisionBodyKind,
  outcome: DecisionOutcome,
  decidedOn: CalendarDate,
  reference: Name,
});
export type DecisionBody = z.infer<typeof DecisionBody>;

/** A recorded decision, with the plan version it was made on. */
export const Decision = z.object({ ...DecisionBody.shape, id: EntityId, version: VersionNumber });
export type Decision = z.infer<typeof Decision>;

/** `GET /plans/:id/decisions`: the plan's decisions, oldest first. */
export const DecisionList = ItemsOf(Decision);
export type DecisionList = z.infer<typeof DecisionList>;
