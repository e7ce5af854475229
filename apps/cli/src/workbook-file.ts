// The workbook file a sync reads and writes back: read once (its bytes kept), and afterwards only
// the cells the sync names are written into it, atomically, and only if the file is still the
// one that was read — a workbook saved meanwhile is never overwritten.
import type { CellWrite } from "@helhedsplan/sync";
import type { Grids } from "@helhedsplan/workbook";
import { readWorkbookGrids, stampCells, WorkbookReadError } from "@helhedsplan/workbook/xlsx";
import { randomUUID } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { CommandFailure } from "./exit-codes";

/** A workbook file as read: its bytes (to write back into) and its tables. */
export interface WorkbookFile {
  file: string;
  bytes: Buffer;
  grids: Grids;
}

/** The bytes and tables of a workbook file; a file that is no readable .xlsx is a `CommandFailure` (exit 2), as in `validate`. */
export async function readWorkbookFile(file: string): Promise<WorkbookFile> {
  try {
    const bytes = await readFile(file).catch((error: unknown) => {
      throw new WorkbookReadError(
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable-file",
        error,
      );
    });
    return { file, bytes, grids: await readWorkbookGrids(bytes) };
  } catch (error) {
    if (error instanceof WorkbookReadError) throw new CommandFailure(`${file}: kan ikke læses – ${error.message}`);
    throw error;
  }
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

/** Writes `writes` into the workbook's cells; null when done, else why it could not (the file is then untouched). */
export async function writeCells(workbook: WorkbookFile, writes: readonly CellWrite[]): Promise<string | null> {
  if (writes.length === 0) return null;
  const current = await readFile(workbook.file).catch(() => null);
  if (current === null || !current.equals(workbook.bytes))
    return "filen er ændret eller flyttet, mens synkroniseringen kørte";
  try {
    let bytes: Buffer = workbook.bytes;
    for (const sheet of new Set(writes.map((write) => write.sheet))) {
      const stamps = writes
        .filter((write) => write.sheet === sheet)
        .map((write) => ({
          address: write.address,
          value: typeof write.value === "boolean" ? String(write.value) : write.value,
        }));
      bytes = await stampCells(bytes, sheet, stamps);
    }
    await replaceFile(workbook.file, bytes);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EBUSY" || code === "EPERM" ? `${code}; er filen åben i Excel?` : (code ?? (error as Error).message);
    return `filen kunne ikke skrives (${reason})`;
  }
}
