// The service's side of the rules: the same rules the add-in runs, fed with the reference data
// from the database and the plan's room in its pool, plus the one finding the rules cannot know
// (`pool.unknown`).
import type { Pool } from "@helhedsplan/api";
import {
  poolUnknownFinding,
  sortFindings,
  validateShapedPlan,
  type Budget,
  type Finding,
  type PlanHeader,
} from "@helhedsplan/rules";
import type { Db } from "../db/database";
import { listPoolIds } from "../pools/pool.repository";
import type { RulesContext } from "./plan.repository";

const emptyBudget: Budget = { expenses: [], financing: [] };

/** A plan's findings (a missing budget counts as an empty one) and its pool as it is now (null without a pool or for an unknown one). */
export interface PlanAssessment {
  findings: Finding[];
  pool: Pool | null;
}

/**
 * The rules' findings on header + budget, both already of their schemas' shape (read from the
 * request or the database), so the rules do not read the shape again. The plan's room in its pool
 * (what is available plus what the plan itself holds, e.g. a reopened plan's commitment) is passed,
 * so the `pool.capacity` warning shows before the submit refuses. (The rules' own entry point is
 * `validatePlan`; this is the service's: it adds what only the database knows.) Example:
 * `const { findings, pool } = await assessPlan(trx, { header, budget }, rules)`.
 */
export async function assessPlan(
  db: Db,
  plan: { header: PlanHeader; budget: Budget | null },
  rules: RulesContext,
): Promise<PlanAssessment> {
  const { poolRoom } = rules;
  const findings = validateShapedPlan(
    { ...plan.header, budget: plan.budget ?? emptyBudget },
    poolRoom === null
      ? { reference: rules.reference }
      : { reference: rules.reference, poolAvailableOre: poolRoom.pool.availableOre + poolRoom.heldOre },
  );
  const poolId = plan.header.poolId;
  if (poolId !== null && poolRoom === null) findings.push(poolUnknownFinding(poolId, await listPoolIds(db)));
  return { findings: sortFindings(findings), pool: poolRoom?.pool ?? null };
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
export async function headerErrors(db: Db, header: PlanHeader, rules: RulesContext): Promise<Finding[]> {
  const { findings } = await assessPlan(db, { header, budget: emptyBudget }, rules);
  return errorsOf(findings);
}
