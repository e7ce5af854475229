// The sync service on PostgreSQL against bare SQL on the same server, in the same run (issues 5 and 12): 32 clients
// doing budget PUTs of 200 lines (goal ≥ 25 % of the bare-SQL rate), and bursts of submits on one pool (goal ≥ 25 %
// of pgbench's conditional UPDATE + ledger INSERT); the PUT's latency at 4 clients (p99 ≤ 50 ms); the service's CPU
// per PUT against its floor (a zod parse + validatePlan of the same bodies here, ≤ 4×); and both service figures
// again with three instances on the same database behind round-robin clients (submits ≥ 1.5× one instance's where
// the cores allow it — how busy the cores were is measured alongside). Service and baseline alternate in rounds so
// both meet the same background load. A benchmark, not a test: it reports, and exits 0 whatever the figures.
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg } from "node:os";
import { createClient } from "@helhedsplan/api";
import { BackendSampler } from "./backend-sampler";
import { createDatabase, dropDatabase } from "../test/support/postgres-admin";
import { benchBudgetPuts } from "./budget-put.phase";
import { cpuMeter } from "./cpu-meter";
import { findPgbench } from "./pgbench";
import { keepAliveFetch, roundRobinFetch } from "./http-transport";
import { measureFloor } from "./floor";
import { quantileMs, type Measured } from "./load";
import { benchHeader, editedBudget, largeBudget } from "./bench-plans";
import { demoPlan } from "@helhedsplan/demo";
import { backendText, comparisonLine, count, cpuText, failureLines, type Comparison } from "./report";
import { serviceEnv, startService, type ServiceHandle } from "./service-handle";
import { benchSubmits } from "./submit.phase";

const clients = 32;
/** The "few users" latency figure: 4 clients, where the queue does not dominate. */
const fewClients = 4;
const instances = 3;
const floorIterations = 200;
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
const progress = (text: string) => console.log(`… ${text}`);
/** The further instances of the three-instance phases, stopped with the first. */
const extraServices: ServiceHandle[] = [];
const samplers = {
  puts: await BackendSampler.open(databaseUrl),
  submits: await BackendSampler.open(databaseUrl),
  fewPuts: await BackendSampler.open(databaseUrl),
  putsAll: await BackendSampler.open(databaseUrl),
  submitsAll: await BackendSampler.open(databaseUrl),
};
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

  const pgbench = { binary: findPgbench(process.env.PG_BIN), secondsPerRound: pgbenchSecondsPerRound };
  const putOptions = { meter, databaseUrl, lines: budgetLines, warmupMs, windowMs };

  progress(`budget PUTs, ${clients} clients, one instance`);
  const puts = await benchBudgetPuts({ ...putOptions, client: finance, sampler: samplers.puts, clients, rounds });
  progress(`submit bursts, ${clients} clients, one instance`);
  const submits = await benchSubmits({
    admin,
    client: finance,
    meter,
    sampler: samplers.submits,
    databaseUrl,
    clients,
    plans: submitPlans,
    rounds,
    pgbench,
  });
  progress(`budget PUTs, ${fewClients} clients, one instance`);
  const fewPuts = await benchBudgetPuts({
    ...putOptions,
    client: finance,
    sampler: samplers.fewPuts,
    clients: fewClients,
    rounds: 2,
  });
  progress(`the floor: a zod parse + validatePlan of the same bodies, ${floorIterations} times`);
  const floorBudget = largeBudget(budgetLines);
  const floor = measureFloor(
    benchHeader(demoPlan, "Helhedsplan for budgettest", demoPlan.poolId),
    floorBudget.expenses.slice(0, 20).map((_, n) => editedBudget(floorBudget, n)),
    floorIterations,
  );

  progress(`${instances} instances on the same database, round-robin clients`);
  // One after the other, each with an admin token of its own: the tokens live in the database every instance shares,
  // and the migrations are already run.
  const more: ServiceHandle[] = [];
  for (let n = 1; n < instances; n++) {
    more.push(await startService({ databaseUrl, adminToken: randomBytes(32).toString("base64url"), poolSize }));
  }
  extraServices.push(...more);
  const all = [service, ...more];
  const spread = roundRobinFetch(
    all.map((one) => one.baseUrl),
    transport,
  );
  const meterAll = await cpuMeter(
    async () => (await Promise.all(all.map((one) => one.cpuSeconds()))).reduce((sum, seconds) => sum + seconds, 0),
    databaseUrl,
  );
  const adminAll = createClient({ baseUrl: service.baseUrl, token: adminToken, fetch: spread });
  const financeAll = createClient({ baseUrl: service.baseUrl, token, fetch: spread });
  progress(`budget PUTs, ${clients} clients, ${instances} instances`);
  const putsAll = await benchBudgetPuts({
    ...putOptions,
    meter: meterAll,
    client: financeAll,
    sampler: samplers.putsAll,
    clients,
    rounds: 2,
  });
  progress(`submit bursts, ${clients} clients, ${instances} instances`);
  const submitsAll = await benchSubmits({
    admin: adminAll,
    client: financeAll,
    meter: meterAll,
    sampler: samplers.submitsAll,
    databaseUrl,
    clients,
    plans: submitPlans,
    rounds,
    pgbench,
  });

  const comparisons: Comparison[] = [
    {
      title: `budget PUT (${budgetLines} lines, ${clients} clients)`,
      service: puts.service,
      baselineName: "bare SQL",
      baseline: puts.bareSql,
      goalPercent: 25,
    },
    {
      title: `submit burst (${count(submits.submits.load.completed)} plans on one pool, ${clients} clients)`,
      service: submits.submits,
      baselineName: "pgbench",
      baseline: submits.pgbench,
      goalPercent: 25,
    },
    {
      title: `budget PUT (${budgetLines} lines, ${clients} clients, ${instances} instances)`,
      service: putsAll.service,
      baselineName: "bare SQL",
      baseline: putsAll.bareSql,
      goalPercent: 25,
    },
    {
      title: `submit burst (${count(submitsAll.submits.load.completed)} plans on one pool, ${clients} clients, ${instances} instances)`,
      service: submitsAll.submits,
      baselineName: "pgbench",
      baseline: submitsAll.pgbench,
      goalPercent: 25,
    },
  ];
  /** What each comparison's connections did, in the order of `comparisons`. */
  const comparisonSamplers = [samplers.puts, samplers.submits, samplers.putsAll, samplers.submitsAll];
  const rate = (m: Measured) => (m.load.elapsedSeconds > 0 ? m.load.completed / m.load.elapsedSeconds : Number.NaN);
  const cores = availableParallelism();
  /** How busy the machine's cores were in a window: every party's CPU over the cores' time. */
  const busyPercent = (m: Measured) =>
    (100 * (m.cpu.service + (m.cpu.postgres ?? 0) + m.cpu.bench)) / (m.load.elapsedSeconds * cores);
  const cpuPerPutMs = (1000 * puts.service.cpu.service) / Math.max(1, puts.service.load.completed);
  const fewLatencies = fewPuts.service.load.latenciesMs;
  const scaleOut = rate(submitsAll.submits) / rate(submits.submits);
  const busyText = (m: Measured) => {
    const coreSeconds = m.load.elapsedSeconds * cores;
    const machine =
      m.cpu.machine === undefined ? "" : `machine ${((100 * m.cpu.machine) / coreSeconds).toFixed(0)} % busy, of it `;
    return `${machine}this run's ${busyPercent(m).toFixed(0)} % (service ${m.cpu.service.toFixed(1)} s, PostgreSQL ${
      m.cpu.postgres === undefined ? "?" : m.cpu.postgres.toFixed(1)
    } s, load generator ${m.cpu.bench.toFixed(1)} s of ${coreSeconds.toFixed(1)} core-seconds)`;
  };
  const serviceParties = { service: "service", postgres: "PostgreSQL", bench: "load generator" };
  const consistent = (result: typeof submits) =>
    `reserved ${count(result.pool.reservedOre)} øre (expected ${count(result.expectedReservedOre)}), available ${count(result.pool.availableOre)} øre` +
    (result.pool.reservedOre === result.expectedReservedOre ? " — consistent." : " — INCONSISTENT.");
  const lines = [
    "",
    ...comparisons.map(comparisonLine),
    `budget PUT (${budgetLines} lines, ${fewClients} clients): p50 ${quantileMs(fewLatencies, 0.5).toFixed(1)} ms, p99 ${quantileMs(fewLatencies, 0.99).toFixed(1)} ms (goal p99 ≤ 50 ms)`,
    `service CPU per budget PUT: ${cpuPerPutMs.toFixed(2)} ms; floor (zod parse + validatePlan of the same bodies here): ${floor.msPerPut.toFixed(2)} ms → ${(cpuPerPutMs / floor.msPerPut).toFixed(2)}× (goal ≤ 4×)`,
    `submits, ${instances} instances over one: ${scaleOut.toFixed(2)}× (goal ≥ 1.5× where the cores allow it); one instance: ${busyText(submits.submits)}; ${instances} instances: ${busyText(submitsAll.submits)}`,
    "",
    "CPU per request or transaction:",
    `  budget PUT: ${cpuText(puts.service, serviceParties)}`,
    `  bare SQL:   ${cpuText(puts.bareSql, { postgres: "PostgreSQL", bench: "node-postgres client" })}`,
    `  submit:     ${cpuText(submits.submits, serviceParties)}`,
    ...(submits.pgbench instanceof Error
      ? []
      : [`  pgbench:    ${cpuText(submits.pgbench, { postgres: "PostgreSQL" })}`]),
    `  budget PUT, ${instances} instances: ${cpuText(putsAll.service, serviceParties)}`,
    `  submit, ${instances} instances:     ${cpuText(submitsAll.submits, serviceParties)}`,
    "The service's database connections on average:",
    `  budget PUT: ${backendText(samplers.puts.averages())}`,
    `  submit:     ${backendText(samplers.submits.averages())}`,
    `  budget PUT, ${instances} instances: ${backendText(samplers.putsAll.averages())}`,
    `  submit, ${instances} instances:     ${backendText(samplers.submitsAll.averages())}`,
    "",
    `Rounds: ${rounds} × (service, baseline); budget PUTs ${count(puts.service.load.completed)}, bare-SQL versions ${count(puts.bareSql.load.completed)}; ` +
      `${count(submits.preparation.completed)} plans prepared (create + budget) in ${submits.preparation.elapsedSeconds.toFixed(1)} s.`,
    `Pool after the bursts: ${consistent(submits)}`,
    `Pool after the bursts on ${instances} instances: ${consistent(submitsAll)}`,
    ...failureLines("budget PUT", puts.service.load),
    ...failureLines("bare SQL", puts.bareSql.load),
    ...failureLines(`budget PUT, ${fewClients} clients`, fewPuts.service.load),
    ...failureLines("submit", submits.submits.load),
    ...failureLines(`budget PUT, ${instances} instances`, putsAll.service.load),
    ...failureLines(`submit, ${instances} instances`, submitsAll.submits.load),
    ...(submits.pgbench instanceof Error
      ? [`  pgbench did not run: ${submits.pgbench.message}`]
      : failureLines("pgbench", submits.pgbench.load)),
  ];
  console.log(lines.join("\n"));
  // One machine-readable line for the table `npm run bench` writes to docs/benchmarks.md (scripts/bench-table.mjs); goals as in issue 12.
  console.log(
    `BENCH_RESULT ${JSON.stringify([
      ...comparisons.flatMap((c, index) => {
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
            goal: { on: "ratio", op: ">=", target: c.goalPercent },
            // Where the time went, so a goal out of reach shows its reason beside it.
            note:
              `CPU per request: ${cpuText(c.service, serviceParties)}; the service's database connections: ` +
              backendText(
                comparisonSamplers[index]?.averages() ?? {
                  samples: 0,
                  running: 0,
                  waitingForLock: 0,
                  idleInTransaction: 0,
                },
              ) +
              `; machine ${c.service.cpu.machine === undefined ? "?" : ((100 * c.service.cpu.machine) / (c.service.load.elapsedSeconds * cores)).toFixed(0)} % busy.`,
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
      {
        figure: `budget PUT (${budgetLines} lines, ${fewClients} clients): p99`,
        unit: "ms",
        value: quantileMs(fewLatencies, 0.99),
        baseline: null,
        ratio: null,
        goal: { on: "value", op: "<=", target: 50 },
        note: `p50 ${quantileMs(fewLatencies, 0.5).toFixed(1)} ms; ${count(fewPuts.service.load.completed)} PUTs by ${fewClients} clients.`,
      },
      {
        figure: `service CPU per budget PUT (${budgetLines} lines, ${clients} clients)`,
        unit: "ms",
        value: cpuPerPutMs,
        baseline: { name: "zod parse + validatePlan", value: floor.msPerPut },
        ratio: cpuPerPutMs / floor.msPerPut,
        goal: { on: "ratio", op: "<=", target: 4 },
      },
      {
        figure: `submit throughput, ${instances} instances over one`,
        unit: "×",
        value: scaleOut,
        baseline: null,
        ratio: null,
        goal: { on: "value", op: ">=", target: 1.5 },
        note:
          `${cores} cores. One instance: ${busyText(submits.submits)}; connections ${backendText(samplers.submits.averages())}. ` +
          `${instances} instances: ${busyText(submitsAll.submits)}; connections ${backendText(samplers.submitsAll.averages())}. ` +
          "More instances add throughput only while a core is idle and the work is not serialised: every submit of one pool updates the same pool row, so they queue on its lock whatever the number of instances.",
      },
    ])}`,
  );
} finally {
  await Promise.all(Object.values(samplers).map((sampler) => sampler.close()));
  await Promise.all(extraServices.map((one) => one.stop()));
  await service.stop();
  await dropDatabase(serverUrl, databaseName);
}
