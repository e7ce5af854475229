import { demoPlan } from "@helhedsplan/demo";
import {
  defaultReference,
  poolUnknownFinding,
  ruleIds,
  validatePlan,
  validateReport,
  type AnnualReport,
  type Finding,
  type PlanContext,
  type PlanInput,
} from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import { cellOf, pathAt, type CellMap } from "./cell-map";
import { gridToPlan } from "./read-grid";
import { gridToReport } from "./read-report";
import { reportCellOf } from "./report-cell-map";
import {
  copyOf,
  demoApproved,
  demoGoals,
  demoReport,
  editCell,
  gridsOf,
  isTableCell,
  tableNamed,
} from "./test-helpers";
import { validateReportWorkbook } from "./validate-report-workbook";
import { validateWorkbook } from "./validate-workbook";
import { reportToGrid } from "./write-report";

const mapOf = (plan: PlanInput = demoPlan): CellMap => gridToPlan(gridsOf(plan), defaultReference).map;

describe("cellOf maps a finding's path to its cell (WORKBOOK.md Finding → cell)", () => {
  const map = mapOf();

  it("a header field → the Værdi cell of its Stamdata row", () => {
    expect(cellOf(["name"], map)).toBe("Plan!B5");
    expect(cellOf(["estates", 1], map)).toBe("Plan!B7");
    expect(cellOf(["periodEnd"], map)).toBe("Plan!B12");
    expect(cellOf(["poolId"], map)).toBe("Plan!B13");
    expect(cellOf(["version"], map)).toBe("Plan!B14");
  });

  it("an expense line → its row: the year column for an amount, the named column, or Aktivitet for the whole line", () => {
    expect(cellOf(["budget", "expenses", 3, "amountsOre", "2015"], map)).toBe("Budget!E7");
    expect(cellOf(["budget", "expenses", 3, "focusArea"], map)).toBe("Budget!A7");
    expect(cellOf(["budget", "expenses", 3, "category"], map)).toBe("Budget!B7");
    expect(cellOf(["budget", "expenses", 3], map)).toBe("Budget!C7");
    expect(cellOf(["budget", "expenses", 3, "amountsOre"], map)).toBe("Budget!H7");
  });

  it("a financing row → its row: the year column for an amount, else its I alt", () => {
    expect(cellOf(["budget", "financing", 1, "amountsOre", "2016"], map)).toBe("Budget!D19");
    expect(cellOf(["budget", "financing", 1, "source"], map)).toBe("Budget!A19");
    expect(cellOf(["budget", "financing", 2], map)).toBe("Budget!F20");
    expect(cellOf(["budget", "financing", "kommunePulje"], map)).toBe("Budget!F19");
  });

  it("a year's balance → that year in Finansiering's totals row; kommune → the pool row's I alt; lokal → the totals' I alt", () => {
    expect(cellOf(["budget", "financing", "2015"], map)).toBe("Budget!C21");
    expect(cellOf(["budget", "financing", "kommune"], map)).toBe("Budget!F19");
    expect(cellOf(["budget", "financing", "lokal"], map)).toBe("Budget!F21");
  });

  it("kommune without a pool row → the row of the other municipal money, else the totals row", () => {
    const plan = copyOf(demoPlan);
    plan.budget.financing[1]!.source = "kommuneOevrig";
    expect(cellOf(["budget", "financing", "kommune"], mapOf(plan))).toBe("Budget!F19");
    plan.budget.financing.splice(1, 1);
    expect(cellOf(["budget", "financing", "kommune"], mapOf(plan))).toBe("Budget!F20");
  });

  it("a whole table → its header cell; a table the workbook lacks → its sheet's A1", () => {
    expect(cellOf(["budget", "expenses"], map)).toBe("Budget!A3");
    expect(cellOf(["budget", "financing"], map)).toBe("Budget!A17");
    expect(cellOf([], map)).toBe("Plan!A3");
    const empty: CellMap = { stamdata: null, expenses: null, financing: null };
    expect(cellOf(["budget", "financing", "2015"], empty)).toBe("Budget!A1");
    expect(cellOf(["name"], empty)).toBe("Plan!A1");
  });
});

/** A plan (and context) that makes one rule fire, and the cell the rule's finding must point at. */
interface Trigger {
  ruleId: string;
  plan: PlanInput;
  context?: PlanContext;
  cell: string;
}

function changed(change: (plan: PlanInput) => void): PlanInput {
  const plan = copyOf(demoPlan);
  change(plan);
  return plan;
}

const planTriggers: Trigger[] = [
  { ruleId: ruleIds.inputShape, plan: changed((plan) => (plan.name = "")), cell: "Plan!B5" },
  {
    ruleId: ruleIds.inputShape,
    plan: changed((plan) => (plan.budget.expenses[2]!.activity = "x".repeat(201))),
    cell: "Budget!C6",
  },
  {
    ruleId: ruleIds.amountInvalid,
    plan: changed((plan) => (plan.budget.expenses[0]!.amountsOre["2015"] = -100)),
    cell: "Budget!E4",
  },
  { ruleId: ruleIds.planPeriod, plan: changed((plan) => (plan.periodEnd = 2013)), cell: "Plan!B12" },
  { ruleId: ruleIds.planDuration, plan: changed((plan) => (plan.periodEnd = 2018)), cell: "Plan!B12" },
  { ruleId: ruleIds.planDistrictUnknown, plan: changed((plan) => (plan.districtId = "oesterbro")), cell: "Plan!B8" },
  { ruleId: ruleIds.planDistrictRequired, plan: changed((plan) => (plan.districtId = null)), cell: "Plan!B8" },
  {
    ruleId: ruleIds.budgetYearOutsidePeriod,
    plan: changed((plan) => (plan.budget.expenses[0]!.amountsOre["2018"] = 100)),
    cell: "Budget!H4",
  },
  {
    ruleId: ruleIds.budgetFocusAreaUnknown,
    plan: changed((plan) => (plan.budget.expenses[1]!.focusArea = "trivsel")),
    cell: "Budget!A5",
  },
  {
    ruleId: ruleIds.budgetCategoryUnknown,
    plan: changed((plan) => (plan.budget.expenses[1]!.category = "husleje")),
    cell: "Budget!B5",
  },
  {
    ruleId: ruleIds.budgetDuplicateLine,
    plan: changed((plan) => (plan.budget.expenses[1] = copyOf(plan.budget.expenses[0]!))),
    cell: "Budget!C5",
  },
  {
    ruleId: ruleIds.budgetDuplicateSource,
    plan: changed((plan) => (plan.budget.financing[2]!.source = "lbf")),
    cell: "Budget!F20",
  },
  {
    ruleId: ruleIds.budgetUnbalanced,
    plan: changed((plan) => (plan.budget.expenses[0]!.amountsOre["2015"] = 45_000_100)),
    cell: "Budget!C21",
  },
  {
    ruleId: ruleIds.kommuneCap,
    plan: changed((plan) => (plan.budget.financing[1]!.amountsOre["2014"] = 100_000_000)),
    cell: "Budget!F19",
  },
  { ruleId: ruleIds.kommuneCooperationRequired, plan: changed((plan) => (plan.cooperation = false)), cell: "Plan!B10" },
  {
    ruleId: ruleIds.lbfLocalCofinancing,
    plan: demoPlan,
    context: {
      reference: {
        ...defaultReference,
        ruleProfile: { ...defaultReference.ruleProfile, minLocalCofinancingBasisPoints: 2500 },
      },
    },
    cell: "Budget!F21",
  },
  { ruleId: ruleIds.poolNotEligible, plan: changed((plan) => (plan.vulnerableArea = false)), cell: "Plan!B9" },
  { ruleId: ruleIds.poolMissing, plan: changed((plan) => (plan.poolId = null)), cell: "Plan!B13" },
  { ruleId: ruleIds.poolCapacity, plan: demoPlan, context: { poolAvailableOre: 100 }, cell: "Budget!F19" },
];

/** A report (and earlier reports) that makes one report rule fire against the demo plan approved with its goals, and the rule's cell on Regnskab. */
interface ReportTrigger {
  ruleId: string;
  report: AnnualReport;
  earlier?: AnnualReport[];
  cell: string;
  /** The cell validateReportWorkbook gives, where it is more precise than the path's. */
  workbookCell?: string;
}

function changedReport(change: (report: AnnualReport) => void): AnnualReport {
  const report = demoReport();
  change(report);
  return report;
}

// demoReport's grids: Forbrug A3:D14 (the year in D), Modtaget A17:B21 (the pool in row 19), Maalopfyldelse A24:D27.
const reportTriggers: ReportTrigger[] = [
  {
    ruleId: ruleIds.inputShape,
    report: changedReport((report) => (report.spending[2]!.activity = "x".repeat(201))),
    cell: "Regnskab!C6",
  },
  {
    ruleId: ruleIds.reportYearOutsidePeriod,
    report: changedReport((report) => (report.year = 2018)),
    cell: "Regnskab!D3",
  },
  {
    ruleId: ruleIds.reportLineUnknown,
    report: changedReport((report) => (report.spending[1]!.activity = "Lektiecafé for voksne")),
    cell: "Regnskab!C5",
  },
  {
    ruleId: ruleIds.reportLineOverspent,
    report: changedReport((report) => (report.spending[0]!.actualOre += 1)),
    cell: "Regnskab!D4",
  },
  {
    ruleId: ruleIds.reportYearOverspent,
    report: changedReport((report) => (report.spending[0]!.actualOre += 1)),
    cell: "Regnskab!D14",
  },
  {
    ruleId: ruleIds.reportKommuneShare,
    report: demoReport(),
    earlier: [2014, 2016, 2017]
      .map((year) => ({ ...demoReport(), year }))
      .concat([
        changedReport((report) => {
          report.year = 2016;
          report.financingReceived[1]!.actualOre += 1;
        }),
      ]),
    cell: "Regnskab!B19",
  },
  {
    ruleId: ruleIds.reportGoalStatusMissing,
    report: changedReport((report) => report.goals.splice(1, 1)),
    cell: "Regnskab!C24",
    workbookCell: "Regnskab!C27",
  },
];

describe("every plan and workbook rule of RULES.md maps to a real cell", () => {
  it.each(planTriggers.map((trigger) => [trigger.ruleId, trigger] as const))("%s", (ruleId, trigger) => {
    const grids = gridsOf(trigger.plan);
    const map = gridToPlan(grids, defaultReference).map;
    const findings = validatePlan(trigger.plan, { reference: defaultReference, ...trigger.context });
    const fired = findings.filter((finding) => finding.ruleId === ruleId);
    expect(fired.length).toBeGreaterThan(0);
    expect(fired.map((finding) => cellOf(finding.path, map))).toContain(trigger.cell);
    // Every finding of the plan, not only the triggered one, lands inside a table of the workbook.
    for (const finding of findings)
      expect(isTableCell(grids, cellOf(finding.path, map)), `${finding.ruleId} at ${cellOf(finding.path, map)}`).toBe(
        true,
      );
  });

  it("pool.unknown (the service's own finding)", () => {
    const finding: Finding = poolUnknownFinding("budget-2099", ["budget-2012"]);
    expect(cellOf(finding.path, mapOf())).toBe("Plan!B13");
  });

  it("workbook.cell-unreadable and workbook.layout carry their cell", () => {
    const unreadable = validateWorkbook(editCell(gridsOf(), "Budget!E6", "#REF!"), defaultReference);
    expect(unreadable.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: ruleIds.workbookCellUnreadable, cell: "Budget!E6" },
    ]);
    const grids = gridsOf();
    tableNamed(grids, "Udgifter").name = "Udgifter2";
    const layout = validateWorkbook(grids, defaultReference);
    expect(layout.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: ruleIds.workbookLayout, cell: "Budget!A1" },
    ]);
  });

  it.each(reportTriggers.map((trigger) => [trigger.ruleId, trigger] as const))(
    "%s (a yearly report, on Regnskab)",
    (ruleId, trigger) => {
      const grids = reportToGrid(trigger.report, defaultReference, { goals: demoGoals });
      const map = gridToReport(grids, defaultReference).map;
      const findings = validateReport(trigger.report, demoApproved, trigger.earlier);
      const fired = findings.filter((finding) => finding.ruleId === ruleId);
      expect(fired.length).toBeGreaterThan(0);
      expect(fired.map((finding) => reportCellOf(finding.path, map))).toContain(trigger.cell);
      for (const finding of findings)
        expect(isTableCell(grids, reportCellOf(finding.path, map)), `${finding.ruleId}`).toBe(true);
      // validateReportWorkbook gives the same findings, each with its cell (a missing goal's status: its own row).
      const cells = validateReportWorkbook(grids, defaultReference, demoApproved, trigger.earlier)
        .filter((finding) => finding.ruleId === ruleId)
        .map((finding) => finding.cell);
      expect(cells).toContain(trigger.workbookCell ?? trigger.cell);
    },
  );

  it("the triggers above cover every plan, workbook and yearly report rule id", () => {
    const covered = new Set([
      ...planTriggers.map((trigger) => trigger.ruleId),
      ...reportTriggers.map((trigger) => trigger.ruleId),
      ruleIds.poolUnknown,
      ruleIds.workbookCellUnreadable,
      ruleIds.workbookLayout,
    ]);
    // Contract findings have no workbook cell: contracts are not in the workbook.
    const expected = Object.values(ruleIds).filter((ruleId) => !ruleId.startsWith("contract."));
    expect([...covered].sort()).toEqual([...expected].sort());
  });
});

describe("pathAt: a typed-in cell → its path (the reverse of cellOf)", () => {
  const map = mapOf();

  it("gives back the path of every input cell cellOf names", () => {
    const paths: (string | number)[][] = [["name"], ["periodEnd"], ["poolId"], ["version"]];
    demoPlan.budget.expenses.forEach((line, index) => {
      for (const field of ["focusArea", "category", "activity"]) paths.push(["budget", "expenses", index, field]);
      for (const year of Object.keys(line.amountsOre)) paths.push(["budget", "expenses", index, "amountsOre", year]);
    });
    demoPlan.budget.financing.forEach((row, index) => {
      paths.push(["budget", "financing", index, "source"]);
      for (const year of Object.keys(row.amountsOre)) paths.push(["budget", "financing", index, "amountsOre", year]);
    });
    for (const path of paths) expect(pathAt(cellOf(path, map), map)).toEqual(path);
  });

  it("is null for a header, a total, a cell outside the tables and what is no address", () => {
    expect(pathAt("Budget!A3", map)).toBeNull();
    expect(pathAt(cellOf(["budget", "expenses", 3, "amountsOre"], map), map)).toBeNull();
    expect(pathAt(cellOf(["budget", "financing", "2015"], map), map)).toBeNull();
    expect(pathAt("Budget!Z99", map)).toBeNull();
    expect(pathAt("Overblik!B5", map)).toBeNull();
    expect(pathAt("Plan!A5", map)).toBeNull();
    expect(pathAt("B5", map)).toBeNull();
  });

  it("reads a quoted sheet name", () => {
    const moved: CellMap = { ...map, stamdata: map.stamdata && { ...map.stamdata, sheet: "Plan 2" } };
    expect(pathAt("'Plan 2'!B5", moved)).toEqual(["name"]);
  });
});
