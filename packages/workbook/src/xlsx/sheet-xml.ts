// Reading cell values from the XML parts of an .xlsx: shared strings, the date formats of the
// styles, and a sheet's cells and merged ranges, each in one pass of the XML parser. Only the rows
// a table covers are decoded, and a value comes out as Office.js `Range.values` gives it (a formula
// gives its computed result).
import { excelSerialOf, isDateFormat, parseA1, type CellValue } from "../grid";
import { decodeOoxmlEscapes, parseXml, type XmlSource } from "./xml";

/** The text of a string item (`<si>`, `<is>`) as its elements go by: its `<t>` runs joined, phonetic guides (`<rPh>`) left out. */
class StringItem {
  private inPhonetic = false;
  private inText = false;
  private raw = "";

  open(name: string): void {
    if (name === "rPh") this.inPhonetic = true;
    else if (name === "t" && !this.inPhonetic) this.inText = true;
  }

  text(text: string): void {
    if (this.inText) this.raw += text;
  }

  close(name: string): void {
    if (name === "rPh") this.inPhonetic = false;
    else if (name === "t") this.inText = false;
  }

  get value(): string {
    return decodeOoxmlEscapes(this.raw);
  }
}

/** The shared string table. Example: `await sharedStrings('<sst><si><t>Løn</t></si></sst>')` → `["Løn"]`. */
export async function sharedStrings(source: XmlSource): Promise<string[]> {
  const strings: string[] = [];
  let item: StringItem | null = null;
  await parseXml(source, {
    open(name) {
      if (name === "si") item = new StringItem();
      else item?.open(name);
    },
    text(text) {
      item?.text(text);
    },
    close(name) {
      if (name !== "si") return item?.close(name);
      strings.push(item?.value ?? "");
      item = null;
    },
  });
  return strings;
}

// Excel's built-in date and time formats (ids 14–22, 45–47, and the locale ones 27–36, 50–58).
const BUILT_IN_DATE_IDS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);
const BUILT_IN_DATE_FORMAT = "dd-mm-yyyy";

/** The date format of each cell style (by style index), undefined for a style that shows no date. */
export async function dateFormatsOfStyles(source: XmlSource): Promise<(string | undefined)[]> {
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  // Cells point into <cellXfs>; the <xf> of <cellStyleXfs> are named styles, which no cell uses directly.
  let inCellXfs = false;
  await parseXml(source, {
    open(name, attributes) {
      if (name === "numFmt") custom.set(Number(attributes.numFmtId), attributes.formatCode ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) formatIds.push(Number(attributes.numFmtId ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return formatIds.map((id) => {
    const code = custom.get(id) ?? (BUILT_IN_DATE_IDS.has(id) ? BUILT_IN_DATE_FORMAT : undefined);
    return code !== undefined && isDateFormat(code) ? code : undefined;
  });
}

/** Where the cells of a sheet go: the rows wanted, and each cell with its value and (for a date) its format. */
export interface CellSink {
  wantsRow(row: number): boolean;
  cell(row: number, column: number, value: CellValue, dateFormat: string | undefined): void;
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

/** A wanted cell while its elements go by: its type (`t`), its style (`s`), and the text of its `<v>`, `<f>` and inline string. */
class CellContent {
  value: string | undefined;
  formula: string | undefined;
  inline: StringItem | undefined;
  private reading: "v" | "f" | "is" | null = null;

  constructor(
    readonly row: number,
    readonly column: number,
    readonly type: string | undefined,
    readonly style: string | undefined,
  ) {}

  open(name: string): void {
    if (this.reading === "is") this.inline?.open(name);
    else if (name === "v") [this.reading, this.value] = ["v", ""];
    else if (name === "f") [this.reading, this.formula] = ["f", ""];
    else if (name === "is") [this.reading, this.inline] = ["is", new StringItem()];
  }

  text(text: string): void {
    if (this.reading === "v") this.value += text;
    else if (this.reading === "f") this.formula += text;
    else if (this.reading === "is") this.inline?.text(text);
  }

  close(name: string): void {
    if (name === this.reading) this.reading = null;
    else if (this.reading === "is") this.inline?.close(name);
  }
}

/** A cell's value from its type, its `<v>`, its `<f>` and its inline string. */
function valueOf({ type, value, formula, inline }: CellContent): CellValue {
  if (value === undefined) {
    if (type === "inlineStr") return inline?.value ?? "";
    // A formula never calculated (written by a program, not saved by Excel): show it rather than guess a value.
    return formula !== undefined ? `=${decodeOoxmlEscapes(formula)}` : "";
  }
  switch (type) {
    case "s":
    case "inlineStr":
    case "str":
    case "e":
      return decodeOoxmlEscapes(value);
    case "b":
      return value.trim() === "1" || value.trim() === "true";
    case "d": {
      const time = Date.parse(value);
      return Number.isNaN(time) ? decodeOoxmlEscapes(value) : excelSerialOf(time);
    }
    default: {
      const number = Number(value);
      return value.trim() !== "" && Number.isFinite(number) ? number : decodeOoxmlEscapes(value);
    }
  }
}

/** Sends every cell of the wanted rows of a sheet part to `sink`; returns the sheet's merged ranges. */
export async function scanSheet(
  source: XmlSource,
  strings: readonly string[],
  dateFormats: readonly (string | undefined)[],
  sink: CellSink,
): Promise<string[]> {
  const merged: string[] = [];
  let inSheetData = false;
  let row = 0;
  let column = 0;
  let wanted = false;
  let cell: CellContent | null = null;

  function emit(read: CellContent) {
    const { type } = read;
    const value = type === "s" ? (strings[Number(valueOf(read))] ?? "") : valueOf(read);
    const dateFormat =
      typeof value === "number" && type !== "b"
        ? type === "d"
          ? BUILT_IN_DATE_FORMAT
          : dateFormats[Number(read.style ?? 0)]
        : undefined;
    sink.cell(read.row, read.column, value, dateFormat);
  }

  await parseXml(source, {
    open(name, attributes, selfClosing) {
      if (cell) return cell.open(name);
      if (!inSheetData) {
        if (name === "sheetData") inSheetData = true;
        else if (name === "mergeCell" && attributes.ref) merged.push(attributes.ref);
        return;
      }
      if (name === "row") {
        row = attributes.r ? Number(attributes.r) : row + 1;
        column = 0;
        wanted = sink.wantsRow(row);
      } else if (name === "c") {
        const position = attributes.r ? cellPosition(attributes.r) : null;
        column = position ? position.column : column + 1;
        // A self-closing cell has only a style: nothing to read.
        if (wanted && !selfClosing) cell = new CellContent(position?.row ?? row, column, attributes.t, attributes.s);
      }
    },
    text(text) {
      cell?.text(text);
    },
    close(name) {
      if (!cell) {
        if (name === "sheetData") inSheetData = false;
      } else if (name === "c") {
        emit(cell);
        cell = null;
      } else cell.close(name);
    },
  });
  return merged;
}
