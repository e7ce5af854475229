import JSZip from "jszip";
import { scanSheet as scanNew, sharedStrings as ssNew } from "../src/xlsx/sheet-xml";
import { scanSheet as scanOld, sharedStrings as ssOld } from "./src/xlsx/sheet-xml";
import { planWithLines } from "../src/xlsx/test-workbooks";
import { writeTemplate } from "../src/xlsx/write-template";
const bytes = await writeTemplate(planWithLines(2000));
const zip = await JSZip.loadAsync(bytes);
console.log(Object.keys(zip.files).join(" "));
const sheet = await zip.file("xl/worksheets/sheet2.xml")!.async("string");
const ss = await zip.file("xl/sharedStrings.xml")!.async("string");
console.log("sheet", sheet.length, "ss", ss.length);
const sink = { wantsRow: () => true, cell: () => {} };
async function time(name: string, f: () => unknown) {
  for (let i = 0; i < 20; i++) await f();
  const n = 100; const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  console.log(name, ((performance.now() - t) / n).toFixed(2), "ms");
}
for (let r = 0; r < 2; r++) {
  await time("old scan", () => scanOld(sheet, [], [], sink));
  await time("new scan str", () => scanNew(sheet, [], [], sink));
  await time("new scan zip", () => scanNew(zip.file("xl/worksheets/sheet2.xml")!, [], [], sink));
  await time("zip async string", () => zip.file("xl/worksheets/sheet2.xml")!.async("string"));
  await time("old ss", () => ssOld(ss));
  await time("new ss", () => ssNew(ss));
  await time("load crc", () => JSZip.loadAsync(bytes, { checkCRC32: true }));
}
