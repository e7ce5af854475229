// The service's side of the rules: the same validatePlan the add-in runs, fed with the
// reference data from the database and the pool's room, plus the one finding the rules cannot
// know (`pool.unknown`).
import type { Pool } from "@helhedsplan/api";
import {
  poolUnknownFinding,
  sortFindings,
  validatePlan,
  type Budget,
  type Finding,
  type PlanContext,
  type PlanHeader,
} from "@helhedsplan/rules";
import type { Db } from "../db/database";
import { findPool, findPoolWithHolding, listPoolIds } from "../pools/pool.repository";
import { loadReference } from "../reference/reference.repository";

const emptyBudget: Budget = { expenses: [], financing: [] };

/** A plan's findings (a missing budget checks as an empty one) and its pool as it is now (null without a pool or for an unknown one). */
export interface PlanCheck {
  findings: Finding[];
  pool: Pool | null;
}

/**
 * Checks header + budget. With `poolRoomFor`, the pool's room for that plan (what is available
 * plus what the plan itself holds, e.g. a reopened plan's commitment) is passed, so the
 * `pool.capacity` warning shows before the submit refuses.
 */
export async function checkPlan(
  db: Db,
  plan: { header: PlanHeader; budget: Budget | null },
  options: { poolRoomFor?: string } = {},
): Promise<PlanCheck> {
  const reference = await loadReference(db);
  const poolId = plan.header.poolId;
  const context: PlanContext = { reference };
  let pool: Pool | null = null;
  if (poolId !== null && options.poolRoomFor !== undefined) {
    const found = await findPoolWithHolding(db, poolId, options.poolRoomFor);
    pool = found?.pool ?? null;
    if (found !== undefined) context.poolAvailableOre = found.pool.availableOre + found.heldOre;
  } else if (poolId !== null) {
    pool = (await findPool(db, poolId)) ?? null;
  }
  const findings = validatePlan({ ...plan.header, budget: plan.budget ?? emptyBudget }, context);
  if (poolId !== null && pool === null) findings.push(poolUnknownFinding(poolId, await listPoolIds(db)));
  return { findings: sortFindings(findings), pool };
}

/** A plan without a budget can be saved but not submitted. */
export const budgetMissing: Finding = {
  ruleId: "input.shape",
  severity: "error",
  message: "Planen har endnu intet budget. Gem et budget (PUT …/budget), før planen indsendes.",
  path: ["budget"],
};

/** The errors among findings. */
export function errorsOf(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === "error");
}

/**
 * The errors a header has on its own, whatever the budget (a reversed period, an unknown
 * byområde or pool …): a header write with one of them is refused (422). Findings that arise
 * only together with the stored budget are stored with the version and block the submit.
 */
export async function headerErrors(db: Db, header: PlanHeader): Promise<Finding[]> {
  const { findings } = await checkPlan(db, { header, budget: emptyBudget });
  return errorsOf(findings);
}
