// pushReport against the real service (in this process, on PGlite): a year's first report, the same
// report again (no new version), a correction over the workbook's version, a colleague's newer
// report (conflict, then "mine"), the refusals a finance officer meets and a lost answer retried
// with the same Idempotency-Key.
import { createClient, type Client } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { parseKroner, type AnnualReport, type Goal } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { combineGrids, planToGrid, reportToGrid, type Grids } from "@helhedsplan/workbook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushReport, readReportVersion, reportVersionCell } from "./report-push";

const { budget, ...header } = demoPlan;
const decidedOn = "2014-03-01";
const goals: Goal[] = [
  { id: "M1", focusArea: "boern-unge", goal: "Flere børn klarer skolen", successCriteria: ["80 % består 9. klasse"] },
  { id: "M2", focusArea: "sundhed", goal: "Bedre sundhed", successCriteria: [] },
];

/** The 2015 report: exactly the approved amounts, the pool money and both goals. */
function report2015(): AnnualReport {
  return {
    year: 2015,
    spending: budget.expenses.map((line) => ({
      focusArea: line.focusArea,
      category: line.category,
      activity: line.activity,
      actualOre: line.amountsOre["2015"] ?? 0,
    })),
    financingReceived: [
      { source: "lbf", actualOre: parseKroner(1_485_000) },
      { source: "kommunePulje", actualOre: parseKroner(225_000) },
    ],
    goals: [
      { goalId: "M1", status: "delvist", comment: "72 % bestod" },
      { goalId: "M2", status: "opfyldt", comment: "" },
    ],
  };
}

describe("pushReport against the service", () => {
  let service: RunningService;
  let reference: Awaited<ReturnType<Client["reference"]["get"]>>;

  beforeAll(async () => {
    service = await startService();
    reference = await service.admin.reference.get();
  });
  afterAll(() => service?.stop());

  const draft = async (name: string) => {
    const created = await service.admin.plans.create({ ...header, name });
    await service.admin.plans.putBudget(created.id, budget, { ifMatch: 0 });
    await service.admin.plans.putGoals(created.id, { goals }, { ifMatch: 1 });
    return created.id;
  };
  const approved = async (name: string) => {
    const planId = await draft(name);
    await service.admin.plans.submit(planId);
    for (const body of ["committee", "council"] as const) {
      await service.admin.plans.decide(planId, { body, outcome: "approved", decidedOn, reference: `${body}, pkt. 1` });
    }
    return planId;
  };
  const workbook = (planId: string | undefined, report: AnnualReport): Grids =>
    combineGrids(
      planToGrid(demoPlan, reference, planId === undefined ? {} : { planId, version: 2 }),
      reportToGrid(report, reference, { goals }),
    );

  it("a year's first report, the same again, and a correction over the workbook's version", async () => {
    const planId = await approved("Redegørelse");
    const first = await pushReport(service.admin, workbook(planId, report2015()));
    expect(first).toMatchObject({ kind: "saved", planId, year: 2015, version: 1, unchanged: false, findings: [] });
    expect(first.stamps).toEqual([
      { sheet: "Regnskab", address: "C1", value: "Version på tjenesten" },
      { sheet: "Regnskab", address: "D1", value: 1 },
    ]);
    expect(first.message).toBe(
      "Gemte redegørelsen for 2015 som version 1: forbrug 1.900.000,00 kr. mod godkendt 1.900.000,00 kr. (afvigelse 0,00 kr.).",
    );

    const again = await pushReport(service.admin, workbook(planId, report2015()), { reportVersion: 1 });
    expect(again).toMatchObject({ kind: "saved", version: 1, unchanged: true, stamps: [] });
    expect(again.message).toContain("Intet at sende");

    const corrected = report2015();
    corrected.spending[1]!.actualOre += 1; // Lektiecafé: one øre over
    const saved = await pushReport(service.admin, workbook(planId, corrected), { reportVersion: 1 });
    expect(saved).toMatchObject({ kind: "saved", version: 2, unchanged: false });
    if (saved.kind !== "saved") return;
    expect(saved.findings.map((finding) => [finding.ruleId, finding.cell])).toEqual([
      ["report.year-overspent", "Regnskab!D14"],
      ["report.line-overspent", "Regnskab!D5"],
    ]);
    expect(saved.variance.year.varianceOre).toBe(1);
    expect(saved.message).toContain("med 2 advarsler");
    expect((await service.admin.plans.getReport(planId, 2015)).version).toBe(2);
  });

  it("a colleague's newer report: a conflict naming the differing cells, nothing saved; resolved with mine", async () => {
    const planId = await approved("Kollega");
    await service.admin.plans.putReport(planId, report2015(), { ifMatch: 0 });
    const theirs = report2015();
    theirs.goals[0] = { goalId: "M1", status: "opfyldt", comment: "" };
    await service.admin.plans.putReport(planId, theirs, { ifMatch: 1 });

    const mine = report2015();
    mine.financingReceived[1]!.actualOre = parseKroner(200_000);
    const result = await pushReport(service.admin, workbook(planId, mine), { reportVersion: 1 });
    expect(result).toMatchObject({ kind: "conflict", baseVersion: 1, serverVersion: 2, stamps: [], writes: [] });
    if (result.kind !== "conflict") return;
    expect(result.conflicts).toEqual([
      {
        cell: "Regnskab!B19",
        what: "Kommunen – puljen, modtaget 2015",
        mine: "200.000,00 kr.",
        theirs: "225.000,00 kr.",
      },
      { cell: "Regnskab!C24", what: "Målet M1, status 2015", mine: "Delvist: 72 % bestod", theirs: "Opfyldt" },
    ]);
    expect(result.message).toContain("siden arbejdsbogen fik version 1 (nu version 2)");
    expect((await service.admin.plans.getReport(planId, 2015)).version).toBe(2);

    // Without a version in the workbook the service's report is just as much news.
    const unstamped = await pushReport(service.admin, workbook(planId, mine));
    expect(unstamped).toMatchObject({ kind: "conflict", baseVersion: null, serverVersion: 2 });

    const resolved = await pushReport(service.admin, workbook(planId, mine), { reportVersion: 1, resolve: "mine" });
    expect(resolved).toMatchObject({ kind: "saved", version: 3 });
    expect((await service.admin.plans.getReport(planId, 2015)).data.financingReceived[1]?.actualOre).toBe(
      parseKroner(200_000),
    );
  });

  it("refusals: no Plan-ID, a plan not approved, text in an amount, a year outside the period, a version the service lacks", async () => {
    const none = await pushReport(service.admin, workbook(undefined, report2015()));
    expect(none).toMatchObject({ kind: "refused", reason: "workbook", findings: [{ cell: "Plan!B4" }] });

    const planId = await draft("Ikke godkendt");
    const notApproved = await pushReport(service.admin, workbook(planId, report2015()));
    expect(notApproved).toMatchObject({ kind: "refused", reason: "not-approved" });
    expect(notApproved.message).toContain("ingen godkendt version");

    const approvedId = await approved("Fejl i arket");
    const grids = workbook(approvedId, report2015());
    grids.tables.find((table) => table.name === "Forbrug")!.values[2]![3] = "mange penge";
    const unreadable = await pushReport(service.admin, grids);
    expect(unreadable).toMatchObject({ kind: "refused", reason: "workbook" });
    if (unreadable.kind !== "refused") return;
    expect(unreadable.findings.map((finding) => [finding.ruleId, finding.cell])).toEqual([
      ["workbook.cell-unreadable", "Regnskab!D5"],
    ]);
    expect(unreadable.message).toBe(
      "Regnskabsarket har 1 fejl; intet er sendt. Ret fejlene, og send redegørelsen igen.",
    );

    const outside = await pushReport(service.admin, workbook(approvedId, { ...report2015(), year: 2019 }));
    expect(outside).toMatchObject({ kind: "refused", reason: "workbook" });
    expect(outside.kind === "refused" && outside.findings.map((finding) => [finding.ruleId, finding.cell])).toEqual([
      ["report.year-outside-period", "Regnskab!D3"],
    ]);

    const ahead = await pushReport(service.admin, workbook(approvedId, report2015()), { reportVersion: 4 });
    expect(ahead).toMatchObject({ kind: "refused", reason: "version", findings: [{ cell: "Regnskab!D1" }] });
    const garbage = await pushReport(service.admin, workbook(approvedId, report2015()), { reportVersion: "to" });
    expect(garbage).toMatchObject({ kind: "refused", reason: "workbook", findings: [{ cell: "Regnskab!D1" }] });
    expect(await service.admin.plans.getReport(approvedId, 2015).catch((error: Error) => error.name)).toBe("ApiError");
  });

  it("a lost answer: the retry sends the same key and body, and the service keeps one version", async () => {
    const planId = await approved("Tabt svar");
    let drop = true;
    const losing: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (init?.method === "PUT" && drop) {
        drop = false;
        throw new TypeError("fetch failed");
      }
      return answer;
    };
    const client = createClient({ baseUrl: service.baseUrl, token: service.adminToken, fetch: losing });
    const lost = await pushReport(client, workbook(planId, report2015()));
    expect(lost).toMatchObject({ kind: "unavailable", planId, year: 2015, stamps: [] });
    if (lost.kind !== "unavailable") return;
    expect(lost.retry).toMatchObject({ write: "report" });
    expect(lost.message).toContain("Det vides ikke, om redegørelsen for 2015 blev gemt.");

    const retried = await pushReport(client, workbook(planId, report2015()), { retry: lost.retry });
    expect(retried).toMatchObject({ kind: "saved", version: 1 });
    expect(retried.stamps.at(-1)).toEqual({ sheet: "Regnskab", address: "D1", value: 1 });
    expect((await service.admin.plans.getReport(planId, 2015)).version).toBe(1);
  });

  it("readReportVersion: empty is never pushed, a whole number is a version, anything else is not", () => {
    expect(reportVersionCell).toMatchObject({ sheet: "Regnskab", address: "D1" });
    expect(readReportVersion(undefined)).toEqual({ ok: true, version: null });
    expect(readReportVersion(" ")).toEqual({ ok: true, version: null });
    expect(readReportVersion(3)).toEqual({ ok: true, version: 3 });
    expect(readReportVersion("12")).toEqual({ ok: true, version: 12 });
    expect(readReportVersion(1.5)).toMatchObject({ ok: false });
    expect(readReportVersion(true)).toMatchObject({ ok: false });
  });
});
