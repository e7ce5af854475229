// mergePlans on a plan of 1,000 expense lines × 4 years with 50 changed cells on each side (disjoint),
// against a JSON round trip of the same plan in the same run: a merge should cost about as much as
// touching the data once (goal ≤ 2×). A benchmark, not a test: it reports and always exits 0.
import type { PlanInput } from "@helhedsplan/rules";
import { Bench } from "tinybench";
import { largePlan } from "../../rules/src/fixtures/large-plan";
import { mergePlans } from "../src/index";

const base = largePlan({ expenseLines: 1_000, years: 4 });
const years = Object.keys(base.budget.expenses[0]?.amountsOre ?? {});

/** A copy of base with 50 amounts changed, on every other line from `firstLine`, so the two sides never touch one cell. */
function changed(firstLine: number, delta: number): PlanInput {
  const plan = structuredClone(base);
  for (let change = 0; change < 50; change++) {
    const line = plan.budget.expenses[firstLine + change * 2 * 9];
    const year = years[change % years.length];
    if (line !== undefined && year !== undefined) line.amountsOre[year] = (line.amountsOre[year] ?? 0) + delta;
  }
  return plan;
}
const mine = changed(0, 5_000);
const theirs = changed(9, -5_000);

const check = mergePlans(base, mine, theirs);
if (check.conflicts.length > 0 || check.fromTheirs.length !== 50)
  console.warn(`Unexpected merge: ${check.conflicts.length} conflicts, ${check.fromTheirs.length} cells from theirs.`);

const bench = new Bench({ time: 2_000, warmup: true, warmupTime: 500 });
bench
  .add("mergePlans", () => {
    mergePlans(base, mine, theirs);
  })
  .add("JSON round trip", () => {
    JSON.parse(JSON.stringify(base));
  });
await bench.run();

function meanMs(name: string): number {
  const result = bench.getTask(name)?.result;
  return result?.state === "completed" ? result.latency.mean : Number.NaN;
}
const merge = meanMs("mergePlans");
const roundTrip = meanMs("JSON round trip");
console.table(bench.table());
console.log(
  `mergePlans: ${merge.toFixed(2)} ms, JSON round trip: ${roundTrip.toFixed(2)} ms, ratio ${(merge / roundTrip).toFixed(2)}× (goal ≤ 2×)`,
);
// One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs).
console.log(
  `BENCH_RESULT ${JSON.stringify([{ figure: "mergePlans, 1,000 lines, 50 + 50 changes (mean)", unit: "ms", value: merge, baseline: { name: "JSON round trip", value: roundTrip }, ratio: merge / roundTrip, goal: { on: "ratio", op: "<=", target: 2 } }])}`,
);
