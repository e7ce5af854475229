// readWorkbook (read + validate) on a 2,000-line workbook, against exceljs' bare
// `workbook.xlsx.load` of the same buffer in the same run (goal ≤ 1.5×).
// A benchmark, not a test: it reports and always exits 0.
import { Bench } from "tinybench";
import { openWorkbook, planWithLines } from "../src/xlsx/test-workbooks";
import { readWorkbook, writeTemplate } from "../src/xlsx/index";

const LINES = 2_000;
const bytes = await writeTemplate(planWithLines(LINES));
const { findings } = await readWorkbook(bytes);
console.log(
  `A workbook of ${LINES} expense lines (${(bytes.length / 1024).toFixed(0)} KiB), ${findings.length} findings.`,
);

const bench = new Bench({ time: 5_000, warmup: true, warmupTime: 1_000 });
bench
  .add("readWorkbook (read + validate)", async () => {
    await readWorkbook(bytes);
  })
  .add("exceljs workbook.xlsx.load", async () => {
    await openWorkbook(bytes);
  });
await bench.run();

function meanMs(name: string): number {
  const result = bench.getTask(name)?.result;
  return result?.state === "completed" ? result.latency.mean : Number.NaN;
}
const ours = meanMs("readWorkbook (read + validate)");
const bare = meanMs("exceljs workbook.xlsx.load");
console.table(bench.table());
console.log(
  `readWorkbook: ${ours.toFixed(1)} ms, exceljs load: ${bare.toFixed(1)} ms, ratio ${(ours / bare).toFixed(2)}× (goal ≤ 1.5×)`,
);
// One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs).
console.log(
  `BENCH_RESULT ${JSON.stringify([{ figure: `.xlsx read + validate, ${LINES} lines (mean)`, unit: "ms", value: ours, baseline: { name: "exceljs bare load", value: bare }, ratio: ours / bare, goal: { on: "ratio", op: "<=", target: 1.5 } }])}`,
);
