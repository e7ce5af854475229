// `submitPlan`: a draft to the committees (finance and admin roles). The service reserves the plan's
// pool draw at once, or refuses when the pool lacks room; the answer says so in Danish.
import { ApiError, type Client, type Pool } from "@helhedsplan/api";
import { formatKroner, poolDrawOre } from "@helhedsplan/rules";
import { failureOf } from "./service-answer";

/** The outcome of `submitPlan`. */
export type SubmitResult =
  | { kind: "submitted"; message: string; pool: Pool | null }
  | { kind: "pool-exhausted"; message: string; pool: Pool }
  | { kind: "refused"; message: string }
  | { kind: "unavailable"; message: string };

/** Submits the plan; never throws for an expected answer. Example: `const result = await submitPlan(client, planId)`. */
export async function submitPlan(client: Client, planId: string): Promise<SubmitResult> {
  try {
    const plan = await client.plans.submit(planId);
    const draw = poolDrawOre({ periodStart: plan.periodStart, periodEnd: plan.periodEnd, budget: plan.budget });
    const pool = plan.poolId === null ? null : await client.pools.get(plan.poolId).catch(() => null);
    const reserved =
      pool === null
        ? ""
        : ` ${formatKroner(draw)} er reserveret i puljen "${pool.name}", som nu har ${formatKroner(pool.availableOre)} ledigt.`;
    return { kind: "submitted", pool, message: `Planen er indsendt til udvalgsbehandling.${reserved}` };
  } catch (error) {
    if (error instanceof ApiError && error.slug === "pool-exhausted" && error.pool !== null) {
      const pool = error.pool;
      return {
        kind: "pool-exhausted",
        pool,
        message: `Puljen "${pool.name}" har kun ${formatKroner(pool.availableOre)} ledigt, mindre end planen søger; intet er reserveret, og planen er stadig en kladde.`,
      };
    }
    const failure = failureOf(error, { what: "indsendelsen" });
    if (failure.kind === "unavailable")
      return { kind: "unavailable", message: `${failure.message} Planen er ikke indsendt; prøv igen om lidt.` };
    if (failure.kind === "stale")
      return { kind: "refused", message: "Planen er ændret imens; synkroniser, og indsend igen." };
    const findings = failure.findings.map((finding) => finding.message);
    return { kind: "refused", message: [failure.message, ...findings].join(" ") };
  }
}
