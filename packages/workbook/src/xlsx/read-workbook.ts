// .xlsx → grids → plan and findings. The package is opened with JSZip and each sheet that holds a
// table is streamed once through the XML parser; only the tables' rows are decoded, so memory stays
// bounded by the tables' cells (a 100,000-line workbook reads and validates in a few seconds).
import { defaultReference, type Reference } from "@helhedsplan/rules";
import { readFile } from "node:fs/promises";
import { parseRange, type CellPosition, type CellValue, type Grids, type TableGrid } from "../grid";
import type { PlanFromGrid } from "../read-grid";
import { checkWorkbook, type WorkbookContext } from "../validate-workbook";
import type { WorkbookFinding } from "../workbook-findings";
import { openPackage, type TablePart, type WorkbookPackage } from "./package-parts";
import { WorkbookReadError } from "./read-error";
import { scanSheet, type CellSink } from "./sheet-xml";

const GENERAL = "General";

/** A table being filled from its sheet's cells. */
interface TableFill {
  part: TablePart;
  from: CellPosition;
  to: CellPosition;
  values: CellValue[][];
  /** The formats of the rows that hold a date; other rows share one row of "General". */
  formats: string[][];
}

function blankRow<T extends CellValue>(width: number, fill: T): T[] {
  return Array.from({ length: width }, () => fill);
}

function tableFill(part: TablePart): TableFill | null {
  const range = parseRange(part.ref);
  if (!range) return null;
  return { part, from: range.from, to: range.to, values: [], formats: [] };
}

/** The grid of a filled table: every row of its range, empty where the sheet has no cells. */
function tableGrid(fill: TableFill, sheet: string, merged: string[]): TableGrid {
  const width = fill.to.column - fill.from.column + 1;
  const height = fill.to.row - fill.from.row + 1;
  const general = blankRow(width, GENERAL);
  return {
    name: fill.part.name,
    sheet,
    topLeft: fill.part.ref.split(":")[0] ?? "",
    // A table without a header row reads with its first row as the header, which the layout check then reports.
    values: Array.from({ length: height }, (_, row) => fill.values[row] ?? blankRow<CellValue>(width, "")),
    totalsRow: fill.part.totalsRow,
    numberFormats: Array.from({ length: height }, (_, row) => fill.formats[row] ?? general),
    merged,
  };
}

/** The tables of one sheet part, filled in one scan of its XML. */
async function sheetTables(workbook: WorkbookPackage, sheet: WorkbookPackage["sheets"][number]): Promise<TableGrid[]> {
  const fills = sheet.tables.flatMap((part) => tableFill(part) ?? []);
  if (fills.length === 0) return [];
  const sink: CellSink = {
    wantsRow: (row) => fills.some((fill) => row >= fill.from.row && row <= fill.to.row),
    cell(row, column, value, dateFormat) {
      for (const fill of fills) {
        if (row < fill.from.row || row > fill.to.row || column < fill.from.column || column > fill.to.column) continue;
        const width = fill.to.column - fill.from.column + 1;
        const gridRow = row - fill.from.row;
        (fill.values[gridRow] ??= blankRow<CellValue>(width, ""))[column - fill.from.column] = value;
        if (dateFormat !== undefined)
          (fill.formats[gridRow] ??= blankRow(width, GENERAL))[column - fill.from.column] = dateFormat;
      }
    },
  };
  const part = workbook.zip.file(sheet.path);
  // A sheet whose part is missing has no cells: its tables read empty.
  const merged = part ? await scanSheet(part, workbook.strings, workbook.dateFormats, sink) : [];
  return fills.map((fill) => tableGrid(fill, sheet.name, merged));
}

/** The grids of an .xlsx package: every sheet name and every table's cells, header first. */
async function gridsOf(bytes: Buffer): Promise<Grids> {
  const workbook = await openPackage(bytes);
  const tables: TableGrid[] = [];
  try {
    for (const sheet of workbook.sheets) tables.push(...(await sheetTables(workbook, sheet)));
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  return { sheets: workbook.sheets.map((sheet) => sheet.name), tables };
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The bytes of a file path or a buffer; a missing or unopenable file is a `WorkbookReadError`. */
async function bytesOf(file: string | Buffer | Uint8Array): Promise<Buffer> {
  if (typeof file !== "string")
    return Buffer.isBuffer(file) ? file : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
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
  if (bytes.length < ZIP_SIGNATURE.length || !bytes.subarray(0, ZIP_SIGNATURE.length).equals(ZIP_SIGNATURE))
    throw new WorkbookReadError("not-xlsx");
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
export async function readWorkbook(
  file: string | Buffer | Uint8Array,
  options: ReadWorkbookOptions = {},
): Promise<WorkbookRead> {
  const grids = await readWorkbookGrids(file);
  const { reference = defaultReference, ...context } = options;
  const { read, findings } = checkWorkbook(grids, reference, context);
  const readingFailed = read.findings.length > 0;
  return {
    grids,
    plan: readingFailed ? null : read.draft,
    planId: read.planId,
    version: read.version,
    findings,
    map: read.map,
  };
}
