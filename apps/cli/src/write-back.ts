// After a push: the plan's id and the server's latest version go into the workbook's Plan-ID and
// Version cells, and nothing else in the file changes. The file is replaced atomically, and
// only if it is still the one that was read (a workbook saved meanwhile is never overwritten).
import { cellOf, formatA1, type CellMap } from "@helhedsplan/workbook";
import { stampCells } from "@helhedsplan/workbook/xlsx";
import { randomUUID } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { WorkbookFile } from "./pushable-workbook";

/** What the server holds now: the plan's id and its latest version. */
export interface SyncState {
  planId: string;
  version: number;
}

/** The sentence that tells the user to fill the sync cells by hand. Example: `fillByHand(state, map)`. */
export function fillByHand(state: SyncState, map: CellMap): string {
  return `skriv Plan-ID ${state.planId} i ${cellOf(["planId"], map)} og Version ${state.version} i ${cellOf(["version"], map)} selv`;
}

async function replaceFile(path: string, bytes: Buffer): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(temporary, bytes, { flag: "wx", mode: (await stat(path)).mode });
    await rename(temporary, path);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Writes `state` into the workbook's Plan-ID and Version cells; null when done, else why it could not (the file is then untouched). */
export async function writeBack(workbook: WorkbookFile, map: CellMap, state: SyncState): Promise<string | null> {
  const stamdata = map.stamdata;
  const idRow = stamdata?.fieldRows.planId;
  const versionRow = stamdata?.fieldRows.version;
  if (!stamdata || idRow === undefined || versionRow === undefined)
    return "arbejdsbogen har ingen Plan-ID- og Version-celler";
  const current = await readFile(workbook.file).catch(() => null);
  if (current === null || !current.equals(workbook.bytes)) return "filen er ændret eller flyttet, mens push kørte";
  try {
    const stamped = await stampCells(workbook.bytes, stamdata.sheet, [
      { address: formatA1({ row: idRow, column: stamdata.valueColumn }), value: state.planId },
      { address: formatA1({ row: versionRow, column: stamdata.valueColumn }), value: state.version },
    ]);
    await replaceFile(workbook.file, stamped);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EBUSY" || code === "EPERM" ? `${code}; er filen åben i Excel?` : (code ?? (error as Error).message);
    return `filen kunne ikke skrives (${reason})`;
  }
}
