// The overview of every approved plan (`GET /reports`), summed by the database: approved money
// from `approved_lines` (the approved version's expenses, per line and year), actual money from
// `report_lines` (the reports' spending, per line), both narrowed to the year asked for and put
// together as one list of amounts per plan and focus area (`amounts`); each of the answer's three
// parts is one GROUP BY over it. Nothing is summed in JavaScript, and no plan's budget is read.
import type { ReportsQuery, ReportsSummary } from "@helhedsplan/api";
import { sql } from "kysely";
import { toOre } from "../db/columns";
import type { Db } from "../db/database";

const zeroOre = sql<string>`0::bigint`;

/** Approved and actual money per plan and focus area (several rows each), for the plans with an approved version. */
function amountsQuery(db: Db, query: ReportsQuery) {
  const approved = db
    .selectFrom("approved_lines")
    .select(["plan_id", "focus_area", sql<string>`amount_ore`.as("approved_ore"), zeroOre.as("actual_ore")])
    .$if(query.year !== undefined, (q) => q.where("year", "=", query.year as number));
  const actual = db
    .selectFrom("report_lines")
    .select(["plan_id", "focus_area", zeroOre.as("approved_ore"), sql<string>`actual_ore`.as("actual_ore")])
    .$if(query.year !== undefined, (q) => q.where("year", "=", query.year as number));
  return approved.unionAll(actual);
}

const approvedSum = sql<string>`coalesce(sum(amounts.approved_ore), 0)::bigint`;
const actualSum = sql<string>`coalesce(sum(amounts.actual_ore), 0)::bigint`;
const varianceSum = sql<string>`(coalesce(sum(amounts.actual_ore), 0) - coalesce(sum(amounts.approved_ore), 0))::bigint`;

/** One plan per row: its money, and its goals met (in the year's report, or without a year the latest report) of its approved goals. */
export async function summaryItems(db: Db, query: ReportsQuery) {
  const rows = await db
    .with("amounts", () => amountsQuery(db, query))
    .selectFrom("plans")
    .innerJoin("plan_versions", (join) =>
      join
        .onRef("plan_versions.plan_id", "=", "plans.id")
        .onRef("plan_versions.version", "=", "plans.approved_version"),
    )
    .leftJoin("amounts", "amounts.plan_id", "plans.id")
    // Every plan with an approved version, whatever its status now; in the byområde if one is asked for.
    .where("plans.approved_version", "is not", null)
    .$if(query.districtId !== undefined, (q) => q.where("plans.district_id", "=", query.districtId as string))
    .groupBy(["plans.id", "plans.name", "plans.district_id", "plans.created_at", "plan_versions.goals"])
    .select((eb) => [
      "plans.id",
      "plans.name",
      "plans.district_id",
      approvedSum.as("approved_ore"),
      actualSum.as("actual_ore"),
      varianceSum.as("variance_ore"),
      sql<number>`jsonb_array_length(plan_versions.goals)`.as("goals_total"),
      eb.fn
        .coalesce(
          eb
            .selectFrom("reports")
            .select("reports.goals_met")
            .whereRef("reports.plan_id", "=", "plans.id")
            .$if(query.year !== undefined, (q) => q.where("reports.year", "=", query.year as number))
            .orderBy("reports.year", "desc")
            .limit(1),
          sql<number>`0`,
        )
        .as("goals_met"),
    ])
    .orderBy("plans.created_at")
    .orderBy("plans.id")
    .execute();
  return rows.map((row): ReportsSummary["items"][number] => ({
    planId: row.id,
    name: row.name,
    districtId: row.district_id,
    approvedOre: toOre(row.approved_ore),
    actualOre: toOre(row.actual_ore),
    varianceOre: toOre(row.variance_ore),
    goalsMet: Number(row.goals_met),
    goalsTotal: Number(row.goals_total),
  }));
}

/** The totals per byområde (null: plans without one), in the reference's order. */
export async function totalsByDistrict(db: Db, query: ReportsQuery): Promise<ReportsSummary["totals"]["byDistrict"]> {
  const rows = await db
    .with("amounts", () => amountsQuery(db, query))
    .selectFrom("plans")
    .leftJoin("amounts", "amounts.plan_id", "plans.id")
    .leftJoin("districts", "districts.id", "plans.district_id")
    // Every plan with an approved version, whatever its status now; in the byområde if one is asked for.
    .where("plans.approved_version", "is not", null)
    .$if(query.districtId !== undefined, (q) => q.where("plans.district_id", "=", query.districtId as string))
    .groupBy(["plans.district_id", "districts.position"])
    .select([
      "plans.district_id",
      approvedSum.as("approved_ore"),
      actualSum.as("actual_ore"),
      varianceSum.as("variance_ore"),
    ])
    .orderBy(sql`districts.position nulls last`)
    .orderBy("plans.district_id")
    .execute();
  return rows.map((row) => ({
    districtId: row.district_id,
    approvedOre: toOre(row.approved_ore),
    actualOre: toOre(row.actual_ore),
    varianceOre: toOre(row.variance_ore),
  }));
}

/** The totals per focus area, in the reference's order (an id the reference no longer has, last). */
export async function totalsByFocusArea(db: Db, query: ReportsQuery): Promise<ReportsSummary["totals"]["byFocusArea"]> {
  const rows = await db
    .with("amounts", () => amountsQuery(db, query))
    .selectFrom("amounts")
    .innerJoin("plans", "plans.id", "amounts.plan_id")
    .leftJoin("focus_areas", "focus_areas.id", "amounts.focus_area")
    // Every plan with an approved version, whatever its status now; in the byområde if one is asked for.
    .where("plans.approved_version", "is not", null)
    .$if(query.districtId !== undefined, (q) => q.where("plans.district_id", "=", query.districtId as string))
    .groupBy(["amounts.focus_area", "focus_areas.position"])
    .select([
      "amounts.focus_area",
      approvedSum.as("approved_ore"),
      actualSum.as("actual_ore"),
      varianceSum.as("variance_ore"),
    ])
    .orderBy(sql`focus_areas.position nulls last`)
    .orderBy("amounts.focus_area")
    .execute();
  return rows.map((row) => ({
    focusArea: row.focus_area,
    approvedOre: toOre(row.approved_ore),
    actualOre: toOre(row.actual_ore),
    varianceOre: toOre(row.variance_ore),
  }));
}
