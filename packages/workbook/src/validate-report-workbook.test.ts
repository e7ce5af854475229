import { defaultReference, sortFindings } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import type { Grids } from "./grid";
import { demoApproved, demoGoals, demoReport, editCell } from "./test-helpers";
import { checkReportWorkbook, validateReportWorkbook } from "./validate-report-workbook";
import { reportToGrid } from "./write-report";

// demoReport's grids: Forbrug A3:D14 (the year in D), Modtaget A17:B21, Maalopfyldelse A24:D27 (Status in C).
const reportGrids = () => reportToGrid(demoReport(), defaultReference, { goals: demoGoals });
const check = (grids: Grids) =>
  validateReportWorkbook(grids, defaultReference, demoApproved).map(({ ruleId, severity, path, cell }) => ({
    ruleId,
    severity,
    path,
    cell,
  }));

describe("validateReportWorkbook", () => {
  it("finds nothing in a report that keeps to the approved plan", () => {
    expect(check(reportGrids())).toEqual([]);
  });

  it("gives validateReport's findings with their Regnskab cells, sorted as RULES.md orders findings", () => {
    const grids = editCell(
      reportToGrid({ ...demoReport(), year: 2019 }, defaultReference, { goals: demoGoals }),
      "Regnskab!D5",
      "120.000,01",
    );
    const findings = validateReportWorkbook(grids, defaultReference, demoApproved);
    expect(findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "report.year-outside-period", cell: "Regnskab!D3" },
    ]);
    const over = validateReportWorkbook(
      editCell(reportGrids(), "Regnskab!D5", "120.000,01"),
      defaultReference,
      demoApproved,
    );
    expect(over.map(({ ruleId, severity, cell }) => ({ ruleId, severity, cell }))).toEqual([
      { ruleId: "report.year-overspent", severity: "warning", cell: "Regnskab!D14" },
      { ruleId: "report.line-overspent", severity: "warning", cell: "Regnskab!D5" },
    ]);
    expect(over).toEqual(sortFindings(over));
    expect(over[1]?.message).toMatch(
      /forbruget i 2015 er 120\.000,01 kr\., men det godkendte beløb er 120\.000,00 kr\./,
    );
  });

  it("a goal without a status points at its own row when the sheet lists it, else at the Status header", () => {
    const report = demoReport();
    report.goals = [report.goals[0]!];
    // m2 listed without a status (row 26), m3 not on the sheet at all.
    const grids = reportToGrid(report, defaultReference, { goals: demoGoals.slice(0, 2) });
    expect(check(grids)).toEqual([
      { ruleId: "report.goal-status-missing", severity: "warning", path: ["goals"], cell: "Regnskab!C26" },
      { ruleId: "report.goal-status-missing", severity: "warning", path: ["goals"], cell: "Regnskab!C24" },
    ]);
    expect(validateReportWorkbook(grids, defaultReference, demoApproved)[0]?.message).toMatch(/\(m2\)/);
  });

  it("passes the earlier reports on (kommune-share at the pool's row)", () => {
    const earlier = [2014, 2016, 2017].map((year) => ({ ...demoReport(), year }));
    const grids = editCell(reportGrids(), "Regnskab!B19", "225.000,01");
    expect(validateReportWorkbook(grids, defaultReference, demoApproved).map((finding) => finding.ruleId)).toEqual([]);
    expect(
      validateReportWorkbook(grids, defaultReference, demoApproved, earlier).map(({ ruleId, cell }) => ({
        ruleId,
        cell,
      })),
    ).toEqual([{ ruleId: "report.kommune-share", cell: "Regnskab!B19" }]);
  });

  it("runs no rule when the layout is broken, and gives the read with it", () => {
    const grids = editCell(editCell(reportGrids(), "Regnskab!C3", "Aktiviteter"), "Regnskab!D5", "999.999,00");
    expect(check(grids).map((finding) => finding.ruleId)).toEqual(["workbook.layout"]);
    expect(checkReportWorkbook(grids, defaultReference, demoApproved).read.draft).toBeNull();
  });
});

describe("an unreadable cell on Regnskab is reported once, not again by a rule that saw its placeholder", () => {
  it("an unreadable focus area: no line-unknown for its line", () => {
    expect(
      check(editCell(reportGrids(), "Regnskab!A5", "Lektier")).map(({ ruleId, cell }) => ({ ruleId, cell })),
    ).toEqual([{ ruleId: "workbook.cell-unreadable", cell: "Regnskab!A5" }]);
  });

  it("an unreadable amount: other lines are still checked", () => {
    const grids = editCell(editCell(reportGrids(), "Regnskab!D4", "#VALUE!"), "Regnskab!D6", "420.000,01");
    expect(check(grids).map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Regnskab!D4" },
      { ruleId: "report.line-overspent", cell: "Regnskab!D6" },
    ]);
  });

  it("an unreadable Mål-ID: no goal-status-missing, which could be that row's goal", () => {
    expect(
      check(editCell(reportGrids(), "Regnskab!A26", "#REF!")).map(({ ruleId, cell }) => ({ ruleId, cell })),
    ).toEqual([{ ruleId: "workbook.cell-unreadable", cell: "Regnskab!A26" }]);
  });

  it("an unreadable status: the goal counts as reported, so no second finding", () => {
    expect(
      check(editCell(reportGrids(), "Regnskab!C26", "Måske")).map(({ ruleId, cell }) => ({ ruleId, cell })),
    ).toEqual([{ ruleId: "workbook.cell-unreadable", cell: "Regnskab!C26" }]);
  });
});
