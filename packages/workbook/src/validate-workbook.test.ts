import { demoPlan, demoPlanTingbjerg } from "@helhedsplan/demo";
import { defaultReference, sortFindings } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import type { Grids } from "./grid";
import { copyOf, editCell, gridsOf, tableNamed } from "./test-helpers";
import { validateWorkbook } from "./validate-workbook";

const check = (grids: Grids, poolAvailableOre?: number) =>
  validateWorkbook(grids, defaultReference, poolAvailableOre === undefined ? {} : { poolAvailableOre }).map(
    ({ ruleId, severity, path, cell }) => ({
      ruleId,
      severity,
      path,
      cell,
    }),
  );

describe("validateWorkbook", () => {
  it("finds nothing in the demo plans", () => {
    expect(check(gridsOf(demoPlan))).toEqual([]);
    expect(check(gridsOf(demoPlanTingbjerg))).toEqual([]);
  });

  it("gives the rules' findings with their cells, sorted as RULES.md orders findings", () => {
    const grids = editCell(editCell(gridsOf(), "Budget!E4", 450_000.01), "Plan!B10", "Nej");
    const findings = validateWorkbook(grids, defaultReference);
    expect(findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "budget.unbalanced", cell: "Budget!C21" },
      { ruleId: "kommune.cooperation-required", cell: "Plan!B10" },
    ]);
    expect(findings).toEqual(sortFindings(findings));
    expect(findings[0]?.message).toMatch(
      /I 2015 er finansieringen 1\.900\.000,00 kr\., men udgifterne er 1\.900\.000,01 kr\./,
    );
  });

  it("passes the pool's room to the rules (pool.capacity is a warning at the pool row)", () => {
    expect(check(gridsOf(), 89_999_999)).toEqual([
      {
        ruleId: "pool.capacity",
        severity: "warning",
        path: ["budget", "financing", "kommunePulje"],
        cell: "Budget!F19",
      },
    ]);
    expect(check(gridsOf(), 90_000_000)).toEqual([]);
  });

  it("reports an amount outside the period at its cell", () => {
    const plan = copyOf(demoPlan);
    plan.budget.expenses[0]!.amountsOre["2018"] = 100;
    plan.budget.financing[0]!.amountsOre["2018"] = 100;
    expect(check(gridsOf(plan))).toEqual([
      {
        ruleId: "budget.year-outside-period",
        severity: "error",
        path: ["budget", "expenses", 0, "amountsOre", "2018"],
        cell: "Budget!H4",
      },
      {
        ruleId: "budget.year-outside-period",
        severity: "error",
        path: ["budget", "financing", 0, "amountsOre", "2018"],
        cell: "Budget!F18",
      },
    ]);
  });

  it("still checks the rules when a sheet is renamed, at the cells of the renamed sheet", () => {
    const grids = editCell(gridsOf(), "Budget!E4", 450_000.01);
    for (const table of grids.tables) if (table.sheet === "Budget") table.sheet = "Budget 2014";
    expect(check(grids).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.layout", cell: "'Budget 2014'!A3" },
      { ruleId: "workbook.layout", cell: "'Budget 2014'!A17" },
      { ruleId: "budget.unbalanced", cell: "'Budget 2014'!C21" },
    ]);
  });

  it("runs no rule when the layout is broken", () => {
    const grids = editCell(editCell(gridsOf(), "Budget!C3", "Aktiviteter"), "Plan!B10", "Nej");
    expect(check(grids).map((finding) => finding.ruleId)).toEqual(["workbook.layout"]);
  });
});

describe("an unreadable cell is reported once, not again by a rule that saw its placeholder", () => {
  it("an unreadable amount: no balance finding for its year, no period-total finding, but other years still checked", () => {
    // 2015 unreadable (its balance unknown), 2017 off by 0,01 kr. (a real imbalance).
    const grids = editCell(editCell(gridsOf(), "Budget!E4", "ca. 450.000"), "Budget!G4", 450_000.01);
    // With the unreadable 2015 amount counted as 0 the plan would be unbalanced in 2015 and over the cap.
    expect(check(grids)).toEqual([
      {
        ruleId: "workbook.cell-unreadable",
        severity: "error",
        path: ["budget", "expenses", 0, "amountsOre", "2015"],
        cell: "Budget!E4",
      },
      { ruleId: "budget.unbalanced", severity: "error", path: ["budget", "financing", "2017"], cell: "Budget!E21" },
    ]);
  });

  it("an unreadable amount hides kommune.cap, which could rest on the placeholder", () => {
    const grids = editCell(gridsOf(), "Budget!D4", "#REF!");
    expect(check(grids).map((finding) => finding.ruleId)).toEqual(["workbook.cell-unreadable"]);
  });

  it("an unreadable label: no second finding on the same cell (focus-area-unknown, input.shape) nor on its line", () => {
    const grids = editCell(editCell(gridsOf(), "Budget!A5", "Børn og unge"), "Budget!B5", "Løn");
    // Line 1 would now duplicate line 0 if the unreadable focus area were read as line 0's.
    expect(check(grids).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Budget!A5" },
    ]);
  });

  it("an unreadable Kilde: no duplicate-source or municipal findings from its placeholder", () => {
    const grids = editCell(gridsOf(), "Budget!A19", "Kommunen");
    expect(check(grids).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Budget!A19" },
    ]);
  });

  it("an unreadable Ja/Nej: no rule on the same field", () => {
    // vulnerableArea read as a placeholder would make pool.not-eligible fire on Plan!B9.
    expect(check(editCell(gridsOf(), "Plan!B9", "Jo")).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Plan!B9" },
    ]);
  });

  it("an unreadable name: no input.shape on the empty name", () => {
    expect(check(editCell(gridsOf(), "Plan!B5", true)).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Plan!B5" },
    ]);
  });

  it("merged cells: the merged amounts count as unreadable for the totals", () => {
    const grids = gridsOf();
    tableNamed(grids, "Udgifter").merged = ["D4:E4"];
    expect(check(grids).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Budget!D4" },
    ]);
  });
});
