// TEMPORARY experiment (to be deleted)
import { readFileSync } from "node:fs";
import pg from "pg";
import { demoPlan } from "@helhedsplan/demo";
import { createDatabase, dropDatabase } from "./bench-database";
import { largeBudget, editedBudget } from "./bench-plans";
import { runClients, quantileMs } from "./load";
import { Kysely, PostgresDialect } from "kysely";
import { migrateToLatest } from "../src/db/migrate";
const serverUrl = process.env.BENCH_DATABASE_URL ?? "";
const name = `exp_${process.pid}`;
const databaseUrl = await createDatabase(serverUrl, name);
const kdb = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: databaseUrl, max: 2 }) }) });
await migrateToLatest(kdb as never); await kdb.destroy();
const pool = new pg.Pool({ connectionString: databaseUrl, max: 32 });
const setup = await pool.connect();
await setup.query(`INSERT INTO plans (id, status, version, name, housing_organisation, estates, vulnerable_area, cooperation, period_start, period_end, pool_id, created_at, updated_at, created_by) SELECT 'p' || n, 'draft', 0, 'x', 'fsb', '[]', true, true, 2014, 2017, null, now(), now(), 'x' FROM generate_series(0, 31) n`);
setup.release();
const budget = largeBudget(200); const edits = budget.expenses.map((_, n) => editedBudget(budget, n));
const { budget: _b, ...header } = demoPlan;
const conns = await Promise.all(Array.from({ length: 32 }, () => pool.connect()));
const versions = conns.map(() => 0);
const mode = process.env.MODE ?? "bare";
const write = async (c: number) => {
  const x = conns[c]!; const v = versions[c]! + 1; const now = new Date(); const id = `p${c}`;
  await x.query("BEGIN");
  if (mode === "full") {
    await x.query("SELECT * FROM plans WHERE id = $1 FOR UPDATE", [id]);
    if (v > 1) await x.query("SELECT * FROM plan_versions WHERE plan_id = $1 AND version = $2", [id, v - 1]);
  }
  await x.query(`INSERT INTO plan_versions (plan_id, version, header, budget, goals, findings, created_at, created_by) VALUES ($1,$2,$3,$4,'[]','[]',$5,'x')`, [id, v, JSON.stringify(header), JSON.stringify(edits[v % edits.length]), now]);
  await x.query(`UPDATE plans SET version = $2, updated_at = $3 WHERE id = $1`, [id, v, now]);
  await x.query("COMMIT");
  versions[c] = v;
};
const pgCpu = async () => { const c = new pg.Client({ connectionString: databaseUrl }); await c.connect(); const r = await c.query("select pid from pg_stat_activity"); await c.end(); let t = 0; for (const { pid } of r.rows) { try { const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" "); t += Number(f[11]) + Number(f[12]); } catch {} } return t / 100; };
await runClients(32, { durationMs: 1000 }, write);
const p0 = process.cpuUsage(); const g0 = await pgCpu();
const r = await runClients(32, { durationMs: 6000 }, write);
const p1 = process.cpuUsage(p0); const g1 = await pgCpu(); const n = r.completed;
console.log(mode, `${(n / r.elapsedSeconds).toFixed(0)} tx/s p50 ${quantileMs(r.latenciesMs, 0.5).toFixed(1)}`, `CPU ms/tx: client ${((p1.user + p1.system) / 1000 / n).toFixed(2)} postgres ${((g1 - g0) * 1000 / n).toFixed(2)}`, [...r.failures]);
for (const c of conns) c.release(); await pool.end(); await dropDatabase(serverUrl, name);
