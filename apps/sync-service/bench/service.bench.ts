// The sync service on PostgreSQL against bare SQL on the same server, in the same run (issue 5,
// *Performance*): 32 clients doing budget PUTs of 200 lines (goal ≥ 20 % of the bare-SQL rate),
// and a burst of submits on one pool (goal ≥ 25 % of pgbench's conditional UPDATE + ledger
// INSERT). A benchmark, not a test: it reports and always exits 0 unless it cannot run at all.
import { randomBytes } from "node:crypto";
import { createClient } from "@helhedsplan/api";
import { createDatabase, dropDatabase } from "./bench-database";
import { benchBudgetPuts } from "./budget-put.phase";
import { findPgbench } from "./pgbench";
import { comparisonLine, count, cpuLine, failureLines, loadFigures } from "./report";
import { serviceEnv, startService } from "./service-handle";
import { benchSubmits } from "./submit.phase";

const clients = 32;
const budgetLines = 200;
const warmupMs = 2_000;
const durationMs = 10_000;
const submitPlans = 1_600;
const pgbenchSeconds = 10;

const serverUrl = process.env.BENCH_DATABASE_URL;
if (serverUrl === undefined || serverUrl === "") {
  console.log("The sync service benchmark needs PostgreSQL: run it through `npm run bench`, which starts one. Skipped.");
  process.exit(0);
}

const databaseName = `helhedsplan_bench_${process.pid}`;
const databaseUrl = await createDatabase(serverUrl, databaseName);
const adminToken = randomBytes(32).toString("base64url");
const poolSize = process.env[serviceEnv.poolSize];
const service = await startService({ databaseUrl, adminToken, poolSize });
try {
  const admin = createClient({ baseUrl: service.baseUrl, token: adminToken });
  const { token } = await admin.tokens.create({ role: "finance" });
  const finance = createClient({ baseUrl: service.baseUrl, token });
  console.log(
    `Sync service benchmark on ${new URL(serverUrl).host} (database ${databaseName}), ${clients} clients, ` +
      `service connection pool: ${poolSize ?? "the service's default"}`,
  );

  const serviceCpuSeconds = () => service.cpuSeconds();
  const puts = await benchBudgetPuts({ client: finance, serviceCpuSeconds, databaseUrl, clients, lines: budgetLines, warmupMs, durationMs });
  const submits = await benchSubmits({
    admin,
    client: finance,
    serviceCpuSeconds,
    databaseUrl,
    clients,
    plans: submitPlans,
    pgbench: { binary: findPgbench(process.env.PG_BIN), seconds: pgbenchSeconds },
  });

  const pgbench = submits.pgbench instanceof Error ? undefined : submits.pgbench;
  const lines = [
    comparisonLine({
      title: `budget PUT (${budgetLines} lines, ${clients} clients)`,
      service: loadFigures(puts.service, "req/s"),
      baseline: loadFigures(puts.bareSql, "tx/s"),
      baselineName: "bare SQL",
      goalPercent: 20,
    }),
    comparisonLine({
      title: `submit burst (${count(submits.submits.completed)} plans, one pool, ${clients} clients)`,
      service: loadFigures(submits.submits, "req/s"),
      baseline: pgbench && { perSecond: pgbench.tps, unit: "tx/s", count: pgbench.transactions, latenciesMs: pgbench.latenciesMs },
      baselineName: "pgbench",
      goalPercent: 25,
    }),
  ];
  const { pool, expectedReservedOre } = submits;
  const notes = [
    cpuLine("budget PUT", puts.service, puts.serviceCpuSeconds),
    cpuLine("submit", submits.submits, submits.serviceCpuSeconds),
    ...failureLines("budget PUT", puts.service),
    ...failureLines("bare SQL", puts.bareSql),
    ...failureLines("plan preparation", submits.preparation),
    ...failureLines("submit", submits.submits),
    ...(submits.pgbench instanceof Error ? [`  pgbench did not run: ${submits.pgbench.message}`] : []),
    ...(pgbench !== undefined && pgbench.failedTransactions > 0 ? [`  pgbench: ${count(pgbench.failedTransactions)} failed transactions`] : []),
    `  pool after the burst: reserved ${count(pool.reservedOre)} øre (expected ${count(expectedReservedOre)}), available ${count(pool.availableOre)} øre` +
      (pool.reservedOre === expectedReservedOre ? " — consistent" : " — INCONSISTENT"),
    `  budget PUTs: ${count(puts.service.completed)} in ${puts.service.elapsedSeconds.toFixed(1)} s; bare SQL: ${count(puts.bareSql.completed)} in ${puts.bareSql.elapsedSeconds.toFixed(1)} s; ` +
      `${count(submits.preparation.completed)} plans prepared (create + budget) in ${submits.preparation.elapsedSeconds.toFixed(1)} s`,
  ];
  console.log(["", ...lines, "", ...notes].join("\n"));
} finally {
  await service.stop();
  await dropDatabase(serverUrl, databaseName);
}
