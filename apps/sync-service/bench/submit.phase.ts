// A burst of concurrent submits drawing on one pool, against pgbench running the pool ledger's
// core on the same server: the conditional UPDATE of the pool row plus the ledger row, in one
// transaction.
import type { Client, Pool } from "@helhedsplan/api";
import pg from "pg";
import { poolMoneyOre } from "../src/plans/pool-money";
import { benchHeader, smallPlan } from "./bench-plans";
import { requireAllSucceeded, runEach, withCpu, type LoadResult } from "./load";
import { runPgbench, type PgbenchResult } from "./pgbench";

/** How the phase runs. */
export interface SubmitOptions {
  admin: Client;
  client: Client;
  /** The service process's CPU time so far, in seconds. */
  serviceCpuSeconds: () => Promise<number>;
  databaseUrl: string;
  clients: number;
  /** How many plans are prepared and submitted. */
  plans: number;
  pgbench: { binary: string; seconds: number };
}

/** What the phase measured; `pool` is the pool after the burst, to check the ledger. */
export interface SubmitResult {
  preparation: LoadResult;
  submits: LoadResult;
  /** CPU seconds the service process spent during the burst. */
  serviceCpuSeconds: number;
  pool: Pool;
  expectedReservedOre: number;
  /** The baseline, or why it could not run. */
  pgbench: PgbenchResult | Error;
}

const pgbenchPool = "pgbench-pool";
const pgbenchPlans = 100_000;

export async function benchSubmits(options: SubmitOptions): Promise<SubmitResult> {
  const { admin, client, clients } = options;
  const budget = smallPlan.budget;
  const perPlanOre = poolMoneyOre(budget);
  if (perPlanOre === undefined || perPlanOre === 0) throw new Error("The submit benchmark's plan draws nothing from its pool");
  // Just enough room for every plan: the burst must end with the pool exactly full.
  const pool = await admin.pools.create({
    name: `Benchmarkpulje ${process.pid}`,
    budgetYear: smallPlan.periodStart,
    amountOre: perPlanOre * options.plans,
  });

  const planIds: string[] = [];
  const preparation = await runEach(clients, options.plans, async (index) => {
    const plan = await client.plans.create(benchHeader(smallPlan, `Helhedsplan til indsendelse ${index + 1}`, pool.id));
    await client.plans.putBudget(plan.id, budget, { ifMatch: 0 });
    planIds.push(plan.id);
  });
  requireAllSucceeded("Preparing the plans to submit", preparation);

  const { result: submits, cpuSeconds } = await withCpu(options.serviceCpuSeconds, () =>
    runEach(clients, planIds.length, async (index) => {
      await client.plans.submit(planIds[index] ?? "");
    }),
  );
  const after = await admin.pools.get(pool.id);

  const pgbench = await preparePgbench(options.databaseUrl, perPlanOre)
    .then((script) => runPgbench({ ...options.pgbench, databaseUrl: options.databaseUrl, script, clients }))
    .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  return { preparation, submits, serviceCpuSeconds: cpuSeconds, pool: after, expectedReservedOre: perPlanOre * submits.completed, pgbench };
}

/**
 * A pool with room for every transaction and plans for its ledger rows (their foreign key),
 * then the script: the submit's reservation as ARCHITECTURE.md describes it, without the rest.
 */
async function preparePgbench(databaseUrl: string, amountOre: number): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO pools (id, name, budget_year, amount_ore) VALUES ($1, 'pgbench', 2014, $2)
       ON CONFLICT (id) DO NOTHING`,
      [pgbenchPool, Number.MAX_SAFE_INTEGER],
    );
    await client.query(
      `INSERT INTO plans (id, status, version, name, housing_organisation, estates, vulnerable_area, cooperation,
                          period_start, period_end, pool_id, created_at, updated_at, created_by)
       SELECT 'pgbench-plan-' || n, 'draft', 1, 'pgbench ' || n, 'fsb', '[]', true, true, 2014, 2017, $1, now(), now(), 'pgbench'
       FROM generate_series(1, $2::int) AS n
       ON CONFLICT (id) DO NOTHING`,
      [pgbenchPool, pgbenchPlans],
    );
    await client.query("VACUUM ANALYZE plans");
  } finally {
    await client.end();
  }
  return [
    `\\set plan random(1, ${pgbenchPlans})`,
    "BEGIN;",
    `UPDATE pools SET reserved_ore = reserved_ore + ${amountOre} WHERE id = '${pgbenchPool}' AND reserved_ore + committed_ore + ${amountOre} <= amount_ore;`,
    `INSERT INTO pool_ledger (plan_id, pool_id, reserved_ore, committed_ore) VALUES ('pgbench-plan-' || :plan, '${pgbenchPool}', ${amountOre}, 0)`,
    `  ON CONFLICT (plan_id, pool_id) DO UPDATE SET reserved_ore = pool_ledger.reserved_ore + EXCLUDED.reserved_ore;`,
    "END;",
    "",
  ].join("\n");
}
