// The small parts of an .xlsx package that exceljs' streaming reader skips: the sheet list, the
// tables of each sheet and the merged ranges. Read with JSZip from the central directory, so a
// truncated or foreign file fails here, before any cell is parsed.
import JSZip from "jszip";
import { posix } from "node:path";
import { Readable } from "node:stream";
import { WorkbookReadError } from "./read-error";

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

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower] ?? "";
  });
}

/** The attributes of every element named `name` (any namespace prefix), in document order. */
function elements(xml: string, name: string): Record<string, string>[] {
  const found: Record<string, string>[] = [];
  const tag = new RegExp(`<(?:[\\w.-]+:)?${name}\\b([^>]*)>`, "g");
  for (const match of xml.matchAll(tag)) {
    const attributes: Record<string, string> = {};
    for (const attribute of (match[1] ?? "").matchAll(ATTRIBUTE)) {
      const key = attribute[1] ?? "";
      // Namespaced attributes (`r:id`) are keyed by their local name.
      attributes[key.includes(":") ? key.slice(key.indexOf(":") + 1) : key] = decodeXml(attribute[2] ?? attribute[3] ?? "");
    }
    found.push(attributes);
  }
  return found;
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

/** The merged ranges of a sheet part, scanned from its stream so a large sheet is never held as one string. */
export async function mergedRanges(zip: JSZip, sheetPath: string): Promise<string[]> {
  const file = zip.file(sheetPath);
  if (!file) return [];
  const merges: string[] = [];
  const pattern = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([^"']+)["']/g;
  let carry = "";
  // JSZip's node stream is an old-style stream; wrapping it makes it async-iterable.
  for await (const chunk of new Readable().wrap(file.nodeStream("nodebuffer")) as AsyncIterable<Buffer>) {
    const text = carry + chunk.toString("utf8");
    let consumed = 0;
    for (const match of text.matchAll(pattern)) {
      merges.push(match[1] ?? "");
      consumed = (match.index ?? 0) + match[0].length;
    }
    // Keep the unconsumed tail (at most one element's worth) in case a <mergeCell> straddles chunks.
    carry = text.slice(Math.max(consumed, text.length - 200));
  }
  return merges;
}

/** An opened package: the zip and its worksheets with their tables. */
export interface WorkbookPackage {
  zip: JSZip;
  sheets: SheetPart[];
}

const WORKBOOK_PART = "xl/workbook.xml";

/** Opens an .xlsx package from its bytes; a file that is no readable .xlsx is a `WorkbookReadError`. */
export async function openPackage(bytes: Buffer): Promise<WorkbookPackage> {
  let zip: JSZip;
  try {
    // Checking every entry's CRC up front (streamed, nothing kept) matters: exceljs' streaming unzip can hang on damaged data.
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
    return { zip, sheets };
  } catch (error) {
    throw new WorkbookReadError("corrupt", error);
  }
}
