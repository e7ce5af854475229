// `pullPlan`: a plan from the service as the grids of a workbook stamped with its latest version,
// ready to edit and push again; with the plan, its pool and a Danish sentence about what came.
import { statusName, type Client, type PlanDetail, type Pool } from "@helhedsplan/api";
import type { Goal, PlanInput, Reference } from "@helhedsplan/rules";
import { combineGrids, goalsToGrid, planToGrid, type Grids, type PoolLabel } from "@helhedsplan/workbook";
import { planInputOf } from "./plan-input";
import { failureOf, type RefusalReason } from "./service-answer";
import type { RetryToken } from "./push";

/** The outcome of `pullPlan`. */
export type PullResult =
  | {
      kind: "pulled";
      planId: string;
      version: number;
      detail: PlanDetail;
      plan: PlanInput;
      /**
       * The plan's goals (part of its versioned content). A front end lays the `Mål` sheet when there are any:
       * `templateOf(plan, { goals })`. Empty when the plan has none.
       */
      goals: Goal[];
      /** The workbook's tables, Plan-ID and Version filled in; with the `Maal` table when the plan has goals. */
      grids: Grids;
      reference: Reference;
      /** The service's pools, whose names the Pulje cell shows. */
      pools: PoolLabel[];
      /** The plan's pool as it is now; null without a pool or when it could not be fetched. */
      pool: Pool | null;
      message: string;
    }
  | { kind: "refused"; reason: RefusalReason; message: string }
  | { kind: "unavailable"; retry: RetryToken | null; message: string };

/** Fetches the plan's latest version (and the reference data to name things). Example: `const result = await pullPlan(client, id)`. */
export async function pullPlan(client: Client, planId: string): Promise<PullResult> {
  let detail: PlanDetail;
  let version: number;
  let reference: Reference;
  let pools: PoolLabel[];
  try {
    const [got, fetchedReference, poolList] = await Promise.all([
      client.plans.get(planId),
      client.reference.get(),
      client.pools.list(),
    ]);
    detail = got.data;
    version = got.version;
    reference = fetchedReference;
    pools = poolList.items.map((pool) => ({ id: pool.id, name: pool.name }));
  } catch (error) {
    const failure = failureOf(error, { what: "forespørgslen efter planen" });
    if (failure.kind === "unavailable") {
      return { kind: "unavailable", retry: null, message: `${failure.message} Prøv igen om lidt.` };
    }
    if (failure.kind === "stale") throw new Error("A read cannot be stale");
    return { kind: "refused", reason: failure.reason, message: failure.message.replace(/ Tøm Plan-ID.*$/, "") };
  }
  // The pool's room only fills a figure; without it the workbook is just as usable.
  const pool = detail.poolId === null ? null : await client.pools.get(detail.poolId).catch(() => null);
  const plan = planInputOf(detail, reference);
  const budget = detail.budget === null ? "intet budget endnu" : `${detail.budget.expenses.length} udgiftslinjer`;
  const notes = [
    `"${detail.name}" (${statusName(detail.status)}, version ${version}), ${detail.periodStart}–${detail.periodEnd}, ${budget}.`,
  ];
  if (detail.status !== "draft") {
    notes.push(`Planen er ${statusName(detail.status)}; ændringer kan først gemmes, når den er genåbnet som kladde.`);
  }
  if (detail.goals.length > 0) notes.push(`Planens ${detail.goals.length} mål står på arket Mål.`);
  const grids = planToGrid(plan, reference, { planId, version, pools });
  return {
    kind: "pulled",
    planId,
    version,
    detail,
    plan,
    goals: detail.goals,
    grids: detail.goals.length === 0 ? grids : combineGrids(grids, goalsToGrid(detail.goals, reference)),
    reference,
    pools,
    pool,
    message: notes.join(" "),
  };
}
