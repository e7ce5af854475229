// The benchmark's printed figures: one line per comparison in the form the issue asks for,
// then where the CPU went and anything that failed.
import type { BackendStates } from "./backend-sampler";
import type { CpuSeconds } from "./cpu-meter";
import { quantileMs, type LoadResult, type Measured } from "./load";

/** One comparison: the service against its baseline, with the goal for the ratio. */
export interface Comparison {
  title: string;
  service: Measured;
  baselineName: string;
  /** The baseline, or why it could not run. */
  baseline: Measured | Error;
  goalPercent: number;
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A count with thousands separators. */
export function count(value: number): string {
  return whole.format(value);
}

function perSecond(load: LoadResult): number {
  return load.elapsedSeconds > 0 ? load.completed / load.elapsedSeconds : 0;
}

function milliseconds(ms: number): string {
  return ms < 10 ? `${oneDecimal.format(ms)} ms` : `${whole.format(ms)} ms`;
}

function figures(load: LoadResult, unit: string): string {
  const latency =
    load.latenciesMs.length === 0
      ? "no latencies"
      : `p50 ${milliseconds(quantileMs(load.latenciesMs, 0.5))}, p99 ${milliseconds(quantileMs(load.latenciesMs, 0.99))}`;
  return `${whole.format(perSecond(load))} ${unit}, ${latency}`;
}

/** The service's throughput as a percentage of the baseline's; undefined without a baseline. */
export function ratioPercent(comparison: Comparison): number | undefined {
  const { baseline } = comparison;
  if (baseline instanceof Error || perSecond(baseline.load) <= 0) return undefined;
  return (100 * perSecond(comparison.service.load)) / perSecond(baseline.load);
}

/** `budget PUT (…): 812 req/s, p50 38 ms, p99 95 ms | bare SQL: 2,950 tx/s, … | ratio 27.5 % (goal ≥ 20 %): met` */
export function comparisonLine(comparison: Comparison): string {
  const head = `${comparison.title}: ${figures(comparison.service.load, "req/s")}`;
  const ratio = ratioPercent(comparison);
  if (comparison.baseline instanceof Error || ratio === undefined) {
    return `${head} | ${comparison.baselineName}: not measured | ratio — (goal ≥ ${comparison.goalPercent} %)`;
  }
  const verdict = ratio >= comparison.goalPercent ? "met" : "NOT met";
  return (
    `${head} | ${comparison.baselineName}: ${figures(comparison.baseline.load, "tx/s")} | ` +
    `ratio ${oneDecimal.format(ratio)} % (goal ≥ ${comparison.goalPercent} %): ${verdict}`
  );
}

/** CPU milliseconds per request of each party that spent any, e.g. `service 3.6 ms (59 % of a core), PostgreSQL 2.1 ms, load generator 1.2 ms`. */
export function cpuText(measured: Measured, parties: { service?: string; postgres?: string; bench?: string }): string {
  const { load, cpu } = measured;
  const per = (seconds: number) => milliseconds(load.completed > 0 ? (1000 * seconds) / load.completed : Number.NaN);
  const parts: string[] = [];
  const add = (name: string | undefined, seconds: CpuSeconds[keyof CpuSeconds], core: boolean) => {
    if (name === undefined || seconds === undefined) return;
    const share =
      core && load.elapsedSeconds > 0 ? ` (${whole.format((100 * seconds) / load.elapsedSeconds)} % of a core)` : "";
    parts.push(`${name} ${per(seconds)}${share}`);
  };
  add(parties.service, cpu.service, true);
  add(parties.postgres, cpu.postgres, false);
  add(parties.bench, cpu.bench, false);
  return parts.join(", ");
}

/** One line per kind of failed request, or nothing when all succeeded. */
export function failureLines(phase: string, load: LoadResult): string[] {
  return [...load.failures].map(([kind, n]) => {
    const first = load.firstFailure.get(kind);
    return `  ${phase}: ${whole.format(n)} × ${kind}${first === undefined ? "" : ` (first: ${first})`}`;
  });
}

/** What the service's database connections did on average, e.g. `4.1 running, 15.5 waiting for a lock, 2.0 idle in a transaction`. */
export function backendText(states: BackendStates): string {
  if (states.samples === 0) return "not sampled";
  const f = (n: number) => oneDecimal.format(n);
  return `${f(states.running)} running, ${f(states.waitingForLock)} waiting for a lock, ${f(states.idleInTransaction)} idle in a transaction (waiting for the service)`;
}
