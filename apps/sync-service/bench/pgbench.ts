// Runs pgbench with a custom script against the benchmark's database and reads back its
// throughput and, from its per-transaction log, the latency quantiles.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LoadResult } from "./load";

/** The figures of pgbench's closing summary. */
export interface PgbenchSummary {
  tps: number;
  transactions: number;
  failedTransactions: number;
}

/** The pgbench binary: `$PG_BIN/pgbench`, else Debian's wrapper, else whatever PATH finds. */
export function findPgbench(pgBin: string | undefined): string {
  const candidates = [pgBin === undefined || pgBin === "" ? undefined : join(pgBin, "pgbench"), "/usr/bin/pgbench"];
  return candidates.find((path) => path !== undefined && existsSync(path)) ?? "pgbench";
}

/**
 * Runs `script` with `clients` clients on 2 threads for `seconds` against `databaseUrl`; its
 * transactions are the result's requests, their latencies come from pgbench's log.
 */
export async function runPgbench(options: {
  binary: string;
  databaseUrl: string;
  script: string;
  clients: number;
  seconds: number;
}): Promise<LoadResult> {
  const dir = await mkdtemp(join(tmpdir(), "helhedsplan-pgbench-"));
  try {
    const scriptPath = join(dir, "script.sql");
    await writeFile(scriptPath, options.script);
    const args = ["-n", "-c", String(options.clients), "-j", "2", "-T", String(options.seconds), "-f", scriptPath];
    args.push("-l", `--log-prefix=${join(dir, "log")}`, options.databaseUrl);
    const summary = parsePgbenchSummary(await run(options.binary, args, dir));
    const failed = summary.failedTransactions;
    return {
      completed: summary.transactions,
      elapsedSeconds: summary.tps > 0 ? summary.transactions / summary.tps : 0,
      failures: new Map(failed > 0 ? [["failed transaction", failed]] : []),
      firstFailure: new Map(),
      latenciesMs: await readLatencies(dir),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads pgbench's closing summary; throws with the output when it has no tps line. */
export function parsePgbenchSummary(output: string): PgbenchSummary {
  const tps = /^tps = ([0-9.]+) \(without initial connection time\)/m.exec(output) ?? /^tps = ([0-9.]+)/m.exec(output);
  if (tps?.[1] === undefined) throw new Error(`pgbench printed no tps line:\n${output}`);
  const processed = /^number of transactions actually processed: ([0-9]+)/m.exec(output);
  const failed = /^number of failed transactions: ([0-9]+)/m.exec(output);
  return {
    tps: Number(tps[1]),
    transactions: Number(processed?.[1] ?? 0),
    failedTransactions: Number(failed?.[1] ?? 0),
  };
}

/** Latencies from pgbench's per-transaction logs (one file per thread; the third field is the latency in µs). */
async function readLatencies(dir: string): Promise<Float64Array> {
  const latencies: number[] = [];
  for (const file of (await readdir(dir)).filter((name) => name.startsWith("log."))) {
    for (const line of (await readFile(join(dir, file), "utf8")).split("\n")) {
      const micros = Number(line.split(" ")[2]);
      if (line !== "" && Number.isFinite(micros)) latencies.push(micros / 1000);
    }
  }
  return Float64Array.from(latencies).sort();
}

function run(binary: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`pgbench exited with ${code ?? "a signal"}:\n${output}`)),
    );
  });
}
