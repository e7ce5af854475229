// Budget PUTs of a 200-line budget by concurrent clients, each on its own plan with If-Match
// tracking its version, against a bare-SQL baseline that writes the same version row and
// version bump through node-postgres without HTTP, authentication or rules.
import type { Client, PlanDetail } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import type { Budget, Finding, PlanHeader } from "@helhedsplan/rules";
import pg from "pg";
import { largeBudget, benchHeader, editedBudget } from "./bench-plans";
import { requireAllSucceeded, runClients, runEach, withCpu, type LoadResult } from "./load";

/** How the phase runs. */
export interface BudgetPutOptions {
  client: Client;
  /** The service process's CPU time so far, in seconds. */
  serviceCpuSeconds: () => Promise<number>;
  databaseUrl: string;
  clients: number;
  lines: number;
  warmupMs: number;
  durationMs: number;
}

/** What the phase measured. */
export interface BudgetPutResult {
  service: LoadResult;
  /** CPU seconds the service process spent during the measured PUTs. */
  serviceCpuSeconds: number;
  bareSql: LoadResult;
}

/** What the service stores for a budget PUT, to be written again by the bare-SQL baseline. */
interface StoredVersion {
  header: PlanHeader;
  findings: Finding[];
  createdBy: string;
}

export async function benchBudgetPuts(options: BudgetPutOptions): Promise<BudgetPutResult> {
  const { client, clients } = options;
  const budget = largeBudget(options.lines);
  // Each request sends another edit of the budget, as a finance officer's successive saves do.
  const edits = budget.expenses.map((_, n) => editedBudget(budget, n));
  const editFor = (version: number) => edits[version % edits.length] ?? budget;

  const plans: PlanDetail[] = [];
  const creation = await runEach(clients, 2 * clients, async (i) => {
    plans[i] = await client.plans.create(benchHeader(demoPlan, `Helhedsplan for budgettest ${i + 1}`, demoPlan.poolId));
  });
  requireAllSucceeded("Creating the budget plans", creation);
  const servicePlans = plans.slice(0, clients);
  const sqlPlans = plans.slice(clients);

  const versions = servicePlans.map(() => 0);
  let findings: Finding[] | undefined;
  const put = async (c: number) => {
    const plan = servicePlans[c] as PlanDetail;
    const answer = await client.plans.putBudget(plan.id, editFor(versions[c] ?? 0), { ifMatch: versions[c] ?? 0 });
    versions[c] = answer.version;
    findings ??= answer.findings;
  };
  await runClients(clients, { durationMs: options.warmupMs }, put);
  const { result: service, cpuSeconds } = await withCpu(options.serviceCpuSeconds, () =>
    runClients(clients, { durationMs: options.durationMs }, put),
  );

  const first = servicePlans[0] as PlanDetail;
  const stored = await client.plans.version(first.id, 1);
  const mirror: StoredVersion = { header: stored.plan, findings: findings ?? [], createdBy: stored.createdBy };
  const bareSql = await bareSqlVersions({ ...options, planIds: sqlPlans.map((plan) => plan.id), mirror, editFor });
  return { service, serviceCpuSeconds: cpuSeconds, bareSql };
}

/** The baseline: `clients` connections, each writing versions of its own plan as fast as it can. */
async function bareSqlVersions(options: {
  databaseUrl: string;
  clients: number;
  warmupMs: number;
  durationMs: number;
  planIds: string[];
  mirror: StoredVersion;
  editFor: (version: number) => Budget;
}): Promise<LoadResult> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.clients });
  const connections = await Promise.all(options.planIds.map(() => pool.connect()));
  try {
    const versions = options.planIds.map(() => 0);
    const write = async (c: number) => {
      const connection = connections[c] as pg.PoolClient;
      const version = (versions[c] ?? 0) + 1;
      await writeVersion(connection, options.planIds[c] ?? "", version, options.editFor(version - 1), options.mirror);
      versions[c] = version;
    };
    await runClients(options.clients, { durationMs: options.warmupMs }, write);
    return await runClients(options.clients, { durationMs: options.durationMs }, write);
  } finally {
    for (const connection of connections) connection.release();
    await pool.end();
  }
}

/** The rows a budget PUT writes: the immutable version and the plan's header columns with the new version, in one transaction. */
async function writeVersion(connection: pg.PoolClient, planId: string, version: number, budget: Budget, mirror: StoredVersion): Promise<void> {
  const { header } = mirror;
  const now = new Date();
  await connection.query("BEGIN");
  try {
    await connection.query(
      `INSERT INTO plan_versions (plan_id, version, header, budget, goals, findings, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [planId, version, JSON.stringify(header), JSON.stringify(budget), "[]", JSON.stringify(mirror.findings), now, mirror.createdBy],
    );
    await connection.query(
      `UPDATE plans SET name = $2, housing_organisation = $3, estates = $4, district_id = $5, vulnerable_area = $6,
         cooperation = $7, period_start = $8, period_end = $9, pool_id = $10, version = $11, updated_at = $12
       WHERE id = $1`,
      [
        planId, header.name, header.housingOrganisation, JSON.stringify(header.estates), header.districtId, header.vulnerableArea,
        header.cooperation, header.periodStart, header.periodEnd, header.poolId, version, now,
      ],
    );
    await connection.query("COMMIT");
  } catch (error) {
    await connection.query("ROLLBACK");
    throw error;
  }
}
