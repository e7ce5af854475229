import { demoPlan, demoPlanTingbjerg } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CellValue, Grids } from "./grid";
import { gridToPlan } from "./read-grid";
import { copyOf, editCell, gridsOf, tableNamed } from "./test-helpers";
import { planToGrid } from "./write-grid";

// The demo plan's grids: Stamdata A3:B14 on Plan (values in B4..B14); Udgifter A3:H14 on Budget
// (lines in rows 4–13, years 2014–2017 in D–G, I alt in H, totals in row 14); Finansiering A17:F21
// (LBF row 18, the pool row 19, the housing organisation row 20, years in B–E, totals in row 21).
const read = (grids: Grids) => gridToPlan(grids, defaultReference);
const summary = (grids: Grids) => read(grids).findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }));

describe("gridToPlan reads what planToGrid writes", () => {
  it("gives back the demo plans and the sync fields", () => {
    for (const plan of [demoPlan, demoPlanTingbjerg]) {
      const result = read(planToGrid(plan, defaultReference, { planId: "plan-17", version: 4 }));
      expect(result.findings).toEqual([]);
      expect(result.plan).toEqual(plan);
      expect(result.planId).toBe("plan-17");
      expect(result.version).toBe(4);
    }
  });

  it("reads Plan-ID and Version as absent when they are empty", () => {
    const result = read(gridsOf());
    expect(result.planId).toBeNull();
    expect(result.version).toBeNull();
  });

  it("reads amounts typed as Danish text, and an empty amount cell as 0", () => {
    const grids = editCell(editCell(gridsOf(), "Budget!D4", "450.000,00 kr."), "Budget!E4", "");
    const line = read(grids).plan?.budget.expenses[0];
    expect(line?.amountsOre).toEqual({ "2014": 45_000_000, "2015": 0, "2016": 45_000_000, "2017": 45_000_000 });
  });

  it("accepts labels trimmed, in any case, and by a renamed entry's alias", () => {
    const grids = editCell(
      editCell(editCell(gridsOf(), "Budget!A4", "  BØRN, UNGE OG BESKÆFTIGELSE "), "Budget!B4", "løn"),
      "Budget!A19",
      "kommunen – puljen",
    );
    const plan = read(grids).plan;
    expect(plan?.budget.expenses[0]).toMatchObject({ focusArea: "boern-unge", category: "loen" });
    expect(plan?.budget.financing[1]?.source).toBe("kommunePulje");
  });

  it("ignores blank data rows and keeps each line's own row in the cell map", () => {
    const grids = gridsOf();
    const expenses = tableNamed(grids, "Udgifter");
    const width = expenses.values[0]?.length ?? 0;
    // A blank row (I alt still shows 0, as Excel computes it) after the second line.
    expenses.values.splice(3, 0, [...Array.from({ length: width - 1 }, () => ""), 0]);
    const result = read(grids);
    expect(result.plan?.budget.expenses).toEqual(demoPlan.budget.expenses);
    expect(result.map.expenses?.rows.slice(0, 4)).toEqual([4, 5, 7, 8]);
  });

  it("finds columns by header text, so reordered columns still read", () => {
    const grids = gridsOf();
    for (const row of tableNamed(grids, "Udgifter").values) row.splice(0, 3, row[2] ?? "", row[0] ?? "", row[1] ?? "");
    expect(read(grids).plan).toEqual(demoPlan);
  });

  it("takes a table's place from its top-left cell or from its range's address as Office.js gives it", () => {
    const grids = gridsOf();
    tableNamed(grids, "Finansiering").topLeft = "Budget!A17:F21";
    expect(read(grids).plan).toEqual(demoPlan);
    expect(read(grids).map.financing?.rows).toEqual([18, 19, 20]);
  });

  it("reads a table without a totals row", () => {
    const grids = gridsOf();
    const financing = tableNamed(grids, "Finansiering");
    financing.values.pop();
    financing.totalsRow = false;
    expect(read(grids).plan).toEqual(demoPlan);
  });

  it("reads an amount in a year column outside the period, and no key for an empty one", () => {
    const plan = copyOf(demoPlan);
    plan.budget.expenses[0]!.amountsOre["2018"] = 100;
    const result = read(planToGrid(plan, defaultReference));
    expect(result.plan).toEqual(plan);
    expect(Object.keys(result.plan?.budget.expenses[1]?.amountsOre ?? {})).toEqual(["2014", "2015", "2016", "2017"]);
  });
});

describe("a cell that cannot be read is a finding on that cell, never a silent value", () => {
  const amountPath = (line: number, year: string) => ["budget", "expenses", line, "amountsOre", year];

  it.each<[string, CellValue, RegExp]>([
    ["text", "ca. 1000", /"ca\. 1000" er ikke et beløb i kroner/],
    ["three decimals as a number", 12.345, /12,345 har mere end to decimaler/],
    ["three decimals as text", "12,345", /"12,345" har mere end to decimaler/],
    ["#REF!", "#REF!", /fejlværdien #REF!/],
    ["#VALUE!", "#VALUE!", /fejlværdien #VALUE!/],
    ["#N/A", "#N/A", /fejlværdien #N\/A/],
    ["#DIV/0!", "#DIV/0!", /fejlværdien #DIV\/0!/],
    ["#NAME?", "#NAME?", /fejlværdien #NAME\?/],
    ["a boolean", true, /sandhedsværdien SAND/],
  ])("an amount holding %s", (_kind, value, message) => {
    const result = read(editCell(gridsOf(), "Budget!E6", value));
    expect(result.plan).toBeNull();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      ruleId: "workbook.cell-unreadable",
      severity: "error",
      path: amountPath(2, "2015"),
      cell: "Budget!E6",
    });
    expect(result.findings[0]?.message).toMatch(/^Budget!E6 \(2015\): /);
    expect(result.findings[0]?.message).toMatch(message);
  });

  it("an amount cell holding a date (a number under a date format)", () => {
    const result = read(editCell(gridsOf(), "Budget!G8", 42005, "dd-mm-yyyy"));
    expect(summary(editCell(gridsOf(), "Budget!G8", 42005, "dd-mm-yyyy"))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: amountPath(4, "2017"), cell: "Budget!G8" },
    ]);
    expect(result.findings[0]?.message).toMatch(/datoen 01-01-2015/);
  });

  it("a financing amount and a Stamdata value", () => {
    expect(summary(editCell(gridsOf(), "Budget!C19", "#REF!"))).toEqual([
      {
        ruleId: "workbook.cell-unreadable",
        path: ["budget", "financing", 1, "amountsOre", "2015"],
        cell: "Budget!C19",
      },
    ]);
    expect(summary(editCell(gridsOf(), "Plan!B9", "Måske"))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["vulnerableArea"], cell: "Plan!B9" },
    ]);
    expect(summary(editCell(gridsOf(), "Plan!B8", "Østerbro"))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["districtId"], cell: "Plan!B8" },
    ]);
    expect(summary(editCell(gridsOf(), "Plan!B5", "#N/A"))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["name"], cell: "Plan!B5" },
    ]);
  });

  it("an unknown focus area, category or source label", () => {
    const grids = editCell(
      editCell(editCell(gridsOf(), "Budget!A9", "Sundhet"), "Budget!B10", "Lønninger"),
      "Budget!A20",
      "Boligselskabet",
    );
    const result = read(grids);
    expect(result.findings.map(({ path, cell }) => ({ path, cell }))).toEqual([
      { path: ["budget", "expenses", 5, "focusArea"], cell: "Budget!A9" },
      { path: ["budget", "expenses", 6, "category"], cell: "Budget!B10" },
      { path: ["budget", "financing", 2, "source"], cell: "Budget!A20" },
    ]);
    expect(result.findings[0]?.message).toMatch(/"Sundhet" er ikke et kendt indsatsområde/);
    expect(result.findings[2]?.message).toMatch(
      /"Boligselskabet" er ikke en kendt kilde\. Vælg et af: Landsbyggefonden; Kommunen – puljen;/,
    );
  });

  it("an empty label in a line that has other values", () => {
    expect(summary(editCell(gridsOf(), "Budget!B4", ""))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["budget", "expenses", 0, "category"], cell: "Budget!B4" },
    ]);
  });

  it("an unreadable Startår leaves no plan, but every other cell is still checked", () => {
    const result = read(editCell(editCell(gridsOf(), "Plan!B11", "2014/15"), "Budget!D4", "x"));
    expect(result.plan).toBeNull();
    expect(result.findings.map((finding) => finding.cell)).toEqual(["Plan!B11", "Budget!D4"]);
  });

  it("merged cells in a table: one finding at the merge, the merged cells unread", () => {
    const grids = gridsOf();
    tableNamed(grids, "Udgifter").merged = ["D10:E10", "A11:A12", "J1:K2"];
    const result = read(grids);
    expect(result.plan).toBeNull();
    expect(result.findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: amountPath(6, "2014"), cell: "Budget!D10" },
      { ruleId: "workbook.cell-unreadable", path: ["budget", "expenses", 7, "focusArea"], cell: "Budget!A11" },
    ]);
    expect(result.findings[0]?.message).toMatch(/flettede celler D10:E10/);
  });
});

describe("a missing or renamed sheet, table or header is workbook.layout", () => {
  const layoutOnly = (grids: Grids) => {
    const result = read(grids);
    expect(result.plan).toBeNull();
    for (const finding of result.findings)
      expect(finding).toMatchObject({ ruleId: "workbook.layout", severity: "error", path: [] });
    return result.findings.map(({ cell, message }) => ({ cell, message }));
  };

  it("a misspelt header names the sheet, the table and the header", () => {
    const grids = editCell(gridsOf(), "Budget!A3", "Indsatsomrade");
    const [finding, ...rest] = layoutOnly(grids);
    expect(rest).toEqual([]);
    expect(finding?.cell).toBe("Budget!A3");
    expect(finding?.message).toMatch(
      /^Tabellen Udgifter på arket Budget mangler kolonnen "Indsatsområde" \(overskrifterne er: Indsatsomrade, Kategori/,
    );
  });

  it("a year column of the period is missing", () => {
    const grids = gridsOf();
    for (const row of tableNamed(grids, "Finansiering").values) row.splice(3, 1);
    const [finding, ...rest] = layoutOnly(grids);
    expect(rest).toEqual([]);
    expect(finding?.cell).toBe("Budget!A17");
    expect(finding?.message).toMatch(
      /Tabellen Finansiering på arket Budget mangler en kolonne for året 2016 i planens periode 2014–2017/,
    );
  });

  it("a year column appears twice", () => {
    const [finding] = layoutOnly(editCell(gridsOf(), "Budget!E3", "2014"));
    expect(finding).toEqual({
      cell: "Budget!E3",
      message: expect.stringMatching(/to kolonner for året 2014/) as unknown,
    });
  });

  it("a missing sheet names the sheet and its tables", () => {
    const grids = gridsOf();
    grids.sheets = grids.sheets.filter((sheet) => sheet !== "Budget");
    grids.tables = grids.tables.filter((table) => table.sheet !== "Budget");
    const findings = layoutOnly(grids);
    expect(findings.map((finding) => finding.cell)).toEqual(["Budget!A1", "Budget!A1"]);
    expect(findings[0]?.message).toMatch(/^Arket Budget mangler \(tabellen Udgifter findes ikke\)/);
    expect(findings[1]?.message).toMatch(/^Arket Budget mangler \(tabellen Finansiering findes ikke\)/);
  });

  it("a table turned into a plain range", () => {
    const grids = gridsOf();
    grids.tables = grids.tables.filter((table) => table.name !== "Stamdata");
    expect(layoutOnly(grids)).toEqual([
      { cell: "Plan!A1", message: expect.stringMatching(/^Arket Plan har ingen tabel med navnet Stamdata/) as unknown },
    ]);
  });

  it("a renamed sheet: the tables still read, at their new addresses, with a layout finding each", () => {
    const grids = gridsOf();
    grids.sheets = grids.sheets.map((sheet) => (sheet === "Budget" ? "Budget 2014" : sheet));
    for (const table of grids.tables) if (table.sheet === "Budget") table.sheet = "Budget 2014";
    const findings = layoutOnly(grids);
    expect(findings.map((finding) => finding.cell)).toEqual(["'Budget 2014'!A3", "'Budget 2014'!A17"]);
    expect(findings[0]?.message).toBe(
      "Tabellen Udgifter ligger på arket Budget 2014, men skal ligge på arket Budget; giv arket navnet Budget igen.",
    );
    expect(read(grids).map.expenses?.sheet).toBe("Budget 2014");
  });

  it("a Stamdata field row is missing", () => {
    const grids = gridsOf();
    tableNamed(grids, "Stamdata").values.splice(10, 1);
    expect(layoutOnly(grids)).toEqual([
      { cell: "Plan!A3", message: expect.stringMatching(/mangler feltet "Pulje" i kolonnen Felt/) as unknown },
    ]);
  });

  it("a merged header row", () => {
    const grids = gridsOf();
    tableNamed(grids, "Finansiering").merged = ["A17:B17"];
    expect(layoutOnly(grids)[0]).toEqual({
      cell: "Budget!A17",
      message: expect.stringMatching(
        /Overskriftsrækken i tabellen Finansiering på arket Budget har flettede celler \(A17:B17\)/,
      ) as unknown,
    });
  });
});

describe("gridToPlan never throws", () => {
  it("whatever the cells of a workbook hold", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom("", "#REF!", "#N/A", "2014", "Ja", "Sundhed", "1.234,56"),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(40), fc.nat(10), cell), { maxLength: 30 }), (edits) => {
        const grids = gridsOf();
        for (const [row, column, value] of edits) {
          const table = grids.tables[row % grids.tables.length];
          const cells = table?.values[row % (table.values.length || 1)];
          if (cells) cells[column % cells.length] = value;
        }
        const result = read(grids);
        expect(result.plan === null || result.findings.length === 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
