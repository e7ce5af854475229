// Goals as versioned plan content, yearly reports and closing a plan, over HTTP on each database. The service's clock
// is the test's (`now`), so a plan can be closed "after its period" without waiting for 2018.
import type { AnnualReport } from "@helhedsplan/api";
import type { Goal } from "@helhedsplan/rules";
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { describeEachDialect } from "../../test/support/each-dialect";
import { budgetWithPoolMoney, planHeader } from "../../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../../test/support/ledger";
import { approvedPlan, draftWithPoolMoney, newPool } from "../../test/support/plans";
import type { Db } from "../../test/support/testing";

let now = new Date("2016-06-01T10:00:00Z");

const goals: Goal[] = [
  {
    id: "m1",
    focusArea: "boern-unge",
    goal: "Flere unge i uddannelse",
    successCriteria: ["80 % i gang efter 9. klasse"],
  },
  { id: "m2", focusArea: "sundhed", goal: "Mere motion", successCriteria: ["200 deltagere om året"] },
];

/** A year's report on `budgetWithPoolMoney`'s one expense line. */
function report(year: number, overrides: Partial<AnnualReport> = {}): AnnualReport {
  return {
    year,
    spending: [{ focusArea: "boern-unge", category: "loen", activity: "Familiekoordinator", actualOre: 10_000_000 }],
    financingReceived: [{ source: "kommunePulje", actualOre: 1_000_000 }],
    goals: [
      { goalId: "m1", status: "opfyldt", comment: "" },
      { goalId: "m2", status: "delvist", comment: "Holdet startede sent." },
    ],
    ...overrides,
  };
}

async function countRows(service: { db: Db }, planId: string) {
  const reports = await service.db.selectFrom("reports").select("year").where("plan_id", "=", planId).execute();
  const lines = await service.db.selectFrom("report_lines").select("line").where("plan_id", "=", planId).execute();
  return { reports: reports.length, lines: lines.length };
}

describeEachDialect(
  "goals, yearly reports and closing a plan",
  (service) => {
    test("PUT goals makes a new version carrying header and budget; the goals are in the plan and its versions", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const draft = await draftWithPoolMoney(client, pool.id, 100_000);
      const written = await client.plans.putGoals(draft.id, { goals }, { ifMatch: 1 });
      expect(written.version).toBe(2);
      const { data, version } = await client.plans.get(draft.id);
      expect(version).toBe(2);
      expect(data.goals).toEqual(goals);
      expect(data.budget).toEqual(budgetWithPoolMoney(100_000));
      const versions = (await client.plans.versions(draft.id)).items;
      expect(versions.map((v) => v.goals)).toEqual([[], goals]);
      // A later budget write carries the goals over.
      await client.plans.putBudget(draft.id, budgetWithPoolMoney(50_000), { ifMatch: 2 });
      expect((await client.plans.version(draft.id, 3)).goals).toEqual(goals);
      const audit = await client.audit.list({ entity: "plan", id: draft.id });
      expect(audit.items.map((entry) => entry.action)).toContain("plan.goals");
    });

    test("PUT goals: 428 without If-Match, 412 stale, 422 for a duplicate id or unknown focus area, 409 outside draft, 400 for a bad shape", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const draft = await draftWithPoolMoney(client, pool.id, 100_000);
      const path = `/api/v1/plans/${draft.id}/goals`;
      const put = (body: unknown, ifMatch?: string) =>
        service().fetch(path, {
          method: "PUT",
          headers: { "content-type": "application/json", ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
          body: JSON.stringify(body),
        });
      expect((await put({ goals })).status).toBe(428);
      const stale = await put({ goals }, '"0"');
      expect(stale.status).toBe(412);
      expect(await stale.json()).toMatchObject({ current: 1 });
      const duplicate = await put({ goals: [goals[0], { ...goals[1], id: "m1" }] }, '"1"');
      expect(duplicate.status).toBe(422);
      expect(await duplicate.json()).toMatchObject({
        findings: [{ ruleId: "goal.id-duplicate", path: ["goals", 1, "id"] }],
      });
      const unknown = await put({ goals: [{ ...goals[0], focusArea: "ukendt" }] }, '"1"');
      expect(unknown.status).toBe(422);
      const badShape = await put({ goals: [{ ...goals[0], goal: "" }] }, '"1"');
      expect(badShape.status).toBe(400);
      expect((await client.plans.get(draft.id)).version).toBe(1);
      await client.plans.submit(draft.id);
      const submitted = await put({ goals }, '"1"');
      expect(submitted.status).toBe(409);
      expect(((await submitted.json()) as { detail: string }).detail).toMatch(/kun ændres som kladde/);
    });

    test("the goals are approved and frozen with the plan's version", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const plan = await approvedPlan(client, pool.id, 100_000, { goals });
      const { data } = await client.plans.get(plan.id);
      expect(data.approvedVersion).toBe(plan.version);
      expect((await client.plans.version(plan.id, plan.version)).goals).toEqual(goals);
      await client.plans.reopen(plan.id);
      await client.plans.putGoals(plan.id, { goals: [goals[0] as Goal] }, { ifMatch: plan.version });
      // The approved version keeps its goals; the reports are checked against them.
      expect((await client.plans.version(plan.id, plan.version)).goals).toEqual(goals);
      const written = await client.plans.putReport(plan.id, report(2014, { goals: [] }), { ifMatch: 0 });
      // Both approved goals lack a status (the draft's one-goal list is not what was approved).
      expect(written.findings).toContainEqual(
        expect.objectContaining({ ruleId: "report.goal-status-missing", severity: "warning", path: ["goals"] }),
      );
    });

    test("a year's first report with If-Match 0 is stored with its warnings and variance; GET answers it with its ETag", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const plan = await approvedPlan(client, pool.id, 100_000, { goals });
      const body = report(2015, {
        spending: [
          { focusArea: "boern-unge", category: "loen", activity: "Familiekoordinator", actualOre: 20_000_001 },
        ],
      });
      const written = await client.plans.putReport(plan.id, body, { ifMatch: 0 });
      expect(written).toMatchObject({ ...body, version: 1 });
      // 800.000 kr. over four years: 20.000.000 øre approved in 2015, one øre more spent.
      expect(written.variance.year).toEqual({ approvedOre: 20_000_000, actualOre: 20_000_001, varianceOre: 1 });
      expect(written.findings.map((finding) => finding.ruleId).sort()).toEqual([
        "report.line-overspent",
        "report.year-overspent",
      ]);
      const fetched = await client.plans.getReport(plan.id, 2015);
      expect(fetched.version).toBe(1);
      expect(fetched.data).toEqual(written);
      const again = await client.plans.putReport(plan.id, report(2015), { ifMatch: 1 });
      expect(again.version).toBe(2);
      expect((await client.plans.getReport(plan.id, 2015)).version).toBe(2);
      const audit = await client.audit.list({ entity: "plan", id: plan.id });
      const reports = audit.items.filter((entry) => entry.action === "plan.report");
      expect(reports.length).toBe(2);
      expect(reports[1]?.before).toMatchObject({ year: 2015, version: 1 });
      expect(reports[1]?.after).toMatchObject({ year: 2015, version: 2 });
      expect(await countRows(service(), plan.id)).toEqual({ reports: 1, lines: 1 });
      // The plan's version and status are the report's own business: unchanged.
      expect((await client.plans.get(plan.id)).version).toBe(plan.version);
    });

    test("bad reports are 4xx with Danish details and store nothing", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const draft = await draftWithPoolMoney(client, pool.id, 100_000);
      const put = (planId: string, year: number | string, body: unknown, ifMatch?: string) =>
        service().fetch(`/api/v1/plans/${planId}/reports/${year}`, {
          method: "PUT",
          headers: { "content-type": "application/json", ...(ifMatch === undefined ? {} : { "if-match": ifMatch }) },
          body: JSON.stringify(body),
        });

      // A plan not yet approved: 409.
      const notApproved = await put(draft.id, 2014, report(2014), '"0"');
      expect(notApproved.status).toBe(409);
      expect(((await notApproved.json()) as { detail: string }).detail).toMatch(/kun redegøres for en godkendt plan/);

      const plan = await approvedPlan(client, pool.id, 100_000, { goals });
      // A year outside the period: 422 with the finding.
      const outside = await put(plan.id, 2019, report(2019), '"0"');
      expect(outside.status).toBe(422);
      const outsideProblem = (await outside.json()) as { findings: unknown[] };
      expect(outsideProblem.findings).toEqual([
        expect.objectContaining({ ruleId: "report.year-outside-period", severity: "error", path: ["year"] }),
      ]);
      // Text in an amount: 400 naming the field.
      const text = report(2014) as unknown as { spending: { actualOre: unknown }[] };
      (text.spending[0] as { actualOre: unknown }).actualOre = "tusind kroner";
      const textAnswer = await put(plan.id, 2014, text, '"0"');
      expect(textAnswer.status).toBe(400);
      expect(((await textAnswer.json()) as { errors: unknown[] }).errors).toEqual([
        expect.objectContaining({ path: ["spending", 0, "actualOre"] }),
      ]);
      // A goal status that is not one of the three: 400.
      const badStatus = await put(
        plan.id,
        2014,
        report(2014, { goals: [{ goalId: "m1", status: "næsten" as "opfyldt", comment: "" }] }),
        '"0"',
      );
      expect(badStatus.status).toBe(400);
      expect(((await badStatus.json()) as { errors: unknown[] }).errors).toEqual([
        expect.objectContaining({ path: ["goals", 0, "status"] }),
      ]);
      // The body's year is the path's: 400.
      expect((await put(plan.id, 2014, report(2015), '"0"')).status).toBe(400);
      // A year that is no year: 400.
      expect((await put(plan.id, "14", report(2014), '"0"')).status).toBe(400);
      // Without If-Match: 428.
      expect((await put(plan.id, 2014, report(2014))).status).toBe(428);
      // A first report claiming a version: 412 with the current 0.
      const claimed = await put(plan.id, 2014, report(2014), '"1"');
      expect(claimed.status).toBe(412);
      expect(await claimed.json()).toMatchObject({ current: 0 });
      expect(await countRows(service(), plan.id)).toEqual({ reports: 0, lines: 0 });

      // A second report for the same year without the right If-Match: 412 (stale) or 428 (none).
      await client.plans.putReport(plan.id, report(2014), { ifMatch: 0 });
      const second = await put(plan.id, 2014, report(2014, { financingReceived: [] }), '"0"');
      expect(second.status).toBe(412);
      const secondProblem = (await second.json()) as { current: number; detail: string };
      expect(secondProblem).toMatchObject({ current: 1 });
      expect(secondProblem.detail).toMatch(/Redegørelsen for 2014 er i version 1/);
      expect((await put(plan.id, 2014, report(2014))).status).toBe(428);
      expect((await client.plans.getReport(plan.id, 2014)).data.financingReceived).toEqual(
        report(2014).financingReceived,
      );
      expect(await countRows(service(), plan.id)).toEqual({ reports: 1, lines: 1 });
      // A year without a report: 404 saying so.
      const none = await service().fetch(`/api/v1/plans/${plan.id}/reports/2016`);
      expect(none.status).toBe(404);
      expect(((await none.json()) as { detail: string }).detail).toMatch(/ingen redegørelse for 2016/);
    });

    test("housing organisations report on their own plans only; another organisation's plan is a 404", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const plan = await approvedPlan(client, pool.id, 100_000, { organisation: "Bo-Vita" });
      const own = service().client(await service().token("housing", "Bo-Vita"));
      expect((await own.plans.putReport(plan.id, report(2014), { ifMatch: 0 })).version).toBe(1);
      expect((await own.plans.getReport(plan.id, 2014)).version).toBe(1);
      const other = service().client(await service().token("housing", "fsb"));
      expect((await rejection(other.plans.putReport(plan.id, report(2015), { ifMatch: 0 }))).status).toBe(404);
      expect((await rejection(other.plans.getReport(plan.id, 2014))).status).toBe(404);
      const viewer = service().client(await service().token("viewer"));
      expect((await rejection(viewer.plans.putReport(plan.id, report(2015), { ifMatch: 0 }))).status).toBe(403);
      expect((await viewer.plans.getReport(plan.id, 2014)).version).toBe(1);
      expect(await countRows(service(), plan.id)).toEqual({ reports: 1, lines: 1 });
    });

    test("close: 409 before the period is over and with a year unreported; then the unspent pool money returns to the øre", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      // 100.000 kr. = 10.000.000 øre of pool money, 2.500.000 øre a year over 2014–2017.
      const plan = await approvedPlan(client, pool.id, 100_000, { goals });
      const committed = await client.pools.get(pool.id);
      expect(committed).toMatchObject({ committedOre: 10_000_000, availableOre: 100_000_000 - 10_000_000 });

      const received = { 2014: 2_500_000, 2015: 2_500_000, 2016: 1_234_567 };
      for (const [year, actualOre] of Object.entries(received)) {
        await client.plans.putReport(
          plan.id,
          report(Number(year), {
            financingReceived: [
              { source: "kommunePulje", actualOre },
              { source: "lbf", actualOre: 99 },
            ],
          }),
          { ifMatch: 0 },
        );
      }
      now = new Date("2016-06-01T10:00:00Z");
      const early = await rejection(client.plans.close(plan.id));
      expect(early.status).toBe(409);
      expect(early.problem?.detail).toMatch(/periodens sidste år \(2017\) er omme; det er nu 2016/);
      // 23:30 on 31 December 2017 in Copenhagen is still 2017.
      now = new Date("2017-12-31T22:30:00Z");
      expect((await rejection(client.plans.close(plan.id))).status).toBe(409);
      // Half past midnight on 1 January 2018 in Copenhagen (still 2017 in UTC): over, but 2017 is unreported.
      now = new Date("2017-12-31T23:30:00Z");
      const unreported = await rejection(client.plans.close(plan.id));
      expect(unreported.status).toBe(409);
      expect(unreported.problem?.detail).toMatch(/mangler redegørelsen for 2017/);
      expect((await client.plans.get(plan.id)).data.status).toBe("approved");
      expect(await client.pools.get(pool.id)).toMatchObject({ committedOre: 10_000_000 });

      await client.plans.putReport(plan.id, report(2017, { financingReceived: [] }), { ifMatch: 0 });
      const closed = await client.plans.close(plan.id);
      expect(closed).toMatchObject({ status: "closed", approvedVersion: plan.version, version: plan.version });
      // Received 2.500.000 + 2.500.000 + 1.234.567 + 0 = 6.234.567 øre; 10.000.000 − 6.234.567 = 3.765.433 back.
      const after = await client.pools.get(pool.id);
      expect(after).toMatchObject({ committedOre: 6_234_567, availableOre: 100_000_000 - 6_234_567 });
      expect(after.availableOre - committed.availableOre).toBe(3_765_433);
      const ledger = await ledgerState(service().db, pool.id);
      assertLedgerInvariant(ledger);
      expect(ledger.rows.get(plan.id)).toEqual({ reservedOre: 0, committedOre: 6_234_567 });
      const audit = await client.audit.list({ entity: "plan", id: plan.id });
      expect(audit.items.at(-1)).toMatchObject({
        action: "plan.close",
        before: { status: "approved" },
        after: { status: "closed", receivedOre: 6_234_567, keptOre: 6_234_567, releasedOre: 3_765_433 },
      });

      // Closed is final: no second close, no report changes, no reopening.
      expect((await rejection(client.plans.close(plan.id))).status).toBe(409);
      expect((await rejection(client.plans.putReport(plan.id, report(2017), { ifMatch: 1 }))).status).toBe(409);
      expect((await rejection(client.plans.reopen(plan.id))).status).toBe(409);
      // The overview still shows it (it has an approved version).
      const summary = await client.reports.summary({ year: 2017 });
      expect(summary.items.map((item) => item.planId)).toContain(plan.id);
    });

    test("close keeps at most the commitment when more was received than committed, and refuses a plan never approved", async () => {
      const client = service().client();
      const pool = await newPool(client, 1_000_000);
      const plan = await approvedPlan(client, pool.id, 100_000);
      for (const year of [2014, 2015, 2016, 2017]) {
        await client.plans.putReport(
          plan.id,
          report(year, { goals: [], financingReceived: [{ source: "kommunePulje", actualOre: 3_000_000 }] }),
          { ifMatch: 0 },
        );
      }
      now = new Date("2018-02-01T12:00:00Z");
      await client.plans.close(plan.id);
      expect(await client.pools.get(pool.id)).toMatchObject({ committedOre: 10_000_000 });
      const draft = await client.plans.create(planHeader({ poolId: pool.id }));
      const refused = await rejection(client.plans.close(draft.id));
      expect(refused.status).toBe(409);
      expect(refused.problem?.detail).toMatch(/Kun en godkendt plan kan afsluttes; planen er kladde/);
      const viewer = service().client(await service().token("viewer"));
      expect((await rejection(viewer.plans.close(plan.id))).status).toBe(403);
    });
  },
  { clock: () => now },
);
