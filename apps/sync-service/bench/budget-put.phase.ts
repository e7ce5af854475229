// Budget PUTs of a 200-line budget by concurrent clients, each on its own plan with If-Match
// tracking its version, against a bare-SQL baseline that writes the same version row and
// version bump through node-postgres without HTTP, authentication or rules.
import type { Client, PlanDetail } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import type { Budget, Finding, PlanHeader } from "@helhedsplan/rules";
import pg from "pg";
import { benchHeader, editedBudget, largeBudget } from "./bench-plans";
import type { BackendSampler } from "./backend-sampler";
import type { CpuMeter } from "./cpu-meter";
import { measure, mergeMeasured, requireAllSucceeded, runClients, runEach, type Measured } from "./load";

/** How the phase runs: `rounds` alternating windows of the service and the baseline, `windowMs` each. */
export interface BudgetPutOptions {
  client: Client;
  meter: CpuMeter;
  /** Samples the database connections during the service's windows. */
  sampler: BackendSampler;
  databaseUrl: string;
  clients: number;
  lines: number;
  warmupMs: number;
  rounds: number;
  windowMs: number;
}

/** What the phase measured, each side summed over its rounds. */
export interface BudgetPutResult {
  service: Measured;
  bareSql: Measured;
}

/** What the service stores for a budget PUT, to be written again by the bare-SQL baseline. */
interface StoredVersion {
  header: PlanHeader;
  findings: Finding[];
  createdBy: string;
}

/** A side of the comparison: one client's next request. */
type Step = (client: number) => Promise<void>;

/**
 * Service and baseline take turns, so both meet the same load from whatever else the machine
 * runs; each is warmed up first.
 */
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
  const servicePlanIds = plans.slice(0, clients).map((plan) => plan.id);
  const sqlPlanIds = plans.slice(clients).map((plan) => plan.id);

  const versions = servicePlanIds.map(() => 0);
  let findings: Finding[] | undefined;
  const put: Step = async (c) => {
    const answer = await client.plans.putBudget(servicePlanIds[c] ?? "", editFor(versions[c] ?? 0), {
      ifMatch: versions[c] ?? 0,
    });
    versions[c] = answer.version;
    findings ??= answer.findings;
  };
  await runClients(clients, { durationMs: options.warmupMs }, put);

  const stored = await client.plans.version(servicePlanIds[0] ?? "", 1);
  const mirror: StoredVersion = { header: stored.plan, findings: findings ?? [], createdBy: stored.createdBy };
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: clients });
  const connections = await Promise.all(sqlPlanIds.map(() => pool.connect()));
  try {
    const sqlVersions = sqlPlanIds.map(() => 0);
    const write: Step = async (c) => {
      const version = (sqlVersions[c] ?? 0) + 1;
      await writeVersion(connections[c] as pg.PoolClient, sqlPlanIds[c] ?? "", version, editFor(version - 1), mirror);
      sqlVersions[c] = version;
    };
    await runClients(clients, { durationMs: options.warmupMs }, write);

    const serviceWindow = () => runClients(clients, { durationMs: options.windowMs }, put);
    const sqlWindow = () => runClients(clients, { durationMs: options.windowMs }, write);
    const serviceWindows: Measured[] = [];
    const sqlWindows: Measured[] = [];
    for (let round = 0; round < options.rounds; round++) {
      serviceWindows.push(await options.sampler.during(() => measure(options.meter, serviceWindow)));
      sqlWindows.push(await measure(options.meter, sqlWindow));
    }
    return { service: mergeMeasured(serviceWindows), bareSql: mergeMeasured(sqlWindows) };
  } finally {
    for (const connection of connections) connection.release();
    await pool.end();
  }
}

/** The rows a budget PUT writes: the immutable version and the plan's header columns with the new version, in one transaction. */
async function writeVersion(
  connection: pg.PoolClient,
  planId: string,
  version: number,
  budget: Budget,
  mirror: StoredVersion,
): Promise<void> {
  const { header } = mirror;
  const now = new Date();
  await connection.query("BEGIN");
  try {
    await connection.query(
      `INSERT INTO plan_versions (plan_id, version, header, budget, goals, findings, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        planId,
        version,
        JSON.stringify(header),
        JSON.stringify(budget),
        "[]",
        JSON.stringify(mirror.findings),
        now,
        mirror.createdBy,
      ],
    );
    await connection.query(
      `UPDATE plans SET name = $2, housing_organisation = $3, estates = $4, district_id = $5, vulnerable_area = $6,
         cooperation = $7, period_start = $8, period_end = $9, pool_id = $10, version = $11, updated_at = $12
       WHERE id = $1`,
      [
        planId,
        header.name,
        header.housingOrganisation,
        JSON.stringify(header.estates),
        header.districtId,
        header.vulnerableArea,
        header.cooperation,
        header.periodStart,
        header.periodEnd,
        header.poolId,
        version,
        now,
      ],
    );
    await connection.query("COMMIT");
  } catch (error) {
    await connection.query("ROLLBACK");
    throw error;
  }
}
