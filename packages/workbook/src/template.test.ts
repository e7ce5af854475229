import { demoPlan } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import { goalsToGrid } from "./goals-grid";
import { combineGrids, parseA1, parseRange, type CellValue } from "./grid";
import { layout } from "./layout";
import { templateOf, type TemplateSheet, type TemplateTable, type WorkbookTemplate } from "./template";
import { demoGoals, demoReport } from "./test-helpers";
import { planToGrid } from "./write-grid";
import { blankReport, reportToGrid } from "./write-report";

const sheetOf = (template: WorkbookTemplate, name: string): TemplateSheet => {
  const sheet = template.sheets.find((candidate) => candidate.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
};
const tableOf = (template: WorkbookTemplate, name: string): TemplateTable => {
  const table = template.sheets.flatMap((sheet) => sheet.tables).find((candidate) => candidate.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
};
const cellAt = (sheet: TemplateSheet, address: string) => sheet.cells.find((cell) => cell.address === address);
const valueAt = (sheet: TemplateSheet, address: string) => {
  const cell = cellAt(sheet, address);
  return cell && "value" in cell ? cell.value : undefined;
};

describe("templateOf: the template as data", () => {
  const pools = [
    { id: "budget-2012", name: "Budget 2012" },
    { id: "budget-2016", name: "Budget 2016" },
  ];
  const template = templateOf(demoPlan, { planId: "p-17", version: 3, poolAvailableOre: 1_000_000_000, pools });

  it("has the layout's sheets in tab order, the lists sheet hidden, Overblik protected", () => {
    expect(template.sheets.map(({ name, visibility, protected: locked }) => [name, visibility, locked])).toEqual([
      ["Plan", "visible", false],
      ["Budget", "visible", false],
      ["Overblik", "visible", true],
      ["Lister", "hidden", false],
    ]);
    expect(template.recalculateOnLoad).toBe(true);
    expect(sheetOf(template, "Plan").freeze).toEqual({ rows: 3, columns: 0 });
    expect(sheetOf(template, "Budget").columnWidths).toEqual({
      A: 38,
      B: 16,
      C: 36,
      D: 16,
      E: 16,
      F: 16,
      G: 16,
      H: 18,
    });
  });

  it("holds exactly the grids' values, with formulas where the grids hold what Excel computes", () => {
    const grids = planToGrid(demoPlan, defaultReference, { planId: "p-17", version: 3, pools });
    for (const grid of grids.tables) {
      const table = tableOf(template, grid.name);
      const origin = parseA1(grid.topLeft)!;
      const range = parseRange(table.range)!;
      expect(range.from).toEqual(origin);
      expect(range.to.row - range.from.row + 1).toBe(grid.values.length);
      const rows = [table.columns.map((name): { value: CellValue } => ({ value: name })), ...table.rows];
      if (table.totals) rows.push(table.totals);
      expect(rows).toHaveLength(grid.values.length);
      grid.values.forEach((values, row) =>
        values.forEach((value, column) => {
          const cell = rows[row]?.[column];
          if (cell && "value" in cell) expect(cell.value, `${grid.name} ${row}:${column}`).toBe(value);
          else expect(cell?.formula, `${grid.name} ${row}:${column}`).toMatch(/^=(SUM|SUBTOTAL)\(/);
        }),
      );
    }
  });

  it("describes the tables, with SUM per row and SUBTOTAL totals, amounts as kroner with two decimals", () => {
    const expenses = tableOf(template, "Udgifter");
    expect(expenses).toMatchObject({
      range: "A3:H14",
      columns: ["Indsatsområde", "Kategori", "Aktivitet", "2014", "2015", "2016", "2017", "I alt"],
      style: { name: "TableStyleMedium2", showRowStripes: true },
      filterButtons: true,
    });
    expect(expenses.rows[0]?.[7]).toEqual({ formula: "=SUM(D4:G4)", numberFormat: "#,##0.00" });
    expect(expenses.rows[0]?.[3]).toEqual({ value: 450_000, numberFormat: "#,##0.00" });
    expect(expenses.totals).toEqual([
      { value: "I alt" },
      { value: "" },
      { value: "" },
      ...["2014", "2015", "2016", "2017", "I alt"].map((column) => ({
        formula: `=SUBTOTAL(109,Udgifter[${column}])`,
        numberFormat: "#,##0.00",
      })),
    ]);
    expect(tableOf(template, "Finansiering").range).toBe("A17:F21");
    expect(tableOf(template, "Stamdata")).toMatchObject({ range: "A3:B14", totals: null });
    expect(cellAt(sheetOf(template, "Budget"), "A16")).toEqual({
      address: "A16",
      value: "Finansiering",
      font: { bold: true, size: 12 },
    });
  });

  it("shows the pool's name in the Pulje row and offers the pools' names as a list", () => {
    const stamdata = tableOf(template, "Stamdata");
    const pulje = stamdata.rows.find((row) => row[0] && "value" in row[0] && row[0].value === "Pulje");
    expect(pulje?.[1]).toMatchObject({ value: "Budget 2012" });
    const lists = sheetOf(template, "Lister");
    expect(["E1", "E2", "E3"].map((address) => valueAt(lists, address))).toEqual([
      "Pulje",
      "Budget 2012",
      "Budget 2016",
    ]);
    expect(sheetOf(template, "Plan").validations).toContainEqual({
      range: "B13",
      rule: { type: "list", range: "Lister!$E$2:$E$3" },
      allowBlank: true,
      error: { title: "Ukendt pulje", message: "Vælg en pulje fra listen." },
    });
  });

  it("describes every native validation", () => {
    const summary = (sheet: string) => sheetOf(template, sheet).validations.map(({ range, rule }) => ({ range, rule }));
    expect(summary("Plan")).toEqual([
      { range: "B8", rule: { type: "list", range: "Lister!$D$2:$D$7" } },
      { range: "B9:B10", rule: { type: "list", values: ["Ja", "Nej"] } },
      { range: "B11:B12", rule: { type: "whole", operator: "between", min: 1900, max: 2999 } },
      { range: "B13", rule: { type: "list", range: "Lister!$E$2:$E$3" } },
    ]);
    expect(summary("Budget")).toEqual([
      { range: "D4:G13", rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 } },
      { range: "A4:A13", rule: { type: "list", range: "Lister!$A$2:$A$8" } },
      { range: "B4:B13", rule: { type: "list", range: "Lister!$B$2:$B$6" } },
      { range: "B18:E20", rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 } },
      { range: "A18:A20", rule: { type: "list", range: "Lister!$C$2:$C$6" } },
    ]);
  });

  it("computes the overview with formulas and shows the values it is given", () => {
    const overview = sheetOf(template, "Overblik");
    const valueOf = (label: string) => {
      const row = overview.cells.find((cell) => "value" in cell && cell.value === label)?.address.slice(1);
      return cellAt(overview, `B${row}`);
    };
    expect(valueOf("Samlet økonomisk ramme (udgifter i alt)")).toMatchObject({
      formula: "=Budget!H14",
      numberFormat: "#,##0.00",
    });
    expect(valueOf("Periode")).toMatchObject({ formula: '=Plan!B11&"–"&Plan!B12' });
    expect(valueOf("Inden for loftet")).toMatchObject({ formula: '=IF(B7*10000<=B5*1250,"Ja","Nej")' });
    expect(valueOf("Puljens ledige beløb")).toMatchObject({ value: 10_000_000, numberFormat: "#,##0.00" });
    expect(valueOf("Fund ved seneste kontrol")).toMatchObject({ value: 0 });
    expect(overview.cells.at(-1)).toMatchObject({ address: "A16", font: { italic: true } });
    expect(overview.cells.filter((cell) => cell.address.startsWith("A")).length).toBe(layout.overview.length + 2);
  });

  it("a blank template: the next years, one empty line, one row per source, empty fields and the default pools' list", () => {
    const blank = templateOf(undefined, { firstYear: 2026 });
    expect(tableOf(blank, "Udgifter").columns.slice(3, 7)).toEqual(["2026", "2027", "2028", "2029"]);
    expect(tableOf(blank, "Udgifter").rows).toHaveLength(1);
    expect(tableOf(blank, "Finansiering").rows.map((row) => row[0])).toEqual(
      defaultReference.sources.map((source) => ({ value: source.name })),
    );
    const values = tableOf(blank, "Stamdata").rows.map((row) => row[1]);
    expect(values.map((cell) => (cell && "value" in cell ? cell.value : undefined))).toEqual([
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      2026,
      2029,
      "",
      "",
    ]);
    expect(valueAt(sheetOf(blank, "Lister"), "E2")).toBe("Budget 2012");
    expect(cellAt(sheetOf(blank, "Overblik"), "B14")).toMatchObject({ value: "" });
  });
});

describe("templateOf with goals and a report: the Mål and Regnskab sheets", () => {
  const template = templateOf(demoPlan, { goals: demoGoals, report: demoReport() });

  it("keeps the default sheets first and in order, then Mål and Regnskab; without the options nothing changes", () => {
    expect(template.sheets.map(({ name, visibility, protected: locked }) => [name, visibility, locked])).toEqual([
      ["Plan", "visible", false],
      ["Budget", "visible", false],
      ["Overblik", "visible", true],
      ["Lister", "hidden", false],
      ["Mål", "visible", false],
      ["Regnskab", "visible", false],
    ]);
    expect(template.sheets.slice(0, 4)).toEqual(templateOf(demoPlan).sheets);
    expect(templateOf(demoPlan, { goals: [] }).sheets.map((sheet) => sheet.name)).toEqual([
      "Plan",
      "Budget",
      "Overblik",
      "Lister",
      "Mål",
    ]);
  });

  it("holds exactly the grids' values of goalsToGrid and reportToGrid, with SUBTOTAL in the totals rows", () => {
    const grids = combineGrids(
      goalsToGrid(demoGoals, defaultReference),
      reportToGrid(demoReport(), defaultReference, { goals: demoGoals }),
    );
    for (const grid of grids.tables) {
      const table = tableOf(template, grid.name);
      expect(parseRange(table.range)!.from).toEqual(parseA1(grid.topLeft));
      const rows = [table.columns.map((name): { value: CellValue } => ({ value: name })), ...table.rows];
      if (table.totals) rows.push(table.totals);
      expect(rows).toHaveLength(grid.values.length);
      grid.values.forEach((values, row) =>
        values.forEach((value, column) => {
          const cell = rows[row]?.[column];
          if (cell && "value" in cell) expect(cell.value, `${grid.name} ${row}:${column}`).toBe(value);
          else expect(cell?.formula, `${grid.name} ${row}:${column}`).toMatch(/^=SUBTOTAL\(109,/);
        }),
      );
    }
  });

  it("describes the tables and captions as laid", () => {
    expect(tableOf(template, "Maal")).toMatchObject({ range: "A3:D6", totals: null });
    expect(tableOf(template, "Forbrug")).toMatchObject({
      range: "A3:D14",
      columns: ["Indsatsområde", "Kategori", "Aktivitet", "2015"],
    });
    expect(tableOf(template, "Forbrug").totals).toEqual([
      { value: "I alt" },
      { value: "" },
      { value: "" },
      { formula: "=SUBTOTAL(109,Forbrug[2015])", numberFormat: "#,##0.00" },
    ]);
    expect(tableOf(template, "Forbrug").rows[0]?.[3]).toEqual({ value: 450_000, numberFormat: "#,##0.00" });
    expect(tableOf(template, "Modtaget")).toMatchObject({ range: "A17:B21", columns: ["Kilde", "2015"] });
    expect(tableOf(template, "Maalopfyldelse")).toMatchObject({
      range: "A24:D27",
      columns: ["Mål-ID", "Mål", "Status", "Kommentar"],
      totals: null,
    });
    const regnskab = sheetOf(template, "Regnskab");
    expect(["A1", "A16", "A23"].map((address) => valueAt(regnskab, address))).toEqual([
      "Regnskab – årlig redegørelse (kr.)",
      "Modtaget",
      "Maalopfyldelse",
    ]);
    expect(regnskab.freeze).toEqual({ rows: 3, columns: 0 });
  });

  it("describes every native validation, with the three statuses as a list", () => {
    const summary = (sheet: string) => sheetOf(template, sheet).validations.map(({ range, rule }) => ({ range, rule }));
    expect(summary("Mål")).toEqual([{ range: "B4:B6", rule: { type: "list", range: "Lister!$A$2:$A$8" } }]);
    expect(summary("Regnskab")).toEqual([
      { range: "D4:D13", rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 } },
      { range: "A4:A13", rule: { type: "list", range: "Lister!$A$2:$A$8" } },
      { range: "B4:B13", rule: { type: "list", range: "Lister!$B$2:$B$6" } },
      { range: "B18:B20", rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 } },
      { range: "A18:A20", rule: { type: "list", range: "Lister!$C$2:$C$6" } },
      { range: "C25:C27", rule: { type: "list", values: ["Opfyldt", "Delvist", "Ikke opfyldt"] } },
    ]);
    expect(sheetOf(template, "Regnskab").validations.at(-1)?.error).toEqual({
      title: "Ukendt status",
      message: "Vælg Opfyldt, Delvist, Ikke opfyldt.",
    });
  });

  it("a year not reported yet: blankReport lists every line, source and goal to fill in", () => {
    const blank = templateOf(demoPlan, { goals: demoGoals, report: blankReport(demoPlan, 2016) });
    expect(tableOf(blank, "Forbrug").columns.at(-1)).toBe("2016");
    expect(
      tableOf(blank, "Maalopfyldelse").rows.map((row) => row.map((cell) => ("value" in cell ? cell.value : ""))),
    ).toEqual(demoGoals.map((goal) => [goal.id, goal.goal, "", ""]));
  });
});
