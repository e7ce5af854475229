// localChanges on a plan of 1,000 expense lines × 4 years with 50 changed cells, as the add-in runs it on every
// keystroke (the workbook already read into a plan and a cell map), against a JSON round trip of the same plan in
// the same run. A benchmark, not a test: it reports and always exits 0.
import { defaultReference } from "@helhedsplan/rules";
import { gridToPlan, planToGrid } from "@helhedsplan/workbook";
import { Bench } from "tinybench";
import { largePlan } from "../../rules/src/fixtures/large-plan";
import { localChanges, mergePlans } from "../src/index";

const base = largePlan({ expenseLines: 1_000, years: 4 });
const years = Object.keys(base.budget.expenses[0]?.amountsOre ?? {});
const changed = structuredClone(base);
for (let change = 0; change < 50; change++) {
  const line = changed.budget.expenses[change * 19];
  const year = years[change % years.length];
  if (line !== undefined && year !== undefined) line.amountsOre[year] = (line.amountsOre[year] ?? 0) + 5_000;
}
const read = gridToPlan(planToGrid(changed, defaultReference), defaultReference);
if (read.plan === null) throw new Error("The changed plan does not read back");
const mine = read.plan;
const map = read.map;

const check = localChanges(base, mine, map, defaultReference);
if (check.count !== 50 || check.cells.length !== 50)
  console.warn(`Unexpected: ${check.count} changes, ${check.cells.length} cells.`);

const bench = new Bench({ time: 2_000, warmup: true, warmupTime: 500 });
bench
  .add("localChanges", () => {
    localChanges(base, mine, map, defaultReference);
  })
  .add("mergePlans(base, base, mine)", () => {
    mergePlans(base, base, mine);
  })
  .add("JSON round trip", () => {
    JSON.parse(JSON.stringify(base));
  });
await bench.run();

// The median: on a shared machine the mean moves with whatever else runs.
function medianMs(name: string): number {
  const result = bench.getTask(name)?.result;
  return result?.state === "completed" ? (result.latency.p50 ?? Number.NaN) : Number.NaN;
}
console.table(bench.table());
const local = medianMs("localChanges");
const merge = medianMs("mergePlans(base, base, mine)");
const roundTrip = medianMs("JSON round trip");
console.log(
  `median: localChanges ${local.toFixed(2)} ms, its merge ${merge.toFixed(2)} ms, JSON round trip ${roundTrip.toFixed(2)} ms (ratio ${(local / roundTrip).toFixed(2)}×)`,
);
// One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs).
console.log(
  `BENCH_RESULT ${JSON.stringify([{ figure: "localChanges, 1,000 lines, 50 changes (median)", unit: "ms", value: local, baseline: { name: "JSON round trip", value: roundTrip }, ratio: local / roundTrip, goal: null }])}`,
);
