// The keystroke path of the add-in on a 1,000-line plan in the strict test host, in Node: the real
// controller and Excel adapter over the host's Office.js. Per change: syncs (goal 2), bytes sent
// (goal ≤ 100 KB), and the add-in's time against a JSON round trip of the same plan, measured in
// the same run (goal ≤ 3×); and a 10,000-line plan's largest request against Excel on the web's 5 MB.
// A benchmark, not a test: it reports and always exits 0.
import { Bench } from "tinybench";
import { largePlan } from "../../../packages/rules/src/fixtures/large-plan";
import { defaultReference, type PlanInput } from "@helhedsplan/rules";
import { excelAdapter } from "../src/excel-adapter";
import { runPass } from "../src/pass";
import { startAddinInNode } from "../test-host/addin-in-node";

const addinOn = (plan: PlanInput) => startAddinInNode({ plan, settleTimeoutMs: 120_000 });

/** The first amount cell of the first expense line (row 4 holds line 1; column D is the first year). */
const AMOUNT_CELL = "Budget!D4";

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1).replace(".", ",")} KB`;

// 1,000 lines: the full path of one typed change, through the host's change event and the add-in's debounce.
const plan = largePlan({ expenseLines: 1_000, years: 4 });
const { host, controller } = await addinOn(plan);
const changes = 10;
const before = { syncs: host.facade.syncs, bytes: host.facade.bytesSent };
for (let change = 0; change < changes; change++) await host.testHost.edit(AMOUNT_CELL, [[1_000 + change]]);
const syncsPerChange = (host.facade.syncs - before.syncs) / changes;
const bytesPerChange = (host.facade.bytesSent - before.bytes) / changes;
if (controller.getState().problem !== null) console.warn(`The pane reported: ${controller.getState().problem}`);

// The add-in's time per change: a pass as on a keystroke (read, validate, write the marks), less the time on Excel's
// side of its syncs (the host's simulation and its round trips), measured pass by pass after each typed change.
const addinTimes: number[] = [];
for (let change = 0; change < 60; change++) {
  await host.testHost.edit(AMOUNT_CELL, [[3_000 + change]]);
  const hostBefore = host.facade.hostMilliseconds;
  const started = performance.now();
  await controller.revalidate();
  addinTimes.push(performance.now() - started - (host.facade.hostMilliseconds - hostBefore));
}
// The first passes warm the JIT up; the median of the rest is the figure.
const addinMs = median(addinTimes.slice(10));

// One pass (read, validate, write) without the debounce, and the pass's own work without the adapter or the host,
// each against a JSON round trip.
// The grids as the adapter reads them from the host (values and number formats), as every pass gets them.
const { grids } = await excelAdapter().read();
let value = 2_000;
const bench = new Bench({ time: 3_000, warmup: true, warmupTime: 1_000 });
bench
  .add("add-in pass (read · validate · write)", async () => {
    host.userEdit(AMOUNT_CELL, [[value++]]);
    await controller.revalidate();
  })
  .add("the pass's own work (read grids · rules · flags · pane model)", () => {
    runPass(grids, defaultReference);
  })
  .add("JSON round trip", () => {
    JSON.parse(JSON.stringify(plan));
  });
await bench.run();
const meanMs = (name: string) => {
  const result = bench.getTask(name)?.result;
  return result?.state === "completed" ? result.latency.mean : Number.NaN;
};
const pass = meanMs("add-in pass (read · validate · write)");
const ownWork = meanMs("the pass's own work (read grids · rules · flags · pane model)");
const roundTrip = meanMs("JSON round trip");
console.table(bench.table());

// 10,000 lines: the largest request a change sends must stay under Excel on the web's 5 MB.
const huge = await addinOn(largePlan({ expenseLines: 10_000, years: 4 }));
const largestBefore = huge.host.facade.largestRequestBytes;
await huge.host.testHost.edit(AMOUNT_CELL, [[1]]);
const largest = Math.max(largestBefore, huge.host.facade.largestRequestBytes);

console.log(`syncs per change: ${syncsPerChange} (goal 2)`);
console.log(`bytes sent per change: ${kb(bytesPerChange)} (goal ≤ 100 KB)`);
console.log(
  `the add-in's time per change — the pass's own work on the grids the adapter reads (read grids · rules · flags · pane model): ${ownWork.toFixed(2)} ms, JSON round trip: ${roundTrip.toFixed(2)} ms, ratio ${(ownWork / roundTrip).toFixed(2)}× (goal ≤ 3×)`,
);
console.log(
  `the same pass with the adapter, timed inside the process that also simulates Excel (Excel's side of each sync subtracted; its formula engine shares the add-in's heap and JIT here, which Excel's own process never does): ${addinMs.toFixed(2)} ms, ratio ${(addinMs / roundTrip).toFixed(2)}×`,
);
console.log(
  `a whole pass in the strict host (its Office.js and formula engine included): ${pass.toFixed(2)} ms, ratio ${(pass / roundTrip).toFixed(2)}×`,
);
console.log(`10,000 lines: largest request ${kb(largest)} (Excel on the web refuses over 5.120,0 KB)`);
// One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs).
console.log(
  `BENCH_RESULT ${JSON.stringify([
    {
      figure: "keystroke: syncs per change",
      unit: "",
      value: syncsPerChange,
      baseline: null,
      ratio: null,
      goal: { on: "value", op: "<=", target: 2 },
    },
    {
      figure: "keystroke: bytes sent per change",
      unit: "KB",
      value: bytesPerChange / 1024,
      baseline: null,
      ratio: null,
      goal: { on: "value", op: "<=", target: 100 },
    },
    {
      figure: "keystroke: the pass's own work, 1,000 lines (mean)",
      unit: "ms",
      value: ownWork,
      baseline: { name: "JSON round trip", value: roundTrip },
      ratio: ownWork / roundTrip,
      goal: { on: "ratio", op: "<=", target: 3 },
    },
    {
      figure: "keystroke: whole pass in the strict host (mean)",
      unit: "ms",
      value: pass,
      baseline: { name: "JSON round trip", value: roundTrip },
      ratio: pass / roundTrip,
      goal: null,
    },
    {
      figure: "keystroke: largest request, 10,000 lines",
      unit: "KB",
      value: largest / 1024,
      baseline: null,
      ratio: null,
      goal: { on: "value", op: "<=", target: 5120 },
    },
  ])}`,
);
