import { demoPlan, demoPlanTingbjerg } from "@helhedsplan/demo";
import type ExcelJS from "exceljs";
import fc from "fast-check";
import JSZip from "jszip";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalPlanWithPools } from "../test-arbitraries";
import { WorkbookReadError, type WorkbookReadErrorReason } from "./read-error";
import { readWorkbook } from "./read-workbook";
import { openWorkbook } from "./test-workbooks";
import { writeTemplate } from "./write-template";

/** A template for the demo plan, opened and edited in exceljs as a user edits it, and saved again. */
async function editedDemo(edit: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = await openWorkbook(await writeTemplate(demoPlan));
  edit(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const budgetOf = (workbook: ExcelJS.Workbook) => workbook.getWorksheet("Budget")!;
const summary = async (bytes: Buffer) =>
  (await readWorkbook(bytes)).findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }));

describe("readWorkbook: template → .xlsx → plan", () => {
  it("gives back the demo plans", async () => {
    for (const plan of [demoPlan, demoPlanTingbjerg]) {
      const read = await readWorkbook(await writeTemplate(plan));
      expect(read.findings).toEqual([]);
      expect(read.plan).toEqual(plan);
    }
  });

  it("gives back every canonical plan (with Danish text, large and negative amounts, any pools)", async () => {
    await fc.assert(
      fc.asyncProperty(canonicalPlanWithPools("printable", 4), async ({ plan, pools }) => {
        const read = await readWorkbook(await writeTemplate(plan, { pools }), { pools });
        expect(read.plan).toEqual(plan);
      }),
      { numRuns: 25 },
    );
  });

  it("reads a file by its path as well as a buffer", async () => {
    const folder = await mkdtemp(join(tmpdir(), "helhedsplan-read-"));
    try {
      const path = join(folder, "plan.xlsx");
      await writeFile(path, await writeTemplate(demoPlan));
      expect((await readWorkbook(path)).plan).toEqual(demoPlan);
      expect((await readWorkbook(new Uint8Array(await writeTemplate(demoPlan)))).plan).toEqual(demoPlan);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

describe("a workbook with known mistakes gives exactly the expected findings at the expected cells", () => {
  it("text, three decimals, #REF!, a date, an unknown label and merged cells in the budget", async () => {
    const bytes = await editedDemo((workbook) => {
      const budget = budgetOf(workbook);
      budget.getCell("E6").value = "ca. 1000";
      budget.getCell("F5").value = 120_000.125;
      budget.getCell("D7").value = { error: "#REF!" };
      // Excel gives a cell a date format when a date is typed into it (a style of its own: exceljs shares style objects).
      const date = budget.getCell("G8");
      date.value = new Date(Date.UTC(2015, 0, 1));
      date.style = { ...date.style, numFmt: "dd-mm-yyyy" };
      budget.getCell("A9").value = "Sundhet";
      budget.getCell("A20").value = "Boligselskabet";
      budget.mergeCells("D10:E10");
    });
    const read = await readWorkbook(bytes);
    expect(read.plan).toBeNull();
    const amount = (line: number, year: string) => ["budget", "expenses", line, "amountsOre", year];
    expect(read.findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }))).toEqual([
      { ruleId: "workbook.cell-unreadable", path: amount(1, "2016"), cell: "Budget!F5" },
      { ruleId: "workbook.cell-unreadable", path: amount(2, "2015"), cell: "Budget!E6" },
      { ruleId: "workbook.cell-unreadable", path: amount(3, "2014"), cell: "Budget!D7" },
      { ruleId: "workbook.cell-unreadable", path: amount(4, "2017"), cell: "Budget!G8" },
      { ruleId: "workbook.cell-unreadable", path: ["budget", "expenses", 5, "focusArea"], cell: "Budget!A9" },
      { ruleId: "workbook.cell-unreadable", path: amount(6, "2014"), cell: "Budget!D10" },
      { ruleId: "workbook.cell-unreadable", path: ["budget", "financing", 2, "source"], cell: "Budget!A20" },
    ]);
    const messages = read.findings.map((finding) => finding.message);
    expect(messages[0]).toMatch(/120000,125 har mere end to decimaler/);
    expect(messages[1]).toMatch(/"ca\. 1000" er ikke et beløb/);
    expect(messages[2]).toMatch(/fejlværdien #REF!/);
    expect(messages[3]).toMatch(/datoen 01-01-2015/);
    expect(messages[4]).toMatch(/"Sundhet" er ikke et kendt indsatsområde/);
    expect(messages[5]).toMatch(/flettede celler D10:E10/);
    expect(messages[6]).toMatch(/"Boligselskabet" er ikke en kendt kilde/);
  });

  it("a misspelt header", async () => {
    const bytes = await editedDemo((workbook) => (budgetOf(workbook).getCell("C3").value = "Aktivitt"));
    const [finding, ...rest] = (await readWorkbook(bytes)).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ ruleId: "workbook.layout", path: [], cell: "Budget!A3" });
    expect(finding?.message).toMatch(/^Tabellen Udgifter på arket Budget mangler kolonnen "Aktivitet"/);
  });

  it("a year column missing (its header renamed)", async () => {
    const bytes = await editedDemo((workbook) => (budgetOf(workbook).getCell("F3").value = "2016 (rev.)"));
    const findings = (await readWorkbook(bytes)).findings;
    expect(findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.layout", cell: "Budget!A3" },
    ]);
    expect(findings[0]?.message).toMatch(/mangler en kolonne for året 2016/);
  });

  it("a renamed sheet", async () => {
    const bytes = await editedDemo((workbook) => (budgetOf(workbook).name = "Budget 2014"));
    expect((await summary(bytes)).map((finding) => finding.cell)).toEqual(["'Budget 2014'!A3", "'Budget 2014'!A17"]);
  });

  it("a deleted sheet", async () => {
    const bytes = await editedDemo((workbook) => workbook.removeWorksheet(budgetOf(workbook).id));
    const findings = (await readWorkbook(bytes)).findings;
    expect(findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: "workbook.layout", cell: "Budget!A1" },
      { ruleId: "workbook.layout", cell: "Budget!A1" },
    ]);
    expect(findings[0]?.message).toMatch(/^Arket Budget mangler/);
  });

  it("merged cells across a Stamdata value", async () => {
    const bytes = await editedDemo((workbook) => workbook.getWorksheet("Plan")!.mergeCells("B9:B10"));
    expect(await summary(bytes)).toEqual([
      { ruleId: "workbook.cell-unreadable", path: ["vulnerableArea"], cell: "Plan!B9" },
    ]);
  });

  it("a formula never calculated in an amount cell is not read as 0", async () => {
    const bytes = await editedDemo(
      (workbook) => (budgetOf(workbook).getCell("E5").value = { formula: "100*2", date1904: false }),
    );
    const findings = (await readWorkbook(bytes)).findings;
    expect(findings.map(({ cell }) => cell)).toEqual(["Budget!E5"]);
    expect(findings[0]?.message).toMatch(/"=100\*2" er ikke et beløb/);
  });

  it("a formula with a computed result reads as its result", async () => {
    const bytes = await editedDemo(
      (workbook) => (budgetOf(workbook).getCell("E5").value = { formula: "60000*2", result: 120_000, date1904: false }),
    );
    expect((await readWorkbook(bytes)).plan).toEqual(demoPlan);
  });
});

describe("a file that is no readable .xlsx throws WorkbookReadError", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "helhedsplan-bad-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function expectReadError(file: string | Buffer, reason: WorkbookReadErrorReason) {
    const error: unknown = await readWorkbook(file).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WorkbookReadError);
    expect((error as WorkbookReadError).reason).toBe(reason);
    expect((error as WorkbookReadError).message).not.toMatch(/\n/);
  }

  it("a missing file", async () => {
    await expectReadError(join(folder, "findes-ikke.xlsx"), "missing");
  });

  it("a folder", async () => {
    await expectReadError(folder, "unreadable-file");
  });

  it("a CSV renamed .xlsx, and an empty file", async () => {
    const csv = join(folder, "budget.xlsx");
    await writeFile(csv, "Indsatsområde;Kategori;2014\nSundhed;Løn;1000\n");
    await expectReadError(csv, "not-xlsx");
    await expectReadError(Buffer.alloc(0), "not-xlsx");
  });

  it("a truncated .xlsx", async () => {
    const bytes = await writeTemplate(demoPlan);
    for (const length of [10, bytes.length / 2, bytes.length - 30])
      await expectReadError(bytes.subarray(0, Math.floor(length)), "corrupt");
  });

  it("a corrupt .xlsx (damaged compressed data)", async () => {
    const bytes = Buffer.from(await writeTemplate(demoPlan));
    const zip = await JSZip.loadAsync(bytes);
    // Damage the middle of the Budget sheet's compressed data, leaving the zip directory intact.
    const start = bytes.indexOf("xl/worksheets/sheet2.xml") + "xl/worksheets/sheet2.xml".length;
    const size = (zip.files["xl/worksheets/sheet2.xml"] as unknown as { _data: { compressedSize: number } })._data
      .compressedSize;
    bytes.fill(0x55, start + Math.floor(size / 3), start + Math.floor(size / 3) + 64);
    await expectReadError(bytes, "corrupt");
  });

  /** The demo template with one part's text changed; JSZip writes it with a correct checksum, so only the XML is wrong. */
  async function withPart(path: string, change: (xml: string) => string | Uint8Array): Promise<Buffer> {
    const zip = await JSZip.loadAsync(await writeTemplate(demoPlan));
    zip.file(path, change(await zip.file(path)!.async("string")));
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  }

  // Every part the reader parses: the workbook, its relationships, a sheet holding tables, its relationships, a table, the strings, the styles.
  const parsedParts = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet2.xml",
    "xl/worksheets/_rels/sheet2.xml.rels",
    "xl/tables/table2.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
  ];

  it.each(parsedParts)("a part cut off in the middle of its XML (%s)", async (path) => {
    await expectReadError(await withPart(path, (xml) => xml.slice(0, Math.floor(xml.length / 2))), "corrupt");
  });

  it("malformed XML in a sheet: mismatched tags, an unknown entity, bytes that are no UTF-8, no XML at all", async () => {
    const sheet = "xl/worksheets/sheet2.xml";
    await expectReadError(await withPart(sheet, (xml) => xml.replace("</row>", "</c></row>")), "corrupt");
    await expectReadError(await withPart(sheet, (xml) => xml.replace("<sheetData>", "<sheetData>&nbsp;")), "corrupt");
    await expectReadError(
      await withPart(sheet, (xml) =>
        Buffer.concat([Buffer.from(xml.slice(0, 200)), Buffer.from([0xc3, 0x28]), Buffer.from(xml.slice(200))]),
      ),
      "corrupt",
    );
    await expectReadError(await withPart("xl/sharedStrings.xml", () => "Indsatsområde;Kategori;2014"), "corrupt");
  });

  it("a zip that is no workbook", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<document/>");
    await expectReadError(await zip.generateAsync({ type: "nodebuffer" }), "not-a-workbook");
  });
});
