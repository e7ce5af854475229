import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, parseKroner, type AnnualReport, type Goal } from "@helhedsplan/rules";
import { combineGrids, goalsToGrid, planToGrid, reportToGrid, type Grids } from "@helhedsplan/workbook";
import { describe, expect, it } from "vitest";
import { regnskabData } from "../test-host/regnskab";
import { flag, runPass } from "./pass";

const overCap = () => {
  const plan = structuredClone(demoPlan);
  const move = parseKroner(500_000);
  plan.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2015"]! -= move;
  plan.budget.financing.find((row) => row.source === "kommunePulje")!.amountsOre["2015"]! += move;
  return plan;
};

function flagged(grids: Grids, result: ReturnType<typeof runPass>, value: number): string[] {
  return result.flags.flatMap((block) => {
    const table = grids.tables.find((candidate) => candidate.name === block.table)!;
    const origin = /^([A-Z]+)(\d+)$/.exec(table.topLeft)!;
    return block.flags.flatMap((row, r) =>
      row.flatMap((cell, c) =>
        cell === value
          ? [`${block.sheet}!${String.fromCharCode(origin[1]!.charCodeAt(0) + c)}${Number(origin[2]) + r}`]
          : [],
      ),
    );
  });
}

describe("runPass", () => {
  it("the demo plan: no findings, no flags, the municipal share within the cap", () => {
    const grids = planToGrid(demoPlan, defaultReference);
    const result = runPass(grids, defaultReference);
    expect(result.findings).toEqual([]);
    expect(result.flags.map((block) => block.table)).toEqual(["Stamdata", "Udgifter", "Finansiering"]);
    expect(result.flags.every((block) => block.flags.every((row) => row.every((cell) => cell === flag.none)))).toBe(
      true,
    );
    expect(result.model).toMatchObject({
      hasPlan: true,
      plan: { name: demoPlan.name, period: "2014–2017" },
      frame: "7.700.000,00 kr.",
      municipal: { amount: "900.000,00 kr.", share: "11,68 %", cap: "12,5 %", withinCap: true },
      poolDraw: "900.000,00 kr.",
      errors: [],
      warnings: [],
    });
    expect(result.model.sourceChoices.map((choice) => choice.id)).not.toContain("lbf");
  });

  it("over the cap: the error flags the pool row's I alt cell, the pane says it in Danish, and the share rounds away from the cap", () => {
    const grids = planToGrid(overCap(), defaultReference);
    const result = runPass(grids, defaultReference);
    const cap = result.findings.find((finding) => finding.ruleId === "kommune.cap");
    expect(cap?.cell).toMatch(/^Budget!F\d+$/);
    expect(flagged(grids, result, flag.error)).toContain(cap?.cell);
    expect(result.model.municipal.withinCap).toBe(false);
    expect(result.model.municipal.share).toBe("18,19 %");
    expect(result.model.errors[0]?.message).toMatch(/^Kommunens andel er 18,19 % af rammen/);
  });

  it("a workbook without the plan's tables: no flags, and the pane offers a new plan", () => {
    const result = runPass({ sheets: ["Ark1"], tables: [] }, defaultReference);
    expect(result.flags).toEqual([]);
    expect(result.model.hasPlan).toBe(false);
  });

  it("annotations: unsynced and taken-from-the-service cells flagged where no finding is, a finding outranks both, extra findings listed", () => {
    const grids = planToGrid(overCap(), defaultReference);
    const plain = runPass(grids, defaultReference);
    const capCell = plain.findings.find((finding) => finding.ruleId === "kommune.cap")!.cell;
    const seen: { planId: string | null; rows: number }[] = [];
    const result = runPass(grids, defaultReference, {
      annotate: (read) => {
        seen.push({ planId: read.planId, rows: read.map.expenses?.rows.length ?? 0 });
        return {
          unsynced: ["Budget!D4", capCell, "Budget!E4", "Overblik!B2"],
          fromServer: ["Budget!E4", "Budget!D5"],
          extraFindings: [
            {
              ruleId: "addin.plan-locked",
              severity: "error",
              message: "Godkendt version.",
              path: [],
              cell: "Budget!D6",
            },
          ],
        };
      },
    });
    expect(seen).toEqual([{ planId: null, rows: overCap().budget.expenses.length }]);
    expect(flagged(grids, result, flag.unsynced)).toEqual(["Budget!D4"]);
    expect(flagged(grids, result, flag.fromServer)).toEqual(["Budget!E4", "Budget!D5"]);
    expect(flagged(grids, result, flag.error).sort()).toEqual([capCell, "Budget!D6"].sort());
    expect(result.model.errors.map((finding) => finding.ruleId)).toContain("addin.plan-locked");
  });
});

describe("runPass with a Regnskab sheet", () => {
  const { plan, goals, report } = regnskabData();
  const gridsOf = (changed: AnnualReport = report, shown: Goal[] = goals) =>
    combineGrids(
      planToGrid(plan, defaultReference),
      goalsToGrid(goals, defaultReference),
      reportToGrid(changed, defaultReference, { goals: shown }),
    );
  const overspent = () => {
    const changed = structuredClone(report);
    changed.spending[0]!.actualOre += 1;
    return changed;
  };

  it("the demo report: no findings, no flags; the variance per focus area and the year's, from reportVariance", () => {
    const grids = gridsOf();
    const result = runPass(grids, defaultReference);
    expect(result.flags.map((block) => block.table)).toEqual([
      "Stamdata",
      "Udgifter",
      "Finansiering",
      "Forbrug",
      "Modtaget",
      "Maalopfyldelse",
    ]);
    expect(flagged(grids, result, flag.warning)).toEqual([]);
    const model = result.model.report!;
    expect(model).toMatchObject({ year: 2014, approvedFrom: { kind: "workbook" }, errors: [], warnings: [] });
    expect(model.report).toEqual(report);
    expect(model.total).toEqual({
      key: "year",
      label: "I alt",
      approved: "1.900.000,00 kr.",
      actual: "1.872.000,00 kr.",
      variance: "-28.000,00 kr.",
      percent: "-1,47 %",
      direction: "under",
    });
    expect(model.byFocusArea.map((row) => [row.label, row.variance, row.percent, row.direction])).toEqual([
      ["Børn, unge og familie", "-20.000,00 kr.", "-3,51 %", "under"],
      ["Uddannelse, beskæftigelse og erhverv", "0,00 kr.", "0,00 %", "even"],
      ["Kultur og fritid", "0,00 kr.", "0,00 %", "even"],
      ["Sundhed", "-8.000,00 kr.", "-10,00 %", "under"],
      ["Udsatte grupper", "0,00 kr.", "0,00 %", "even"],
      ["Beboernetværk, inddragelse og demokrati", "0,00 kr.", "0,00 %", "even"],
      ["Image og kommunikation", "0,00 kr.", "0,00 %", "even"],
    ]);
  });

  it("one øre above a line's approved amount: a warning on that cell, listed with the report's findings, not the plan's", () => {
    const grids = gridsOf(overspent());
    const result = runPass(grids, defaultReference);
    expect(flagged(grids, result, flag.warning)).toEqual(["Regnskab!D4"]);
    expect(result.model.report?.warnings.map((finding) => [finding.ruleId, finding.cell])).toEqual([
      ["report.line-overspent", "Regnskab!D4"],
    ]);
    expect(result.model.report?.warnings[0]?.message).toMatch(/^Forbrugslinje 1 .*\(0,01 kr\. mere\)/);
    expect(result.model.warnings).toEqual([]);
    expect(result.findings).toEqual([]);
    expect(result.model.report?.byFocusArea[0]).toMatchObject({ variance: "-19.999,99 kr.", direction: "under" });
  });

  it("offline the approved plan is the workbook's own: raising the budget line silences the overspending", () => {
    const raised = structuredClone(plan);
    raised.budget.expenses[0]!.amountsOre["2014"]! += 1;
    raised.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2014"]! += 1;
    const grids = combineGrids(
      planToGrid(raised, defaultReference),
      goalsToGrid(goals, defaultReference),
      reportToGrid(overspent(), defaultReference, { goals }),
    );
    expect(runPass(grids, defaultReference).model.report?.warnings).toEqual([]);
  });

  it("the service's approved version, when given, is what the report is checked against, with the earlier reports", () => {
    const approvedPlan = structuredClone(plan);
    approvedPlan.budget.expenses[0]!.amountsOre["2014"] = parseKroner(400_000);
    // 2015's report already had 700.000 kr. of pool money: with 2014's 225.000 kr. over the 900.000 kr. approved.
    const earlier: AnnualReport = {
      year: 2015,
      spending: [],
      financingReceived: [{ source: "kommunePulje", actualOre: parseKroner(700_000) }],
      goals: [],
    };
    const result = runPass(gridsOf(), defaultReference, {
      approved: { version: 3, approved: { plan: approvedPlan, goals }, earlier: [earlier] },
    });
    const model = result.model.report!;
    expect(model.approvedFrom).toEqual({ kind: "service", version: 3 });
    // The year's 1.872.000 kr. are now above the 1.850.000 kr. approved too.
    expect(model.warnings.map((finding) => [finding.ruleId, finding.cell])).toEqual([
      ["report.kommune-share", "Regnskab!B19"],
      ["report.year-overspent", "Regnskab!D14"],
      ["report.line-overspent", "Regnskab!D4"],
    ]);
    expect(model.byFocusArea[0]).toMatchObject({
      approved: "520.000,00 kr.",
      variance: "+30.000,00 kr.",
      direction: "over",
    });
  });

  it("a goal without a status is warned about on its own Status cell", () => {
    const changed = structuredClone(report);
    changed.goals = changed.goals.filter((goal) => goal.goalId !== "m3");
    const grids = gridsOf(changed);
    const result = runPass(grids, defaultReference);
    expect(result.model.report?.warnings.map((finding) => finding.ruleId)).toEqual(["report.goal-status-missing"]);
    expect(flagged(grids, result, flag.warning)).toEqual([result.model.report?.warnings[0]?.cell]);
  });

  it("a workbook without a Regnskab sheet has no report in the pane", () => {
    expect(runPass(planToGrid(demoPlan, defaultReference), defaultReference).model.report).toBeNull();
  });
});
