// The benchmark's printed figures: one line per comparison, in the form the issue asks for.
import { quantileMs, type LoadResult } from "./load";

/** A measured side of a comparison: how many per second, with latency quantiles when known. */
export interface Figures {
  perSecond: number;
  unit: "req/s" | "tx/s";
  count: number;
  latenciesMs: Float64Array;
}

/** One comparison: the service against its bare-SQL baseline, with the goal for the ratio. */
export interface Comparison {
  title: string;
  service: Figures;
  baseline: Figures | undefined;
  baselineName: string;
  goalPercent: number;
}

const whole = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function latencyText(latenciesMs: Float64Array): string {
  if (latenciesMs.length === 0) return "no latencies";
  return `p50 ${milliseconds(quantileMs(latenciesMs, 0.5))}, p99 ${milliseconds(quantileMs(latenciesMs, 0.99))}`;
}

function milliseconds(ms: number): string {
  return ms < 10 ? `${oneDecimal.format(ms)} ms` : `${whole.format(ms)} ms`;
}

function figuresText(figures: Figures): string {
  return `${whole.format(figures.perSecond)} ${figures.unit}, ${latencyText(figures.latenciesMs)}`;
}

/** `budget PUT (…): 812 req/s, p50 38 ms, p99 95 ms | bare SQL: 2,950 tx/s, … | ratio 27.5 % (goal ≥ 20 %): met` */
export function comparisonLine(comparison: Comparison): string {
  const { service, baseline, goalPercent } = comparison;
  const head = `${comparison.title}: ${figuresText(service)}`;
  if (baseline === undefined || baseline.perSecond <= 0) return `${head} | ${comparison.baselineName}: not measured | ratio —`;
  const ratio = (100 * service.perSecond) / baseline.perSecond;
  const verdict = ratio >= goalPercent ? "met" : "NOT met";
  return `${head} | ${comparison.baselineName}: ${figuresText(baseline)} | ratio ${oneDecimal.format(ratio)} % (goal ≥ ${goalPercent} %): ${verdict}`;
}

/** The figures of a load phase. */
export function loadFigures(result: LoadResult, unit: Figures["unit"]): Figures {
  const perSecond = result.elapsedSeconds > 0 ? result.completed / result.elapsedSeconds : 0;
  return { perSecond, unit, count: result.completed, latenciesMs: result.latenciesMs };
}

/** One line per kind of failed request, or nothing when all succeeded. */
export function failureLines(phase: string, result: LoadResult): string[] {
  return [...result.failures].map(
    ([kind, count]) => `  ${phase}: ${whole.format(count)} × ${kind} (first: ${result.firstFailure.get(kind) ?? "?"})`,
  );
}

/** A count with thousands separators. */
export function count(value: number): string {
  return whole.format(value);
}

/** How busy the service process was: CPU per successful request and the share of one core. */
export function cpuLine(phase: string, result: LoadResult, cpuSeconds: number): string {
  const perRequestMs = result.completed > 0 ? (1000 * cpuSeconds) / result.completed : Number.NaN;
  const core = result.elapsedSeconds > 0 ? (100 * cpuSeconds) / result.elapsedSeconds : Number.NaN;
  return `  ${phase}: the service process used ${oneDecimal.format(perRequestMs)} ms CPU per request, ${whole.format(core)} % of one core`;
}
