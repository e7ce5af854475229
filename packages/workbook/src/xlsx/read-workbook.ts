// .xlsx → grids → plan and findings. Cells come from exceljs' streaming reader (memory stays
// bounded by the tables' cells, not by exceljs' cell objects: a 100,000-line workbook reads in a
// few hundred MB); the sheet list, the tables and the merged ranges come from the package parts.
import { defaultReference, type Reference } from "@helhedsplan/rules";
import ExcelJS from "exceljs";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { excelSerialOf, parseRange, type CellPosition, type CellValue, type Grids, type TableGrid } from "../grid";
import type { PlanFromGrid } from "../read-grid";
import { checkWorkbook, type WorkbookContext } from "../validate-workbook";
import type { WorkbookFinding } from "../workbook-findings";
import { mergedRanges, openPackage, type SheetPart, type TablePart } from "./package-parts";
import { WorkbookReadError } from "./read-error";

/** A table being filled from the sheet's rows. */
interface TableFill {
  part: TablePart;
  from: CellPosition;
  to: CellPosition;
  values: CellValue[][];
  formats: string[][];
}

const GENERAL = "General";

/** An exceljs cell value as `Range.values` gives it (a formula gives its last computed result). */
function cellValueOf(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return excelSerialOf(value);
  if ("error" in value) return value.error;
  if ("richText" in value) return value.richText.map((run) => run.text).join("");
  if ("formula" in value || "sharedFormula" in value) {
    const result = value.result;
    if (result === undefined || result === null) {
      // Never calculated (a file written by a program, not saved by Excel): show the formula rather than guess a value.
      return `=${"formula" in value ? value.formula : value.sharedFormula}`;
    }
    return typeof result === "object" && !(result instanceof Date) ? result.error : cellValueOf(result);
  }
  if ("text" in value) return typeof value.text === "string" ? value.text : cellValueOf(value.text);
  return "";
}

function blankRow(width: number, fill: string): string[] {
  return Array.from({ length: width }, () => fill);
}

function tableFill(part: TablePart): TableFill | null {
  const range = parseRange(part.ref);
  if (!range) return null;
  return { part, from: range.from, to: range.to, values: [], formats: [] };
}

/** The names and numbers exceljs' streaming reader gives a worksheet (its typings leave them out). */
interface StreamedSheet extends AsyncIterable<ExcelJS.Row> {
  id: number | string;
  name?: string;
}

/** Streams every worksheet once, filling the cells of the tables that sit on it. */
async function fillTables(bytes: Buffer, sheets: SheetPart[]): Promise<Map<SheetPart, TableFill[]>> {
  const fills = new Map<SheetPart, TableFill[]>();
  for (const sheet of sheets) {
    const tables = sheet.tables.flatMap((part) => tableFill(part) ?? []);
    if (tables.length > 0) fills.set(sheet, tables);
  }
  const byName = new Map([...fills.keys()].map((sheet) => [sheet.name, sheet]));
  const byFileNumber = new Map([...fills.keys()].map((sheet) => [/sheet([0-9]+)\.xml$/.exec(sheet.path)?.[1], sheet]));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  for await (const worksheet of reader as unknown as AsyncIterable<StreamedSheet>) {
    const sheet = worksheet.name !== undefined ? byName.get(worksheet.name) : byFileNumber.get(String(worksheet.id));
    const tables = sheet ? (fills.get(sheet) ?? []) : [];
    for await (const row of worksheet) {
      for (const table of tables) {
        if (row.number < table.from.row || row.number > table.to.row) continue;
        const width = table.to.column - table.from.column + 1;
        const values = blankRow(width, "") as CellValue[];
        let formats: string[] | undefined;
        for (let offset = 0; offset < width; offset++) {
          const cell = row.findCell(table.from.column + offset);
          if (!cell) continue;
          values[offset] = cellValueOf(cell.value);
          if (cell.value instanceof Date) (formats ??= blankRow(width, GENERAL))[offset] = cell.numFmt;
        }
        table.values[row.number - table.from.row] = values;
        if (formats) table.formats[row.number - table.from.row] = formats;
      }
    }
  }
  return fills;
}

/** The grids of an opened package: every sheet name and every table's cells, header first. */
async function gridsOf(bytes: Buffer): Promise<Grids> {
  const workbook = await openPackage(bytes);
  let fills: Map<SheetPart, TableFill[]>;
  try {
    fills = await fillTables(bytes, workbook.sheets);
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  const tables: TableGrid[] = [];
  for (const [sheet, sheetTables] of fills) {
    const merges = await mergedRanges(workbook.zip, sheet.path).catch((error: unknown) => {
      throw new WorkbookReadError("corrupt", error);
    });
    for (const fill of sheetTables) {
      const width = fill.to.column - fill.from.column + 1;
      const height = fill.to.row - fill.from.row + 1;
      // Rows the sheet part leaves out are empty rows.
      const values = Array.from({ length: height }, (_, row) => fill.values[row] ?? (blankRow(width, "") as CellValue[]));
      // Only a date needs its format; every other row shares one row of "General".
      const general = blankRow(width, GENERAL);
      const numberFormats = Array.from({ length: height }, (_, row) => fill.formats[row] ?? general);
      tables.push({
        name: fill.part.name,
        sheet: sheet.name,
        topLeft: fill.part.ref.split(":")[0] ?? "",
        // A table without a header row reads with its first row as the header, which the layout check then reports.
        values,
        totalsRow: fill.part.totalsRow,
        numberFormats,
        merged: merges,
      });
    }
  }
  return { sheets: workbook.sheets.map((sheet) => sheet.name), tables };
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The bytes of a file path or a buffer; a missing or unopenable file is a `WorkbookReadError`. */
async function bytesOf(file: string | Buffer | Uint8Array): Promise<Buffer> {
  if (typeof file !== "string") return Buffer.isBuffer(file) ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new WorkbookReadError(code === "ENOENT" ? "missing" : "unreadable-file", error);
  }
}

/**
 * The grids of an .xlsx file or buffer, as Office.js would give them; throws `WorkbookReadError` for a file that is no readable .xlsx.
 * Example: `(await readWorkbookGrids("plan.xlsx")).tables.map((table) => table.name)` → `["Stamdata", "Udgifter", "Finansiering"]`.
 */
export async function readWorkbookGrids(file: string | Buffer | Uint8Array): Promise<Grids> {
  const bytes = await bytesOf(file);
  if (bytes.length < ZIP_SIGNATURE.length || !bytes.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE)) throw new WorkbookReadError("not-xlsx");
  return gridsOf(bytes);
}

/** What `readWorkbook` gives: the grids, the plan as `gridToPlan` reads it, and every finding (reading and rules) with its cell. */
export interface WorkbookRead extends PlanFromGrid {
  grids: Grids;
  /** Reading findings and `validatePlan`'s, as `validateWorkbook` gives them. */
  findings: WorkbookFinding[];
}

/** Options of `readWorkbook`: the reference data (default `defaultReference`) and the pool's room. */
export interface ReadWorkbookOptions extends WorkbookContext {
  reference?: Reference;
}

/**
 * Reads and validates an .xlsx workbook. Problems inside the workbook are findings; a file that is no readable .xlsx
 * (missing, a CSV renamed .xlsx, truncated, corrupt) throws `WorkbookReadError`.
 * Example: `const { plan, findings } = await readWorkbook("plan.xlsx")`.
 */
export async function readWorkbook(file: string | Buffer | Uint8Array, options: ReadWorkbookOptions = {}): Promise<WorkbookRead> {
  const grids = await readWorkbookGrids(file);
  const { reference = defaultReference, ...context } = options;
  const { read, findings } = checkWorkbook(grids, reference, context);
  const readingFailed = read.findings.length > 0;
  return { grids, plan: readingFailed ? null : read.draft, planId: read.planId, version: read.version, findings, map: read.map };
}
