// A burst of concurrent submits drawing on one pool, against pgbench running the pool ledger's
// core on the same server: the conditional UPDATE of the pool row plus the ledger row, in one
// transaction.
import type { Client, Pool } from "@helhedsplan/api";
import { poolDrawOre } from "@helhedsplan/rules";
import pg from "pg";
import { benchHeader, smallPlan } from "./bench-plans";
import type { BackendSampler } from "./backend-sampler";
import type { CpuMeter } from "./cpu-meter";
import { measure, mergeMeasured, requireAllSucceeded, runEach, type LoadResult, type Measured } from "./load";
import { runPgbench } from "./pgbench";

/** How the phase runs: `rounds` alternating bursts and pgbench runs. */
export interface SubmitOptions {
  admin: Client;
  client: Client;
  meter: CpuMeter;
  /** Samples the database connections during the bursts. */
  sampler: BackendSampler;
  databaseUrl: string;
  clients: number;
  /** How many plans are prepared and submitted, in `rounds` equal bursts. */
  plans: number;
  rounds: number;
  pgbench: { binary: string; secondsPerRound: number };
}

/** What the phase measured; `pool` is the pool after the bursts, to check the ledger. */
export interface SubmitResult {
  preparation: LoadResult;
  submits: Measured;
  pool: Pool;
  expectedReservedOre: number;
  /** The baseline, or why it could not run. */
  pgbench: Measured | Error;
}

const pgbenchPool = "pgbench-pool";
const pgbenchPlans = 100_000;

/** Prepares `plans` drafts with a budget on one pool with just enough room for all, then submits them in bursts between pgbench runs. */
export async function benchSubmits(options: SubmitOptions): Promise<SubmitResult> {
  const { admin, client, clients } = options;
  const budget = smallPlan.budget;
  const perPlanOre = Number(poolDrawOre(smallPlan));
  if (perPlanOre === 0) throw new Error("The submit benchmark's plan draws nothing from its pool");
  // Just enough room for every plan: the bursts must end with the pool exactly full.
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

  const script = await preparePgbench(options.databaseUrl, perPlanOre).catch((error: unknown) => asError(error));
  const burstSize = Math.ceil(planIds.length / options.rounds);
  const bursts: Measured[] = [];
  const baselines: Measured[] = [];
  let baselineError: Error | undefined = script instanceof Error ? script : undefined;
  for (let round = 0; round < options.rounds; round++) {
    const burst = planIds.slice(round * burstSize, (round + 1) * burstSize);
    const window = () => runEach(clients, burst.length, (i) => submit(client, burst[i]));
    bursts.push(await options.sampler.during(() => measure(options.meter, window)));
    if (baselineError !== undefined || script instanceof Error) continue;
    const run = {
      binary: options.pgbench.binary,
      seconds: options.pgbench.secondsPerRound,
      databaseUrl: options.databaseUrl,
      script,
      clients,
    };
    const baseline = await measure(options.meter, () => runPgbench(run)).catch((error: unknown) => asError(error));
    if (baseline instanceof Error) baselineError = baseline;
    else baselines.push(baseline);
  }
  const submits = mergeMeasured(bursts);
  return {
    preparation,
    submits,
    pool: await admin.pools.get(pool.id),
    expectedReservedOre: perPlanOre * submits.load.completed,
    pgbench: baselineError ?? mergeMeasured(baselines),
  };
}

async function submit(client: Client, planId: string | undefined): Promise<void> {
  if (planId !== undefined) await client.plans.submit(planId);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
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
