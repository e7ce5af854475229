// Yearly reports (årlige redegørelser) of approved plans, and the summary across plans.
import { z } from "zod";
import { Finding, Id, Source, Text, Year, limits } from "@helhedsplan/rules";
import { EntityId, NonNegativeOre, Ore, Slug, VersionNumber, YearParam } from "./common";

/** How far a goal was met in the year. */
export const GoalStatus = z.enum(["opfyldt", "delvist", "ikke_opfyldt"]);
export type GoalStatus = z.infer<typeof GoalStatus>;

/** Money spent on one of the budget's expense lines (its key: focus area, category, activity). */
export const ReportSpending = z.strictObject({
  focusArea: Id,
  category: Id,
  activity: Text(limits.name),
  actualOre: NonNegativeOre,
});
export type ReportSpending = z.infer<typeof ReportSpending>;

/** Money received from one source. */
export const ReportFinancing = z.strictObject({ source: Source, actualOre: NonNegativeOre });
export type ReportFinancing = z.infer<typeof ReportFinancing>;

/** The status of one approved goal. */
export const ReportGoal = z.strictObject({ goalId: Id, status: GoalStatus, comment: Text(limits.freeText) });
export type ReportGoal = z.infer<typeof ReportGoal>;

/** `PUT /plans/:id/reports/:year`: one year's report, strict. */
export const AnnualReport = z.strictObject({
  year: Year,
  spending: z.array(ReportSpending).max(limits.expenseLines),
  financingReceived: z.array(ReportFinancing).max(limits.financingRows),
  goals: z.array(ReportGoal).max(limits.goals),
});
export type AnnualReport = z.infer<typeof AnnualReport>;

/** Approved against actual for one expense line; `variancePct` is null where nothing was approved. */
export const VarianceLine = z.object({
  focusArea: z.string(),
  category: z.string(),
  activity: z.string(),
  approvedOre: Ore,
  actualOre: Ore,
  varianceOre: Ore,
  variancePct: z.number().nullable(),
});
export type VarianceLine = z.infer<typeof VarianceLine>;

/** Approved against actual, summed over a set of lines. */
export const VarianceTotal = z.object({ approvedOre: Ore, actualOre: Ore, varianceOre: Ore });
export type VarianceTotal = z.infer<typeof VarianceTotal>;

/** A stored report with its version, its warnings and the variance against the approved budget. */
export const ReportDetail = z.object({
  ...AnnualReport.shape,
  version: VersionNumber,
  findings: z.array(Finding),
  variance: z.object({ lines: z.array(VarianceLine), year: VarianceTotal }),
});
export type ReportDetail = z.infer<typeof ReportDetail>;

/** One approved plan in `GET /reports`. */
export const ReportSummaryItem = z.object({
  planId: EntityId,
  name: z.string(),
  districtId: z.string().nullable(),
  approvedOre: Ore,
  actualOre: Ore,
  varianceOre: Ore,
  goalsMet: z.int().min(0),
  goalsTotal: z.int().min(0),
});
export type ReportSummaryItem = z.infer<typeof ReportSummaryItem>;

/** `GET /reports`: every plan with an `approvedVersion`, and totals per byområde and per focus area. */
export const ReportsSummary = z.object({
  items: z.array(ReportSummaryItem),
  totals: z.object({
    byDistrict: z.array(VarianceTotal.extend({ districtId: z.string().nullable() })),
    byFocusArea: z.array(VarianceTotal.extend({ focusArea: z.string() })),
  }),
});
export type ReportsSummary = z.infer<typeof ReportsSummary>;

/** The path of one yearly report: `/plans/:id/reports/:year`. */
export const PlanReportParams = z.strictObject({ id: EntityId, year: YearParam });
export type PlanReportParams = z.infer<typeof PlanReportParams>;

/** `GET /reports?year=&districtId=`: both filters optional. */
export const ReportsQuery = z.object({ year: YearParam.optional(), districtId: Slug.optional() });
export type ReportsQuery = z.infer<typeof ReportsQuery>;
