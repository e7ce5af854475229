// The parts of an .xlsx package around the cells: the sheet list, the tables of each sheet, the
// shared strings and the styles' date formats. Read with JSZip from the central directory, so a
// truncated or foreign file fails here, before any cell is parsed; each part goes through the XML
// parser, so a malformed part fails here too.
import JSZip from "jszip";
import { posix } from "node:path";
import { WorkbookReadError } from "./read-error";
import { dateFormatsOfStyles, sharedStrings } from "./sheet-xml";
import { attributeNamed, decodeOoxmlEscapes, elementsNamed, type Attributes, type XmlSource } from "./xml";

/** An Excel table as its part describes it. */
export interface TablePart {
  name: string;
  /** The whole table range, header and totals row included (`A3:H14`). */
  ref: string;
  headerRow: boolean;
  totalsRow: boolean;
}

/** A worksheet of the package: its name and its part path. */
export interface WorksheetPart {
  name: string;
  /** The part path inside the zip (`xl/worksheets/sheet2.xml`). */
  path: string;
}

/** A worksheet with its tables. */
export interface SheetPart extends WorksheetPart {
  tables: TablePart[];
}

/** A relationship target resolved against the part that names it (`../tables/table1.xml` from `xl/worksheets/sheet1.xml`). */
function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  return posix.normalize(posix.join(posix.dirname(fromPart), target));
}

function relsPathOf(part: string): string {
  return posix.join(posix.dirname(part), "_rels", `${posix.basename(part)}.rels`);
}

/** The attributes of every element with this local name in a part; none when the package lacks the part. */
async function elementsOfPart(zip: JSZip, path: string, name: string): Promise<Attributes[]> {
  const part = zip.file(path);
  return part ? elementsNamed(part, name) : [];
}

interface Relationship {
  type: string;
  target: string;
}

/** Relationship id → type and resolved target, for one part. */
async function relationships(zip: JSZip, part: string): Promise<Map<string, Relationship>> {
  const found = new Map<string, Relationship>();
  for (const rel of await elementsOfPart(zip, relsPathOf(part), "Relationship")) {
    if (rel.Id && rel.Target && rel.TargetMode !== "External")
      found.set(rel.Id, { type: rel.Type ?? "", target: resolveTarget(part, rel.Target) });
  }
  return found;
}

/** A sheet's tables, from its relationships (so the possibly large sheet part itself is not read). */
async function tablesOf(zip: JSZip, sheetPath: string): Promise<TablePart[]> {
  const tables: TablePart[] = [];
  for (const rel of (await relationships(zip, sheetPath)).values()) {
    if (!rel.type.endsWith("/table")) continue;
    const [table] = await elementsOfPart(zip, rel.target, "table");
    const name = table?.displayName ?? table?.name;
    if (!table?.ref || name === undefined) continue;
    tables.push({
      name: decodeOoxmlEscapes(name),
      ref: table.ref,
      headerRow: table.headerRowCount !== "0",
      totalsRow: table.totalsRowCount !== undefined && table.totalsRowCount !== "0",
    });
  }
  return tables;
}

/** An opened package: the zip, its worksheets with their tables, and the workbook's shared strings and style date formats. */
export interface WorkbookPackage {
  zip: JSZip;
  sheets: SheetPart[];
  strings: string[];
  dateFormats: (string | undefined)[];
}

/** The workbook part related by a relationship of this type (`…/sharedStrings`), or null when there is none. */
function relatedPart(zip: JSZip, rels: Map<string, Relationship>, type: string): XmlSource | null {
  const rel = [...rels.values()].find((candidate) => candidate.type.endsWith(`/${type}`));
  return rel ? zip.file(rel.target) : null;
}

const WORKBOOK_PART = "xl/workbook.xml";

/** The zip of an .xlsx and its workbook part; a file that is no zip, or a zip with no workbook, is a `WorkbookReadError`. */
async function openZip(bytes: Uint8Array): Promise<{ zip: JSZip; workbookPart: JSZip.JSZipObject }> {
  let zip: JSZip;
  try {
    // Every entry's checksum is checked up front (streamed, nothing kept), so damaged data is an error, never garbage cells.
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  const workbookPart = zip.file(WORKBOOK_PART);
  if (!workbookPart) throw new WorkbookReadError("not-a-workbook");
  return { zip, workbookPart };
}

/** The result of reading the package's parts; a part that is no well-formed XML makes it a `corrupt` `WorkbookReadError`. */
async function readingParts<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
}

/** The worksheets named in the workbook part, in its order, each with the part its relationship points at. */
async function worksheetsOf(
  workbookPart: JSZip.JSZipObject,
  rels: Map<string, Relationship>,
): Promise<WorksheetPart[]> {
  const sheets: WorksheetPart[] = [];
  for (const sheet of await elementsNamed(workbookPart, "sheet")) {
    const id = attributeNamed(sheet, "id");
    const path = id ? rels.get(id)?.target : undefined;
    if (path && sheet.name !== undefined) sheets.push({ name: decodeOoxmlEscapes(sheet.name), path });
  }
  return sheets;
}

/** Opens an .xlsx package from its bytes as far as its worksheets' names and parts; a file that is no readable .xlsx is a `WorkbookReadError`. */
export async function openWorksheets(bytes: Uint8Array): Promise<{ zip: JSZip; sheets: WorksheetPart[] }> {
  const { zip, workbookPart } = await openZip(bytes);
  return readingParts(async () => ({
    zip,
    sheets: await worksheetsOf(workbookPart, await relationships(zip, WORKBOOK_PART)),
  }));
}

/** Opens an .xlsx package from its bytes; a file that is no readable .xlsx is a `WorkbookReadError`. */
export async function openPackage(bytes: Uint8Array): Promise<WorkbookPackage> {
  const { zip, workbookPart } = await openZip(bytes);
  return readingParts(async () => {
    const rels = await relationships(zip, WORKBOOK_PART);
    const sheets: SheetPart[] = [];
    for (const sheet of await worksheetsOf(workbookPart, rels))
      sheets.push({ ...sheet, tables: await tablesOf(zip, sheet.path) });
    const stringsPart = relatedPart(zip, rels, "sharedStrings");
    const stylesPart = relatedPart(zip, rels, "styles");
    const strings = stringsPart ? await sharedStrings(stringsPart) : [];
    const dateFormats = stylesPart ? await dateFormatsOfStyles(stylesPart) : [];
    return { zip, sheets, strings, dateFormats };
  });
}
