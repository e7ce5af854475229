import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, type PlanInput } from "@helhedsplan/rules";
import type ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeAll, describe, expect, it } from "vitest";
import { formatA1, parseRange } from "../grid";
import { templateOf, type TemplateOptions, type TemplateTableCell, type WorkbookTemplate } from "../template";
import { gridToGoals } from "../goals-grid";
import { gridToReport } from "../read-report";
import { demoApproved, demoGoals, demoReport } from "../test-helpers";
import { validateReportWorkbook } from "../validate-report-workbook";
import { readWorkbook, readWorkbookGrids } from "./read-workbook";
import { openWorkbook } from "./test-workbooks";
import { renderTemplate, writeTemplate } from "./write-template";

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

const formulaOf = (cell: ExcelJS.Cell) => (cell.value as ExcelJS.CellFormulaValue | null)?.formula;

describe("writeTemplate(demoPlan)", () => {
  let bytes: Buffer;
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    bytes = await writeTemplate(demoPlan, {
      planId: "p-17",
      version: 3,
      lastSync: "2014-03-01T10:00:00Z",
      poolAvailableOre: 1_000_000_000,
    });
    workbook = await openWorkbook(bytes);
  });

  it("has the layout's sheets in order, the lists sheet hidden last", () => {
    expect(workbook.worksheets.map((ws) => [ws.name, ws.state])).toEqual([
      ["Plan", "visible"],
      ["Budget", "visible"],
      ["Overblik", "visible"],
      ["Lister", "hidden"],
    ]);
  });

  it("has real Excel tables with their names, refs, totals rows and filter buttons on every column", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const tables = await Promise.all(
      Object.keys(zip.files)
        .filter((path) => /^xl\/tables\/table[0-9]+\.xml$/.test(path))
        .sort()
        .map((path) => zip.file(path)!.async("string")),
    );
    const summary = tables.map((xml) => ({
      name: /\bname="([^"]+)"/.exec(xml)?.[1],
      ref: /\bref="([^"]+)"/.exec(xml)?.[1],
      totals: /totalsRowCount="1"/.test(xml),
      columns: xml.match(/<tableColumn /g)?.length,
      buttons: xml.match(/hiddenButton="0"/g)?.length,
      hidden: /hiddenButton="1"/.test(xml),
    }));
    expect(summary).toEqual([
      { name: "Stamdata", ref: "A3:B14", totals: false, columns: 2, buttons: 2, hidden: false },
      { name: "Udgifter", ref: "A3:H14", totals: true, columns: 8, buttons: 8, hidden: false },
      { name: "Finansiering", ref: "A17:F21", totals: true, columns: 6, buttons: 6, hidden: false },
    ]);
  });

  it("computes I alt and the totals rows with formulas, and shows amounts as #,##0.00", () => {
    const budget = sheet(workbook, "Budget");
    expect(formulaOf(budget.getCell("H4"))).toBe("SUM(D4:G4)");
    expect(formulaOf(budget.getCell("D14"))).toBe("SUBTOTAL(109,Udgifter[2014])");
    expect(formulaOf(budget.getCell("H14"))).toBe("SUBTOTAL(109,Udgifter[I alt])");
    expect(budget.getCell("B14").value).toBeNull();
    expect(formulaOf(budget.getCell("F18"))).toBe("SUM(B18:E18)");
    expect(formulaOf(budget.getCell("C21"))).toBe("SUBTOTAL(109,Finansiering[2015])");
    expect(budget.getCell("D4").value).toBe(450_000);
    for (const address of ["D4", "G13", "H4", "H14", "B18", "F21"])
      expect(budget.getCell(address).numFmt).toBe("#,##0.00");
    expect(budget.getCell("A17").value).toBe("Kilde");
    expect(budget.getCell("A16").value).toBe("Finansiering");
  });

  it("carries native validation: lists for labels and Ja/Nej, decimal ≥ 0 for amounts, whole numbers for years", () => {
    const budget = sheet(workbook, "Budget");
    const plan = sheet(workbook, "Plan");
    expect(budget.getCell("A7").dataValidation).toMatchObject({ type: "list", formulae: ["Lister!$A$2:$A$8"] });
    expect(budget.getCell("B7").dataValidation).toMatchObject({ type: "list", formulae: ["Lister!$B$2:$B$6"] });
    expect(budget.getCell("A19").dataValidation).toMatchObject({ type: "list", formulae: ["Lister!$C$2:$C$6"] });
    expect(budget.getCell("E9").dataValidation).toMatchObject({
      type: "decimal",
      operator: "greaterThanOrEqual",
      formulae: [0],
    });
    expect(budget.getCell("C20").dataValidation).toMatchObject({
      type: "decimal",
      operator: "greaterThanOrEqual",
      formulae: [0],
    });
    expect(plan.getCell("B8").dataValidation).toMatchObject({ type: "list", formulae: ["Lister!$D$2:$D$7"] });
    expect(plan.getCell("B9").dataValidation).toMatchObject({ type: "list", formulae: ['"Ja,Nej"'] });
    expect(plan.getCell("B11").dataValidation).toMatchObject({ type: "whole", formulae: [1900, 2999] });
    expect(plan.getCell("B13").dataValidation).toMatchObject({ type: "list", formulae: ["Lister!$E$2:$E$2"] });
    const lists = sheet(workbook, "Lister");
    expect(lists.getColumn(1).values.slice(2)).toEqual(defaultReference.focusAreas.map((area) => area.name));
    expect(lists.getColumn(3).values.slice(2)).toEqual(defaultReference.sources.map((source) => source.name));
    expect(lists.getColumn(5).values.slice(1)).toEqual(["Pulje", "Budget 2012"]);
  });

  it("shows the pool's name in the Pulje row", () => {
    expect(sheet(workbook, "Plan").getCell("B13").value).toBe("Budget 2012");
  });

  it("freezes the headers, sizes the columns, and protects Overblik without a password", async () => {
    for (const name of ["Plan", "Budget"])
      expect(sheet(workbook, name).views[0]).toMatchObject({ state: "frozen", ySplit: 3 });
    expect(sheet(workbook, "Budget").getColumn(1).width).toBeGreaterThan(20);
    const zip = await JSZip.loadAsync(bytes);
    const overview = await zip.file("xl/worksheets/sheet3.xml")!.async("string");
    expect(overview).toMatch(/<sheetProtection sheet="1"\/>/);
    expect(overview).not.toMatch(/hashValue|password/);
  });

  it("sums the overview with formulas and shows the sync values", () => {
    const overview = sheet(workbook, "Overblik");
    const value = (label: string) => overview.getRow(overview.getColumn(1).values.indexOf(label)).getCell(2);
    expect(formulaOf(value("Samlet økonomisk ramme (udgifter i alt)"))).toBe("Budget!H14");
    expect(formulaOf(value("Finansiering i alt"))).toBe("Budget!F21");
    expect(formulaOf(value("Kommunal medfinansiering"))).toBe(
      'SUMIF(Finansiering[Kilde],"Kommunen – puljen",Finansiering[I alt])+SUMIF(Finansiering[Kilde],"Kommunen – øvrige midler",Finansiering[I alt])',
    );
    expect(formulaOf(value("Kommunal andel af rammen"))).toBe("IF(B5=0,0,B7/B5)");
    expect(value("Loft for kommunal andel").value).toBe(0.125);
    expect(value("Puljens ledige beløb").value).toBe(10_000_000);
    expect(value("Seneste synkronisering").value).toBe("2014-03-01T10:00:00Z");
    expect(value("Fund ved seneste kontrol").value).toBe(0);
  });

  it("reads back as the same plan with its sync fields", async () => {
    const read = await readWorkbook(bytes);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(demoPlan);
    expect([read.planId, read.version]).toEqual(["p-17", 3]);
  });
});

describe("a blank template", () => {
  it("has the next four years, one empty expense line, one row per source and empty fields", async () => {
    const nextYear = new Date().getFullYear() + 1;
    const workbook = await openWorkbook(await writeTemplate());
    const budget = sheet(workbook, "Budget");
    expect(budget.getRow(3).values).toEqual([
      undefined,
      "Indsatsområde",
      "Kategori",
      "Aktivitet",
      ...[0, 1, 2, 3].map((n) => String(nextYear + n)),
      "I alt",
    ]);
    expect([1, 2, 3, 4, 5, 6, 7].map((column) => budget.getCell(4, column).value)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(budget.getCell("A5").value).toBe("I alt");
    expect(budget.getCell("A8").value).toBe("Kilde");
    expect([9, 10, 11, 12, 13].map((row) => budget.getCell(row, 1).value)).toEqual(
      defaultReference.sources.map((source) => source.name),
    );
    expect(budget.getCell("A14").value).toBe("I alt");
    const plan = sheet(workbook, "Plan");
    expect([plan.getCell("B11").value, plan.getCell("B12").value]).toEqual([nextYear, nextYear + 3]);
    expect(plan.getCell("B5").value).toBeNull();
  });

  it("reads back with findings for the fields to fill in, and no plan", async () => {
    const read = await readWorkbook(await writeTemplate(undefined, { firstYear: 2026 }));
    expect(read.plan).toBeNull();
    expect(read.findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Plan!B10" },
      { ruleId: "input.shape", cell: "Plan!B6" },
      { ruleId: "input.shape", cell: "Plan!B5" },
      { ruleId: "workbook.cell-unreadable", cell: "Plan!B9" },
    ]);
  });
});

/** Every cell the data puts on each sheet (tables' headers, rows and totals rows included), by sheet and address. */
function dataCells(template: WorkbookTemplate): Map<string, Map<string, TemplateTableCell>> {
  const sheets = new Map<string, Map<string, TemplateTableCell>>();
  for (const sheet of template.sheets) {
    const cells = new Map<string, TemplateTableCell>();
    for (const { address, ...cell } of sheet.cells) cells.set(address, cell);
    for (const table of sheet.tables) {
      const { from } = parseRange(table.range)!;
      const rows: TemplateTableCell[][] = [table.columns.map((value) => ({ value })), ...table.rows];
      if (table.totals) rows.push(table.totals);
      rows.forEach((row, rowIndex) =>
        row.forEach((cell, column) => {
          cells.set(formatA1({ row: from.row + rowIndex, column: from.column + column }), cell);
        }),
      );
    }
    sheets.set(sheet.name, cells);
  }
  return sheets;
}

/** A cell as the file has it: its formula (with `=`) or its value (`""` when empty), and its number format. */
function fileCell(cell: ExcelJS.Cell): { content: string | number | boolean; numberFormat: string | undefined } {
  const value = cell.value;
  const numberFormat = cell.numFmt || undefined;
  if (value !== null && typeof value === "object" && "formula" in value)
    return { content: `=${value.formula}`, numberFormat };
  return { content: (value as string | number | boolean | null) ?? "", numberFormat };
}

const dataContent = (cell: TemplateTableCell) => ("formula" in cell ? cell.formula : cell.value);

describe("the template's data describes the file writeTemplate renders", () => {
  const cases: [string, PlanInput | undefined, TemplateOptions][] = [
    ["the demo plan", demoPlan, { planId: "p-17", version: 3, poolAvailableOre: 1_000_000_000 }],
    ["the demo plan with its goals and 2015 report", demoPlan, { goals: demoGoals, report: demoReport() }],
    [
      "a blank template",
      undefined,
      {
        firstYear: 2026,
        pools: [
          { id: "a", name: "Pulje A" },
          { id: "b", name: "Pulje B" },
        ],
      },
    ],
  ];
  it.each(cases)(
    "%s: every sheet, cell, formula, number format, table and validation",
    async (_name, plan, options) => {
      const template = templateOf(plan, options);
      const bytes = await renderTemplate(template);
      const workbook = await openWorkbook(bytes);
      expect(workbook.worksheets.map((ws) => [ws.name, ws.state])).toEqual(
        template.sheets.map((ws) => [ws.name, ws.visibility]),
      );
      const expected = dataCells(template);
      for (const sheetTemplate of template.sheets) {
        const worksheet = sheet(workbook, sheetTemplate.name);
        const cells = expected.get(sheetTemplate.name)!;
        // Every cell of the data is in the file, with its content, format, font and alignment ...
        for (const [address, cell] of cells) {
          const actual = fileCell(worksheet.getCell(address));
          expect(actual.content, `${sheetTemplate.name}!${address}`).toEqual(dataContent(cell));
          expect(actual.numberFormat, `${sheetTemplate.name}!${address}`).toBe(cell.numberFormat);
          if (cell.font) expect(worksheet.getCell(address).font).toMatchObject(cell.font);
          if (cell.alignment) expect(worksheet.getCell(address).alignment).toMatchObject(cell.alignment);
        }
        // ... and the file has no cell the data does not describe.
        worksheet.eachRow((row) =>
          row.eachCell((cell) => expect(cells.has(cell.address), `${sheetTemplate.name}!${cell.address}`).toBe(true)),
        );
        // Validations: exceljs reads them back cell by cell.
        const validations: Record<string, unknown> = {};
        for (const validation of sheetTemplate.validations) {
          const { from, to } = parseRange(validation.range)!;
          const { rule } = validation;
          const formulae =
            rule.type === "list"
              ? ["range" in rule ? rule.range : `"${rule.values.join(",")}"`]
              : rule.operator === "between"
                ? [rule.min, rule.max]
                : [rule.min];
          for (let row = from.row; row <= to.row; row++)
            for (let column = from.column; column <= to.column; column++)
              validations[formatA1({ row, column })] = {
                type: rule.type,
                ...(rule.type === "list" ? {} : { operator: rule.operator }),
                formulae,
                allowBlank: validation.allowBlank,
                showErrorMessage: true,
                errorTitle: validation.error.title,
                error: validation.error.message,
              };
        }
        expect((worksheet as unknown as { dataValidations: { model: unknown } }).dataValidations.model).toEqual(
          validations,
        );
        for (const [letters, width] of Object.entries(sheetTemplate.columnWidths))
          expect(worksheet.getColumn(letters).width).toBe(width);
        if (sheetTemplate.freeze)
          expect(worksheet.views[0]).toMatchObject({ state: "frozen", ySplit: sheetTemplate.freeze.rows });
      }
      // The tables, as the file's table parts have them: name, range, columns, totals functions and labels, style.
      const zip = await JSZip.loadAsync(bytes);
      const parts = await Promise.all(
        Object.keys(zip.files)
          .filter((path) => /^xl\/tables\/table[0-9]+\.xml$/.test(path))
          .sort((a, b) => Number(/([0-9]+)\.xml$/.exec(a)?.[1]) - Number(/([0-9]+)\.xml$/.exec(b)?.[1]))
          .map((path) => zip.file(path)!.async("string")),
      );
      const fromFile = parts.map((xml) => {
        const totalsRow = /totalsRowCount="1"/.test(xml);
        return {
          name: /\bname="([^"]+)"/.exec(xml)?.[1],
          range: /\bref="([^"]+)"/.exec(xml)?.[1],
          columns: [...xml.matchAll(/<tableColumn [^>]*\bname="([^"]+)"/g)].map((match) => match[1]),
          // A table without a totals row: whatever its columns say about totals is never shown.
          totals: totalsRow
            ? [...xml.matchAll(/<tableColumn ([^>]*)>/g)].map(
                (match) =>
                  /totalsRowLabel="([^"]+)"/.exec(match[1] ?? "")?.[1] ??
                  /totalsRowFunction="([^"]+)"/.exec(match[1] ?? "")?.[1] ??
                  "",
              )
            : [],
          totalsRow,
          style: /<tableStyleInfo name="([^"]+)"[^>]*showRowStripes="1"/.exec(xml)?.[1],
        };
      });
      const fromData = template.sheets
        .flatMap((ws) => ws.tables)
        .map((table) => ({
          name: table.name,
          range: table.range,
          columns: table.columns,
          totals: (table.totals ?? []).map((cell) => {
            if ("formula" in cell) return cell.formula.startsWith("=SUBTOTAL(109,") ? "sum" : "custom";
            return cell.value === "" ? "none" : String(cell.value);
          }),
          totalsRow: table.totals !== null,
          style: table.style.showRowStripes ? table.style.name : undefined,
        }));
      expect(fromFile).toEqual(fromData);
    },
  );
});

describe("a workbook with the Mål and Regnskab sheets, through exceljs and back", () => {
  it("reads back the plan, its goals and the report from the real .xlsx, a status list on Status", async () => {
    const bytes = await writeTemplate(demoPlan, { goals: demoGoals, report: demoReport() });
    const workbook = await openWorkbook(bytes);
    expect(workbook.worksheets.map((ws) => ws.name)).toEqual([
      "Plan",
      "Budget",
      "Overblik",
      "Lister",
      "Mål",
      "Regnskab",
    ]);
    const regnskab = sheet(workbook, "Regnskab");
    expect(formulaOf(regnskab.getCell("D14"))).toBe("SUBTOTAL(109,Forbrug[2015])");
    expect(formulaOf(regnskab.getCell("B21"))).toBe("SUBTOTAL(109,Modtaget[2015])");
    expect(regnskab.getCell("C26").value).toBe("Delvist");
    expect(regnskab.getCell("C26").dataValidation).toMatchObject({
      type: "list",
      formulae: ['"Opfyldt,Delvist,Ikke opfyldt"'],
    });
    expect(sheet(workbook, "Mål").getCell("D4").value).toBe(demoGoals[0]!.successCriteria.join("\n"));

    const read = await readWorkbook(bytes);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(demoPlan);
    const grids = await readWorkbookGrids(bytes);
    expect(gridToGoals(grids, defaultReference)).toMatchObject({ goals: demoGoals, findings: [] });
    expect(gridToReport(grids, defaultReference)).toMatchObject({ report: demoReport(), findings: [] });
    expect(validateReportWorkbook(grids, defaultReference, demoApproved)).toEqual([]);
  });

  it("reads Danish text typed into the file's amount and status cells", async () => {
    const workbook = await openWorkbook(await writeTemplate(demoPlan, { goals: demoGoals, report: demoReport() }));
    sheet(workbook, "Regnskab").getCell("D4").value = "1.234,50";
    sheet(workbook, "Regnskab").getCell("C25").value = "ikke opfyldt";
    sheet(workbook, "Regnskab").getCell("B19").value = "ca. 225.000";
    const grids = await readWorkbookGrids(Buffer.from(await workbook.xlsx.writeBuffer()));
    const read = gridToReport(grids, defaultReference);
    expect(read.report).toBeNull();
    expect(read.findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", cell: "Regnskab!B19" },
    ]);
    sheet(workbook, "Regnskab").getCell("B19").value = 225_000;
    const fixed = gridToReport(
      await readWorkbookGrids(Buffer.from(await workbook.xlsx.writeBuffer())),
      defaultReference,
    );
    expect(fixed.report?.spending[0]?.actualOre).toBe(123_450);
    expect(fixed.report?.goals[0]?.status).toBe("ikke_opfyldt");
  });
});
