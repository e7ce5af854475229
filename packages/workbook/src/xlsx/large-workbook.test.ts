import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editCell } from "../test-helpers";
import { planWithLines, writeLargeWorkbook } from "./test-workbooks";

const LINES = 100_000;
// exceljs' normal reader alone needs about 550 MB for this file; the streaming reader stays well below.
const PEAK_RSS_LIMIT_MB = 450;

describe(`a workbook of ${LINES.toLocaleString("da-DK")} budget lines`, () => {
  let folder: string;
  let file: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "helhedsplan-large-"));
    file = join(folder, "stor.xlsx");
    // One unreadable amount far down the sheet: its finding must still come out.
    await writeLargeWorkbook(file, planWithLines(LINES), (grids) => editCell(grids, "Budget!E90003", "ca. 1000"));
  }, 120_000);
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("is read and validated without a crash, in bounded memory, with its findings at their cells", async () => {
    const child = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "read-workbook.child.ts"), file],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const measured = JSON.parse(child.stdout) as { milliseconds: number; peakRssMb: number; findings: unknown[] };
    console.log(`${LINES} lines read and validated in ${measured.milliseconds} ms, peak RSS ${measured.peakRssMb} MB`);
    expect(measured.findings).toEqual([
      // The rules' limit of 5,000 expense lines, at the table's header.
      { ruleId: "input.shape", path: ["budget", "expenses"], cell: "Budget!A3" },
      {
        ruleId: "workbook.cell-unreadable",
        path: ["budget", "expenses", 89_999, "amountsOre", "2015"],
        cell: "Budget!E90003",
      },
    ]);
    expect(measured.peakRssMb).toBeLessThan(PEAK_RSS_LIMIT_MB);
  }, 120_000);
});
