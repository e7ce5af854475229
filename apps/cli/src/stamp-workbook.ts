// Writes a few values into cells of an existing .xlsx by editing only those cells' XML: the rest
// of the package — the user's data, formats, formulas, comments, charts, anything a spreadsheet
// program added — stays byte for byte as it was. Strings go in as inline strings, so the shared
// string table is never touched.
import { formatA1, parseA1 } from "@helhedsplan/workbook";
import JSZip from "jszip";
import { posix } from "node:path";

/** A value to put in one cell of a sheet. */
export interface CellStamp {
  /** The cell's A1 address on the sheet, e.g. `B14`. */
  address: string;
  value: string | number;
}

const WORKBOOK_PART = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
/** Any namespace prefix of an element (`x:c`), captured so new elements use the same. */
const PREFIX = "((?:[\\w.-]+:)?)";
const ATTRIBUTES = `((?:[^>"'/]|"[^"]*"|'[^']*'|/(?!>))*)`;

const element = (name: string) => new RegExp(`<${PREFIX}${name}\\b${ATTRIBUTES}(?:/>|>([\\s\\S]*?)</\\1${name}>)`, "g");

function attribute(attributes: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  return match ? decode(match[1] ?? match[2] ?? "") : undefined;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower] ?? "";
  });
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

async function partText(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (!file) throw new Error(`the workbook has no part ${path}`);
  return file.async("string");
}

/** The zip path of the worksheet named `sheet`, through the workbook's relationships. */
async function sheetPartPath(zip: JSZip, sheet: string): Promise<string> {
  const workbook = await partText(zip, WORKBOOK_PART);
  const sheetElement = [...workbook.matchAll(element("sheet"))].find((match) => attribute(match[2] ?? "", "name") === sheet);
  const relationId = sheetElement ? attribute(sheetElement[2] ?? "", "id") : undefined;
  if (relationId === undefined) throw new Error(`the workbook has no sheet ${sheet}`);
  const rels = await partText(zip, WORKBOOK_RELS);
  const relation = [...rels.matchAll(element("Relationship"))].find((match) => attribute(match[2] ?? "", "Id") === relationId);
  const target = relation ? attribute(relation[2] ?? "", "Target") : undefined;
  if (target === undefined) throw new Error(`the sheet ${sheet} has no part`);
  return target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(posix.dirname(WORKBOOK_PART), target));
}

/** The XML of a cell holding `value`, keeping the style of the cell it replaces. */
function cellXml(prefix: string, address: string, style: string | undefined, value: string | number): string {
  const styled = style === undefined ? "" : ` s="${style}"`;
  if (typeof value === "number") return `<${prefix}c r="${address}"${styled}><${prefix}v>${value}</${prefix}v></${prefix}c>`;
  return `<${prefix}c r="${address}"${styled} t="inlineStr"><${prefix}is><${prefix}t>${escape(value)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** A row's content with the cell at `column` replaced, or inserted in column order. */
function stampRow(content: string, prefix: string, row: number, column: number, value: string | number): string {
  const address = formatA1({ row, column });
  let previousColumn = 0;
  for (const cell of content.matchAll(element("c"))) {
    const attributes = cell[2] ?? "";
    const reference = attribute(attributes, "r");
    // A cell without `r` sits right after the one before it (ECMA-376 §18.3.1.4).
    const cellColumn = reference === undefined ? previousColumn + 1 : (parseA1(reference)?.column ?? previousColumn + 1);
    previousColumn = cellColumn;
    if (cellColumn < column) continue;
    const start = cell.index;
    const replaced = cellColumn === column ? cell[0].length : 0;
    const style = cellColumn === column ? attribute(attributes, "s") : undefined;
    return content.slice(0, start) + cellXml(prefix, address, style, value) + content.slice(start + replaced);
  }
  return content + cellXml(prefix, address, undefined, value);
}

/** The sheet's XML with one cell stamped; its row must exist (the cells stamped are in rows the reader found). */
function stampSheet(xml: string, stamp: CellStamp): string {
  const position = parseA1(stamp.address);
  if (position === null) throw new Error(`${stamp.address} is no cell address`);
  for (const row of xml.matchAll(element("row"))) {
    if (attribute(row[2] ?? "", "r") !== String(position.row)) continue;
    const prefix = row[1] ?? "";
    const content = stampRow(row[3] ?? "", prefix, position.row, position.column, stamp.value);
    return `${xml.slice(0, row.index)}<${prefix}row${row[2] ?? ""}>${content}</${prefix}row>${xml.slice(row.index + row[0].length)}`;
  }
  throw new Error(`the sheet has no row ${position.row}`);
}

/**
 * The .xlsx `bytes` with `stamps` written into cells of `sheet`; every other part unchanged.
 * Example: `await stampCells(bytes, "Plan", [{ address: "B4", value: planId }, { address: "B14", value: 3 }])`.
 */
export async function stampCells(bytes: Uint8Array, sheet: string, stamps: readonly CellStamp[]): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  const path = await sheetPartPath(zip, sheet);
  const xml = stamps.reduce(stampSheet, await partText(zip, path));
  zip.file(path, xml);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
