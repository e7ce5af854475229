// `reopenPlan`: an approved plan back to draft for a revision (finance and admin roles). The approved
// version and its pool commitment stand until the revision is approved; the answer says so in Danish.
import type { Client, PlanStatus } from "@helhedsplan/api";
import { failureOf, type RefusalReason } from "./service-answer";

/** The outcome of `reopenPlan`; `not-approved` is the service's 409: only an approved plan can be reopened. */
export type ReopenResult =
  | { kind: "reopened"; message: string; status: PlanStatus }
  | { kind: "refused"; reason: Exclude<RefusalReason, "not-draft"> | "not-approved"; message: string }
  | { kind: "unavailable"; message: string };

/** Reopens the plan; never throws for an expected answer. Example: `const result = await reopenPlan(client, planId)`. */
export async function reopenPlan(client: Client, planId: string): Promise<ReopenResult> {
  try {
    const plan = await client.plans.reopen(planId);
    const approved = plan.approvedVersion === null ? "den godkendte version" : `version ${plan.approvedVersion}`;
    return {
      kind: "reopened",
      status: plan.status,
      message: `Planen er genåbnet som kladde til revision; ${approved} og puljens tilsagn gælder, indtil revisionen er godkendt.`,
    };
  } catch (error) {
    const failure = failureOf(error, { what: "genåbningen" });
    if (failure.kind === "unavailable") {
      // No answer may still mean the service reopened it: a second reopen would then be refused as "already a draft".
      const outcome = failure.outcomeUnknown
        ? "Det vides ikke, om planen blev genåbnet; hent planen for at se dens status."
        : "Planen er ikke genåbnet; prøv igen om lidt.";
      return { kind: "unavailable", message: `${failure.message} ${outcome}` };
    }
    if (failure.kind === "stale") throw new Error("A reopen sends no If-Match, so it cannot be stale");
    if (failure.reason === "not-draft") return { kind: "refused", reason: "not-approved", message: failure.message };
    // The 404's advice to clear Plan-ID is for a push; a reopen has nothing to create.
    return { kind: "refused", reason: failure.reason, message: failure.message.replace(/ Tøm Plan-ID.*$/, "") };
  }
}
