// Yearly reports (årlige redegørelser) of approved plans, and the summary across plans.
import { z } from "zod";
import { AnnualReport, Finding } from "@helhedsplan/rules";
import { EntityId, Ore, Slug, VersionNumber, YearParam } from "./common";

// The report's input shapes are the rules' own (the rules judge them): re-exported under the contract's names.
export { AnnualReport, GoalStatus, ReportFinancing, ReportGoal, ReportSpending } from "@helhedsplan/rules";

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
