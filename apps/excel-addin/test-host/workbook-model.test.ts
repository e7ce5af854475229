// The in-memory workbook: formulas through the real engine, the template laid out from templateOf(demoPlan), marks.
import { demoPlan } from "@helhedsplan/demo";
import { templateOf } from "@helhedsplan/workbook";
import { describe, expect, it } from "vitest";
import { parseRect } from "./a1";
import {
  dropSheetFromFormula,
  renameSheetInFormula,
  rewriteStructuredReferences,
  shiftFormula,
} from "./formula-engine";
import { Workbook, typedInput, type CellValue, type Sheet } from "./workbook-model";

function set(workbook: Workbook, sheet: Sheet, address: string, content: CellValue): void {
  const rect = parseRect(address);
  if (!rect) throw new Error(address);
  workbook.setInput(sheet, rect.row, rect.column, typedInput(content, "api"));
}

function read(workbook: Workbook, address: string): CellValue {
  const { sheet, rect } = workbook.resolve(address);
  return workbook.value(sheet, rect.row, rect.column);
}

const sumOre = (amounts: Record<string, number>[]) =>
  amounts.reduce((total, each) => total + Object.values(each).reduce((sum, ore) => sum + ore, 0), 0);

describe("formulas", () => {
  it("computes SUM, arithmetic, IF, & and cross-sheet references", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    const other = workbook.addSheet("Plan");
    set(workbook, sheet, "A1", 1);
    set(workbook, sheet, "A2", 2.5);
    set(workbook, sheet, "A3", "=SUM(A1:A2)");
    set(workbook, sheet, "B1", "=A3*2");
    set(workbook, other, "B11", 2014);
    set(workbook, other, "B12", 2017);
    set(workbook, sheet, "C1", '=Plan!B11&"–"&Plan!B12');
    set(workbook, sheet, "C2", '=IF(Plan!B5="","tom",Plan!B5)');
    set(workbook, sheet, "C3", "=A1/0");
    set(workbook, sheet, "C4", "=Plan!Z99");
    expect(read(workbook, "Ark1!A3")).toBe(3.5);
    expect(read(workbook, "Ark1!B1")).toBe(7);
    expect(read(workbook, "Ark1!C1")).toBe("2014–2017");
    expect(read(workbook, "Ark1!C2")).toBe("tom");
    expect(read(workbook, "Ark1!C3")).toBe("#DIV/0!");
    expect(read(workbook, "Ark1!C4")).toBe(0);
  });

  it("recomputes what a change reaches, through chains of formulas and other sheets", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    const other = workbook.addSheet("Overblik");
    set(workbook, sheet, "A1", 1);
    set(workbook, sheet, "A2", "=A1+1");
    set(workbook, other, "A1", "=Ark1!A2*10");
    expect(read(workbook, "Overblik!A1")).toBe(20);
    set(workbook, sheet, "A1", 5);
    expect(read(workbook, "Overblik!A1")).toBe(60);
    set(workbook, sheet, "A2", 7);
    expect(read(workbook, "Overblik!A1")).toBe(70);
  });

  it("sums with SUBTOTAL(109, …) and SUMIF without regard to case, and propagates errors", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    set(workbook, sheet, "A1", "Kommunen – puljen");
    set(workbook, sheet, "A2", "kommunen – PULJEN");
    set(workbook, sheet, "A3", "Landsbyggefonden");
    set(workbook, sheet, "B1", 100);
    set(workbook, sheet, "B2", 20);
    set(workbook, sheet, "B3", 3);
    set(workbook, sheet, "C1", "=SUBTOTAL(109,B1:B3)");
    set(workbook, sheet, "C2", '=SUMIF(A1:A3,"Kommunen – puljen",B1:B3)');
    set(workbook, sheet, "C3", '=SUMIF(A1:A3,"<>Landsbyggefonden",B1)');
    set(workbook, sheet, "C4", '=SUMIF(B1:B3,">10")');
    set(workbook, sheet, "D1", "#N/A");
    set(workbook, sheet, "D2", "=SUM(B1:B3,D1)");
    set(workbook, sheet, "D3", "=SUM(A1:B3)");
    expect(read(workbook, "Ark1!C1")).toBe(123);
    expect(read(workbook, "Ark1!C2")).toBe(120);
    expect(read(workbook, "Ark1!C3")).toBe(120);
    expect(read(workbook, "Ark1!C4")).toBe(120);
    expect(read(workbook, "Ark1!D2")).toBe("#N/A");
    expect(read(workbook, "Ark1!D3")).toBe(123);
  });

  it('compares as Excel does: an empty cell equals "" and 0, text ignores case', () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    set(workbook, sheet, "A2", "Ja");
    set(workbook, sheet, "B1", '=A1=""');
    set(workbook, sheet, "B2", "=A1=0");
    set(workbook, sheet, "B3", '=A2="JA"');
    set(workbook, sheet, "B4", '=A2<>"ja"');
    set(workbook, sheet, "B5", "=A1");
    expect([1, 2, 3, 4, 5].map((row) => read(workbook, `Ark1!B${row}`))).toEqual([true, true, true, false, 0]);
  });

  it("rewrites structured references to the table's data body, totals and this row", () => {
    const table = (name: string) =>
      name.toLowerCase() === "udgifter"
        ? {
            name: "Udgifter",
            sheet: "Budget",
            columns: ["Indsatsområde", "Kategori", "Aktivitet", "2014", "2015", "I alt"],
            left: 0,
            headerRow: 2,
            firstDataRow: 3,
            lastDataRow: 12,
            totalsRow: 13,
          }
        : undefined;
    const at = { sheet: "Budget", row: 5, column: 5 };
    expect(rewriteStructuredReferences("SUBTOTAL(109,Udgifter[2014])", at, table)).toBe(
      "SUBTOTAL(109,Budget!$D$4:$D$13)",
    );
    expect(rewriteStructuredReferences("SUM(Udgifter[[#Totals],[I alt]])", at, table)).toBe("SUM(Budget!$F$14)");
    expect(rewriteStructuredReferences("SUM(Udgifter[@[2014]:[2015]])", at, table)).toBe("SUM(Budget!$D$6:$E$6)");
    expect(rewriteStructuredReferences('IF(A1="Udgifter[2014]",1)', at, table)).toBe('IF(A1="Udgifter[2014]",1)');
    expect(rewriteStructuredReferences("udgifter[#All]", at, table)).toBe("Budget!$A$3:$F$14");
    expect(() => rewriteStructuredReferences("Udgifter[2099]", at, table)).toThrow(/2099/);
    expect(() => rewriteStructuredReferences("Findes[2014]", at, table)).toThrow(/Findes/);
  });

  it("shifts relative references for a conditional format, and follows a renamed sheet", () => {
    expect(shiftFormula("=AND($D4>0,E$4<>Flag!C3)", 2, 1)).toBe("=AND($D6>0,F$4<>Flag!D5)");
    expect(shiftFormula('=INDEX(Flags,ROW()-3,COLUMN()-3)="A1"', 5, 5)).toBe('=INDEX(Flags,ROW()-3,COLUMN()-3)="A1"');
    expect(shiftFormula("=A1", -1, 0)).toBe("=#REF!");
    expect(renameSheetInFormula("=Plan!B5&'Plan'!B6&\"Plan!B7\"", "plan", "Min plan")).toBe(
      "='Min plan'!B5&'Min plan'!B6&\"Plan!B7\"",
    );
  });

  it("reads #REF! where a formula referred to a deleted sheet or its tables, and only there", () => {
    expect(dropSheetFromFormula("=SUM(Budget!E7:E9)+budget!$A:$A+Plan!B5", "Budget", [])).toBe(
      "=SUM(#REF!)+#REF!+Plan!B5",
    );
    expect(dropSheetFromFormula("='Budget 2'!A1+Budget2!A1&\"'Budget 2'!A1\"", "budget 2", [])).toBe(
      "=#REF!+Budget2!A1&\"'Budget 2'!A1\"",
    );
    expect(
      dropSheetFromFormula("=SUBTOTAL(109,Udgifter[2014])+Finansiering[[#Totals],[I alt]]", "Budget", ["Udgifter"]),
    ).toBe("=SUBTOTAL(109,#REF!)+Finansiering[[#Totals],[I alt]]");
  });

  it("reports formulas Excel would refuse", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    expect(workbook.formulaProblem(sheet, 0, 0, "=SUM(A1:A2")).toMatch(/kan ikke læses/);
    expect(workbook.formulaProblem(sheet, 0, 0, "=Udgifter[2014]")).toMatch(/Udgifter/);
    expect(workbook.formulaProblem(sheet, 0, 0, "=Findes!A1")).toMatch(/Findes/);
    expect(workbook.formulaProblem(sheet, 0, 0, "=SUM(B1:B3)")).toBeNull();
  });
});

describe("the demo plan's template", () => {
  const workbook = Workbook.fromTemplate(templateOf(demoPlan));

  it("has the template's sheets, tables and visibility", () => {
    expect(workbook.sheets.map((sheet) => [sheet.name, sheet.visibility, sheet.protected])).toEqual([
      ["Plan", "Visible", false],
      ["Budget", "Visible", false],
      ["Overblik", "Visible", true],
      ["Lister", "Hidden", false],
    ]);
    expect(
      workbook.tables.map((table) => [
        table.name,
        workbook.address(workbook.requireSheet(table.sheetId), workbook.tableRect(table)),
      ]),
    ).toEqual([
      ["Stamdata", "Plan!A3:B14"],
      ["Udgifter", "Budget!A3:H14"],
      ["Finansiering", "Budget!A17:F21"],
    ]);
  });

  it("computes the Udgifter totals row as the sum of the demo's expenses in kroner", () => {
    const total = sumOre(demoPlan.budget.expenses.map((line) => line.amountsOre)) / 100;
    expect(read(workbook, "Budget!H14")).toBe(total);
    expect(read(workbook, "Budget!D14")).toBe(
      demoPlan.budget.expenses.reduce((sum, line) => sum + (line.amountsOre["2014"] ?? 0), 0) / 100,
    );
    expect(read(workbook, "Budget!F21")).toBe(sumOre(demoPlan.budget.financing.map((row) => row.amountsOre)) / 100);
  });

  it("gives Overblik's figures: the frame, the municipal share, within the cap", () => {
    const frame = sumOre(demoPlan.budget.expenses.map((line) => line.amountsOre)) / 100;
    const municipal =
      sumOre(
        demoPlan.budget.financing
          .filter((row) => row.source === "kommunePulje" || row.source === "kommuneOevrig")
          .map((row) => row.amountsOre),
      ) / 100;
    expect(read(workbook, "Overblik!B3")).toBe(demoPlan.name);
    expect(read(workbook, "Overblik!B4")).toBe("2014–2017");
    expect(read(workbook, "Overblik!B5")).toBe(frame);
    expect(read(workbook, "Overblik!B7")).toBe(municipal);
    expect(read(workbook, "Overblik!B8")).toBeCloseTo(municipal / frame, 12);
    expect(read(workbook, "Overblik!B10")).toBe("Ja");
    expect(read(workbook, "Overblik!B11")).toBe(900_000);
  });

  it("follows an edit through the row total, the totals row and Overblik", () => {
    const copy = Workbook.fromTemplate(templateOf(demoPlan));
    const budget = copy.requireSheet("Budget");
    const before = read(copy, "Overblik!B5") as number;
    set(copy, budget, "E6", 1_000_000);
    expect(read(copy, "Budget!H6")).toBe(420_000 * 3 + 1_000_000);
    expect(read(copy, "Overblik!B5")).toBe(before + 1_000_000 - 420_000);
    expect(read(copy, "Overblik!B10")).toBe("Ja");
    set(copy, copy.requireSheet("Budget"), "B19", 2_000_000);
    expect(read(copy, "Overblik!B10")).toBe("Nej");
  });

  it("keeps number formats, fonts and validations", () => {
    const budget = workbook.requireSheet("Budget");
    expect(workbook.numberFormat(budget, 3, 3)).toBe("#,##0.00");
    expect(workbook.numberFormat(budget, 0, 0)).toBe("General");
    expect(workbook.font(budget, 0, 0)).toMatchObject({ bold: true, size: 14 });
    expect(workbook.validationAt(budget, 3, 3)?.rule).toEqual({
      decimal: { formula1: 0, operator: "GreaterThanOrEqualTo" },
    });
    expect(workbook.validationAt(budget, 3, 0)?.rule).toEqual({
      list: { inCellDropDown: true, source: "=Lister!$A$2:$A$8" },
    });
  });

  // How fast it is belongs to `npm run bench` (the add-in's keystroke path), not to a timed test.
  it("recomputes a 1,000-line plan: an edit reaches its row's I alt and the totals", () => {
    const lines = Array.from({ length: 1000 }, (_, index) => ({
      ...demoPlan.budget.expenses[index % demoPlan.budget.expenses.length]!,
      activity: `Aktivitet ${index + 1}`,
    }));
    const big = Workbook.fromTemplate(templateOf({ ...demoPlan, budget: { ...demoPlan.budget, expenses: lines } }));
    const budget = big.requireSheet("Budget");
    big.calculate();
    const totalBefore = read(big, "Budget!E1004") as number;
    set(big, budget, "E500", 123);
    big.calculate();
    expect(read(big, "Budget!H500")).toBe(
      Object.values(lines[496]!.amountsOre).reduce((sum, ore) => sum + ore, 0) / 100 -
        (lines[496]!.amountsOre["2015"] ?? 0) / 100 +
        123,
    );
    expect(read(big, "Budget!E1004")).toBeCloseTo(totalBefore - (lines[496]!.amountsOre["2015"] ?? 0) / 100 + 123, 6);
  });
});

describe("the empty workbook", () => {
  it("has one sheet Ark1 and nothing else", () => {
    const workbook = Workbook.empty();
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual(["Ark1"]);
    expect(workbook.tables).toEqual([]);
    expect(workbook.names.size).toBe(0);
    expect(workbook.sheets[0]?.cells.size).toBe(0);
  });
});

describe("tables", () => {
  it("make header cells unique text and show a totals row only over empty cells", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    set(workbook, sheet, "A3", "Kilde");
    set(workbook, sheet, "B3", 2014);
    set(workbook, sheet, "C3", "Kilde");
    set(workbook, sheet, "B4", 5);
    set(workbook, sheet, "B5", 7);
    const table = workbook.addTable(sheet, parseRect("A3:D5")!);
    expect(table.name).toBe("Tabel1");
    expect([0, 1, 2, 3].map((column) => workbook.value(sheet, 2, column))).toEqual([
      "Kilde",
      "2014",
      "Kilde2",
      "Kolonne4",
    ]);
    workbook.renameTable(table, "Finansiering");
    set(workbook, sheet, "E1", "=SUBTOTAL(109,Finansiering[2014])");
    expect(read(workbook, "Ark1!E1")).toBe(12);
    set(workbook, sheet, "A7", "i vejen");
    workbook.setShowTotals(table, true);
    expect(read(workbook, "Ark1!A6")).toBe("I alt");
    expect(workbook.formula(sheet, 5, 3)).toBe("=SUBTOTAL(109,Finansiering[Kolonne4])");
    workbook.setShowTotals(table, false);
    set(workbook, sheet, "B6", 1);
    expect(() => workbook.setShowTotals(table, true)).toThrow(/række 6/);
    expect(() => workbook.addTable(sheet, parseRect("B4:C9")!)).toThrow(/overlappe/);
  });
});

describe("marks", () => {
  it("evaluate INDEX(name, ROW()-r0, COLUMN()-c0) over a very hidden flag sheet, as a user would see them", () => {
    const workbook = Workbook.fromTemplate(templateOf(demoPlan));
    const flags = workbook.addSheet("Flag");
    workbook.setVisibility(flags, "VeryHidden");
    // One flag block the shape of Udgifter's data body (Budget!A4:H13): 10 rows × 8 columns.
    workbook.addName("hpFlagUdgifter", "=Flag!$A$1:$H$10");
    for (const [row, column, flag] of [
      [3, 4, 2], // Budget!E7: an error
      [0, 0, 1], // Budget!A4: a warning
    ] as const)
      workbook.setInput(flags, row, column, { value: flag });
    const budget = workbook.requireSheet("Budget");
    const body = parseRect("A4:H13")!;
    const errors = workbook.addConditionalFormat(budget, body);
    workbook.updateConditionalFormat(errors, {
      formula: "=INDEX(hpFlagUdgifter,ROW()-3,COLUMN()-0)=2",
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    const warnings = workbook.addConditionalFormat(budget, body);
    workbook.updateConditionalFormat(warnings, {
      formula: "=INDEX(hpFlagUdgifter,ROW()-3,COLUMN()-0)=1",
      fill: "#FFEB9C",
    });
    expect(workbook.marked()).toEqual(["Budget!A4", "Budget!E7"]);
    expect(workbook.conditionalLook(budget, 6, 4)).toEqual({ fill: "#FFC7CE", fontColor: "#9C0006" });
    // The user's own fill is untouched by marks.
    expect(workbook.fill(budget, 6, 4)).toBe("#FFFFFF");
    workbook.setInput(flags, 3, 4, { value: 0 });
    workbook.setInput(flags, 9, 7, { value: 2 });
    expect(workbook.marked()).toEqual(["Budget!A4", "Budget!H13"]);
    workbook.clearConditionalFormats(budget, parseRect("A4:A13")!);
    expect(workbook.marked()).toEqual(["Budget!H13"]);
  });

  it("read relative references from the format's first cell", () => {
    const workbook = Workbook.empty();
    const sheet = workbook.requireSheet("Ark1");
    set(workbook, sheet, "B2", -1);
    set(workbook, sheet, "C3", -5);
    set(workbook, sheet, "B3", 4);
    const format = workbook.addConditionalFormat(sheet, parseRect("B2:C3")!);
    workbook.updateConditionalFormat(format, { formula: "=B2<0", fill: "#FF0000" });
    expect(workbook.marked()).toEqual(["Ark1!B2", "Ark1!C3"]);
  });
});

describe("typed input", () => {
  it("reads what a Danish user types and what the API sets", () => {
    expect(typedInput("1.234,50", "da")).toEqual({ value: 1234.5 });
    expect(typedInput("12,5%", "da")).toEqual({ value: 0.125 });
    expect(typedInput("450000", "da")).toEqual({ value: 450000 });
    expect(typedInput("'123", "da")).toEqual({ value: "123" });
    expect(typedInput("abc", "da")).toEqual({ value: "abc" });
    expect(typedInput("=SUM(A1)", "da")).toEqual({ formula: "=SUM(A1)" });
    expect(typedInput(null, "da")).toEqual({ value: "" });
    expect(typedInput("123.5", "api")).toEqual({ value: 123.5 });
    expect(typedInput("1.234,50", "api")).toEqual({ value: "1.234,50" });
    expect(typedInput("2014", "api")).toEqual({ value: 2014 });
  });
});
