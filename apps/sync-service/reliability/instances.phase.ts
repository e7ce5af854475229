// Several instances on one PostgreSQL, reached round-robin with no balancer in between: concurrent submits spread
// over them never over-reserve the pool, an Idempotency-Key retried on another instance answers the first answer and
// changes nothing, and If-Match conflicts are detected whichever instance each writer reached.
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Client } from "@helhedsplan/api";
import type { Db } from "../src/db/database";
import { rowCounts } from "../test/support/counts";
import { budgetWithPoolMoney } from "../test/support/fixtures";
import { ledgerState } from "../test/support/ledger";
import { draftWithPoolMoney, newPool, ore } from "../test/support/plans";

export interface InstancesOptions {
  /** Admin clients, one per instance. */
  clients: Client[];
  baseUrls: string[];
  adminToken: string;
  db: Db;
  /** Plans that fit in the pool, and plans submitted in all. */
  fit: number;
  submitted: number;
  /** Plans each written by one writer per instance at the same version. */
  conflictPlans: number;
}

export interface InstancesResult {
  instances: number;
  submits: number;
  submitsAccepted: number;
  submitsRefused: number;
  fit: number;
  overReservedOre: number;
  retries: number;
  retriesDiffering: number;
  rowsChangedByRetries: number;
  conflictRounds: number;
  conflictWinners: number;
  conflictsDetected: number;
  staleWritesAccepted: number;
  seconds: number;
  findings: string[];
}

interface Answer {
  status: number;
  body: unknown;
}

async function post(baseUrl: string, token: string, path: string, key: string): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
    body: "{}",
  });
  return { status: response.status, body: await response.json() };
}

export async function runInstances(options: InstancesOptions): Promise<InstancesResult> {
  const started = performance.now();
  const { clients, baseUrls, adminToken, db } = options;
  const at = (index: number) => baseUrls[index % baseUrls.length] ?? "";
  const clientAt = (index: number) => clients[index % clients.length] as Client;
  const findings: string[] = [];
  const kroner = 100_000;

  // 1. Submits: `submitted` drafts that each draw `kroner`, a pool with room for exactly `fit` of them.
  const pool = await newPool(clientAt(0), kroner * options.fit);
  const drafts = [];
  for (let index = 0; index < options.submitted; index++)
    drafts.push(await draftWithPoolMoney(clientAt(index), pool.id, kroner));
  const keys = drafts.map(() => randomUUID());
  const first = await Promise.all(
    drafts.map((draft, index) => post(at(index), adminToken, `/api/v1/plans/${draft.id}/submit`, keys[index] ?? "")),
  );
  const accepted = first.filter((answer) => answer.status === 200).length;
  const refused = first.filter(
    (answer) => answer.status === 409 && (answer.body as { type?: string }).type === "/problems/pool-exhausted",
  ).length;
  if (accepted !== options.fit) findings.push(`${accepted} submits succeeded where ${options.fit} fit the pool`);
  if (refused !== options.submitted - options.fit)
    findings.push(`${refused} submits refused as pool-exhausted, expected ${options.submitted - options.fit}`);
  const other = first.filter((answer) => answer.status !== 200 && answer.status !== 409);
  if (other.length > 0) findings.push(`submits answered ${other.map((answer) => answer.status).join(", ")}`);
  const state = await ledgerState(db, pool.id);
  const overReservedOre = Math.max(0, state.reservedOre + state.committedOre - state.amountOre);
  if (overReservedOre > 0) findings.push(`pool over-reserved by ${overReservedOre} øre`);
  if (state.reservedOre !== ore(kroner) * accepted || state.rowsReservedOre !== state.reservedOre)
    findings.push(
      `pool reserved ${state.reservedOre} øre, its ledger rows ${state.rowsReservedOre}, ${accepted} accepted submits`,
    );

  // 2. Every submit retried with its key on the next instance: the first answer again, nothing stored.
  const before = await rowCounts(db);
  const retried = await Promise.all(
    drafts.map((draft, index) =>
      post(at(index + 1), adminToken, `/api/v1/plans/${draft.id}/submit`, keys[index] ?? ""),
    ),
  );
  const after = await rowCounts(db);
  let retriesDiffering = 0;
  retried.forEach((answer, index) => {
    if (!isDeepStrictEqual(answer, first[index])) {
      retriesDiffering++;
      if (retriesDiffering <= 3)
        findings.push(
          `retry on another instance answered ${answer.status} where the first answer was ${first[index]?.status}`,
        );
    }
  });
  const rowsChangedByRetries = Object.keys(before).filter(
    (table) => before[table as keyof typeof before] !== after[table as keyof typeof after],
  ).length;
  if (rowsChangedByRetries > 0) findings.push(`retries changed the row counts: ${JSON.stringify({ before, after })}`);
  const stateAfter = await ledgerState(db, pool.id);
  if (stateAfter.reservedOre !== state.reservedOre) findings.push("retries changed the pool's reservation");

  // 3. If-Match across instances: one writer per instance at the same version; exactly one wins, the rest get 412.
  let conflictWinners = 0;
  let conflictsDetected = 0;
  let staleWritesAccepted = 0;
  for (let round = 0; round < options.conflictPlans; round++) {
    const draft = await draftWithPoolMoney(clientAt(round), pool.id, kroner);
    const answers = await Promise.all(
      baseUrls.map(async (baseUrl, index) => {
        const response = await fetch(`${baseUrl}/api/v1/plans/${draft.id}/budget`, {
          method: "PUT",
          headers: {
            authorization: `Bearer ${adminToken}`,
            "content-type": "application/json",
            "if-match": `"${draft.version}"`,
          },
          body: JSON.stringify(budgetWithPoolMoney(kroner - 1_000 * (index + 1))),
        });
        return response.status;
      }),
    );
    const winners = answers.filter((status) => status === 200).length;
    const conflicts = answers.filter((status) => status === 412).length;
    conflictWinners += winners;
    conflictsDetected += conflicts;
    if (winners !== 1 || conflicts !== baseUrls.length - 1)
      findings.push(`If-Match round ${round}: answers ${answers.join(", ")} (expected one 200, the rest 412)`);
    // The version the winner wrote, read on one instance; a write at the old version on each other instance is 412.
    const current = await clientAt(round + 1).plans.get(draft.id);
    for (const baseUrl of baseUrls) {
      const stale = await fetch(`${baseUrl}/api/v1/plans/${draft.id}`, {
        method: "PATCH",
        headers: {
          authorization: `Bearer ${adminToken}`,
          "content-type": "application/json",
          "if-match": `"${current.version - 1}"`,
        },
        body: JSON.stringify({ name: "Forældet" }),
      });
      if (stale.status !== 412) {
        staleWritesAccepted++;
        findings.push(`a PATCH at a stale version on ${baseUrl} answered ${stale.status}`);
      }
    }
  }

  return {
    instances: baseUrls.length,
    submits: drafts.length,
    submitsAccepted: accepted,
    submitsRefused: refused,
    fit: options.fit,
    overReservedOre,
    retries: retried.length,
    retriesDiffering,
    rowsChangedByRetries,
    conflictRounds: options.conflictPlans,
    conflictWinners,
    conflictsDetected,
    staleWritesAccepted,
    seconds: (performance.now() - started) / 1000,
    findings,
  };
}
