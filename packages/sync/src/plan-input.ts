// The plan a workbook holds, built from what the service answers: one conversion from a plan's
// detail or one of its versions to the `PlanInput` the rules, the merge and the workbook take.
import type { PlanDetail, PlanVersion } from "@helhedsplan/api";
import type { Budget, PlanHeader, PlanInput, Reference } from "@helhedsplan/rules";

/** A budget with no expense lines and one empty row per source, as a blank template has: what a plan without a budget shows. */
export function emptyBudget(reference: Reference): Budget {
  return { expenses: [], financing: reference.sources.map((source) => ({ source: source.id, amountsOre: {} })) };
}

/** The header fields of a plan (drops id, status, versions and dates). Example: `headerOf(detail).name`. */
export function headerOf(plan: PlanHeader): PlanHeader {
  return {
    name: plan.name,
    housingOrganisation: plan.housingOrganisation,
    estates: plan.estates,
    districtId: plan.districtId,
    vulnerableArea: plan.vulnerableArea,
    cooperation: plan.cooperation,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    poolId: plan.poolId,
  };
}

/**
 * The plan of a `PlanDetail` or a `PlanVersion`; a plan without a budget gets `emptyBudget(reference)`.
 * Example: `planInputOf(await client.plans.version(id, 3), reference)`.
 */
export function planInputOf(plan: PlanDetail | PlanVersion, reference: Reference): PlanInput {
  const header = "plan" in plan ? plan.plan : plan;
  return { ...headerOf(header), budget: plan.budget ?? emptyBudget(reference) };
}

/**
 * The plan as stored in `version`, from the list `GET /plans/:id/versions` answers: the base to compare the workbook
 * with. Null when the list lacks it (version 0 is never stored: a plan's first write makes version 1).
 * Example: `basePlanOf((await client.plans.versions(id)).items, 3, reference)`.
 */
export function basePlanOf(versions: readonly PlanVersion[], version: number, reference: Reference): PlanInput | null {
  const stored = versions.find((candidate) => candidate.version === version);
  return stored === undefined ? null : planInputOf(stored, reference);
}
