// `pnpm test:reliability`: the reliability suite against real service processes on a real PostgreSQL
// (TEST_DATABASE_URL, a role that may create databases — the test command's throwaway cluster). It prints what it
// tried and what it found, with the seed and path that replay a failure, and exits 1 on any finding.
//
//   RELIABILITY_REQUESTS  generated hostile requests (default 20000)
//   RELIABILITY_BATCH     requests sent at once per batch (default 64)
//   RELIABILITY_SEED / RELIABILITY_PATH   replay a failure the suite printed
//   RELIABILITY_CRASH_ROUNDS (default 4) / RELIABILITY_CRASH_SEED   the crash phase's kills
//   RELIABILITY_TERMINATIONS (default 5) / RELIABILITY_FAULTS_SEED  the database-faults phase
import { randomBytes } from "node:crypto";
import { createClient, type Client } from "@helhedsplan/api";
import { openDatabase } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrate";
import { planHeader } from "../test/support/fixtures";
import { createDatabase, dropDatabase } from "../test/support/postgres-admin";
import { draftWithPoolMoney } from "../test/support/plans";
import { storeToken } from "../test/support/testing";
import { runHostile, type Fixtures, type HostileResult } from "./hostile.phase";
import { closeConnections } from "./http";
import { buildService, startInstance, type Instance } from "./instances";
import { runInstances, type InstancesResult } from "./instances.phase";
import { printLifecycle, runLifecycle } from "./lifecycle.phase";
import { runCrash } from "./crash.phase";
import { runFaults } from "./faults.phase";
import type { Schema } from "./schema";

const out = (line = "") => process.stdout.write(`${line}\n`);
const integer = (name: string, fallback: number) => {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : Number.parseInt(value, 10);
};

async function fixturesOf(admin: Client, db: Parameters<typeof storeToken>[0], adminToken: string): Promise<Fixtures> {
  const organisation = planHeader().housingOrganisation;
  const plans: string[] = [];
  for (let index = 0; index < 4; index++) plans.push((await draftWithPoolMoney(admin, "budget-2012", 50_000)).id);
  plans.push((await admin.plans.create(planHeader())).id);
  await admin.plans.submit(plans[0] ?? "");
  const reference = await admin.reference.get();
  const contracts = (await admin.contracts.list()).items.map((contract) => contract.id);
  return {
    plans,
    pools: (await admin.pools.list()).items.map((pool) => pool.id),
    contracts: contracts.length > 0 ? contracts : ["00000000-0000-4000-8000-000000000000"],
    districts: reference.districts.map((district) => district.id),
    focusAreas: reference.focusAreas.map((area) => area.id),
    tokens: {
      admin: adminToken,
      finance: await storeToken(db, "finance"),
      housing: await storeToken(db, "housing", organisation),
      approver: await storeToken(db, "approver"),
      viewer: await storeToken(db, "viewer"),
    },
  };
}

function printInstances(result: InstancesResult): void {
  out(
    `Several instances: ${result.instances} service processes on one PostgreSQL, round-robin clients (${result.seconds.toFixed(1)} s)`,
  );
  out(
    `  submits: ${result.submits} at once, ${result.fit} fit the pool → ${result.submitsAccepted} accepted, ${result.submitsRefused} refused pool-exhausted; over-reserved ${result.overReservedOre} øre`,
  );
  out(
    `  Idempotency-Key retried on the next instance: ${result.retries}, answers differing ${result.retriesDiffering}, tables changed ${result.rowsChangedByRetries}`,
  );
  out(
    `  If-Match: ${result.conflictRounds} plans × ${result.instances} writers at one version → ${result.conflictWinners} won, ${result.conflictsDetected} × 412; stale PATCHes accepted ${result.staleWritesAccepted}`,
  );
}

function printHostile(result: HostileResult): void {
  const statuses = [...result.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`);
  out(
    `Hostile input from /api/v1/openapi.json: ${result.operations} operations, ${result.requests} requests in ${result.batches} batches, ${result.seconds.toFixed(1)} s (${Math.round(result.requests / result.seconds)} req/s), seed ${result.seed}`,
  );
  out(`  answers: ${statuses.join(" ")}`);
  out(
    `  writes refused ${result.refusedWrites}, accepted ${result.acceptedWrites}; row counts compared around ${result.batchesRowChecked} batches with no accepted write`,
  );
  out(
    `  5xx ${result.serverErrors}, undocumented statuses ${result.statusMismatches}, answers off their schema ${result.schemaMismatches}, tables changed by refused writes ${result.rowsStoredByRefused}`,
  );
  if (result.failure !== undefined)
    out(
      `  replay: RELIABILITY_SEED=${result.failure.seed} RELIABILITY_PATH=${result.failure.path} pnpm test:reliability`,
    );
}

async function main(): Promise<number> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl === undefined || serverUrl === "") {
    out("test:reliability needs PostgreSQL: set TEST_DATABASE_URL (npm test brings one up).");
    return process.env.CI === "true" ? 1 : 0;
  }
  const started = performance.now();
  const name = `reliability_${randomBytes(4).toString("hex")}`;
  const databaseUrl = await createDatabase(serverUrl, name);
  const db = openDatabase({ kind: "postgres", url: databaseUrl, statementTimeoutMs: 30_000, maxConnections: 4 });
  const instances: Instance[] = [];
  const findings: string[] = [];
  try {
    // As a deployment does it: migrations once, before any instance starts (each instance's own run is then a no-op).
    await migrateToLatest(db);
    buildService();
    const adminToken = randomBytes(24).toString("base64url");
    instances.push(await startInstance("1", databaseUrl, adminToken));
    instances.push(...(await Promise.all(["2", "3"].map((each) => startInstance(each, databaseUrl, adminToken)))));
    const baseUrls = instances.map((instance) => instance.baseUrl);
    const clients = baseUrls.map((baseUrl) => createClient({ baseUrl, token: adminToken }));
    out(`Reliability suite on PostgreSQL (database ${name}); instances ${baseUrls.join(", ")}`);

    const several = await runInstances({
      clients,
      baseUrls,
      adminToken,
      db,
      fit: integer("RELIABILITY_FIT", 20),
      submitted: integer("RELIABILITY_SUBMITS", 30),
      conflictPlans: integer("RELIABILITY_CONFLICTS", 10),
    });
    printInstances(several);
    findings.push(...several.findings);

    const document = (await (await fetch(`${baseUrls[0]}/api/v1/openapi.json`)).json()) as Schema;
    const seed = process.env.RELIABILITY_SEED;
    const hostile = await runHostile(document, {
      // Valid credentials to two instances; missing and wrong ones to the third, whose per-address failure limit they
      // use up (a limit per instance: rate-limits.ts).
      targets: baseUrls.slice(0, 2),
      authTarget: baseUrls[2] ?? "",
      databaseUrl,
      fixtures: await fixturesOf(clients[0] as Client, db, adminToken),
      requests: integer("RELIABILITY_REQUESTS", 20_000),
      batchSize: integer("RELIABILITY_BATCH", 64),
      seed: seed === undefined || seed === "" ? undefined : Number(seed),
      path: process.env.RELIABILITY_PATH || undefined,
    });
    printHostile(hostile);
    findings.push(...hostile.findings);

    // The plan lifecycle against a model, every role, requests at once (its own database and in-process service).
    const lifecycle = await runLifecycle(serverUrl);
    printLifecycle(lifecycle, out);
    findings.push(...lifecycle.findings);

    // kill -9 mid-load, then database faults under load: each on a durable cluster of its own (cluster.ts).
    for (const phase of [
      () => runCrash({ rounds: integer("RELIABILITY_CRASH_ROUNDS", 4) }),
      () => runFaults({ terminations: integer("RELIABILITY_TERMINATIONS", 5) }),
    ]) {
      const report = await phase();
      for (const line of report.lines) out(line);
      findings.push(...report.findings);
    }

    for (const instance of instances) {
      if (instance.child.exitCode !== null || instance.child.signalCode !== null)
        findings.push(`instance ${instance.name} exited (${instance.child.exitCode ?? instance.child.signalCode})`);
      const stderr = instance.stderr.join("").trim();
      if (stderr !== "") findings.push(`instance ${instance.name} wrote to stderr: ${stderr.slice(0, 500)}`);
    }
  } catch (error) {
    findings.push(
      `the suite could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    closeConnections();
    await Promise.all(instances.map((instance) => instance.stop()));
    await db.destroy();
    await dropDatabase(serverUrl, name);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (findings.length === 0) {
    out(`test:reliability: 0 findings in ${seconds} s`);
    return 0;
  }
  // Grouped by kind (the text before the first colon), three examples each.
  const kinds = new Map<string, string[]>();
  for (const finding of findings) {
    const kind = finding.slice(0, Math.max(0, finding.indexOf(":"))) || finding;
    kinds.set(kind, [...(kinds.get(kind) ?? []), finding]);
  }
  out(`test:reliability: ${findings.length} findings in ${seconds} s:`);
  for (const [kind, all] of kinds) {
    out(`  ${kind}: ${all.length}`);
    for (const example of all.slice(0, 3)) out(`    - ${example.slice(0, 600)}`);
  }
  return 1;
}

process.exitCode = await main();
