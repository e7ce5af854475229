// `pushPlan`: a workbook's plan to the service, the one workflow of every front end. Without a
// Plan-ID the plan is created and its budget saved; with one, the header and the budget are saved
// over the version the workbook is stamped with — and when a colleague saved meanwhile, the three
// versions are merged cell by cell first. Every expected outcome is a result value with a Danish
// sentence and the cells to write back; nothing here throws for a refusal or a lost connection.
import {
  requestBodyLimitBytes,
  statusName,
  type Client,
  type PlanDetail,
  type Pool,
  type WriteResult,
} from "@helhedsplan/api";
import {
  formatKroner,
  poolDrawOre,
  validatePlan,
  type Budget,
  type Finding,
  type Goal,
  type PlanHeader,
  type PlanInput,
  type Reference,
} from "@helhedsplan/rules";
import {
  cellOf,
  combineGrids,
  goalCellOf,
  goalsToGrid,
  planToGrid,
  type CellMap,
  type Grids,
  type PoolLabel,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { describeCell, describeValue, type Names } from "./describe";
import {
  describeGoals,
  goalsConflictId,
  goalsWriteBack,
  mergeGoals,
  readWorkbookGoals,
  sameGoals,
  type WorkbookGoals,
} from "./goals-sync";
import { mergePlans } from "./merge";
import type { MergeResolution, TakenFromTheirs } from "./merge-types";
import { headerOf, planInputOf } from "./plan-input";
import { cellTranslator } from "./path-translation";
import { readWorkbookPlan } from "./read-workbook-plan";
import { failureOf, type CallFailure, type CallWhat, type RefusalReason } from "./service-answer";
import { stampWrites, writeBack, type CellWrite, type WriteBack } from "./write-back";

/** Which write an Idempotency-Key belongs to (`report`: a yearly report of `pushReport`; `goals`: the `Mål` sheet's goals). */
export type WriteKind = "create" | "header" | "budget" | "goals" | "report";

/** What an `unavailable` answer hands back for the retry: the key and the exact body it was sent with. */
export interface RetryToken {
  idempotencyKey: string;
  write: WriteKind;
  /** The JSON body the key was used with: the key is reused only for the same write with the same body. */
  body: string;
}

/** Options of `pushPlan`. Example: `{ resolve: "mine" }`, `{ retry: earlier.retry }`. */
export interface PushOptions {
  /** Settles the conflicts of an earlier `conflict` answer: all one way, or per conflict id. */
  resolve?: MergeResolution;
  /** From an earlier `unavailable` answer: its Idempotency-Key is sent again with the same write, so nothing counts twice. */
  retry?: RetryToken | null;
  /** The reference data, when the front end has it (fetched otherwise). */
  reference?: Reference;
  /** New Idempotency-Keys (default `crypto.randomUUID`). */
  newKey?: () => string;
}

/** A cell whose value came from the server in a merge. */
export interface ServerCell {
  /** The workbook cell (`Budget!E7`), or a description where the workbook had none (a new line). */
  cell: string;
  /** The cell in words. */
  what: string;
  /** The server's value in words. */
  value: string;
}

/** A cell changed both in the workbook and on the server since the workbook's version. */
export interface ConflictCell {
  /** The id to settle it by (`resolve: { [id]: "mine" }`). */
  id: string;
  cell: string;
  what: string;
  base: string;
  mine: string;
  theirs: string;
}

/** What every result carries: the sentence, the cells to write back and the sync stamps. */
interface ResultBase {
  /** One or more Danish sentences a finance officer understands. */
  message: string;
  /** Cells to write so the workbook holds exactly the stamped version plus the user's own edits (empty when nothing changed on the server). */
  writes: CellWrite[];
  /** The Plan-ID and Version cells, when the server's state moved (empty otherwise). */
  stamps: CellWrite[];
  /**
   * Set when the new version does not fit the workbook's tables: the whole plan, its grids, and why. `goals` is set when
   * the workbook has a `Mål` sheet: the goals to lay with the plan (`templateOf(plan, { goals })`; the grids hold them).
   */
  relayout: {
    plan: PlanInput;
    grids: Grids;
    reason: string;
    reference: Reference;
    pools: PoolLabel[];
    goals?: Goal[];
  } | null;
}

/** The outcome of `pushPlan`. */
export type PushResult = ResultBase &
  (
    | { kind: "created"; planId: string; version: number; findings: WorkbookFinding[]; pool: Pool | null }
    | {
        kind: "saved";
        planId: string;
        version: number;
        findings: WorkbookFinding[];
        pool: Pool | null;
        /** Nothing differed from the server's version: no new version was made. */
        unchanged: boolean;
      }
    | {
        kind: "merged";
        planId: string;
        version: number;
        /** The server's version that was merged in. */
        serverVersion: number;
        fromServer: ServerCell[];
        findings: WorkbookFinding[];
        pool: Pool | null;
      }
    | { kind: "refused"; reason: RefusalReason; findings: WorkbookFinding[] }
    | { kind: "conflict"; planId: string; baseVersion: number; serverVersion: number; conflicts: ConflictCell[] }
    | {
        kind: "partly-saved";
        planId: string;
        version: number;
        /** What the service kept (`plan`: the header and the budget, as far as they differed), and what it refused. */
        saved: "header" | "plan";
        refusedPart: "budget" | "goals";
        reason: RefusalReason;
        findings: WorkbookFinding[];
      }
    | {
        kind: "unavailable";
        /** The write that got no answer and its key, to pass back as `retry`; null when no write was under way. */
        retry: RetryToken | null;
        /** The plan's state on the server as far as it is known (a plan created before the connection failed). */
        planId: string | null;
        version: number | null;
      }
  );

/** Whether a cell taken from the server is a whole line or row it deleted. */
function isDeletion(taken: TakenFromTheirs): boolean {
  return (taken.cell.kind === "expense-line" || taken.cell.kind === "financing-row") && taken.theirs === undefined;
}

/** How many rounds a push tries when the plan keeps changing under it (412) before it gives up for now. */
const MAX_ROUNDS = 3;

const nothingWritten = { writes: [], stamps: [], relayout: null } satisfies Omit<ResultBase, "message">;

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** One push: the client, the names, the key source and the retry token. */
interface Push {
  client: Client;
  reference: Reference;
  names: Names;
  newKey: () => string;
  retry: RetryToken | null;
  /** The service's pools, whose names the Pulje cell shows. */
  pools: PoolLabel[];
  grids: Grids;
  map: CellMap;
  /** The plan as the workbook holds it. */
  mine: PlanInput;
  /** The goals as the workbook holds them; `absent` without a `Mål` sheet (the service's goals are left alone). */
  goals: Exclude<WorkbookGoals, { kind: "unreadable" }>;
}

/** The key for a write: the retry token's when it is the same write with the same body, else a new one. */
function keyFor(push: Push, write: WriteKind, body: string): string {
  const retry = push.retry;
  return retry !== null && retry.write === write && retry.body === body ? retry.idempotencyKey : push.newKey();
}

type Call<T> = { ok: true; value: T } | { ok: false; failure: CallFailure; token: RetryToken | null };

async function call<T>(
  run: (key: string | undefined) => Promise<T>,
  what: CallWhat,
  write?: { push: Push; kind: WriteKind; body: string },
): Promise<Call<T>> {
  const key = write === undefined ? undefined : keyFor(write.push, write.kind, write.body);
  try {
    return { ok: true, value: await run(key) };
  } catch (error) {
    const token =
      write === undefined || key === undefined ? null : { idempotencyKey: key, write: write.kind, body: write.body };
    return { ok: false, failure: failureOf(error, what), token };
  }
}

const headerWhat: CallWhat = { what: "planens stamdata" };
const budgetWhat: CallWhat = { what: "budgettet", bodyPath: ["budget"] };
const goalsWhat: CallWhat = { what: "målene" };

function atCells(findings: readonly Finding[], cell: (path: Finding["path"]) => string): WorkbookFinding[] {
  return findings.map((finding) => ({ ...finding, cell: cell(finding.path) }));
}

function poolSentence(pool: Pool | null, plan: PlanInput): string {
  if (pool === null) return "";
  return (
    ` Planen søger ${formatKroner(poolDrawOre(plan))} af puljens ${formatKroner(pool.availableOre)} ledige ` +
    `(puljen "${pool.name}"; beløbet reserveres, når planen indsendes).`
  );
}

function unavailableResult(
  failure: Extract<CallFailure, { kind: "unavailable" }>,
  token: RetryToken | null,
  known: { planId: string; version: number } | null,
  savedPart: string,
  keep: Omit<ResultBase, "message">,
): PushResult {
  const retry = failure.outcomeUnknown ? token : null;
  const message = [
    failure.message,
    savedPart,
    "Intet er tabt: dine tal står i arbejdsbogen. Synkroniser igen om lidt" +
      (retry === null ? "." : "; den samme forespørgsel sendes igen, så intet tælles dobbelt."),
  ]
    .filter((part) => part !== "")
    .join(" ");
  return {
    kind: "unavailable",
    retry,
    planId: known?.planId ?? null,
    version: known?.version ?? null,
    message,
    ...keep,
  };
}

function refusedResult(failure: Extract<CallFailure, { kind: "refused" }>, findings: WorkbookFinding[]): PushResult {
  const lines = failure.fieldErrors.map(
    (error) => `${error.path.join(".") || "(hele forespørgslen)"}: ${error.message}`,
  );
  return {
    kind: "refused",
    reason: failure.reason,
    findings,
    message: [failure.message, ...lines].join(" "),
    ...nothingWritten,
  };
}

/** A failure no round of this push can settle (a 412 is settled by the caller, never passed here). */
function settled(failure: CallFailure): failure is Exclude<CallFailure, { kind: "stale" }> {
  return failure.kind !== "stale";
}

/**
 * Sends the workbook's plan to the service through `client` and answers what happened, with the cells to write back.
 * Example: `const result = await pushPlan(client, grids); show(result.message); write(result.writes, result.stamps)`.
 */
export async function pushPlan(client: Client, grids: Grids, options: PushOptions = {}): Promise<PushResult> {
  const referenceCall = await call(async () => options.reference ?? (await client.reference.get()), {
    what: "forespørgslen efter referencedata",
  });
  if (!referenceCall.ok) return failedBeforeWriting(referenceCall.failure);
  const reference = referenceCall.value;
  const poolsCall = await call(() => client.pools.list(), { what: "forespørgslen efter puljer" });
  if (!poolsCall.ok) return failedBeforeWriting(poolsCall.failure);
  const pools = poolsCall.value.items.map((pool) => ({ id: pool.id, name: pool.name }));
  const names: Names = { reference, poolNames: new Map(pools.map((pool) => [pool.id, pool.name])) };

  const read = readWorkbookPlan(grids, reference, pools);
  if (!read.ok) {
    const errors = read.findings.filter((finding) => finding.severity === "error").length;
    return {
      kind: "refused",
      reason: "workbook",
      findings: read.findings,
      message: `Arbejdsbogen har ${errors} ${errors === 1 ? "fejl" : "fejl"}; intet er sendt. Ret fejlene, og synkroniser igen.`,
      ...nothingWritten,
    };
  }
  const budgetBytes = byteLength(JSON.stringify(read.plan.budget));
  if (budgetBytes > requestBodyLimitBytes) {
    const megabytes = (budgetBytes / requestBodyLimitBytes).toFixed(1).replace(".", ",");
    return {
      kind: "refused",
      reason: "too-large",
      findings: [],
      message: `Budgettet er for stort til én forespørgsel (${megabytes} MB; tjenesten tager højst 1 MB). Saml linjer, eller forkort aktivitetsnavnene; intet er sendt.`,
      ...nothingWritten,
    };
  }
  const goals = readWorkbookGoals(grids, reference);
  if (goals.kind === "unreadable") {
    const errors = goals.findings.filter((finding) => finding.severity === "error").length;
    return {
      kind: "refused",
      reason: "workbook",
      findings: goals.findings,
      message: `Arket Mål har ${errors} fejl; intet er sendt. Ret fejlene, og synkroniser igen.`,
      ...nothingWritten,
    };
  }
  const push: Push = {
    client,
    reference,
    names,
    newKey: options.newKey ?? (() => crypto.randomUUID()),
    retry: options.retry ?? null,
    pools,
    grids,
    map: read.map,
    mine: read.plan,
    goals,
  };
  if (read.planId === null || read.version === null) return createPlan(push);
  return updatePlan(push, read.planId, read.version, options.resolve);
}

function failedBeforeWriting(failure: CallFailure): PushResult {
  if (failure.kind === "unavailable") return unavailableResult(failure, null, null, "", nothingWritten);
  if (failure.kind === "stale") throw new Error("A read cannot be stale");
  return refusedResult(failure, []);
}

async function createPlan(push: Push): Promise<PushResult> {
  const { client, mine, map } = push;
  const header = headerOf(mine);
  const created = await call(
    (key) => client.plans.create(header, key === undefined ? {} : { idempotencyKey: key }),
    { what: "den nye plans stamdata" },
    { push, kind: "create", body: JSON.stringify(header) },
  );
  if (!created.ok) {
    if (created.failure.kind === "unavailable") {
      return unavailableResult(created.failure, created.token, null, "Planen er ikke oprettet endnu.", nothingWritten);
    }
    if (!settled(created.failure)) throw new Error("A create cannot be stale");
    return refusedResult(created.failure, serverFindings(created, map));
  }
  const plan: PlanDetail = created.value;
  const stamped = (version: number): Omit<ResultBase, "message"> => ({
    writes: [],
    stamps: stampWrites(map, { planId: plan.id, version }),
    relayout: null,
  });
  const saved = await putBudget(push, plan.id, plan.version, mine.budget);
  if (!saved.ok) {
    const failure = saved.failure;
    const createdSentence = `Planen "${plan.name}" er oprettet som kladde (version ${plan.version})`;
    if (failure.kind === "unavailable") {
      return unavailableResult(
        failure,
        saved.token,
        { planId: plan.id, version: plan.version },
        `${createdSentence}, men det vides ikke, om budgettet blev gemt.`,
        stamped(plan.version),
      );
    }
    const reason = failure.kind === "stale" ? "version" : failure.reason;
    return {
      kind: "partly-saved",
      planId: plan.id,
      version: plan.version,
      saved: "header",
      refusedPart: "budget",
      reason,
      findings: serverFindings(saved, map),
      message: `${createdSentence}, men budgettet blev afvist: ${failure.kind === "stale" ? "planen blev ændret imens" : failure.message} Ret fundene, og synkroniser igen.`,
      ...stamped(plan.version),
    };
  }
  let result = saved.value;
  let goalsPart = "";
  if (push.goals.kind === "read" && push.goals.goals.length > 0) {
    const goals = push.goals.goals;
    const written = await putGoals(push, plan.id, result.version, goals);
    if (!written.ok) {
      const failure = written.failure;
      const savedSentence = `Planen "${plan.name}" er oprettet som kladde med budgettet (version ${result.version})`;
      if (failure.kind === "unavailable") {
        return unavailableResult(
          failure,
          written.token,
          { planId: plan.id, version: result.version },
          `${savedSentence}, men det vides ikke, om målene blev gemt.`,
          stamped(result.version),
        );
      }
      return {
        kind: "partly-saved",
        planId: plan.id,
        version: result.version,
        saved: "plan",
        refusedPart: "goals",
        reason: failure.kind === "stale" ? "version" : failure.reason,
        findings: serverFindings(
          written,
          map,
          findingCell(push, (path) => cellOf(path, map)),
        ),
        message: `${savedSentence}, men målene blev afvist: ${failure.kind === "stale" ? "planen blev ændret imens" : failure.message} Ret fundene på arket Mål, og synkroniser igen.`,
        ...stamped(result.version),
      };
    }
    result = written.value;
    goalsPart = ` og ${goals.length} mål`;
  }
  return {
    kind: "created",
    planId: plan.id,
    version: result.version,
    findings: atCells(result.findings, (path) => cellOf(path, map)),
    pool: result.pool,
    message: `Oprettede planen "${plan.name}" som kladde med budgettet (${mine.budget.expenses.length} udgiftslinjer)${goalsPart} i version ${result.version}.${poolSentence(result.pool, mine)}`,
    ...stamped(result.version),
  };
}

function patchHeader(push: Push, planId: string, ifMatch: number, header: PlanHeader): Promise<Call<WriteResult>> {
  return call(
    (key) =>
      push.client.plans.patch(planId, header, { ifMatch, ...(key === undefined ? {} : { idempotencyKey: key }) }),
    headerWhat,
    { push, kind: "header", body: JSON.stringify(header) },
  );
}

function putBudget(push: Push, planId: string, ifMatch: number, budget: Budget): Promise<Call<WriteResult>> {
  return call(
    (key) =>
      push.client.plans.putBudget(planId, budget, { ifMatch, ...(key === undefined ? {} : { idempotencyKey: key }) }),
    budgetWhat,
    { push, kind: "budget", body: JSON.stringify(budget) },
  );
}

function putGoals(push: Push, planId: string, ifMatch: number, goals: Goal[]): Promise<Call<WriteResult>> {
  const body = { goals };
  return call(
    (key) =>
      push.client.plans.putGoals(planId, body, { ifMatch, ...(key === undefined ? {} : { idempotencyKey: key }) }),
    goalsWhat,
    { push, kind: "goals", body: JSON.stringify(body) },
  );
}

/** A finding's cell: a goal's path on the `Mål` sheet (when the workbook has one), anything else by `planCell`. */
function findingCell(push: Push, planCell: (path: Finding["path"]) => string): (path: Finding["path"]) => string {
  const goals = push.goals;
  return (path) => (path[0] === "goals" && goals.kind === "read" ? goalCellOf(path, goals.map) : planCell(path));
}

/** The findings of a refused call at the workbook's cells (a 422's findings; none for other refusals). */
function serverFindings(
  failed: { ok: false; failure: CallFailure },
  map: CellMap,
  cell?: (path: Finding["path"]) => string,
): WorkbookFinding[] {
  const error = failed.failure;
  if (error.kind !== "refused") return [];
  return atCells(error.findings, cell ?? ((path) => cellOf(path, map)));
}

/** The plan's pool as it is now, for the pool sentence; null without a pool or when it cannot be fetched (the figure is a courtesy). */
async function poolOf(push: Push, poolId: string | null): Promise<Pool | null> {
  if (poolId === null) return null;
  return push.client.pools.get(poolId).catch(() => null);
}

function sameHeader(a: PlanHeader, b: PlanHeader): boolean {
  return JSON.stringify(headerOf(a)) === JSON.stringify(headerOf(b));
}

function sameBudget(a: Budget, b: Budget): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The base of a merge: the version the workbook was stamped with (version 0: the header as created, no budget, no goals). */
async function baseOf(push: Push, planId: string, version: number): Promise<Call<{ plan: PlanInput; goals: Goal[] }>> {
  if (version === 0) {
    return {
      ok: true,
      value: { plan: { ...headerOf(push.mine), budget: { expenses: [], financing: [] } }, goals: [] },
    };
  }
  return call(
    async () => {
      const stored = await push.client.plans.version(planId, version);
      return { plan: planInputOf(stored, push.reference), goals: stored.goals };
    },
    { what: `forespørgslen efter version ${version}` },
  );
}

async function updatePlan(
  push: Push,
  planId: string,
  stampedVersion: number,
  resolution: MergeResolution | undefined,
): Promise<PushResult> {
  const { map, mine } = push;
  const versionCell = cellOf(["version"], map);
  // `current` is what this push has made of the workbook so far: the user's plan, merged with the server's changes.
  let current = mine;
  // The goals likewise; null when the workbook has no `Mål` sheet (the service's goals are left alone).
  let currentGoals: Goal[] | null = push.goals.kind === "read" ? push.goals.goals : null;
  let baseVersion = stampedVersion;
  let savedVersion: number | null = null;
  const fromServer = new Map<string, ServerCell>();
  let mergedFrom: number | null = null;

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fetched = await call(() => push.client.plans.get(planId), { what: "forespørgslen efter planen" });
    if (!fetched.ok) {
      return afterFailure(push, fetched.failure, null, planId, savedVersion, current, currentGoals);
    }
    const server = fetched.value;
    const theirs = planInputOf(server.data, push.reference);
    const theirsGoals = server.data.goals;
    if (baseVersion > server.version) {
      const finding: WorkbookFinding = {
        ruleId: "workbook.cell-unreadable",
        severity: "error",
        path: ["version"],
        cell: versionCell,
        message: `${versionCell} (Version): version ${baseVersion} er nyere end tjenestens seneste version ${server.version} af planen; hent planen igen, og før dine ændringer over.`,
      };
      return {
        kind: "refused",
        reason: "version",
        findings: [finding],
        message: `Arbejdsbogens Version ${baseVersion} findes ikke på tjenesten endnu (den seneste er ${server.version}); intet er sendt.`,
        ...nothingWritten,
      };
    }
    if (baseVersion < server.version) {
      const base = await baseOf(push, planId, baseVersion);
      if (!base.ok) {
        if (base.failure.kind === "refused" && base.failure.reason === "not-found") {
          return {
            kind: "refused",
            reason: "version",
            findings: [],
            message: `Version ${baseVersion}, som arbejdsbogen bygger på, findes ikke længere på tjenesten; hent planen igen, og før dine ændringer over. Intet er sendt.`,
            ...nothingWritten,
          };
        }
        return afterFailure(push, base.failure, null, planId, savedVersion, current, currentGoals);
      }
      const merged = mergePlans(base.value.plan, current, theirs, resolution);
      const goalsMerged =
        currentGoals === null ? null : mergeGoals(base.value.goals, currentGoals, theirsGoals, resolution);
      const names = push.names;
      const plans = [base.value.plan, current, theirs];
      const translate = cellTranslator(mine, map);
      const goalsCell = findingCell(push, (path) => cellOf(path, map))(["goals"]);
      if (merged.conflicts.length > 0 || goalsMerged?.kind === "conflict") {
        const conflicts: ConflictCell[] = merged.conflicts.map((conflict) => ({
          id: conflict.id,
          cell: conflict.pathIn === "mine" ? translate(current, conflict.path) : "(slettet i arbejdsbogen)",
          what: describeCell(conflict.cell, plans, names),
          base: describeValue(conflict.cell, conflict.base, names),
          mine: describeValue(conflict.cell, conflict.mine, names),
          theirs: describeValue(conflict.cell, conflict.theirs, names),
        }));
        if (goalsMerged?.kind === "conflict") {
          conflicts.push({
            id: goalsConflictId,
            cell: goalsCell,
            what: "Planens mål (arket Mål, som én helhed)",
            base: describeGoals(goalsMerged.base),
            mine: describeGoals(goalsMerged.mine, goalsMerged.base),
            theirs: describeGoals(goalsMerged.theirs, goalsMerged.base),
          });
        }
        return {
          kind: "conflict",
          planId,
          baseVersion,
          serverVersion: server.version,
          conflicts,
          message:
            `Planen er ændret på tjenesten, siden arbejdsbogen fik version ${baseVersion} (nu version ${server.version}), og ` +
            `${conflicts.length} ${conflicts.length === 1 ? "celle er ændret" : "celler er ændret"} både her og dér. ` +
            "Vælg for hver celle, om din eller tjenestens værdi skal gælde; intet er gemt eller skrevet.",
          ...nothingWritten,
        };
      }
      for (const taken of merged.fromTheirs) {
        fromServer.set(taken.id, {
          // A line the server deleted has no place in the merged plan: its path points into the workbook's plan.
          cell: translate(isDeletion(taken) ? current : merged.plan, taken.path),
          what: describeCell(taken.cell, plans, names),
          value: describeValue(taken.cell, taken.theirs, names),
        });
      }
      if (goalsMerged?.kind === "merged" && goalsMerged.takenFromTheirs) {
        fromServer.set(goalsConflictId, {
          cell: goalsCell,
          what: "Planens mål (arket Mål)",
          value: describeGoals(goalsMerged.goals, base.value.goals),
        });
      }
      const errors = validatePlan(merged.plan, { reference: push.reference }).filter((f) => f.severity === "error");
      if (errors.length > 0) {
        return {
          kind: "refused",
          reason: "rules",
          findings: atCells(errors, (path) => translate(merged.plan, path)),
          message:
            `Dine ændringer og tjenestens (version ${server.version}) passer hver for sig, men ikke sammen: ` +
            "den flettede plan bryder reglerne nedenfor. Intet er gemt eller skrevet; ret cellerne, og synkroniser igen.",
          ...nothingWritten,
        };
      }
      current = merged.plan;
      if (goalsMerged?.kind === "merged") currentGoals = goalsMerged.goals;
      mergedFrom = server.version;
    }
    const target = current;
    const targetGoals = currentGoals;
    const writes = (): Omit<ResultBase, "message"> => writeBackOf(push, target, targetGoals);
    const headerChanged = !sameHeader(target, theirs);
    const budgetChanged = !sameBudget(target.budget, theirs.budget);
    const goalsChanged = targetGoals !== null && !sameGoals(targetGoals, theirsGoals);
    if (!headerChanged && !budgetChanged && !goalsChanged) {
      const pool = await poolOf(push, target.poolId);
      return doneResult(push, planId, server.version, target, mergedFrom, fromServer, [], pool, writes(), false);
    }
    if (server.data.status !== "draft") {
      return {
        kind: "refused",
        reason: "not-draft",
        findings: [],
        message: `Planen er ${statusName(server.data.status)} på tjenesten, så ændringer kan ikke gemmes; den skal genåbnes som kladde først. Intet er gemt.`,
        ...nothingWritten,
      };
    }
    const translate = cellTranslator(mine, map);
    const cellIn = findingCell(push, (path) => translate(target, path));
    let version = server.version;
    let warnings: Finding[] = [];
    let pool: Pool | null = null;
    // The header first: a period moved together with amounts in its new years saves.
    // The goals last: they are checked against the reference only, and a refusal leaves the plan's own parts saved.
    const steps: { part: WritePart; write: (ifMatch: number) => Promise<Call<WriteResult>> }[] = [];
    if (headerChanged)
      steps.push({ part: "header", write: (ifMatch) => patchHeader(push, planId, ifMatch, headerOf(target)) });
    if (budgetChanged)
      steps.push({ part: "budget", write: (ifMatch) => putBudget(push, planId, ifMatch, target.budget) });
    if (goalsChanged) steps.push({ part: "goals", write: (ifMatch) => putGoals(push, planId, ifMatch, targetGoals) });
    let stale = false;
    for (const step of steps) {
      const written = await step.write(version);
      if (!written.ok) {
        if (written.failure.kind !== "stale") {
          return afterFailure(
            push,
            written.failure,
            written.token,
            planId,
            savedVersion,
            target,
            targetGoals,
            cellIn,
            step.part,
          );
        }
        stale = true;
        break;
      }
      version = written.value.version;
      savedVersion = version;
      warnings = written.value.findings;
      pool = written.value.pool;
    }
    if (stale) {
      // Someone saved between this push's read and a write: go round again on top of what this push saved.
      baseVersion = version;
      continue;
    }
    return doneResult(push, planId, version, target, mergedFrom, fromServer, warnings, pool, writes(), true);
  }
  return {
    kind: "unavailable",
    retry: null,
    planId,
    version: savedVersion,
    message:
      "Planen blev ændret på tjenesten igen og igen, mens den blev gemt; synkroniser igen om lidt. Intet er tabt.",
    ...(savedVersion === null ? nothingWritten : writeBackOf(push, current, currentGoals, savedVersion, planId)),
  };
}

/**
 * The writes and stamps that make the workbook hold `target` and `goals` (stamped with the saved version, if any). Goals
 * the server changed go into the `Maal` table's own rows when it has as many (blank rows emptied); else the whole plan is
 * laid anew (`relayout`, with its goals), as when the budget does not fit.
 */
function writeBackOf(
  push: Push,
  target: PlanInput,
  goals: Goal[] | null,
  version?: number,
  planId?: string,
): Omit<ResultBase, "message"> {
  const back: WriteBack = writeBack(
    { grids: push.grids, map: push.map, mine: push.mine },
    target,
    push.reference,
    push.pools,
  );
  const goalsBack =
    goals === null || push.goals.kind !== "read" || sameGoals(goals, push.goals.goals)
      ? ({ fits: true, writes: [] } as const)
      : goalsWriteBack(push.grids, goals, push.reference);
  const stamps = version === undefined || planId === undefined ? [] : stampWrites(push.map, { planId, version });
  if (back.fits && goalsBack.fits) return { writes: [...back.writes, ...goalsBack.writes], stamps, relayout: null };
  const planGrids = back.fits ? planToGrid(target, push.reference, { pools: push.pools }) : back.grids;
  return {
    writes: [],
    stamps,
    relayout: {
      plan: target,
      grids: goals === null ? planGrids : combineGrids(planGrids, goalsToGrid(goals, push.reference)),
      reason: back.fits ? (goalsBack.fits ? "" : goalsBack.reason) : back.reason,
      reference: push.reference,
      pools: push.pools,
      ...(goals === null ? {} : { goals }),
    },
  };
}

/** The part of a plan one write sends. */
type WritePart = "header" | "budget" | "goals";

function afterFailure(
  push: Push,
  failure: CallFailure,
  token: RetryToken | null,
  planId: string,
  savedVersion: number | null,
  current: PlanInput,
  currentGoals: Goal[] | null,
  cell?: (path: Finding["path"]) => string,
  part: WritePart = "budget",
): PushResult {
  const keep = savedVersion === null ? nothingWritten : writeBackOf(push, current, currentGoals, savedVersion, planId);
  const savedName = part === "goals" ? "Planen" : "Stamdata";
  const savedPart = savedVersion === null ? "" : `${savedName} er gemt som version ${savedVersion}.`;
  if (failure.kind === "unavailable") {
    return unavailableResult(
      failure,
      token,
      savedVersion === null ? null : { planId, version: savedVersion },
      savedPart,
      keep,
    );
  }
  if (failure.kind === "stale") {
    return unavailableResult(
      { kind: "unavailable", outcomeUnknown: false, message: "Planen blev ændret på tjenesten imens." },
      null,
      null,
      savedPart,
      keep,
    );
  }
  const findings = serverFindings({ ok: false, failure }, push.map, cell);
  if (savedVersion !== null && part === "goals") {
    return {
      kind: "partly-saved",
      planId,
      version: savedVersion,
      saved: "plan",
      refusedPart: "goals",
      reason: failure.reason,
      findings,
      message: `Planen er gemt som version ${savedVersion}, men målene blev afvist: ${failure.message} Tjenesten har målene fra før; ret fundene på arket Mål, og synkroniser igen.`,
      ...keep,
    };
  }
  if (savedVersion !== null) {
    return {
      kind: "partly-saved",
      planId,
      version: savedVersion,
      saved: "header",
      refusedPart: "budget",
      reason: failure.reason,
      findings,
      message: `Stamdata er gemt som version ${savedVersion}, men budgettet blev afvist: ${failure.message} Tjenesten har budgettet fra før; ret fundene, og synkroniser igen.`,
      ...keep,
    };
  }
  return refusedResult(failure, findings);
}

function doneResult(
  push: Push,
  planId: string,
  version: number,
  target: PlanInput,
  mergedFrom: number | null,
  fromServer: ReadonlyMap<string, ServerCell>,
  warnings: readonly Finding[],
  pool: Pool | null,
  back: Omit<ResultBase, "message">,
  changed: boolean,
): PushResult {
  const translate = cellTranslator(push.mine, push.map);
  const findings = atCells(warnings, (path) => translate(target, path));
  const stamps = stampWrites(push.map, { planId, version });
  const relayoutSentence =
    back.relayout === null ? "" : ` Planen passer ikke ind i arbejdsbogens tabeller (${back.relayout.reason}).`;
  if (mergedFrom !== null) {
    const cells = [...fromServer.values()];
    return {
      kind: "merged",
      planId,
      version,
      serverVersion: mergedFrom,
      fromServer: cells,
      findings,
      pool,
      message:
        `En anden har gemt planen på tjenesten imens (version ${mergedFrom}). ` +
        `${cells.length} ${cells.length === 1 ? "celle er hentet" : "celler er hentet"} derfra og flettet med dine ændringer; ` +
        `planen er nu i version ${version}.${relayoutSentence}${poolSentence(pool, target)}`,
      ...back,
      stamps,
    };
  }
  return {
    kind: "saved",
    planId,
    version,
    findings,
    pool,
    unchanged: !changed,
    message: !changed
      ? `Intet at gemme: arbejdsbogen er den samme som version ${version} på tjenesten.`
      : `Gemte planen som version ${version}.${poolSentence(pool, target)}`,
    ...back,
    stamps,
  };
}
