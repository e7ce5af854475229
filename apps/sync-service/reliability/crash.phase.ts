// Crash: one real service process on a PostgreSQL cluster of its own with durable settings, under concurrent budget
// PUTs (If-Match) and submits against a pool, each with an Idempotency-Key; `kill -9` of the service at a seeded
// random moment mid-load (in the last round PostgreSQL is crashed too, `pg_ctl stop -m immediate`, so its start
// replays the WAL); restart; then every acknowledged write must be there unchanged, no row without its partner, each
// pool's sums equal to its ledger and within it, and every acknowledged request replayed with its key must answer its
// first answer and change no table (load.ts `checkStore`).
import { createClient } from "@helhedsplan/api";
import { draftWithPoolMoney, newPool } from "../test/support/plans";
import { durableService } from "./cluster";
import {
  checkStore,
  describeCheck,
  inBatches,
  retryWithKeys,
  seedFrom,
  seeded,
  sleep,
  WriteLoad,
  type Logged,
  type PhaseReport,
} from "./load";

export interface CrashOptions {
  rounds: number;
  seed?: number;
}

/** Drafts per round, each drawing 50.000 kr. at first; the pool has room for half of them. */
const draftsPerRound = 24;
const workers = 8;

export async function runCrash(options: CrashOptions): Promise<PhaseReport> {
  const started = performance.now();
  const seed = options.seed ?? seedFrom("RELIABILITY_CRASH_SEED");
  const random = seeded(seed);
  const lines: string[] = [];
  const findings: string[] = [];
  const service = await durableService("crash");
  if (typeof service === "string") {
    lines.push(`Crash: not run — ${service}`);
    if (process.env.CI === "true") findings.push(`crash phase: not run: ${service}`);
    return { lines, findings };
  }
  const { db, adminToken, cluster } = service;
  const acknowledged: Logged[] = [];
  const totals = { sent: 0, acknowledged: 0, inFlight: 0 };
  try {
    lines.push(
      `Crash: ${options.rounds} rounds of kill -9 mid-load on one service process, own cluster (${cluster.settings}), seed ${seed}`,
    );
    for (let round = 1; round <= options.rounds; round++) {
      const client = createClient({ baseUrl: service.instance.baseUrl, token: adminToken });
      const pool = await newPool(client, (draftsPerRound / 2) * 50_000);
      const plans = await inBatches(Array.from({ length: draftsPerRound }), 8, () =>
        draftWithPoolMoney(client, pool.id, 50_000),
      );
      const killAfterMs = 300 + Math.floor(random() * 1_700);
      const crashDatabase = round === options.rounds;
      const load = new WriteLoad({
        baseUrl: () => service.instance.baseUrl,
        token: adminToken,
        plans,
        random,
        submitShare: 0.15,
        timeoutMs: 30_000,
      });
      let stopped = false;
      const running = load.run(workers, () => stopped);
      await sleep(killAfterMs);
      const killed = service.instance;
      killed.child.kill("SIGKILL");
      const killedAt = performance.now();
      stopped = true;
      if (crashDatabase) await cluster.stop("immediate");
      await running;
      await killed.stop();
      if (killed.child.signalCode !== "SIGKILL")
        findings.push(`crash round ${round}: the service exited ${killed.child.exitCode} before the kill`);
      const restartStarted = performance.now();
      if (crashDatabase) await cluster.start();
      await service.restart();
      const restartMs = performance.now() - restartStarted;

      // The writes the kill cut off, retried with their keys as a client does: the stored answer when they had
      // committed, 409 while the key stays claimed (idempotency.service.ts, staleClaimMs), else they run now.
      const cutOff = load.unanswered.filter((write) => write.startedAt <= killedAt);
      const retries = await retryWithKeys(service.instance.baseUrl, adminToken, cutOff, load.acknowledged);
      acknowledged.push(...load.acknowledged);
      const check = await checkStore(db, service.instance.baseUrl, adminToken, acknowledged, load.acknowledged);
      // In flight at the kill: sent before it, never answered.
      const noAnswer = load.attempts.filter((attempt) => attempt.status === 0 && attempt.startedAt <= killedAt).length;
      const byKind = (method: string) => load.acknowledged.filter((logged) => logged.method === method).length;
      totals.sent += load.attempts.length;
      totals.acknowledged += load.acknowledged.length;
      totals.inFlight += noAnswer;
      lines.push(
        `  round ${round}: kill -9 after ${killAfterMs} ms${crashDatabase ? " + PostgreSQL crashed (immediate stop, WAL replay)" : ""}; ` +
          `${load.attempts.length} writes sent, ${load.acknowledged.length} acknowledged (${byKind("PUT")} PUT, ${byKind("POST")} submit), ` +
          `${noAnswer} cut off by the kill; restarted in ${(restartMs / 1000).toFixed(1)} s`,
      );
      lines.push(
        `    the ${cutOff.length} cut off, retried with their key: ${retries.replayed} had committed (stored answer replayed), ` +
          `${retries.stillClaimed} × 409 "still in progress", ${retries.ran} ran`,
      );
      lines.push(`    ${describeCheck(check)}`);
      findings.push(...check.findings.map((finding) => `crash round ${round} (seed ${seed}): ${finding}`));
      if (noAnswer === 0) lines.push(`    (the kill cut off no request this round)`);
    }
    const stderr = service.instance.stderr.join("").trim();
    if (stderr !== "") findings.push(`crash: the restarted service wrote to stderr: ${stderr.slice(0, 500)}`);
  } finally {
    await service.close();
  }
  lines.push(
    `  in all: ${totals.sent} writes, ${totals.acknowledged} acknowledged and all checked after the restarts, ${totals.inFlight} cut off; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; replay: RELIABILITY_CRASH_SEED=${seed}`,
  );
  return { lines, findings };
}
