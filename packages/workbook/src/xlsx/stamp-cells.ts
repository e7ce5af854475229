// Writes a few values into cells of an existing .xlsx by editing only those cells' XML: the rest of
// the package — the user's data, formats, formulas, comments, charts, anything a spreadsheet program
// added — stays byte for byte as it was. The sheet part is found through the workbook's relationships
// and its rows and cells by the XML parser, which says where each tag lies in the text; only the
// splice is string work. Strings go in as inline strings, so the shared string table is never touched.
import { formatA1, parseA1 } from "../grid";
import { openWorksheets } from "./package-parts";
import { WorkbookReadError } from "./read-error";
import { attributeNamed, locateXml, type StartTagSpan, type TagSpan } from "./xml";

/** A value to put in one cell of a sheet. */
export interface CellStamp {
  /** The cell's A1 address on the sheet, e.g. `B14`. */
  address: string;
  value: string | number;
}

interface CellSpan extends TagSpan {
  column: number;
  style: string | undefined;
}

/** A row to stamp, where its tags and its cells lie in the sheet's text. */
interface RowSpan {
  number: number;
  startTag: StartTagSpan;
  /** The start tag again for a self-closing row. */
  endTag: TagSpan;
  cells: CellSpan[];
}

/** The rows of the sheet's `<sheetData>` numbered in `wanted`, as the reader numbers them. */
function locateRows(xml: string, wanted: ReadonlySet<number>): Map<number, RowSpan> {
  const rows = new Map<number, RowSpan>();
  let inSheetData = false;
  let rowNumber = 0;
  let column = 0;
  let row: RowSpan | null = null;
  let cell: Omit<CellSpan, "end"> | null = null;
  locateXml(xml, {
    open(name, attributes, tag) {
      if (name === "sheetData") inSheetData = true;
      if (!inSheetData || cell) return;
      if (name === "row") {
        // A row or cell without `r` comes right after the one before it (ECMA-376 §18.3.1.73, §18.3.1.4).
        const reference = attributeNamed(attributes, "r");
        rowNumber = reference === undefined ? rowNumber + 1 : Number(reference);
        column = 0;
        row = wanted.has(rowNumber) ? { number: rowNumber, startTag: tag, endTag: tag, cells: [] } : null;
      } else if (name === "c" && row) {
        const reference = attributeNamed(attributes, "r");
        column = (reference === undefined ? undefined : parseA1(reference)?.column) ?? column + 1;
        cell = { start: tag.start, column, style: attributeNamed(attributes, "s") };
      }
    },
    close(name, tag) {
      if (name === "sheetData") inSheetData = false;
      else if (name === "c" && cell) {
        row?.cells.push({ ...cell, end: tag.end });
        cell = null;
      } else if (name === "row" && row) {
        rows.set(row.number, { ...row, endTag: tag });
        row = null;
      }
    },
  });
  return rows;
}

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The XML of a cell holding `value`, keeping the style of the cell it replaces. */
function cellXml(prefix: string, address: string, style: string | undefined, value: string | number): string {
  const styled = style === undefined ? "" : ` s="${style}"`;
  if (typeof value === "number")
    return `<${prefix}c r="${address}"${styled}><${prefix}v>${value}</${prefix}v></${prefix}c>`;
  return `<${prefix}c r="${address}"${styled} t="inlineStr"><${prefix}is><${prefix}t>${escapeText(value)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** Text to put in place of `[start, end)` of the sheet's text (an insertion when they are equal). */
interface Splice {
  start: number;
  end: number;
  /** Orders insertions at the same place: the cells' columns. */
  column: number;
  text: string;
}

/** The splices that put `values` (column → value) into `row`: each replaces its cell, or goes in before the first cell to its right, or at the row's end. */
function rowSplices(row: RowSpan, values: ReadonlyMap<number, string | number>): Splice[] {
  const { prefix } = row.startTag;
  const cell = (column: number, value: string | number, style?: string) =>
    cellXml(prefix, formatA1({ row: row.number, column }), style, value);
  if (row.startTag.selfClosing) {
    // `<row r="3"/>` becomes `<row r="3">…</row>`: its `/>` is replaced.
    const cells = [...values].sort(([a], [b]) => a - b).map(([column, value]) => cell(column, value));
    return [
      { start: row.startTag.end - 2, end: row.startTag.end, column: 0, text: `>${cells.join("")}</${prefix}row>` },
    ];
  }
  return [...values].map(([column, value]) => {
    const next = row.cells.find((candidate) => candidate.column >= column);
    if (next?.column === column)
      return { start: next.start, end: next.end, column, text: cell(column, value, next.style) };
    const at = next?.start ?? row.endTag.start;
    return { start: at, end: at, column, text: cell(column, value) };
  });
}

/** The sheet's text with the splices made (they never overlap). */
function splice(xml: string, splices: Splice[]): string {
  let result = "";
  let done = 0;
  for (const { start, end, text } of splices.sort((a, b) => a.start - b.start || a.column - b.column)) {
    result += xml.slice(done, start) + text;
    done = end;
  }
  return result + xml.slice(done);
}

/** The sheet's text with the stamps in it; every row stamped must exist (they are rows the reader found). */
function stampSheet(xml: string, stamps: readonly CellStamp[]): string {
  // Row → column → value; a cell stamped twice gets its last value.
  const byRow = new Map<number, Map<number, string | number>>();
  for (const { address, value } of stamps) {
    const position = parseA1(address);
    if (position === null) throw new Error(`${address} is no cell address`);
    const values = byRow.get(position.row) ?? new Map<number, string | number>();
    byRow.set(position.row, values.set(position.column, value));
  }
  let rows: Map<number, RowSpan>;
  try {
    rows = locateRows(xml, new Set(byRow.keys()));
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  const splices = [...byRow].flatMap(([number, values]) => {
    const row = rows.get(number);
    if (row === undefined) throw new Error(`the sheet has no row ${number}`);
    return rowSplices(row, values);
  });
  return splice(xml, splices);
}

/**
 * The .xlsx `bytes` with `stamps` written into cells of `sheet`, each keeping its cell's style; every other part unchanged.
 * A file that is no readable .xlsx is a `WorkbookReadError`. Example: `await stampCells(bytes, "Plan", [{ address: "B4", value: planId }])`.
 */
export async function stampCells(bytes: Uint8Array, sheet: string, stamps: readonly CellStamp[]): Promise<Buffer> {
  const { zip, sheets } = await openWorksheets(bytes);
  const path = sheets.find((candidate) => candidate.name === sheet)?.path;
  if (path === undefined) throw new Error(`the workbook has no sheet ${sheet}`);
  const part = zip.file(path);
  if (!part) throw new Error(`the workbook has no part ${path} for the sheet ${sheet}`);
  let xml: string;
  try {
    // A byte-order mark stays (the parser skips it; positions count it); bytes that are no UTF-8 are no sheet.
    xml = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(await part.async("uint8array"));
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  zip.file(path, stampSheet(xml, stamps));
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
