// Test support. `openWorkbook` opens .xlsx bytes in exceljs' normal reader, as a user's edit would.
// `writeLargeWorkbook`: a workbook of many budget lines, written with exceljs' streaming WorkbookWriter
// (the normal writer holds every cell object and needs gigabytes for 100,000 lines). The
// streaming writer cannot make Excel tables, so their parts are added to the package afterwards,
// exactly as Excel stores them: a table part per table, the sheet's relationships, the content
// types and the sheet's <tableParts>.
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, type PlanInput } from "@helhedsplan/rules";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { readFile, writeFile } from "node:fs/promises";
import { formatA1, parseA1, type CellValue, type Grids, type TableGrid } from "../grid";
import { planToGrid } from "../write-grid";

/** The demo plan with `lines` expense lines (the demo's lines repeated, each activity numbered), balanced by LBF money. */
export function planWithLines(lines: number): PlanInput {
  const base = demoPlan.budget.expenses;
  const expenses = Array.from({ length: lines }, (_, index) => {
    const line = base[index % base.length]!;
    return { ...line, activity: `${line.activity} ${index + 1}` };
  });
  const others = demoPlan.budget.financing.filter((row) => row.source !== "lbf");
  const years = Object.keys(base[0]?.amountsOre ?? {});
  const total = (rows: { amountsOre: Record<string, number> }[], year: string) =>
    rows.reduce((sum, row) => sum + (row.amountsOre[year] ?? 0), 0);
  const lbf = {
    source: "lbf" as const,
    amountsOre: Object.fromEntries(years.map((year) => [year, total(expenses, year) - total(others, year)])),
  };
  return { ...demoPlan, budget: { expenses, financing: [lbf, ...others] } };
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function tableRef(table: TableGrid): string {
  const origin = parseA1(table.topLeft) ?? { row: 1, column: 1 };
  const end = { row: origin.row + table.values.length - 1, column: origin.column + (table.values[0]?.length ?? 1) - 1 };
  return `${table.topLeft}:${formatA1(end)}`;
}

function tableXml(table: TableGrid, id: number): string {
  const header = table.values[0] ?? [];
  const ref = tableRef(table);
  const columns = header
    .map((name, index) => `<tableColumn id="${index + 1}" name="${escapeXml(String(name))}"/>`)
    .join("");
  const totals = table.totalsRow ? ` totalsRowCount="1"` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
    `<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${table.name}" displayName="${table.name}" ref="${ref}"${totals}>` +
    `<autoFilter ref="${ref}"/><tableColumns count="${header.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

/** Writes the grids' sheets with the streaming writer, one sheet row at a time. */
async function writeCells(path: string, grids: Grids): Promise<string[]> {
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheets = [...new Set(grids.tables.map((table) => table.sheet))];
  for (const name of sheets) {
    const worksheet = writer.addWorksheet(name);
    for (const table of grids.tables.filter((candidate) => candidate.sheet === name)) {
      const origin = parseA1(table.topLeft) ?? { row: 1, column: 1 };
      table.values.forEach((cells: CellValue[], index) => {
        const row = worksheet.getRow(origin.row + index);
        cells.forEach((value, column) => {
          if (value !== "") row.getCell(origin.column + column).value = value;
        });
        row.commit();
      });
    }
    worksheet.commit();
  }
  await writer.commit();
  return sheets;
}

/** Adds the Excel table parts the streaming writer leaves out. */
async function addTableParts(path: string, grids: Grids, sheets: string[]): Promise<void> {
  const zip = await JSZip.loadAsync(await readFile(path));
  let contentTypes = await zip.file("[Content_Types].xml")!.async("string");
  let tableId = 0;
  for (const [index, sheet] of sheets.entries()) {
    const sheetPath = `xl/worksheets/sheet${index + 1}.xml`;
    const tables = grids.tables.filter((table) => table.sheet === sheet);
    const rels = tables.map((table) => {
      tableId++;
      zip.file(`xl/tables/table${tableId}.xml`, tableXml(table, tableId));
      contentTypes = contentTypes.replace(
        "</Types>",
        `<Override PartName="/xl/tables/table${tableId}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/></Types>`,
      );
      return `<Relationship Id="rIdTable${tableId}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table${tableId}.xml"/>`;
    });
    zip.file(
      `xl/worksheets/_rels/sheet${index + 1}.xml.rels`,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
    );
    const parts = rels.map((rel) => `<tablePart r:id="${/Id="([^"]+)"/.exec(rel)?.[1] ?? ""}"/>`).join("");
    const xml = await zip.file(sheetPath)!.async("string");
    zip.file(
      sheetPath,
      xml.replace(/<\/worksheet>\s*$/, `<tableParts count="${rels.length}">${parts}</tableParts></worksheet>`),
    );
  }
  zip.file("[Content_Types].xml", contentTypes);
  await writeFile(
    path,
    await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 1 } }),
  );
}

/**
 * Writes a workbook of `plan` laid out as the template (Stamdata, Udgifter, Finansiering as Excel tables) to `path`,
 * after `edit` has changed its grids. Example: `await writeLargeWorkbook(path, planWithLines(100_000))`.
 */
export async function writeLargeWorkbook(
  path: string,
  plan: PlanInput,
  edit: (grids: Grids) => void = () => {},
): Promise<void> {
  const grids = planToGrid(plan, defaultReference);
  edit(grids);
  const sheets = await writeCells(path, grids);
  await addTableParts(path, grids, sheets);
}

/** .xlsx bytes opened in exceljs (whose typings want an ArrayBuffer, not a Node Buffer). Example: `(await openWorkbook(bytes)).getWorksheet("Budget")`. */
export async function openWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return workbook;
}
