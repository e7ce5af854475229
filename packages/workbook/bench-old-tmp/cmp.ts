import { readWorkbook as readNew } from "../src/xlsx/read-workbook";
import { readWorkbook as readOld } from "./src/xlsx/read-workbook";
import { planWithLines } from "../src/xlsx/test-workbooks";
import { writeTemplate } from "../src/xlsx/write-template";
import { readWorkbookGrids as gridsNew } from "../src/xlsx/read-workbook";
import { readWorkbookGrids as gridsOld } from "./src/xlsx/read-workbook";
const bytes = await writeTemplate(planWithLines(2000));
async function time(name: string, f: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await f();
  const n = 40; const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, ((performance.now() - t) / n).toFixed(1), "ms");
}
for (let round = 0; round < 2; round++) {
await time("old read", () => readOld(bytes));
await time("new read", () => readNew(bytes));
await time("old grids", () => gridsOld(bytes));
await time("new grids", () => gridsNew(bytes));
}
