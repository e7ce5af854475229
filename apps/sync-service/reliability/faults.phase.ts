// Database faults under load: one real service process on a durable cluster of the suite's own, with budget PUTs and
// submits running and /healthz probed every 100 ms, while (1) PostgreSQL is stopped (`pg_ctl stop -m fast`: every
// connection terminated), kept away a seeded while and started again — a fast restart with a gap to observe —,
// (2) the service's backends are ended with `pg_terminate_backend` several times, each time while at least one of
// them is inside a transaction, and (3) PostgreSQL is frozen (SIGSTOP) longer than the bound, so only the service's
// timeouts end its waits. Every answer must come within the timeout's bound, be 2xx, 409, 412 or a 503
// problem+json (never a 500, never no answer, never a stack); /healthz must be 503 while the database is away; the
// service must recover by itself — /healthz 200 and a successful write — within 5 s of the database's return; and no
// acknowledged write may be lost (load.ts `checkStore`).
import { randomUUID } from "node:crypto";
import { createClient } from "@helhedsplan/api";
import pg from "pg";
import { budgetWithPoolMoney } from "../test/support/fixtures";
import { draftWithPoolMoney, newPool } from "../test/support/plans";
import { durableService } from "./cluster";
import {
  checkStore,
  describeCheck,
  inBatches,
  retryWithKeys,
  seedFrom,
  seeded,
  send,
  sleep,
  WriteLoad,
  type Answer,
  type PhaseReport,
} from "./load";

export interface FaultsOptions {
  /** Times the service's backends are terminated. */
  terminations: number;
  seed?: number;
}

/** The service's STATEMENT_TIMEOUT_MS (its default: startInstance sets none), and the bound on any answer. */
const statementTimeoutMs = 5_000;
/** The timeout, the client-side query timeout's extra second (src/db/database.ts) and 2 s of margin. */
const boundMs = statementTimeoutMs + 1_000 + 2_000;
/** The service must be back this soon after the database. */
const recoveryLimitMs = 5_000;
const workers = 6;
/** How long PostgreSQL is frozen: longer than the bound, so every wait must end by a timeout. */
const freezeMs = 9_000;
const stackTrace = /\n\s+at |\.[cm]?[jt]s:\d+|node_modules|\bError: /;

/** A backend inside a transaction of several statements: between two of them, or at one after the first. */
const midTransactionSql = `(state = 'idle in transaction' OR (state = 'active' AND xact_start < query_start))`;

interface Probe extends Answer {
  startedAt: number;
}

export async function runFaults(options: FaultsOptions): Promise<PhaseReport> {
  const started = performance.now();
  const seed = options.seed ?? seedFrom("RELIABILITY_FAULTS_SEED");
  const random = seeded(seed);
  const lines: string[] = [];
  const findings: string[] = [];
  const service = await durableService("faults");
  if (typeof service === "string") {
    lines.push(`Database faults: not run — ${service}`);
    if (process.env.CI === "true") findings.push(`faults phase: not run: ${service}`);
    return { lines, findings };
  }
  const { db, adminToken, cluster, instance } = service;
  const baseUrl = instance.baseUrl;
  const admin = new pg.Client({ connectionString: cluster.serverUrl });
  // Set again on the way out, so a phase that throws leaves no writer running.
  let stopped = true;
  try {
    lines.push(
      `Database faults: one service process under load (${workers} writers), own cluster (${cluster.settings}), statement timeout ${statementTimeoutMs} ms, seed ${seed}`,
    );
    const client = createClient({ baseUrl, token: adminToken });
    const pool = await newPool(client, 20 * 50_000);
    const plans = await inBatches(Array.from({ length: 40 }), 8, () => draftWithPoolMoney(client, pool.id, 50_000));
    // One draft of its own for the recovery's write probe.
    const probePlan = await draftWithPoolMoney(client, pool.id, 1_000);
    let probeVersion = probePlan.version;
    const writeOnce = async (): Promise<Answer> => {
      const answer = await send(
        baseUrl,
        adminToken,
        {
          method: "PUT",
          path: `/api/v1/plans/${probePlan.id}/budget`,
          body: JSON.stringify(budgetWithPoolMoney(1_000 + probeVersion)),
          headers: { "if-match": `"${probeVersion}"`, "idempotency-key": randomUUID() },
        },
        boundMs * 2,
      );
      const body = answer.status === 200 || answer.status === 412 ? (JSON.parse(answer.text) as object) : {};
      if ("version" in body && typeof body.version === "number") probeVersion = body.version;
      if ("current" in body && typeof body.current === "number") probeVersion = body.current;
      return answer;
    };
    const alive = () => instance.child.exitCode === null && instance.child.signalCode === null;
    /** Milliseconds from `since` until `ok` first holds (tried every 50 ms, up to 15 s), or Infinity. */
    const until = async (since: number, ok: () => Promise<boolean>): Promise<number> => {
      while (performance.now() - since < 15_000 && alive()) {
        if (await ok()) return performance.now() - since;
        await sleep(50);
      }
      return Number.POSITIVE_INFINITY;
    };
    const healthy = async () =>
      (await send(baseUrl, adminToken, { method: "GET", path: "/healthz" }, boundMs * 2)).status === 200;
    const written = async () => (await writeOnce()).status === 200;

    const load = new WriteLoad({
      baseUrl: () => baseUrl,
      token: adminToken,
      plans,
      random,
      submitShare: 0.05,
      timeoutMs: boundMs * 2,
    });
    stopped = false;
    const running = load.run(workers, () => stopped);
    const probes: Probe[] = [];
    const probing = (async () => {
      while (!stopped) {
        const startedAt = performance.now();
        probes.push({
          startedAt,
          ...(await send(baseUrl, adminToken, { method: "GET", path: "/healthz" }, boundMs * 2)),
        });
        await sleep(100);
      }
    })();
    await sleep(1_000);

    // (1) PostgreSQL away and back.
    const holdMs = 1_500 + Math.floor(random() * 1_500);
    const stopping = performance.now();
    await cluster.stop("fast");
    const down = performance.now();
    await sleep(holdMs);
    const starting = performance.now();
    await cluster.start();
    const up = performance.now();
    const healthBackMs = await until(up, healthy);
    const writeBackMs = await until(up, written);
    const whileAway = probes.filter((probe) => probe.startedAt >= down && probe.startedAt + probe.ms <= starting);
    const awayNot503 = whileAway.filter((probe) => probe.status !== 503);
    if (whileAway.length === 0) findings.push("faults: no /healthz probe fell in the time the database was away");
    for (const probe of awayNot503.slice(0, 3))
      findings.push(`faults: /healthz answered ${probe.status} while the database was away (${probe.error ?? ""})`);
    if (healthBackMs > recoveryLimitMs)
      findings.push(`faults: /healthz first answered 200 ${healthBackMs.toFixed(0)} ms after the database's return`);
    if (writeBackMs > recoveryLimitMs)
      findings.push(`faults: the first write succeeded ${writeBackMs.toFixed(0)} ms after the database's return`);
    lines.push(
      `  (1) pg_ctl stop -m fast (${((down - stopping) / 1000).toFixed(1)} s), away ${(holdMs / 1000).toFixed(1)} s, pg_ctl start (${((up - starting) / 1000).toFixed(1)} s): ` +
        `/healthz while away ${whileAway.length - awayNot503.length}/${whileAway.length} × 503; back: /healthz 200 after ${healthBackMs.toFixed(0)} ms, first write after ${writeBackMs.toFixed(0)} ms (limit ${recoveryLimitMs} ms)`,
    );

    // (2) pg_terminate_backend of the service's connections, each time with one of them mid-transaction.
    await sleep(1_000);
    await admin.connect();
    let terminated = 0;
    let midTransaction = 0;
    let slowestBackMs = 0;
    const terminationsStarted = performance.now();
    for (let round = 0; round < options.terminations; round++) {
      await sleep(200 + Math.floor(random() * 400));
      const waitStarted = performance.now();
      while (performance.now() - waitStarted < 2_000) {
        const { rows } = await admin.query<{ count: string }>(
          `SELECT count(*) FROM pg_stat_activity WHERE datname = 'faults' AND backend_type = 'client backend'
             AND ${midTransactionSql}`,
        );
        if (Number(rows[0]?.count) > 0) break;
        await sleep(2);
      }
      const { rows } = await admin.query<{ in_transaction: boolean; ended: boolean }>(
        `SELECT ${midTransactionSql} AS in_transaction,
                pg_terminate_backend(pid) AS ended
           FROM pg_stat_activity WHERE datname = 'faults' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      const ended = performance.now();
      terminated += rows.filter((row) => row.ended).length;
      midTransaction += rows.filter((row) => row.ended && row.in_transaction).length;
      slowestBackMs = Math.max(slowestBackMs, await until(ended, written));
    }
    if (midTransaction === 0) findings.push("faults: no backend was terminated mid-transaction");
    if (slowestBackMs > recoveryLimitMs)
      findings.push(`faults: a write first succeeded ${slowestBackMs.toFixed(0)} ms after a pg_terminate_backend`);
    lines.push(
      `  (2) pg_terminate_backend ${options.terminations} times: ${terminated} backends ended, ${midTransaction} of them mid-transaction; ` +
        `first successful write after each within ${slowestBackMs.toFixed(0)} ms`,
    );

    const terminationsEnded = performance.now();

    // (3) PostgreSQL frozen: it accepts connections and answers nothing; only the service's timeouts end the waits.
    await sleep(500);
    const freezing = performance.now();
    const thaw = await cluster.freeze();
    const frozen = performance.now();
    try {
      // /healthz asked three times while frozen (the probe loop above is busy with one probe for the whole wait).
      const asked = [0, 500, 1_000].map(async (delayMs) => {
        await sleep(delayMs);
        const startedAt = performance.now();
        const answer = await send(baseUrl, adminToken, { method: "GET", path: "/healthz" }, boundMs * 2);
        probes.push({ startedAt, ...answer });
      });
      await sleep(freezeMs);
      await Promise.all(asked);
    } finally {
      await thaw();
    }
    const thawed = performance.now();
    const frozenHealthBackMs = await until(thawed, healthy);
    const frozenWriteBackMs = await until(thawed, written);
    const whileFrozen = probes.filter((probe) => probe.startedAt >= frozen && probe.startedAt + probe.ms <= thawed);
    for (const probe of whileFrozen.filter((each) => each.status !== 503).slice(0, 3))
      findings.push(`faults: /healthz answered ${probe.status} while the database was frozen (${probe.error ?? ""})`);
    if (whileFrozen.length === 0) findings.push("faults: no /healthz probe ended while the database was frozen");
    if (Math.max(frozenHealthBackMs, frozenWriteBackMs) > recoveryLimitMs)
      findings.push(
        `faults: after the thaw /healthz answered 200 after ${frozenHealthBackMs.toFixed(0)} ms, a write succeeded after ${frozenWriteBackMs.toFixed(0)} ms`,
      );
    lines.push(
      `  (3) PostgreSQL frozen (SIGSTOP) ${(freezeMs / 1000).toFixed(0)} s: /healthz ${whileFrozen.filter((probe) => probe.status === 503).length}/${whileFrozen.length} × 503 ` +
        `(longest ${Math.max(0, ...whileFrozen.map((probe) => probe.ms)).toFixed(0)} ms); back: /healthz 200 after ${frozenHealthBackMs.toFixed(0)} ms, first write after ${frozenWriteBackMs.toFixed(0)} ms`,
    );
    await sleep(500);
    stopped = true;
    await Promise.all([running, probing]);

    // Every answer under load: bounded, and 2xx, 409, 412 or a 503 problem without internals.
    const answers = [...load.attempts, ...probes.map((probe) => ({ ...probe, kind: "healthz" }))];
    const failing = answers.filter((answer) => answer.status === 503);
    const problems = new Map<string, string[]>();
    const problemOf = (kind: string, example: string) => problems.set(kind, [...(problems.get(kind) ?? []), example]);
    for (const answer of answers) {
      const what = `${answer.kind} answered ${answer.status} after ${answer.ms.toFixed(0)} ms`;
      if (answer.status === 0) problemOf("no answer", `${what} (${answer.error})`);
      else if (![200, 409, 412, 503].includes(answer.status))
        problemOf(`answered ${answer.status}`, `${what}: ${answer.text.slice(0, 300)}`);
      if (answer.ms > boundMs) problemOf(`slower than ${boundMs} ms`, what);
      if (stackTrace.test(answer.text)) problemOf("internals in the body", `${what}: ${answer.text.slice(0, 300)}`);
      if (answer.status === 503) {
        const type = (() => {
          try {
            return (JSON.parse(answer.text) as { type?: unknown }).type;
          } catch {
            return undefined;
          }
        })();
        if (!answer.contentType.startsWith("application/problem+json") || type !== "/problems/unavailable")
          problemOf("a 503 that is no unavailable problem", `${answer.contentType} ${answer.text.slice(0, 200)}`);
      }
    }
    for (const [kind, examples] of problems)
      findings.push(
        ...examples.slice(0, 3).map((example) => `faults: ${kind} (${examples.length} in all): ${example}`),
      );
    const statusesOf = (from: number, to: number) => {
      const counts = new Map<number, number>();
      for (const answer of answers)
        if (answer.startedAt <= to && answer.startedAt + answer.ms >= from)
          counts.set(answer.status, (counts.get(answer.status) ?? 0) + 1);
      return [...counts.entries()]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status}×${count}`)
        .join(" ");
    };
    const longestFailingMs = Math.max(0, ...failing.map((answer) => answer.ms));
    const longestMs = Math.max(0, ...answers.map((answer) => answer.ms));
    lines.push(
      `  answers (writes and /healthz) during (1): ${statusesOf(stopping, up + writeBackMs)}; during (2): ${statusesOf(terminationsStarted, terminationsEnded)}; ` +
        `during (3): ${statusesOf(freezing, thawed + frozenWriteBackMs)}; ` +
        `in all ${answers.length}: ${statusesOf(0, Number.POSITIVE_INFINITY)}`,
    );
    lines.push(
      `  longest failing request ${longestFailingMs.toFixed(0)} ms, longest of all ${longestMs.toFixed(0)} ms (bound ${boundMs} ms); ` +
        `500s ${answers.filter((answer) => answer.status >= 500 && answer.status !== 503).length}, no answer ${answers.filter((answer) => answer.status === 0).length}, ` +
        `bodies with internals ${problems.get("internals in the body")?.length ?? 0}`,
    );

    // A client retries a 503 with the same key (Retry-After: 5). A write that failed while the database was away could
    // not free its key then, so the key stays claimed until staleClaimMs (idempotency.service.ts) — measured, not judged.
    // Those in flight as the database stopped: claimed, then failed.
    const retried = load.unavailable.filter((write) => write.startedAt >= stopping - 1_000 && write.startedAt <= down);
    const retries = await retryWithKeys(baseUrl, adminToken, retried.slice(0, 50), load.acknowledged);
    lines.push(
      `  writes that failed 503 as the database stopped, retried after its return with their key: ${Math.min(50, retried.length)} → ` +
        `${retries.stillClaimed} × 409 "still in progress" (the key stays claimed), ${retries.ran} ran, ${retries.replayed} replayed`,
    );

    const check = await checkStore(db, baseUrl, adminToken, load.acknowledged, load.acknowledged);
    lines.push(`  after: ${describeCheck(check)}`);
    findings.push(...check.findings.map((finding) => `faults (seed ${seed}): ${finding}`));
    if (instance.child.exitCode !== null || instance.child.signalCode !== null)
      findings.push(`faults: the service exited (${instance.child.exitCode ?? instance.child.signalCode})`);
    const stderr = instance.stderr.join("").trim();
    if (stderr !== "") findings.push(`faults: the service wrote to stderr: ${stderr.slice(0, 500)}`);
  } finally {
    stopped = true;
    await admin.end().catch(() => {});
    await service.close();
  }
  lines.push(`  ${((performance.now() - started) / 1000).toFixed(1)} s; replay: RELIABILITY_FAULTS_SEED=${seed}`);
  return { lines, findings };
}
