// GET /reports against a hand computation: several plans in three byområder over four focus areas, reports for
// 2014 and 2015, a draft that is left out. The suite's database holds only these plans.
import type { AnnualReport, Client } from "@helhedsplan/api";
import type { Budget, Goal } from "@helhedsplan/rules";
import { beforeAll, expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { describeEachDialect } from "../../test/support/each-dialect";
import { planHeader } from "../../test/support/fixtures";
import { approve, newPool } from "../../test/support/plans";

const years = ["2014", "2015", "2016", "2017"];

interface Line {
  focusArea: string;
  category: string;
  activity: string;
  /** The same amount (øre) in every year of 2014–2017. */
  yearlyOre: number;
}

/** A balanced budget: the lines' money each year, financed 1/8 (rounded down) by the pool and the rest by LBF. */
function budgetOf(lines: Line[]): Budget {
  const yearTotal = lines.reduce((sum, line) => sum + line.yearlyOre, 0);
  const pool = Math.floor(yearTotal / 8);
  const each = (amount: number) => Object.fromEntries(years.map((year) => [year, amount]));
  return {
    expenses: lines.map(({ yearlyOre, ...key }) => ({ ...key, amountsOre: each(yearlyOre) })),
    financing: [
      { source: "lbf", amountsOre: each(yearTotal - pool) },
      { source: "kommunePulje", amountsOre: each(pool) },
    ],
  };
}

const koordinator = { focusArea: "boern-unge", category: "loen", activity: "Koordinator" };
const motion = { focusArea: "sundhed", category: "aktiviteter", activity: "Motion" };
const sundMad = { focusArea: "sundhed", category: "aktiviteter", activity: "Sund mad" };
const lektiecafe = { focusArea: "boern-unge", category: "loen", activity: "Lektiecafé" };
const klub = { focusArea: "kultur-fritid", category: "aktiviteter", activity: "Klub" };
const avis = { focusArea: "image-kommunikation", category: "administration", activity: "Beboeravis" };

const goalsA: Goal[] = [
  { id: "a1", focusArea: "boern-unge", goal: "Flere i uddannelse", successCriteria: [] },
  { id: "a2", focusArea: "sundhed", goal: "Mere motion", successCriteria: [] },
];

async function approvedWith(client: Client, poolId: string, districtId: string, lines: Line[], goals: Goal[] = []) {
  const plan = await client.plans.create(planHeader({ poolId, districtId, name: `Plan i ${districtId}` }));
  const { version } = await client.plans.putBudget(plan.id, budgetOf(lines), { ifMatch: 0 });
  if (goals.length > 0) await client.plans.putGoals(plan.id, { goals }, { ifMatch: version });
  await client.plans.submit(plan.id);
  await approve(client, plan.id);
  return plan.id;
}

function report(year: number, spending: AnnualReport["spending"], goals: AnnualReport["goals"] = []): AnnualReport {
  return { year, spending, financingReceived: [], goals };
}

describeEachDialect("the overview of approved plans (GET /reports)", (service) => {
  const ids: Record<"a" | "b" | "c" | "e", string> = { a: "", b: "", c: "", e: "" };

  beforeAll(async () => {
    const client = service().client();
    const pool = await newPool(client, 10_000_000);
    // A (Nørrebro): Koordinator 1.000.000 øre and Motion 500.000 øre a year; two goals.
    ids.a = await approvedWith(
      client,
      pool.id,
      "noerrebro",
      [
        { ...koordinator, yearlyOre: 1_000_000 },
        { ...motion, yearlyOre: 500_000 },
      ],
      goalsA,
    );
    // B (Nørrebro): Sund mad 800.000 øre a year.
    ids.b = await approvedWith(client, pool.id, "noerrebro", [{ ...sundMad, yearlyOre: 800_000 }]);
    // C (Bispebjerg): Lektiecafé 600.000 and Klub 400.000 øre a year.
    ids.c = await approvedWith(client, pool.id, "bispebjerg", [
      { ...lektiecafe, yearlyOre: 600_000 },
      { ...klub, yearlyOre: 400_000 },
    ]);
    // E (Amager/Sundby): Beboeravis 300.000 øre a year, never reported.
    ids.e = await approvedWith(client, pool.id, "amager-sundby", [{ ...avis, yearlyOre: 300_000 }]);
    // D (Bispebjerg): a draft with a budget, never approved: not in the overview.
    const draft = await client.plans.create(planHeader({ poolId: pool.id, districtId: "bispebjerg" }));
    await client.plans.putBudget(draft.id, budgetOf([{ ...klub, yearlyOre: 9_999_999 }]), { ifMatch: 0 });

    const put = (id: string, body: AnnualReport) => client.plans.putReport(id, body, { ifMatch: 0 });
    await put(
      ids.a,
      report(
        2014,
        [
          { ...koordinator, actualOre: 1_100_000 },
          { ...motion, actualOre: 400_000 },
        ],
        [
          { goalId: "a1", status: "opfyldt", comment: "" },
          { goalId: "a2", status: "delvist", comment: "" },
        ],
      ),
    );
    await put(
      ids.a,
      report(
        2015,
        [
          { ...koordinator, actualOre: 900_000 },
          { ...motion, actualOre: 500_000 },
          { focusArea: "sundhed", category: "oevrigt", activity: "Ekstra", actualOre: 50_000 },
        ],
        [
          { goalId: "a1", status: "opfyldt", comment: "" },
          { goalId: "a2", status: "opfyldt", comment: "" },
        ],
      ),
    );
    await put(ids.b, report(2014, [{ ...sundMad, actualOre: 800_000 }]));
    // C's 2014 report is written twice; the overview counts its last version only.
    await put(ids.c, report(2014, [{ ...lektiecafe, actualOre: 650_000 }]));
    await client.plans.putReport(
      ids.c,
      report(2014, [
        { ...lektiecafe, actualOre: 700_000 },
        { ...klub, actualOre: 0 },
      ]),
      { ifMatch: 1 },
    );
  });

  test("year 2014: each plan, each byområde and each focus area as computed by hand", async () => {
    const summary = await service().client().reports.summary({ year: 2014 });
    expect(summary.items).toEqual([
      // A: approved 1.000.000 + 500.000; actual 1.100.000 + 400.000; goals met 1 (a1) of 2.
      {
        planId: ids.a,
        name: "Plan i noerrebro",
        districtId: "noerrebro",
        approvedOre: 1_500_000,
        actualOre: 1_500_000,
        varianceOre: 0,
        goalsMet: 1,
        goalsTotal: 2,
      },
      {
        planId: ids.b,
        name: "Plan i noerrebro",
        districtId: "noerrebro",
        approvedOre: 800_000,
        actualOre: 800_000,
        varianceOre: 0,
        goalsMet: 0,
        goalsTotal: 0,
      },
      // C: approved 600.000 + 400.000; actual 700.000 + 0.
      {
        planId: ids.c,
        name: "Plan i bispebjerg",
        districtId: "bispebjerg",
        approvedOre: 1_000_000,
        actualOre: 700_000,
        varianceOre: -300_000,
        goalsMet: 0,
        goalsTotal: 0,
      },
      // E: nothing reported.
      {
        planId: ids.e,
        name: "Plan i amager-sundby",
        districtId: "amager-sundby",
        approvedOre: 300_000,
        actualOre: 0,
        varianceOre: -300_000,
        goalsMet: 0,
        goalsTotal: 0,
      },
    ]);
    // In the reference's order: Nørrebro, Amager/Sundby, Bispebjerg.
    expect(summary.totals.byDistrict).toEqual([
      { districtId: "noerrebro", approvedOre: 2_300_000, actualOre: 2_300_000, varianceOre: 0 },
      { districtId: "amager-sundby", approvedOre: 300_000, actualOre: 0, varianceOre: -300_000 },
      { districtId: "bispebjerg", approvedOre: 1_000_000, actualOre: 700_000, varianceOre: -300_000 },
    ]);
    const byArea = Object.fromEntries(summary.totals.byFocusArea.map(({ focusArea, ...sums }) => [focusArea, sums]));
    expect(byArea).toEqual({
      // Koordinator 1.000.000 + Lektiecafé 600.000 approved; 1.100.000 + 700.000 spent.
      "boern-unge": { approvedOre: 1_600_000, actualOre: 1_800_000, varianceOre: 200_000 },
      // Motion 500.000 + Sund mad 800.000 approved; 400.000 + 800.000 spent.
      sundhed: { approvedOre: 1_300_000, actualOre: 1_200_000, varianceOre: -100_000 },
      "kultur-fritid": { approvedOre: 400_000, actualOre: 0, varianceOre: -400_000 },
      "image-kommunikation": { approvedOre: 300_000, actualOre: 0, varianceOre: -300_000 },
    });
    // The totals add up to the items, both ways.
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    expect(sum(summary.totals.byDistrict.map((row) => row.actualOre))).toBe(
      sum(summary.items.map((row) => row.actualOre)),
    );
    expect(sum(summary.totals.byFocusArea.map((row) => row.approvedOre))).toBe(
      sum(summary.items.map((row) => row.approvedOre)),
    );
  });

  test("the whole period: four years approved, every report's spending, goals met in the latest report", async () => {
    const summary = await service().client().reports.summary();
    const item = (id: string) => summary.items.find((candidate) => candidate.planId === id);
    // A: 4 × 1.500.000 approved; 1.500.000 (2014) + 1.450.000 (2015, with the unbudgeted Ekstra) spent; 2015: both goals met.
    expect(item(ids.a)).toMatchObject({
      approvedOre: 6_000_000,
      actualOre: 2_950_000,
      varianceOre: -3_050_000,
      goalsMet: 2,
      goalsTotal: 2,
    });
    expect(item(ids.b)).toMatchObject({ approvedOre: 3_200_000, actualOre: 800_000, varianceOre: -2_400_000 });
    expect(item(ids.c)).toMatchObject({ approvedOre: 4_000_000, actualOre: 700_000, varianceOre: -3_300_000 });
    expect(item(ids.e)).toMatchObject({ approvedOre: 1_200_000, actualOre: 0, varianceOre: -1_200_000 });
    expect(summary.items.length).toBe(4);
    const sundhed = summary.totals.byFocusArea.find((row) => row.focusArea === "sundhed");
    // Motion 4 × 500.000 + Sund mad 4 × 800.000 approved; 400.000 + 500.000 + 50.000 + 800.000 spent.
    expect(sundhed).toEqual({
      focusArea: "sundhed",
      approvedOre: 5_200_000,
      actualOre: 1_750_000,
      varianceOre: -3_450_000,
    });
    const noerrebro = summary.totals.byDistrict.find((row) => row.districtId === "noerrebro");
    expect(noerrebro).toEqual({
      districtId: "noerrebro",
      approvedOre: 9_200_000,
      actualOre: 3_750_000,
      varianceOre: -5_450_000,
    });
  });

  test("a byområde and a year: only its plans, only its totals", async () => {
    const summary = await service().client().reports.summary({ year: 2015, districtId: "noerrebro" });
    expect(summary.items.map((row) => [row.planId, row.approvedOre, row.actualOre, row.goalsMet])).toEqual([
      [ids.a, 1_500_000, 1_450_000, 2],
      [ids.b, 800_000, 0, 0],
    ]);
    expect(summary.totals.byDistrict).toEqual([
      { districtId: "noerrebro", approvedOre: 2_300_000, actualOre: 1_450_000, varianceOre: -850_000 },
    ]);
    expect(summary.totals.byFocusArea).toEqual([
      { focusArea: "boern-unge", approvedOre: 1_000_000, actualOre: 900_000, varianceOre: -100_000 },
      { focusArea: "sundhed", approvedOre: 1_300_000, actualOre: 550_000, varianceOre: -750_000 },
    ]);
    const empty = await service().client().reports.summary({ districtId: "valby-vigerslev" });
    expect(empty).toEqual({ items: [], totals: { byDistrict: [], byFocusArea: [] } });
  });

  test("a revision's approval replaces the approved amounts the overview sums", async () => {
    const client = service().client();
    const { version } = await client.plans.get(ids.e);
    await client.plans.reopen(ids.e);
    await client.plans.putBudget(ids.e, budgetOf([{ ...avis, yearlyOre: 200_000 }]), { ifMatch: version });
    // Before the revision is approved the overview keeps the approved version's figures.
    expect((await client.reports.summary({ year: 2016 })).items.find((row) => row.planId === ids.e)?.approvedOre).toBe(
      300_000,
    );
    await client.plans.submit(ids.e);
    await approve(client, ids.e);
    expect((await client.reports.summary({ year: 2016 })).items.find((row) => row.planId === ids.e)?.approvedOre).toBe(
      200_000,
    );
  });

  test("bad filters are 400; housing may not read the overview (403)", async () => {
    const bad = await service().fetch("/api/v1/reports?year=14");
    expect(bad.status).toBe(400);
    expect((await service().fetch("/api/v1/reports?districtId=../x")).status).toBe(400);
    const housing = service().client(await service().token("housing", "Bo-Vita"));
    expect((await rejection(housing.reports.summary())).status).toBe(403);
    const viewer = service().client(await service().token("viewer"));
    expect((await viewer.reports.summary()).items.length).toBe(4);
  });
});
