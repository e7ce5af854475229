// The write load of the crash and faults phases, and what they check afterwards. Workers send budget PUTs (If-Match:
// the version they last saw) and submits of drafts in one pool, each with an Idempotency-Key of its own, and log
// every acknowledged (2xx) answer. The checks: every acknowledged version and submit is stored unchanged; no plan
// version, ledger or audit row lacks its partner; each pool's sums equal its ledger and stay within it; and every
// logged request replayed with its key answers its first answer and changes no table.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { sql } from "kysely";
import type { Db } from "../src/db/database";
import { rowCounts } from "../test/support/counts";
import { budgetWithPoolMoney } from "../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../test/support/ledger";

/** A seeded generator of numbers in [0, 1) (mulberry32): the seed replays the choices a phase draws. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The seed from `name` in the environment, or a new one. */
export function seedFrom(name: string): number {
  const value = process.env[name];
  return value === undefined || value === "" ? Math.floor(Math.random() * 2 ** 31) : Number(value);
}

/** An acknowledged (2xx) write, as sent and as answered. */
export interface Logged {
  method: "PUT" | "POST";
  path: string;
  body: string;
  key: string;
  ifMatch: number | undefined;
  planId: string;
  status: number;
  answer: unknown;
}

/** One request of the load: its answer (status 0: none — the connection broke or the client gave up). */
export interface Attempt {
  kind: "budget" | "submit";
  startedAt: number;
  ms: number;
  status: number;
  contentType: string;
  text: string;
  error: string | undefined;
}

export interface Answer {
  status: number;
  /** The service replayed a stored answer (Idempotent-Replayed). */
  replayed: boolean;
  contentType: string;
  text: string;
  ms: number;
  error: string | undefined;
}

/** Sends one request; never throws (a broken connection or timeout is status 0 with the error). */
export async function send(
  baseUrl: string,
  token: string,
  request: { method: string; path: string; body?: string; headers?: Record<string, string> },
  timeoutMs: number,
): Promise<Answer> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return {
      status: response.status,
      replayed: response.headers.get("idempotent-replayed") === "true",
      contentType: response.headers.get("content-type") ?? "",
      text,
      ms: performance.now() - started,
      error: undefined,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 0,
      replayed: false,
      contentType: "",
      text: "",
      ms: performance.now() - started,
      error: `${(error as Error).name}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
    };
  }
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

export interface LoadOptions {
  /** Where requests go now (a restarted service listens on another port). */
  baseUrl: () => string;
  token: string;
  /** Drafts in one pool, with the version each is at. */
  plans: { id: string; version: number }[];
  random: () => number;
  /** The share of requests that are submits (the rest are budget PUTs). */
  submitShare: number;
  /** A request without an answer after this long counts as a hang (status 0). */
  timeoutMs: number;
}

/** Concurrent writers until `stopped()`; `acknowledged` and `attempts` fill as they go. */
export class WriteLoad {
  readonly acknowledged: Logged[] = [];
  readonly attempts: Attempt[] = [];
  /** Writes answered 503, with their keys (to retry them as a client would). */
  readonly unavailable: (Omit<Logged, "status" | "answer"> & { startedAt: number })[] = [];
  /** Writes that got no answer (cut off by a kill), with their keys. */
  readonly unanswered: (Omit<Logged, "status" | "answer"> & { startedAt: number })[] = [];
  private readonly versions = new Map<string, number>();
  private readonly submitted = new Set<string>();

  constructor(private readonly options: LoadOptions) {
    for (const plan of options.plans) this.versions.set(plan.id, plan.version);
  }

  async run(workers: number, stopped: () => boolean): Promise<void> {
    await Promise.all(Array.from({ length: workers }, () => this.worker(stopped)));
  }

  private async worker(stopped: () => boolean): Promise<void> {
    const { plans, random, submitShare } = this.options;
    while (!stopped()) {
      const drafts = plans.filter((plan) => !this.submitted.has(plan.id));
      const plan = drafts[Math.floor(random() * drafts.length)];
      if (plan === undefined) return;
      if (random() < submitShare) await this.submit(plan.id);
      else await this.putBudget(plan.id, 1_000 * (1 + Math.floor(random() * 90)));
      // A worker whose requests fail at once (the service is gone) does not spin.
      const last = this.attempts.at(-1);
      if (last !== undefined && last.status === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async putBudget(planId: string, poolKroner: number): Promise<void> {
    const ifMatch = this.versions.get(planId) ?? 0;
    const path = `/api/v1/plans/${planId}/budget`;
    const body = JSON.stringify(budgetWithPoolMoney(poolKroner));
    const answer = await this.write("budget", { method: "PUT", path, body, ifMatch, planId });
    if (answer === undefined) return;
    if (answer.status === 200) {
      const version = (answer.answer as { version: number }).version;
      this.versions.set(planId, Math.max(this.versions.get(planId) ?? 0, version));
    } else if (answer.status === 412) {
      const current = (answer.answer as { current?: unknown }).current;
      if (typeof current === "number") this.versions.set(planId, current);
    } else if (answer.status === 409) this.submitted.add(planId);
  }

  private async submit(planId: string): Promise<void> {
    const answer = await this.write("submit", {
      method: "POST",
      path: `/api/v1/plans/${planId}/submit`,
      body: "{}",
      ifMatch: undefined,
      planId,
    });
    if (answer?.status === 200) this.submitted.add(planId);
    else if (answer?.status === 409 && (answer.answer as { type?: string }).type !== "/problems/pool-exhausted")
      this.submitted.add(planId);
  }

  private async write(
    kind: Attempt["kind"],
    request: Omit<Logged, "key" | "status" | "answer">,
  ): Promise<{ status: number; answer: unknown } | undefined> {
    const key = randomUUID();
    const startedAt = performance.now();
    const headers: Record<string, string> = { "idempotency-key": key };
    if (request.ifMatch !== undefined) headers["if-match"] = `"${request.ifMatch}"`;
    const answer = await send(
      this.options.baseUrl(),
      this.options.token,
      { ...request, headers },
      this.options.timeoutMs,
    );
    this.attempts.push({ kind, startedAt, ...answer });
    if (answer.status === 0) {
      this.unanswered.push({ ...request, key, startedAt });
      return undefined;
    }
    if (answer.status === 503) this.unavailable.push({ ...request, key, startedAt });
    const parsed = parse(answer.text);
    if (answer.status >= 200 && answer.status < 300)
      this.acknowledged.push({ ...request, key, status: answer.status, answer: parsed });
    return { status: answer.status, answer: parsed };
  }
}

/** What the checks of the stored state found. */
export interface StoreCheck {
  versionsChecked: number;
  versionsDiffering: number;
  submitsChecked: number;
  submitsLost: number;
  /** Rows without their partner, by kind (all 0 when the store is consistent). */
  orphans: Record<string, number>;
  poolsChecked: number;
  poolsOff: number;
  replayed: number;
  replaysDiffering: number;
  tablesChangedByReplays: number;
  findings: string[];
}

const versionActions = sql`('plan.update', 'plan.budget', 'plan.goals')`;

/** Rows without their partner (src/db/migrations: a version, its plan row and its audit entry are one statement; a submit's status, ledger row and audit entry too). */
async function orphans(db: Db): Promise<Record<string, number>> {
  const audited = (action: string, planId: ReturnType<typeof sql>) =>
    sql`EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'plan' AND a.entity_id = ${planId} AND a.action = ${action})`;
  const { rows } = await sql<Record<string, string>>`
    SELECT
      (SELECT count(*) FROM plan_versions v WHERE NOT EXISTS (
         SELECT 1 FROM audit a WHERE a.entity = 'plan' AND a.entity_id = v.plan_id AND a.action IN ${versionActions}
           AND (a.after->>'version')::int = v.version)) AS versions_without_audit,
      (SELECT count(*) FROM audit a WHERE a.entity = 'plan' AND a.action IN ${versionActions} AND NOT EXISTS (
         SELECT 1 FROM plan_versions v WHERE v.plan_id = a.entity_id AND v.version = (a.after->>'version')::int))
        AS audit_without_version,
      (SELECT count(*) FROM plans p WHERE p.version <> coalesce(
         (SELECT max(v.version) FROM plan_versions v WHERE v.plan_id = p.id), 0)) AS plans_off_their_versions,
      (SELECT count(*) FROM plans p WHERE NOT ${audited("plan.create", sql.ref("p.id"))}) AS plans_without_audit,
      (SELECT count(*) FROM audit a WHERE a.entity = 'plan' AND a.action = 'plan.create'
         AND NOT EXISTS (SELECT 1 FROM plans p WHERE p.id = a.entity_id)) AS audit_without_plan,
      (SELECT count(*) FROM pool_ledger l WHERE NOT ${audited("plan.submit", sql.ref("l.plan_id"))})
        AS ledger_without_submit,
      (SELECT count(*) FROM audit a JOIN plans p ON p.id = a.entity_id WHERE a.action = 'plan.submit'
         AND p.pool_id IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM pool_ledger l WHERE l.plan_id = p.id AND l.pool_id = p.pool_id)) AS submit_without_ledger,
      (SELECT count(*) FROM plans p WHERE p.status <> 'draft' AND NOT ${audited("plan.submit", sql.ref("p.id"))})
        AS submitted_without_audit,
      (SELECT count(*) FROM plans p WHERE p.status = 'draft' AND ${audited("plan.submit", sql.ref("p.id"))})
        AS submit_audit_on_draft,
      (SELECT count(*) FROM (SELECT entity_id FROM audit WHERE action = 'plan.submit' GROUP BY entity_id
         HAVING count(*) > 1) twice) AS submitted_twice,
      (SELECT count(*) FROM audit a WHERE a.entity = 'pool' AND a.action = 'pool.create'
         AND NOT EXISTS (SELECT 1 FROM pools p WHERE p.id = a.entity_id)) AS pool_audit_without_pool
  `.execute(db);
  return Object.fromEntries(Object.entries(rows[0] ?? {}).map(([kind, count]) => [kind, Number(count)]));
}

/** Row counts of every table a write stores in (counts.ts) and a hash of the rows a write updates. */
async function tableState(db: Db): Promise<Record<string, string | number>> {
  const { rows } = await sql<Record<string, string>>`
    SELECT (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM plans t) AS plans_hash,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM pools t) AS pools_hash,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM pool_ledger t) AS ledger_hash
  `.execute(db);
  return { ...(await rowCounts(db)), ...rows[0] };
}

/** Runs `each` over `items`, `concurrency` at a time. */
async function inParallel<T>(items: T[], concurrency: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await each(items[next++] as T);
    }),
  );
}

/**
 * Checks the store after a crash or a fault: `acknowledged` must all be there unchanged (read over HTTP from
 * `baseUrl`), the database consistent, and each of `replay` replayed with its key must answer as it first did and
 * change no table.
 */
export async function checkStore(
  db: Db,
  baseUrl: string,
  token: string,
  acknowledged: Logged[],
  replay: Logged[],
): Promise<StoreCheck> {
  const findings: string[] = [];
  const timeoutMs = 30_000;
  const check: StoreCheck = {
    versionsChecked: 0,
    versionsDiffering: 0,
    submitsChecked: 0,
    submitsLost: 0,
    orphans: {},
    poolsChecked: 0,
    poolsOff: 0,
    replayed: 0,
    replaysDiffering: 0,
    tablesChangedByReplays: 0,
    findings,
  };

  // Every acknowledged version, read back: there, and with the budget the acknowledged request sent.
  const seen = new Map<string, Logged>();
  await inParallel(acknowledged, 8, async (logged) => {
    if (logged.method === "PUT") {
      const version = (logged.answer as { version: number }).version;
      const earlier = seen.get(`${logged.planId}/${version}`);
      seen.set(`${logged.planId}/${version}`, logged);
      if (earlier !== undefined)
        findings.push(`version acknowledged twice: ${logged.planId} version ${version} (If-Match lost an update)`);
      const stored = await send(
        baseUrl,
        token,
        { method: "GET", path: `${logged.path.replace(/\/budget$/, "")}/versions/${version}` },
        timeoutMs,
      );
      check.versionsChecked++;
      const budget = stored.status === 200 ? (parse(stored.text) as { budget?: unknown }).budget : undefined;
      if (stored.status !== 200 || !isDeepStrictEqual(budget, JSON.parse(logged.body))) {
        check.versionsDiffering++;
        findings.push(
          `acknowledged version lost or changed: ${logged.planId} version ${version} answers ${stored.status}${stored.status === 200 ? " with another budget" : ""}`,
        );
      }
    } else {
      const stored = await send(baseUrl, token, { method: "GET", path: `/api/v1/plans/${logged.planId}` }, timeoutMs);
      check.submitsChecked++;
      const status = stored.status === 200 ? (parse(stored.text) as { status?: string }).status : undefined;
      if (status !== "submitted") {
        check.submitsLost++;
        findings.push(`acknowledged submit lost: plan ${logged.planId} answers ${stored.status}, status ${status}`);
      }
    }
  });

  check.orphans = await orphans(db);
  for (const [kind, count] of Object.entries(check.orphans))
    if (count > 0) findings.push(`rows without their partner: ${kind} ${count}`);

  const pools = await db.selectFrom("pools").select("id").execute();
  for (const pool of pools) {
    check.poolsChecked++;
    try {
      assertLedgerInvariant(await ledgerState(db, pool.id));
    } catch (error) {
      check.poolsOff++;
      findings.push(`pool ledger: ${pool.id}: ${(error as Error).message}`);
    }
  }

  // Replays with the first key: the first answer again, nothing stored.
  const before = await tableState(db);
  await inParallel(replay, 8, async (logged) => {
    const headers: Record<string, string> = { "idempotency-key": logged.key };
    if (logged.ifMatch !== undefined) headers["if-match"] = `"${logged.ifMatch}"`;
    const again = await send(baseUrl, token, { ...logged, headers }, timeoutMs);
    check.replayed++;
    if (again.status !== logged.status || !isDeepStrictEqual(parse(again.text), logged.answer)) {
      check.replaysDiffering++;
      findings.push(
        `replay answered differently: ${logged.method} ${logged.path} first ${logged.status}, replayed ${again.status} ${again.text.slice(0, 200)}`,
      );
    }
  });
  const after = await tableState(db);
  const changed = Object.keys(before).filter((table) => before[table] !== after[table]);
  check.tablesChangedByReplays = changed.length;
  if (changed.length > 0)
    findings.push(
      `replays changed tables: ${changed.map((table) => `${table} ${before[table]} → ${after[table]}`).join(", ")}`,
    );
  return check;
}

/** The check's figures on one line (all counts 0 when nothing was found). */
export function describeCheck(check: StoreCheck): string {
  const orphanTotal = Object.values(check.orphans).reduce((sum, count) => sum + count, 0);
  return (
    `acknowledged versions ${check.versionsChecked} checked, ${check.versionsDiffering} lost or changed; ` +
    `acknowledged submits ${check.submitsChecked}, ${check.submitsLost} lost; rows without partner ${orphanTotal} ` +
    `(${Object.keys(check.orphans).length} kinds); pools ${check.poolsChecked}, ${check.poolsOff} off their ledger; ` +
    `replays ${check.replayed}, ${check.replaysDiffering} differing, tables changed ${check.tablesChangedByReplays}`
  );
}

/** What a phase prints, and its findings. */
export interface PhaseReport {
  lines: string[];
  findings: string[];
}

/** Runs `each` in batches of `concurrency` and answers the results in order. */
export async function inBatches<T, R>(items: T[], concurrency: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index += concurrency)
    results.push(...(await Promise.all(items.slice(index, index + concurrency).map(each))));
  return results;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How retries with the first key went: the stored answer replayed, the key still claimed (409), or run anew. */
export interface Retries {
  replayed: number;
  stillClaimed: number;
  ran: number;
}

/**
 * Retries `writes` (which failed or got no answer) with their keys, as a client does; a 2xx is added to
 * `acknowledged`, so the checks cover it.
 */
export async function retryWithKeys(
  baseUrl: string,
  token: string,
  writes: Omit<Logged, "status" | "answer">[],
  acknowledged: Logged[],
): Promise<Retries> {
  const retries: Retries = { replayed: 0, stillClaimed: 0, ran: 0 };
  for (const write of writes) {
    const headers: Record<string, string> = { "idempotency-key": write.key };
    if (write.ifMatch !== undefined) headers["if-match"] = `"${write.ifMatch}"`;
    const answer = await send(baseUrl, token, { ...write, headers }, 30_000);
    if (answer.replayed) retries.replayed++;
    else if (answer.status === 409 && answer.text.includes("stadig i gang")) retries.stillClaimed++;
    else retries.ran++;
    if (answer.status >= 200 && answer.status < 300)
      acknowledged.push({ ...write, status: answer.status, answer: parse(answer.text) });
  }
  return retries;
}
