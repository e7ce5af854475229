// TEMPORARY experiment (to be deleted): only the service's budget PUTs.
import { randomBytes } from "node:crypto";
import { createClient } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { createDatabase, dropDatabase } from "./bench-database";
import { benchHeader, editedBudget, largeBudget } from "./bench-plans";
import { runClients, runEach, quantileMs } from "./load";
import { startService } from "./service-handle";

const serverUrl = process.env.BENCH_DATABASE_URL ?? "";
const clients = Number(process.env.CLIENTS ?? 32);
const name = `exp_${process.pid}`;
const databaseUrl = await createDatabase(serverUrl, name);
const adminToken = randomBytes(32).toString("base64url");
const service = await startService({ databaseUrl, adminToken, poolSize: process.env.BENCH_SERVICE_POOL_SIZE });
try {
  const admin = createClient({ baseUrl: service.baseUrl, token: adminToken });
  const { token } = await admin.tokens.create({ role: "finance" });
  const client = createClient({ baseUrl: service.baseUrl, token });
  const budget = largeBudget(200);
  const edits = budget.expenses.map((_, n) => editedBudget(budget, n));
  const ids: string[] = [];
  await runEach(clients, clients, async (i) => { ids[i] = (await client.plans.create(benchHeader(demoPlan, `x ${i}`, demoPlan.poolId))).id; });
  const versions = ids.map(() => 0);
  const put = async (c: number) => {
    const a = await client.plans.putBudget(ids[c]!, edits[versions[c]! % edits.length]!, { ifMatch: versions[c]! });
    versions[c] = a.version;
  };
  await runClients(clients, { durationMs: 2000 }, put);
  const pgCpu = async () => { const { readFileSync } = await import("node:fs"); const pg = (await import("pg")).default; const c = new pg.Client({ connectionString: databaseUrl }); await c.connect(); const r = await c.query("select pid from pg_stat_activity"); await c.end(); let t = 0; for (const { pid } of r.rows) { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); t += Number(f[11]) + Number(f[12]); } catch {} } return t / 100; };
  const s0 = await service.cpuSeconds(); const p0 = process.cpuUsage(); const g0 = await pgCpu();
  const r = await runClients(clients, { durationMs: Number(process.env.MS ?? 8000) }, put);
  const s1 = await service.cpuSeconds(); const p1 = process.cpuUsage(p0); const g1 = await pgCpu();
  const n = r.completed;
  console.log(`CPU ms/req: service ${((s1 - s0) * 1000 / n).toFixed(2)} client ${((p1.user + p1.system) / 1000 / n).toFixed(2)} postgres ${((g1 - g0) * 1000 / n).toFixed(2)}`);
  console.log(`${(r.completed / r.elapsedSeconds).toFixed(0)} req/s p50 ${quantileMs(r.latenciesMs, 0.5).toFixed(1)} p99 ${quantileMs(r.latenciesMs, 0.99).toFixed(1)}`, [...r.failures]);
} finally {
  await service.stop();
  await dropDatabase(serverUrl, name);
}
