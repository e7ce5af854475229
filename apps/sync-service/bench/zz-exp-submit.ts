// TEMPORARY experiment (to be deleted)
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { createClient } from "@helhedsplan/api";
import { poolMoneyOre } from "../src/plans/pool-money";
import { createDatabase, dropDatabase } from "./bench-database";
import { benchHeader, smallPlan } from "./bench-plans";
import { runEach, quantileMs } from "./load";
import { startService } from "./service-handle";
const serverUrl = process.env.BENCH_DATABASE_URL ?? "";
const name = `exp_${process.pid}`;
const databaseUrl = await createDatabase(serverUrl, name);
const adminToken = randomBytes(32).toString("base64url");
const service = await startService({ databaseUrl, adminToken, poolSize: process.env.BENCH_SERVICE_POOL_SIZE });
const N = Number(process.env.N ?? 1600);
try {
  const admin = createClient({ baseUrl: service.baseUrl, token: adminToken });
  const { token } = await admin.tokens.create({ role: "finance" });
  const client = createClient({ baseUrl: service.baseUrl, token });
  const per = poolMoneyOre(smallPlan.budget)!;
  const pool = await admin.pools.create({ name: "x", budgetYear: 2014, amountOre: per * N });
  const ids: string[] = [];
  await runEach(32, N, async (i) => { const p = await client.plans.create(benchHeader(smallPlan, `x ${i}`, pool.id)); await client.plans.putBudget(p.id, smallPlan.budget, { ifMatch: 0 }); ids.push(p.id); });
  const mon = new pg.Client({ connectionString: databaseUrl }); await mon.connect();
  const samples = new Map<string, number>(); let nsamples = 0; let stop = false;
  const pgCpu = async () => { const r = await mon.query("select pid from pg_stat_activity"); let t = 0; for (const { pid } of r.rows) { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); t += Number(f[11]) + Number(f[12]); } catch {} } return t / 100; };
  const sampler = (async () => { while (!stop) { const r = await mon.query("select state, wait_event_type, wait_event from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'"); nsamples++; for (const row of r.rows) { const k = `${row.state}/${row.wait_event_type ?? "-"}/${row.wait_event ?? "-"}`; samples.set(k, (samples.get(k) ?? 0) + 1); } await new Promise((res) => setTimeout(res, 20)); } })();
  const s0 = await service.cpuSeconds(); const p0 = process.cpuUsage(); const g0 = await pgCpu();
  const r = await runEach(32, ids.length, async (i) => { await client.plans.submit(ids[i]!); });
  const s1 = await service.cpuSeconds(); const p1 = process.cpuUsage(p0); const g1 = await pgCpu();
  stop = true; await sampler; await mon.end();
  const n = r.completed;
  console.log(`${(n / r.elapsedSeconds).toFixed(0)} req/s p50 ${quantileMs(r.latenciesMs, 0.5).toFixed(1)} p99 ${quantileMs(r.latenciesMs, 0.99).toFixed(1)}`, [...r.failures]);
  console.log(`CPU ms/req: service ${((s1 - s0) * 1000 / n).toFixed(2)} client ${((p1.user + p1.system) / 1000 / n).toFixed(2)} postgres ${((g1 - g0) * 1000 / n).toFixed(2)} (pg cpu is approx: pids sampled after)`);
  console.log("avg backends per state:", [...samples].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}=${(v / nsamples).toFixed(1)}`).join("  "));
} finally { await service.stop(); await dropDatabase(serverUrl, name); }
