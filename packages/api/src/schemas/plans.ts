// Plans, their versions and the three writes that make a version (header, budget, goals).
import { z } from "zod";
import { Budget, Finding, Goal, PlanHeader, limits } from "@helhedsplan/rules";
import { EntityId, ItemsOf, PageOf, PageQuery, Slug, Timestamp, VersionNumber, VersionParam } from "./common";
import { atLeastOneKey } from "./at-least-one-key";
import { Pool } from "./pools";

/** A plan's place in its life: draft → submitted → committee_approved → approved → closed. */
export const PlanStatus = z.enum(["draft", "submitted", "committee_approved", "approved", "closed"]);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** The Danish name of each status, as messages and screens say it. */
export const planStatusNames: Readonly<Record<PlanStatus, string>> = {
  draft: "kladde",
  submitted: "indsendt",
  committee_approved: "godkendt i udvalg",
  approved: "godkendt",
  closed: "afsluttet",
};

/** The Danish name of a status (an unknown one as it is). Example: `statusName("committee_approved") === "godkendt i udvalg"`. */
export function statusName(status: string): string {
  return Object.hasOwn(planStatusNames, status) ? planStatusNames[status as PlanStatus] : status;
}

/** A plan as listed: its header plus id, status and versions (`version` is 0 until the first write after creation). */
export const Plan = z.object({
  ...PlanHeader.shape,
  id: EntityId,
  status: PlanStatus,
  version: VersionNumber,
  approvedVersion: VersionNumber.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Plan = z.infer<typeof Plan>;

/** One plan with its latest budget and goals (`GET /plans/:id`, `POST /plans`, submit, reopen, close). */
export const PlanDetail = Plan.extend({ budget: Budget.nullable(), goals: z.array(Goal) });
export type PlanDetail = z.infer<typeof PlanDetail>;

/** `GET /plans`. */
export const PlanList = PageOf(Plan);
export type PlanList = z.infer<typeof PlanList>;

/** One immutable version of a plan: header, budget and goals as they were written. */
export const PlanVersion = z.object({
  version: VersionNumber,
  plan: PlanHeader,
  budget: Budget.nullable(),
  goals: z.array(Goal),
  createdAt: Timestamp,
  createdBy: z.string(),
});
export type PlanVersion = z.infer<typeof PlanVersion>;

/** `GET /plans/:id/versions`, oldest first. */
export const PlanVersionList = ItemsOf(PlanVersion);
export type PlanVersionList = z.infer<typeof PlanVersionList>;

/** `POST /plans`: the whole header, strict (`status`, `id`, `version` … are a 400). */
export const CreatePlanBody = PlanHeader;
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

/** `PATCH /plans/:id`: a strict part of the header with at least one key. */
export const PatchPlanBody = atLeastOneKey(PlanHeader.partial());
export type PatchPlanBody = z.infer<typeof PatchPlanBody>;

/** `PUT /plans/:id/budget`: rules' strict `Budget`. */
export const PutBudgetBody = Budget;
export type PutBudgetBody = z.infer<typeof PutBudgetBody>;

/** `PUT /plans/:id/goals`: `{goals}`, at most 50. */
export const PutGoalsBody = z.strictObject({ goals: z.array(Goal).max(limits.goals) });
export type PutGoalsBody = z.infer<typeof PutGoalsBody>;

/** The answer of a versioned write: the new version, the warnings, and the plan's pool (or null). */
export const WriteResult = z.object({
  version: VersionNumber,
  findings: z.array(Finding),
  pool: Pool.nullable(),
});
export type WriteResult = z.infer<typeof WriteResult>;

/** The path of one plan: `/plans/:id` with a UUID. */
export const PlanParams = z.strictObject({ id: EntityId });
export type PlanParams = z.infer<typeof PlanParams>;

/** The path of one version: `/plans/:id/versions/:n`, `n` ≥ 1. */
export const PlanVersionParams = z.strictObject({ id: EntityId, n: VersionParam });
export type PlanVersionParams = z.infer<typeof PlanVersionParams>;

/** `GET /plans?districtId=&status=`: both filters optional. */
export const PlanListQuery = z.object({ districtId: Slug.optional(), status: PlanStatus.optional(), ...PageQuery });
export type PlanListQuery = z.infer<typeof PlanListQuery>;
