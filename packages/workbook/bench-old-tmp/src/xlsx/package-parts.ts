// The parts of an .xlsx package around the cells: the sheet list, the tables of each sheet, the
// shared strings and the styles' date formats. Read with JSZip from the central directory, so a
// truncated or foreign file fails here, before any cell is parsed.
import JSZip from "jszip";
import { posix } from "node:path";
import { WorkbookReadError } from "./read-error";
import { dateFormatsOfStyles, sharedStrings } from "./sheet-xml";
import { elements } from "./xml";

/** An Excel table as its part describes it. */
export interface TablePart {
  name: string;
  /** The whole table range, header and totals row included (`A3:H14`). */
  ref: string;
  headerRow: boolean;
  totalsRow: boolean;
}

/** A worksheet of the package: its name, its part path and its tables. */
export interface SheetPart {
  name: string;
  /** The part path inside the zip (`xl/worksheets/sheet2.xml`). */
  path: string;
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

async function partText(zip: JSZip, path: string): Promise<string | null> {
  const file = zip.file(path);
  return file ? file.async("string") : null;
}

interface Relationship {
  type: string;
  target: string;
}

/** Relationship id → type and resolved target, for one part. */
async function relationships(zip: JSZip, part: string): Promise<Map<string, Relationship>> {
  const xml = await partText(zip, relsPathOf(part));
  const found = new Map<string, Relationship>();
  if (xml === null) return found;
  for (const rel of elements(xml, "Relationship")) {
    if (rel.Id && rel.Target && rel.TargetMode !== "External") found.set(rel.Id, { type: rel.Type ?? "", target: resolveTarget(part, rel.Target) });
  }
  return found;
}

/** A sheet's tables, from its relationships (so the possibly large sheet part itself is not read). */
async function tablesOf(zip: JSZip, sheetPath: string): Promise<TablePart[]> {
  const tables: TablePart[] = [];
  for (const rel of (await relationships(zip, sheetPath)).values()) {
    if (!rel.type.endsWith("/table")) continue;
    const tableXml = await partText(zip, rel.target);
    const table = tableXml === null ? undefined : elements(tableXml, "table")[0];
    const name = table?.displayName ?? table?.name;
    if (!table?.ref || name === undefined) continue;
    tables.push({
      name,
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

/** The text of the workbook part related by a relationship of this type (`…/sharedStrings`), or "" when there is none. */
async function relatedText(zip: JSZip, rels: Map<string, Relationship>, type: string): Promise<string> {
  const rel = [...rels.values()].find((candidate) => candidate.type.endsWith(`/${type}`));
  return (rel ? await partText(zip, rel.target) : null) ?? "";
}

const WORKBOOK_PART = "xl/workbook.xml";

/** Opens an .xlsx package from its bytes; a file that is no readable .xlsx is a `WorkbookReadError`. */
export async function openPackage(bytes: Buffer): Promise<WorkbookPackage> {
  let zip: JSZip;
  try {
    // Every entry's checksum is checked up front (streamed, nothing kept), so damaged data is an error, never garbage cells.
    zip = await JSZip.loadAsync(bytes, { checkCRC32: true });
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
  const workbookXml = await partText(zip, WORKBOOK_PART).catch((error: unknown) => {
    throw new WorkbookReadError("corrupt", error);
  });
  if (workbookXml === null) throw new WorkbookReadError("not-a-workbook");
  try {
    const rels = await relationships(zip, WORKBOOK_PART);
    const sheets: SheetPart[] = [];
    for (const sheet of elements(workbookXml, "sheet")) {
      const path = sheet.id ? rels.get(sheet.id)?.target : undefined;
      if (!path || sheet.name === undefined) continue;
      sheets.push({ name: sheet.name, path, tables: await tablesOf(zip, path) });
    }
    const strings = sharedStrings(await relatedText(zip, rels, "sharedStrings"));
    const dateFormats = dateFormatsOfStyles(await relatedText(zip, rels, "styles"));
    return { zip, sheets, strings, dateFormats };
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
}
