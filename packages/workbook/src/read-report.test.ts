import { demoPlan } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineGrids, type CellValue, type Grids } from "./grid";
import { gridToPlan } from "./read-grid";
import { gridToReport } from "./read-report";
import { reportCellOf, reportPathAt } from "./report-cell-map";
import { annualReport, goalList } from "./test-arbitraries";
import { demoGoals, demoReport, editCell, gridsOf, tableNamed } from "./test-helpers";
import { blankReport, reportToGrid } from "./write-report";

// The demo report's grids (see demoReport): Forbrug A3:D14, Modtaget A17:B21, Maalopfyldelse A24:D27.
const reportGrids = () => reportToGrid(demoReport(), defaultReference, { goals: demoGoals });
const read = (grids: Grids, year?: number) => gridToReport(grids, defaultReference, year === undefined ? {} : { year });
const summary = (grids: Grids) => read(grids).findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }));

describe("reportToGrid: the Regnskab sheet", () => {
  it("stacks Forbrug, Modtaget and Maalopfyldelse, the year as the amount column's header", () => {
    const grids = reportGrids();
    expect(grids.sheets).toEqual(["Regnskab"]);
    const spending = tableNamed(grids, "Forbrug");
    expect(spending.topLeft).toBe("A3");
    expect(spending.values[0]).toEqual(["Indsatsområde", "Kategori", "Aktivitet", "2015"]);
    expect(spending.values[1]).toEqual(["Børn, unge og familie", "Løn", "Familiekoordinator", 450_000]);
    expect(spending.values.at(-1)).toEqual(["I alt", "", "", 1_900_000]);
    const received = tableNamed(grids, "Modtaget");
    expect(received.topLeft).toBe("A17");
    expect(received.values).toEqual([
      ["Kilde", "2015"],
      ["Landsbyggefonden", 1_485_000],
      ["Kommunen – puljen", 225_000],
      ["Boligorganisationen", 190_000],
      ["I alt", 1_900_000],
    ]);
    const statuses = tableNamed(grids, "Maalopfyldelse");
    expect(statuses.topLeft).toBe("A24");
    expect(statuses.totalsRow).toBe(false);
    expect(statuses.values.map((row) => [row[0], row[2]])).toEqual([
      ["Mål-ID", "Status"],
      ["m1", "Opfyldt"],
      ["m2", "Delvist"],
      ["m3", "Ikke opfyldt"],
    ]);
    expect(statuses.values[1]?.[1]).toBe("Flere børn og unge gennemfører en uddannelse");
  });

  it("a blank report: every line and source at 0, every goal listed with an empty status", () => {
    const grids = reportToGrid(blankReport(demoPlan, 2016), defaultReference, { goals: demoGoals });
    expect(tableNamed(grids, "Forbrug").values).toHaveLength(demoPlan.budget.expenses.length + 2);
    expect(tableNamed(grids, "Maalopfyldelse").values.slice(1)).toEqual(
      demoGoals.map((goal) => [goal.id, goal.goal, "", ""]),
    );
    const result = read(grids);
    expect(result.findings).toEqual([]);
    expect(result.report).toEqual(blankReport(demoPlan, 2016));
    expect(result.map.goalStatus?.unreportedRows).toEqual({ m1: 25, m2: 26, m3: 27 });
    const empty = reportToGrid({ year: 2015, spending: [], financingReceived: [], goals: [] }, defaultReference);
    expect(read(empty).report).toEqual({ year: 2015, spending: [], financingReceived: [], goals: [] });
  });
});

describe("gridToReport reads the Regnskab sheet", () => {
  it("gives back the report, and the plan beside it reads exactly as before", () => {
    const result = read(reportGrids());
    expect(result.findings).toEqual([]);
    expect(result.report).toEqual(demoReport());
    const whole = combineGrids(gridsOf(), reportGrids());
    expect(read(whole).report).toEqual(demoReport());
    expect(gridToPlan(whole, defaultReference)).toEqual(gridToPlan(gridsOf(), defaultReference));
  });

  it("reads Danish amounts as text, an empty amount as 0, labels and statuses in any case and by alias", () => {
    const grids = editCell(reportGrids(), "Regnskab!D4", "1.234,50");
    editCell(grids, "Regnskab!D5", "");
    editCell(grids, "Regnskab!A19", " kommunen – PULJEN ");
    editCell(grids, "Regnskab!C25", " ikke OPFYLDT");
    editCell(grids, "Regnskab!C26", "delvist opfyldt");
    const report = read(grids).report;
    expect(report?.spending.slice(0, 2).map((line) => line.actualOre)).toEqual([123_450, 0]);
    expect(report?.financingReceived[1]?.source).toBe("kommunePulje");
    expect(report?.goals.map((goal) => goal.status)).toEqual(["ikke_opfyldt", "delvist", "ikke_opfyldt"]);
  });

  it("skips blank rows and finds columns by header text", () => {
    const grids = reportGrids();
    const spending = tableNamed(grids, "Forbrug");
    spending.values.splice(3, 0, ["", "", "", ""]);
    for (const row of spending.values) row.splice(0, 3, row[2] ?? "", row[1] ?? "", row[0] ?? "");
    const result = read(grids);
    expect(result.report).toEqual(demoReport());
    expect(result.map.spending?.rows.slice(0, 3)).toEqual([4, 5, 7]);
  });

  it("a goal listed without status or comment is not reported; a comment without a status is unreadable", () => {
    const grids = editCell(editCell(reportGrids(), "Regnskab!C26", ""), "Regnskab!D26", "");
    const result = read(grids);
    expect(result.report?.goals.map((goal) => goal.goalId)).toEqual(["m1", "m3"]);
    expect(result.map.goalStatus?.unreportedRows).toEqual({ m2: 26 });
    expect(summary(editCell(reportGrids(), "Regnskab!C26", ""))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["goals", 1, "status"], cell: "Regnskab!C26" },
    ]);
  });

  it.each<[string, string, CellValue, (string | number)[], RegExp]>([
    ["text in an amount", "Regnskab!D6", "ca. 1000", ["spending", 2, "actualOre"], /"ca\. 1000" er ikke et beløb/],
    ["three decimals", "Regnskab!B18", 12.345, ["financingReceived", 0, "actualOre"], /mere end to decimaler/],
    ["#REF! in an amount", "Regnskab!D13", "#REF!", ["spending", 9, "actualOre"], /fejlværdien #REF!/],
    ["an unknown focus area", "Regnskab!A5", "Trivsel", ["spending", 1, "focusArea"], /ikke et kendt indsatsområde/],
    ["an unknown source", "Regnskab!A20", "Kommunen", ["financingReceived", 2, "source"], /ikke en kendt kilde/],
    ["a status not one of the three", "Regnskab!C27", "Næsten", ["goals", 2, "status"], /Opfyldt; Delvist; Ikke/],
    ["an empty Mål-ID", "Regnskab!A25", "", ["goals", 0, "goalId"], /Cellen er tom; skriv målets id/],
  ])("%s is a finding at its cell, never a silent value", (_what, cell, value, path, message) => {
    const result = read(editCell(reportGrids(), cell, value));
    expect(result.report).toBeNull();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: "workbook.cell-unreadable", severity: "error", path, cell });
    expect(result.findings[0]?.message).toMatch(message);
    expect(reportCellOf(path, result.map)).toBe(cell);
  });

  it("the year comes from the sheet: no year column, several, another in Modtaget, or not the one asked for", () => {
    expect(summary(editCell(reportGrids(), "Regnskab!D3", "Beløb"))).toEqual([
      { ruleId: "workbook.layout", path: [], cell: "Regnskab!A3" },
    ]);
    const two = reportGrids();
    for (const row of tableNamed(two, "Forbrug").values)
      row.push(row === tableNamed(two, "Forbrug").values[0] ? "2016" : "");
    expect(read(two).findings[0]?.message).toMatch(/har kolonner for flere år \(2015, 2016\)/);
    const other = editCell(reportGrids(), "Regnskab!B17", 2016);
    expect(other && summary(other)).toEqual([
      { ruleId: "workbook.layout", path: [], cell: "Regnskab!A17" },
      { ruleId: "workbook.layout", path: [], cell: "Regnskab!A17" },
    ]);
    expect(read(reportGrids(), 2015).report).toEqual(demoReport());
    const asked = read(reportGrids(), 2016);
    expect(asked.report).toBeNull();
    expect(asked.findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.layout", cell: "Regnskab!D3" },
    ]);
    expect(asked.findings[0]?.message).toMatch(/gælder 2015 .* redegøres for 2016/);
  });

  it("a workbook without Regnskab: one layout finding per table, no report", () => {
    const result = read(gridsOf());
    expect(result.report).toBeNull();
    expect(result.findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.layout", cell: "Regnskab!A1" },
      { ruleId: "workbook.layout", cell: "Regnskab!A1" },
      { ruleId: "workbook.layout", cell: "Regnskab!A1" },
    ]);
  });

  it("gridToReport(reportToGrid(r)) = r for any report, with or without the plan's goals", () => {
    fc.assert(
      fc.property(annualReport("unicode"), fc.option(goalList("unicode"), { nil: undefined }), (report, goals) => {
        const grids = reportToGrid(report, defaultReference, goals === undefined ? {} : { goals });
        const result = read(grids);
        expect(result.findings).toEqual([]);
        expect(result.report).toEqual(report);
      }),
      { numRuns: 300 },
    );
  });
});

describe("reportCellOf and reportPathAt", () => {
  const map = read(reportGrids()).map;

  it("maps the report rules' paths to their Regnskab cells", () => {
    expect(reportCellOf(["year"], map)).toBe("Regnskab!D3");
    expect(reportCellOf(["spending"], map)).toBe("Regnskab!D14");
    expect(reportCellOf(["spending", 3], map)).toBe("Regnskab!C7");
    expect(reportCellOf(["spending", 3, "actualOre"], map)).toBe("Regnskab!D7");
    expect(reportCellOf(["spending", 3, "category"], map)).toBe("Regnskab!B7");
    expect(reportCellOf(["financingReceived"], map)).toBe("Regnskab!B19");
    expect(reportCellOf(["financingReceived", 2, "source"], map)).toBe("Regnskab!A20");
    expect(reportCellOf(["financingReceived", 2], map)).toBe("Regnskab!B20");
    expect(reportCellOf(["goals"], map)).toBe("Regnskab!C24");
    expect(reportCellOf(["goals", 1, "comment"], map)).toBe("Regnskab!D26");
    expect(reportCellOf([], map)).toBe("Regnskab!A3");
    expect(reportCellOf(["spending", 99, "actualOre"], map)).toBe("Regnskab!A3");
    const none = { spending: null, received: null, goalStatus: null };
    expect([reportCellOf(["year"], none), reportCellOf(["goals"], none)]).toEqual(["Regnskab!A1", "Regnskab!A1"]);
  });

  it("kommune-share without a pool row → the other municipal money's row, else the totals row", () => {
    const report = demoReport();
    report.financingReceived[1]!.source = "kommuneOevrig";
    expect(reportCellOf(["financingReceived"], read(reportToGrid(report, defaultReference)).map)).toBe("Regnskab!B19");
    report.financingReceived.splice(1, 1);
    expect(reportCellOf(["financingReceived"], read(reportToGrid(report, defaultReference)).map)).toBe("Regnskab!B20");
  });

  it("reportPathAt gives back every input cell's path, and null for headers, totals and the shown goal", () => {
    const paths: (string | number)[][] = [];
    demoReport().spending.forEach((_, index) => {
      for (const field of ["focusArea", "category", "activity", "actualOre"]) paths.push(["spending", index, field]);
    });
    demoReport().financingReceived.forEach((_, index) => {
      for (const field of ["source", "actualOre"]) paths.push(["financingReceived", index, field]);
    });
    demoReport().goals.forEach((_, index) => {
      for (const field of ["goalId", "status", "comment"]) paths.push(["goals", index, field]);
    });
    for (const path of paths) expect(reportPathAt(reportCellOf(path, map), map)).toEqual(path);
    for (const cell of [
      "Regnskab!D3",
      "Regnskab!D14",
      "Regnskab!B21",
      "Regnskab!B25",
      "Regnskab!Z9",
      "Budget!D4",
      "D4",
    ])
      expect(reportPathAt(cell, map)).toBeNull();
  });
});
