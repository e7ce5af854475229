// Reading cell values from the XML parts of an .xlsx: shared strings, the date formats of the
// styles, and a sheet's cells and merged ranges. Only the rows a table covers are decoded, and a
// value comes out as Office.js `Range.values` gives it (a formula gives its computed result).
import { excelSerialOf, isDateFormat, parseA1, type CellValue } from "../grid";
import { decodeXml, elements, openTag, textOf, wholeElement } from "./xml";

/** The shared string table. Example: `sharedStrings('<sst><si><t>Løn</t></si></sst>')` → `["Løn"]`. */
export function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(wholeElement("si"))].map((match) => textOf(match[2] ?? ""));
}

// Excel's built-in date and time formats (ids 14–22, 45–47, and the locale ones 27–36, 50–58).
const BUILT_IN_DATE_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const BUILT_IN_DATE_FORMAT = "dd-mm-yyyy";

/** The date format of each cell style (by style index), undefined for a style that shows no date. */
export function dateFormatsOfStyles(xml: string): (string | undefined)[] {
  const custom = new Map(elements(xml, "numFmt").map((format) => [Number(format.numFmtId), format.formatCode ?? ""]));
  const start = xml.search(openTag("cellXfs", ""));
  const end = xml.indexOf("cellXfs>", start + 1);
  const cellXfs = start < 0 ? "" : xml.slice(start, end < 0 ? undefined : end);
  return elements(cellXfs, "xf").map((xf) => {
    const id = Number(xf.numFmtId ?? 0);
    const code = custom.get(id) ?? (BUILT_IN_DATE_IDS.has(id) ? BUILT_IN_DATE_FORMAT : undefined);
    return code !== undefined && isDateFormat(code) ? code : undefined;
  });
}

/** Where the cells of a sheet go: the rows wanted, and each cell with its value and (for a date) its format. */
export interface CellSink {
  wantsRow(row: number): boolean;
  cell(row: number, column: number, value: CellValue, dateFormat: string | undefined): void;
}

// A row's or cell's r, s and t: the only attributes reading needs, and never with entities in them.
const CELL_ATTRIBUTE = /(?:^|\s)(r|s|t)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function cellAttributes(text: string): { r?: string; s?: string; t?: string } {
  const found: { r?: string; s?: string; t?: string } = {};
  for (const match of text.matchAll(CELL_ATTRIBUTE)) found[match[1] as "r" | "s" | "t"] = match[2] ?? match[3] ?? "";
  return found;
}

/** A cell reference (`D4`) → row and column, by character codes (every cell has one). */
function cellPosition(reference: string): { row: number; column: number } | null {
  let column = 0;
  let at = 0;
  for (; at < reference.length; at++) {
    const code = reference.charCodeAt(at) | 0x20; // lower-cased letter
    if (code < 97 || code > 122) break;
    column = column * 26 + (code - 96);
  }
  const row = Number(reference.slice(at));
  return column > 0 && Number.isInteger(row) && row > 0 ? { row, column } : parseA1(reference);
}

const ROW_OR_CELL = /<(?:([\w.-]+):)?(row|c)\b((?:[^>"'/]|"[^"]*"|'[^']*'|\/(?!>))*)(\/?)>/g;
const FORMULA = wholeElement("f", "");
const VALUE = wholeElement("v", "");
const INLINE = wholeElement("is", "");

/** A cell's value from its type, its `<v>`, its `<f>` and its inline string. */
function valueOf(type: string | undefined, content: string): CellValue {
  const value = VALUE.exec(content)?.[2];
  const formula = FORMULA.exec(content);
  if (value === undefined) {
    if (type === "inlineStr") return textOf(INLINE.exec(content)?.[2] ?? "");
    // A formula never calculated (written by a program, not saved by Excel): show it rather than guess a value.
    return formula ? `=${decodeXml(formula[2] ?? "")}` : "";
  }
  switch (type) {
    case "s":
    case "inlineStr":
    case "str":
    case "e":
      return decodeXml(value);
    case "b":
      return value.trim() === "1" || value.trim() === "true";
    case "d": {
      const time = Date.parse(value);
      return Number.isNaN(time) ? decodeXml(value) : excelSerialOf(time);
    }
    default: {
      const number = Number(value);
      return value.trim() !== "" && Number.isFinite(number) ? number : decodeXml(value);
    }
  }
}

/** Sends every cell of the wanted rows of a sheet part to `sink`; returns the sheet's merged ranges. */
export function scanSheet(xml: string, strings: readonly string[], dateFormats: readonly (string | undefined)[], sink: CellSink): string[] {
  const dataStart = xml.search(openTag("sheetData", ""));
  const dataEnd = dataStart < 0 ? -1 : xml.search(/<\/(?:[\w.-]+:)?sheetData>/);
  let row = 0;
  let column = 0;
  let wanted = false;
  const tokens = new RegExp(ROW_OR_CELL.source, "g");
  tokens.lastIndex = Math.max(dataStart, 0);
  for (let match = tokens.exec(xml); match && (dataEnd < 0 || match.index < dataEnd); match = tokens.exec(xml)) {
    const [whole, prefix, tag, attributeText = "", selfClosing] = match;
    const attributes = cellAttributes(attributeText);
    if (tag === "row") {
      row = attributes.r ? Number(attributes.r) : row + 1;
      column = 0;
      wanted = sink.wantsRow(row);
      continue;
    }
    const position = attributes.r ? cellPosition(attributes.r) : null;
    column = position ? position.column : column + 1;
    if (selfClosing) continue;
    const close = `</${prefix ? `${prefix}:` : ""}c>`;
    const end = xml.indexOf(close, match.index + whole.length);
    if (end < 0) break;
    tokens.lastIndex = end + close.length;
    if (!wanted) continue;
    const content = xml.slice(match.index + whole.length, end);
    const type = attributes.t;
    let value = valueOf(type, content);
    if (type === "s") value = strings[Number(value)] ?? "";
    const dateFormat = typeof value === "number" && type !== "b" ? (type === "d" ? BUILT_IN_DATE_FORMAT : dateFormats[Number(attributes.s ?? 0)]) : undefined;
    sink.cell(position?.row ?? row, column, value, dateFormat);
  }
  const tail = dataEnd < 0 ? "" : xml.slice(dataEnd);
  return elements(tail, "mergeCell").flatMap((merge) => (merge.ref ? [merge.ref] : []));
}
