// The sync service on PostgreSQL against bare SQL on the same server, in the same run (issue 5,
// *Performance*): 32 clients doing budget PUTs of 200 lines (goal ≥ 20 % of the bare-SQL rate),
// and bursts of submits on one pool (goal ≥ 25 % of pgbench's conditional UPDATE + ledger
// INSERT). Service and baseline alternate in rounds so both meet the same background load.
// A benchmark, not a test: it reports, and exits 0 whatever the figures.
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { createClient } from "@helhedsplan/api";
import { BackendSampler } from "./backend-sampler";
import { createDatabase, dropDatabase } from "../test/support/postgres-admin";
import { benchBudgetPuts } from "./budget-put.phase";
import { cpuMeter } from "./cpu-meter";
import { findPgbench } from "./pgbench";
import { keepAliveFetch } from "./http-transport";
import { quantileMs } from "./load";
import { backendText, comparisonLine, count, cpuText, failureLines, type Comparison } from "./report";
import { serviceEnv, startService } from "./service-handle";
import { benchSubmits } from "./submit.phase";

const clients = 32;
const budgetLines = 200;
const rounds = 3;
const warmupMs = 2_000;
const windowMs = 3_000;
const submitPlans = 1_800;
const pgbenchSecondsPerRound = 3;

const serverUrl = process.env.BENCH_DATABASE_URL;
if (serverUrl === undefined || serverUrl === "") {
  console.log(
    "The sync service benchmark needs PostgreSQL: run it through `npm run bench`, which starts one. Skipped.",
  );
  process.exit(0);
}

const databaseName = `helhedsplan_bench_${process.pid}`;
const databaseUrl = await createDatabase(serverUrl, databaseName, { replace: true });
const adminToken = randomBytes(32).toString("base64url");
const poolSize = process.env[serviceEnv.poolSize];
const service = await startService({ databaseUrl, adminToken, poolSize });
const samplers = { puts: await BackendSampler.open(databaseUrl), submits: await BackendSampler.open(databaseUrl) };
try {
  const transport = keepAliveFetch();
  const admin = createClient({ baseUrl: service.baseUrl, token: adminToken, fetch: transport });
  const { token } = await admin.tokens.create({ role: "finance" });
  const finance = createClient({ baseUrl: service.baseUrl, token, fetch: transport });
  const meter = await cpuMeter(() => service.cpuSeconds(), databaseUrl);
  const [load1] = loadavg();
  console.log(
    `Sync service benchmark: PostgreSQL at ${new URL(serverUrl).host}, ${clients} clients, service connection pool ` +
      `${poolSize ?? "as the service sets it"}; ${availableParallelism()} cores, load average ${(load1 ?? 0).toFixed(1)} before the start.`,
  );

  const puts = await benchBudgetPuts({
    client: finance,
    meter,
    sampler: samplers.puts,
    databaseUrl,
    clients,
    lines: budgetLines,
    warmupMs,
    rounds,
    windowMs,
  });
  const submits = await benchSubmits({
    admin,
    client: finance,
    meter,
    sampler: samplers.submits,
    databaseUrl,
    clients,
    plans: submitPlans,
    rounds,
    pgbench: { binary: findPgbench(process.env.PG_BIN), secondsPerRound: pgbenchSecondsPerRound },
  });

  const comparisons: Comparison[] = [
    {
      title: `budget PUT (${budgetLines} lines, ${clients} clients)`,
      service: puts.service,
      baselineName: "bare SQL",
      baseline: puts.bareSql,
      goalPercent: 20,
    },
    {
      title: `submit burst (${count(submits.submits.load.completed)} plans on one pool, ${clients} clients)`,
      service: submits.submits,
      baselineName: "pgbench",
      baseline: submits.pgbench,
      goalPercent: 25,
    },
  ];
  const serviceParties = { service: "service", postgres: "PostgreSQL", bench: "load generator" };
  const { pool, expectedReservedOre } = submits;
  const lines = [
    "",
    ...comparisons.map(comparisonLine),
    "",
    "CPU per request or transaction:",
    `  budget PUT: ${cpuText(puts.service, serviceParties)}`,
    `  bare SQL:   ${cpuText(puts.bareSql, { postgres: "PostgreSQL", bench: "node-postgres client" })}`,
    `  submit:     ${cpuText(submits.submits, serviceParties)}`,
    ...(submits.pgbench instanceof Error
      ? []
      : [`  pgbench:    ${cpuText(submits.pgbench, { postgres: "PostgreSQL" })}`]),
    "The service's database connections on average:",
    `  budget PUT: ${backendText(samplers.puts.averages())}`,
    `  submit:     ${backendText(samplers.submits.averages())}`,
    "",
    `Rounds: ${rounds} × (service, baseline); budget PUTs ${count(puts.service.load.completed)}, bare-SQL versions ${count(puts.bareSql.load.completed)}; ` +
      `${count(submits.preparation.completed)} plans prepared (create + budget) in ${submits.preparation.elapsedSeconds.toFixed(1)} s.`,
    `Pool after the bursts: reserved ${count(pool.reservedOre)} øre (expected ${count(expectedReservedOre)}), available ${count(pool.availableOre)} øre` +
      (pool.reservedOre === expectedReservedOre ? " — consistent." : " — INCONSISTENT."),
    ...failureLines("budget PUT", puts.service.load),
    ...failureLines("bare SQL", puts.bareSql.load),
    ...failureLines("submit", submits.submits.load),
    ...(submits.pgbench instanceof Error
      ? [`  pgbench did not run: ${submits.pgbench.message}`]
      : failureLines("pgbench", submits.pgbench.load)),
  ];
  console.log(lines.join("\n"));
  // One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs); goals as in issue 12.
  console.log(
    `BENCH_RESULT ${JSON.stringify(
      comparisons.flatMap((c) => {
        const rate = (m: { load: { completed: number; elapsedSeconds: number } }) =>
          m.load.elapsedSeconds > 0 ? m.load.completed / m.load.elapsedSeconds : Number.NaN;
        const base = c.baseline instanceof Error ? null : rate(c.baseline);
        const lat = c.service.load.latenciesMs;
        return [
          {
            figure: `${c.title}: throughput`,
            unit: "req/s",
            value: rate(c.service),
            baseline: base === null ? null : { name: `${c.baselineName} (tx/s)`, value: base },
            ratio: base === null ? null : (100 * rate(c.service)) / base,
            ratioUnit: "%",
            goal: { on: "ratio", op: ">=", target: 25 },
          },
          {
            figure: `${c.title}: p50 / p99`,
            unit: "ms",
            value: lat.length > 0 ? quantileMs(lat, 0.5) : Number.NaN,
            value2: lat.length > 0 ? quantileMs(lat, 0.99) : Number.NaN,
            baseline: null,
            ratio: null,
            goal: null,
          },
        ];
      }),
    )}`,
  );
} finally {
  await Promise.all([samplers.puts.close(), samplers.submits.close()]);
  await service.stop();
  await dropDatabase(serverUrl, databaseName);
}
