// A closed-loop load generator: N clients, each issuing its next request as soon as the last
// one answered, with every request's latency recorded. Failures are counted by kind, never
// thrown: a benchmark reports what happened and goes on.
import { performance } from "node:perf_hooks";
import { ApiError } from "@helhedsplan/api";
import { addCpu, cpuBetween, noCpu, type CpuMeter, type CpuSeconds } from "./cpu-meter";

/** What one load phase measured. */
export interface LoadResult {
  /** Requests that succeeded. */
  completed: number;
  /** Failed requests by kind, e.g. `"412 precondition-failed" → 3`. */
  failures: Map<string, number>;
  /** The first failure of each kind, for the report. */
  firstFailure: Map<string, string>;
  elapsedSeconds: number;
  /** Latencies of the successful requests, ascending, in milliseconds. */
  latenciesMs: Float64Array;
}

/** When a phase stops: after a fixed time, or when the work runs out (`next` answers undefined). */
export type Until = { durationMs: number } | { exhausted: true };

/**
 * Runs `clients` concurrent loops; loop `client` calls `request(client, n)` for n = 0, 1, …
 * until `until` says stop. A request that returns `false` means "nothing left for this client".
 */
export async function runClients(
  clients: number,
  until: Until,
  request: (client: number, n: number) => Promise<boolean | void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  const firstFailure = new Map<string, string>();
  const started = performance.now();
  const deadline = "durationMs" in until ? started + until.durationMs : Number.POSITIVE_INFINITY;

  async function loop(client: number): Promise<void> {
    for (let n = 0; performance.now() < deadline; n++) {
      const begin = performance.now();
      try {
        if ((await request(client, n)) === false) return;
        latencies.push(performance.now() - begin);
      } catch (error) {
        const kind = failureKind(error);
        failures.set(kind, (failures.get(kind) ?? 0) + 1);
        if (!firstFailure.has(kind)) firstFailure.set(kind, error instanceof Error ? error.message : String(error));
      }
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, client) => loop(client)));
  const elapsedSeconds = (performance.now() - started) / 1000;
  return {
    completed: latencies.length,
    failures,
    firstFailure,
    elapsedSeconds,
    latenciesMs: Float64Array.from(latencies).sort(),
  };
}

function failureKind(error: unknown): string {
  if (error instanceof ApiError)
    return error.kind === "problem" ? `${error.status} ${error.slug ?? "problem"}` : error.kind;
  return error instanceof Error ? error.name : "error";
}

/** The latency at quantile `q` (0–1) of ascending latencies, nearest rank; NaN when there are none. */
export function quantileMs(sortedMs: Float64Array, q: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Runs `work(i)` once for each i = 0 … count − 1, on `clients` concurrent loops. */
export function runEach(clients: number, count: number, work: (index: number) => Promise<void>): Promise<LoadResult> {
  let next = 0;
  return runClients(clients, { exhausted: true }, async () => {
    const index = next++;
    if (index >= count) return false;
    await work(index);
  });
}

/** Throws with the first failure when any request of a preparation step failed: the measurement would mean nothing. */
export function requireAllSucceeded(step: string, result: LoadResult): void {
  const [kind, failed] = [...result.failures][0] ?? [];
  if (kind !== undefined)
    throw new Error(`${step}: ${failed} requests failed with ${kind}: ${result.firstFailure.get(kind)}`);
}

/** A measured window: what the load achieved and the CPU each party spent on it. */
export interface Measured {
  load: LoadResult;
  cpu: CpuSeconds;
}

/** Runs `run` between two readings of `meter`. */
export async function measure(meter: CpuMeter, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = await meter();
  const load = await run();
  return { load, cpu: cpuBetween(before, await meter()) };
}

/** Several windows (rounds) as one: counts, times and CPU add up, latencies pool. */
export function mergeMeasured(windows: readonly Measured[]): Measured {
  const failures = new Map<string, number>();
  const firstFailure = new Map<string, string>();
  let latencies: number[] = [];
  for (const { load } of windows) {
    for (const [kind, n] of load.failures) failures.set(kind, (failures.get(kind) ?? 0) + n);
    for (const [kind, message] of load.firstFailure) if (!firstFailure.has(kind)) firstFailure.set(kind, message);
    latencies = latencies.concat(Array.from(load.latenciesMs));
  }
  const load: LoadResult = {
    completed: windows.reduce((sum, { load }) => sum + load.completed, 0),
    elapsedSeconds: windows.reduce((sum, { load }) => sum + load.elapsedSeconds, 0),
    failures,
    firstFailure,
    latenciesMs: Float64Array.from(latencies).sort(),
  };
  return { load, cpu: windows.reduce((sum, { cpu }) => addCpu(sum, cpu), noCpu) };
}
