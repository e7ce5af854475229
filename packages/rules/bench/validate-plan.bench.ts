// validatePlan on a plan of 1,000 expense lines × 4 years, against a JSON round trip of the same
// plan in the same run: the rules should cost about as much as touching the data once (goal ≤ 2×).
// A benchmark, not a test: it reports and always exits 0.
import { Bench } from "tinybench";
import { PlanInput, validatePlan } from "../src/index";
import { largePlan } from "../src/fixtures/large-plan";

const plan = largePlan({ expenseLines: 1_000, years: 4 });
const findings = validatePlan(plan);
if (findings.length > 0)
  console.warn(`The benchmark plan has ${findings.length} findings; the figures below include building them.`);

const bench = new Bench({ time: 2_000, warmup: true, warmupTime: 500 });
bench
  .add("validatePlan", () => {
    validatePlan(plan);
  })
  .add("JSON round trip", () => {
    JSON.parse(JSON.stringify(plan));
  })
  // For comparison only: the full zod parse that the shape fast path avoids for well-formed amounts.
  .add("PlanInput.safeParse", () => {
    PlanInput.safeParse(plan);
  });
await bench.run();

function meanMs(name: string): number {
  const result = bench.getTask(name)?.result;
  return result?.state === "completed" ? result.latency.mean : Number.NaN;
}
const rules = meanMs("validatePlan");
const roundTrip = meanMs("JSON round trip");
console.table(bench.table());
console.log(`(the full zod parse alone takes ${meanMs("PlanInput.safeParse").toFixed(2)} ms)`);
console.log(
  `validatePlan: ${rules.toFixed(2)} ms, JSON round trip: ${roundTrip.toFixed(2)} ms, ratio ${(rules / roundTrip).toFixed(2)}× (goal ≤ 2×, above 5× is a defect)`,
);
// One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs).
console.log(
  `BENCH_RESULT ${JSON.stringify([{ figure: "validatePlan, 1,000 lines × 4 years (mean)", unit: "ms", value: rules, baseline: { name: "JSON round trip", value: roundTrip }, ratio: rules / roundTrip, goal: { on: "ratio", op: "<=", target: 2 } }])}`,
);
