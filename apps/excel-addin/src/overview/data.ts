// What the overview reads, all through the typed client (`@helhedsplan/api`): reference data, pools, plans,
// contracts, the yearly overview and one plan's history.
import {
  ApiError,
  type Client,
  type Contract,
  type Decision,
  type Plan,
  type PlanDetail,
  type PlanVersion,
  type PoolDetail,
  type ReportDetail,
  type ReportsSummary,
} from "@helhedsplan/api";
import type { Reference } from "@helhedsplan/rules";

export interface OverviewData {
  reference: Reference;
  pools: PoolDetail[];
  plans: Plan[];
  contracts: Contract[];
}

/** The overview's data in one go. */
export async function loadOverview(client: Client): Promise<OverviewData> {
  const [reference, poolList, plans, contracts] = await Promise.all([
    client.reference.get(),
    client.pools.list(),
    client.plans.listAll(),
    client.contracts.list(),
  ]);
  const pools = await Promise.all(poolList.items.map((pool) => client.pools.get(pool.id)));
  return { reference, pools, plans: plans.items, contracts: contracts.items };
}

/** The years the yearly overview offers: every year of an approved plan's period, up to this year, newest first. */
export function reportYears(plans: Plan[], thisYear: number): number[] {
  const years = new Set<number>();
  for (const plan of plans) {
    if (plan.approvedVersion === null) continue;
    for (let year = plan.periodStart; year <= Math.min(plan.periodEnd, thisYear); year++) years.add(year);
  }
  return [...years].sort((a, b) => b - a);
}

/** The newest of the years with money reported (the years before this one first), or the newest year at all. */
export async function latestReportedYear(client: Client, years: number[], thisYear: number): Promise<number | null> {
  for (const year of years.filter((y) => y < thisYear)) {
    const summary = await client.reports.summary({ year });
    if (summary.items.some((item) => item.actualOre > 0)) return year;
  }
  return years[0] ?? null;
}

export interface PlanPageData {
  plan: PlanDetail;
  versions: PlanVersion[];
  decisions: Decision[];
  /** The reports of the period's years so far; a year without one is absent. */
  reports: ReportDetail[];
}

/** A plan with its versions, decisions and the reports of its period's years (a year not reported answers 404). */
export async function loadPlanPage(client: Client, id: string, thisYear: number): Promise<PlanPageData> {
  const [plan, versions, decisions] = await Promise.all([
    client.plans.get(id),
    client.plans.versions(id),
    client.plans.decisions(id),
  ]);
  const years: number[] = [];
  if (plan.data.approvedVersion !== null) {
    for (let year = plan.data.periodStart; year <= Math.min(plan.data.periodEnd, thisYear); year++) years.push(year);
  }
  const reports = await Promise.all(
    years.map((year) =>
      client.plans.getReport(id, year).then(
        (answer) => answer.data,
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        },
      ),
    ),
  );
  return {
    plan: plan.data,
    versions: versions.items,
    decisions: decisions.items,
    reports: reports.filter((report): report is ReportDetail => report !== null),
  };
}

export type { ReportsSummary };

/** A failure said in Danish for the page. */
export function failureText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return "Adgangsnøglen kendes ikke af tjenesten. Log ind igen.";
    if (error.status === 403) return "Din rolle giver ikke adgang til overblikket.";
    return error.problem?.detail ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
