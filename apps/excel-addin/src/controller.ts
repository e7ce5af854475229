// The add-in's workflow without Office: when to run a pass (a burst of changes is one pass, the
// latest wins; the add-in's own writes never start one), what a pass writes, and the state the
// pane shows. It talks to the workbook only through a WorkbookPort and to the service only
// through @helhedsplan/sync and @helhedsplan/api.
import {
  ApiError,
  createClient,
  statusName,
  type Client,
  type Decision,
  type Plan,
  type PlanStatus,
  type Role,
} from "@helhedsplan/api";
import { defaultReference, distributeShare, type PlanInput, type Reference, type Source } from "@helhedsplan/rules";
import {
  basePlanOf,
  planInputOf,
  cellHistory,
  checkService,
  createHistoryCache,
  goalsWriteBack,
  localChanges,
  pullPlan,
  pushPlan,
  pushReport,
  reopenPlan,
  stampWrites,
  submitPlan,
  syncStatusText,
  writeBack,
  type CellHistoryEntry,
  type ConflictCell,
  type HistoryCache,
  type LocalChanges,
  type PushResult,
  type ReportConflictCell,
  type ReportPushResult,
  type RetryToken,
  type ServerCell,
  type SubmitResult,
} from "@helhedsplan/sync";
import {
  gridToPlan,
  pathAt,
  templateOf,
  type CellMap,
  type PoolLabel,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { runPass, type ApprovedFromService, type PaneModel, type TableFlags } from "./pass";
import { ExcelTimeout, type MarkWrite, type WorkbookPort } from "./port";
import type { Session, SessionStore } from "./session";

/** Who is signed in, as the service told it. */
export interface SignedIn {
  serviceUrl: string;
  role: Role;
  housingOrganisation: string | null;
}

/** The plan's pool as last fetched: its room for this plan, and when it was fetched. */
export interface PoolRoom {
  poolId: string;
  name: string;
  /** What the pool has left plus what this plan already holds in it. */
  roomOre: number;
  fetchedAt: Date;
}

/** What the pane shows, as one immutable value. */
export interface PaneState {
  /** `loading` until the first pass has ended. */
  phase: "loading" | "ready";
  model: PaneModel | null;
  /** A plain Danish sentence when Excel did not answer or something failed; null otherwise. */
  problem: string | null;
  /** A passing note after a command (*Ny plan*, *Fordel*); null otherwise. */
  notice: string | null;
  /** Who is signed in to the service; null when nobody is. */
  signedIn: SignedIn | null;
  /** Why the last sign-in did not go through; null otherwise. */
  signInProblem: string | null;
  /** The plan's pool, once fetched from the service. */
  pool: PoolRoom | null;
  /** The last *Synkroniser* or *Indsend*: its kind and Danish sentence; null before the first. */
  sync: { kind: PushResult["kind"] | SubmitResult["kind"]; message: string } | null;
  /** Cells changed both here and on the service, waiting for the user's choice; empty otherwise. */
  conflicts: ConflictCell[];
  /** A sync the service did not answer: it is sent again, with the same Idempotency-Key, on the next *Synkroniser*. */
  pending: boolean;
  /** The workbook's plan on the service: status, decisions, latest version; null when unknown. */
  server: ServerPlan | null;
  /** What is on the service and what is only in this workbook, in one Danish sentence. */
  syncText: string;
  /** The cells changed here since the workbook's version (0 when none or not known). */
  unsyncedCount: number;
  /** The cells the last merge took from the service, listed until the next sync. */
  fromServer: ServerCell[];
  /** *Hent plan*: the plans the token may see, while the list is open. */
  planList: { loading: boolean; items: Plan[]; problem: string | null } | null;
  /** A question the user must answer before the add-in overwrites their sheets; null otherwise. */
  confirm: { message: string; action: string } | null;
  /** Historik for the selected cell; null before a cell is selected. */
  history: HistoryView | null;
  /** The last *Indsend redegørelse*: its kind, Danish sentence and, for a conflict, the cells that differ; null before the first. */
  reportSync: { kind: ReportPushResult["kind"]; message: string; conflicts: ReportConflictCell[] } | null;
}

/** The workbook's plan as the service has it. */
export interface ServerPlan {
  planId: string;
  status: PlanStatus;
  /** The status in Danish (`godkendt i udvalg`). */
  statusText: string;
  /** The latest version on the service. */
  version: number;
  approvedVersion: number | null;
  decisions: Decision[];
  fetchedAt: Date;
}

/** What the Historik view shows for the selected cell. */
export type HistoryView =
  | { cell: string; state: "loading" }
  | { cell: string; state: "shown"; what: string; entries: CellHistoryEntry[] }
  | { cell: string; state: "message"; message: string };

/** What an approved (or otherwise decided) plan's edited cells say. */
export const LOCKED_MESSAGE = "Godkendt version – genåbn for at ændre.";

/** Statuses in which the workbook's plan cannot be changed on the service. */
const lockedStatuses: ReadonlySet<PlanStatus> = new Set(["submitted", "committee_approved", "approved", "closed"]);

/** How long the cells a merge took from the service stay marked. */
export const FROM_SERVER_MARK_MS = 15_000;

/** How long a burst of keystrokes or a paste may go on before the pass runs (latest wins). */
export const DEBOUNCE_MS = 200;

/** Lets a host (the test host) see when the add-in is busy; Excel has none. */
export interface BusyReporter {
  ready(): void;
  busy(work: Promise<unknown>): void;
}

export interface Controller {
  getState(): PaneState;
  subscribe(listener: () => void): () => void;
  /** Starts: listens for changes and runs the first pass. */
  start(): Promise<void>;
  /** Runs a pass now (the pane opening, the workbook getting focus), then asks the service for the plan's status and pool. */
  revalidate(): Promise<void>;
  select(cell: string): Promise<void>;
  /** Lays the template into the open workbook (*Ny plan*). */
  newPlan(): Promise<void>;
  /** Sets a source's share of the frame (*Fordel*), as typed (`12,5`). */
  distribute(source: Source, percentText: string): Promise<void>;
  /** Signs in to the service at `serviceUrl` with `token`; the session is kept in the add-in's own storage. */
  signIn(serviceUrl: string, token: string): Promise<void>;
  signOut(): Promise<void>;
  /** Sends the workbook's plan to the service (*Synkroniser*); `resolve` settles the conflicts of the last attempt. */
  synchronise(resolve?: "mine" | "theirs" | Record<string, "mine" | "theirs">): Promise<void>;
  /** Submits the synced plan to the committees (*Indsend*; finance and admin). */
  submit(): Promise<void>;
  /**
   * Sends the `Regnskab` sheet's report to the service (*Indsend redegørelse*; finance, admin and housing) and stamps the
   * report's version in the sheet; `resolve: "mine"` sends it over a newer report on the service after a conflict.
   */
  submitReport(resolve?: "mine"): Promise<void>;
  /** Reopens an approved plan for a revision (*Genåbn*; finance and admin). */
  reopen(): Promise<void>;
  /** Opens *Hent plan*'s list of the plans the token may see. */
  openPlanList(): Promise<void>;
  closePlanList(): void;
  /** Lays the plan into the workbook, asking first when that would replace another plan or unsynced changes. */
  fetchPlan(planId: string): Promise<void>;
  /** Answers the open question (`confirm`): yes goes on, no leaves the workbook as it is. */
  answer(yes: boolean): Promise<void>;
  /** Shows the history of a cell (the pane's selection; `Budget!E7`). */
  showHistory(cell: string): Promise<void>;
}

function signInMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401)
    return "Tjenesten kender ikke adgangsnøglen; tjek den, eller bed om en ny.";
  if (error instanceof ApiError && error.kind === "network") return `${error.message} Tjek adressen.`;
  return error instanceof Error ? error.message : String(error);
}

/** Said when a token the service knew stops working (revoked, expired): the pane goes back to sign-in. */
export const TOKEN_GONE_MESSAGE =
  "Tjenesten kender ikke længere din adgangsnøgle (401); log ind igen med en gyldig nøgle.";

/** Said when the workbook's Plan-ID is no plan this token may see. */
export const PLAN_GONE_MESSAGE =
  "Planen findes ikke, eller du har ikke adgang til den (Plan-ID i arbejdsbogen); tjek Plan-ID, eller hent planen igen.";

const isUnauthorized = (error: unknown) => error instanceof ApiError && error.status === 401;
const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** `12,5` / `12.5` / `12,50 %` → basis points, or null. */
export function basisPointsOf(text: string): number | null {
  const match = /^\s*(\d{1,3})(?:[,.](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  return value <= 10_000 ? value : null;
}

/** The controller over `port`. Example: `const controller = createController(excelAdapter()); await controller.start()`. */
export function createController(
  port: WorkbookPort,
  options: {
    reference?: Reference;
    pools?: PoolLabel[];
    host?: BusyReporter;
    sessions?: SessionStore;
    now?: () => Date;
    /** How long the service may take to answer a call before the pane says it is offline (default 10 s). */
    serviceTimeoutMs?: number;
  } = {},
): Controller {
  // The service's reference data and pools once signed in (names it renamed, pools it made); the built-in ones before.
  let reference = options.reference ?? defaultReference;
  let pools = options.pools;
  const now = options.now ?? (() => new Date());
  const serviceTimeoutMs = options.serviceTimeoutMs ?? 10_000;
  let state: PaneState = {
    phase: "loading",
    model: null,
    problem: null,
    notice: null,
    signedIn: null,
    signInProblem: null,
    pool: null,
    sync: null,
    conflicts: [],
    pending: false,
    server: null,
    syncText: syncStatusText({ planId: null, version: null, changes: null, pending: false }),
    unsyncedCount: 0,
    fromServer: [],
    planList: null,
    confirm: null,
    history: null,
    reportSync: null,
  };
  let retry: RetryToken | null = null;
  /** The report push that got no answer, sent again by the next *Indsend redegørelse*. */
  let reportRetry: RetryToken | null = null;
  let client: Client | null = null;
  let history: HistoryCache | null = null;
  /** The plan as the last pass read it, for the pool, the server's state, the base and Historik. */
  let lastPlan: {
    poolId: string | null;
    planId: string | null;
    version: number | null;
    plan: PlanInput | null;
    map: CellMap | null;
    hasPlan: boolean;
  } = { poolId: null, planId: null, version: null, plan: null, map: null, hasPlan: false };
  /** The workbook's version as the service stored it: what "unsynced" is measured against. */
  let base: { planId: string; version: number; plan: PlanInput } | null = null;
  /**
   * The plan's approved version on the service and its yearly reports, fetched once per approved version: what the
   * `Regnskab` sheet is checked against while signed in (offline: the workbook's own plan and goals).
   */
  let approved: { planId: string; value: ApprovedFromService } | null = null;
  /** The local changes of the last pass (null when the base is not known). */
  let lastChanges: LocalChanges | null = null;
  /** Cells just taken from the service, and when their marks go. */
  let fromServerCells: string[] = [];
  let fromServerTimer: ReturnType<typeof setTimeout> | undefined;
  /** What a `yes` to the open question does. */
  let onYes: (() => Promise<void>) | null = null;
  const listeners = new Set<() => void>();
  const blockSizes: Record<string, { rows: number; columns: number }> = {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  let pendingResolve: (() => void) | null = null;

  const set = (next: Partial<PaneState>) => {
    state = { ...state, ...next };
    for (const listener of listeners) listener();
  };

  const sizeOf = (block: TableFlags) => ({ rows: block.flags.length, columns: block.flags[0]?.length ?? 0 });

  /** The add-in's own findings: every edited cell of a plan the service no longer lets change. */
  function lockedFindings(changes: LocalChanges | null, planId: string | null): WorkbookFinding[] {
    const server = state.server;
    if (changes === null || server === null || server.planId !== planId || !lockedStatuses.has(server.status))
      return [];
    const message =
      server.status === "approved" || server.status === "closed"
        ? LOCKED_MESSAGE
        : `Planen er ${server.statusText} og kan ikke ændres, før den er behandlet.`;
    return changes.cells.map((cell) => ({ ruleId: "addin.plan-locked", severity: "error", message, path: [], cell }));
  }

  /** One pass: read (sync 1), decide, write (sync 2). */
  async function pass(): Promise<void> {
    try {
      const snapshot = await port.read();
      const pool = state.pool;
      const result = runPass(snapshot.grids, reference, {
        ...(pools === undefined ? {} : { pools }),
        ...(pool === null ? {} : { poolAvailableOre: pool.roomOre }),
        annotate: (read) => {
          const known =
            base !== null && read.plan !== null && base.planId === read.planId && base.version === read.version;
          lastChanges =
            known && base !== null && read.plan !== null
              ? localChanges(base.plan, read.plan, read.map, reference)
              : null;
          return {
            unsynced: lastChanges?.cells ?? [],
            fromServer: fromServerCells,
            extraFindings: lockedFindings(lastChanges, read.planId),
            approved: approved !== null && approved.planId === read.planId ? approved.value : null,
          };
        },
      });
      lastPlan = {
        poolId: result.plan?.poolId ?? null,
        planId: result.model.plan.planId,
        version: result.model.plan.version,
        plan: result.plan,
        map: result.map,
        hasPlan: result.model.hasPlan,
      };
      // A pool figure belongs to the pool it was fetched for: a changed Pulje cell drops it.
      if (pool !== null && pool.poolId !== lastPlan.poolId) set({ pool: null });
      if (result.model.hasPlan) {
        const findingsCount = result.findings.length;
        const write: MarkWrite = {
          flags: result.flags,
          previousSizes: { ...blockSizes },
          createMarks: result.flags
            .map((block) => block.table)
            .filter((table) => !snapshot.markedTables.includes(table)),
          createMarkSheet: !snapshot.markSheetExists,
          overview:
            snapshot.overview.findings === findingsCount || snapshot.overview.findings === undefined
              ? {}
              : { findings: findingsCount },
        };
        await port.writeMarks(write);
        for (const block of result.flags) blockSizes[block.table] = sizeOf(block);
      }
      set({
        phase: "ready",
        model: result.model,
        problem: null,
        unsyncedCount: lastChanges?.count ?? 0,
        syncText: syncStatusText({
          planId: lastPlan.planId,
          version: lastPlan.version,
          changes: lastChanges,
          pending: state.pending,
        }),
      });
    } catch (error) {
      set({
        phase: "ready",
        problem: error instanceof ExcelTimeout ? error.message : `Kontrollen kunne ikke gennemføres: ${textOf(error)}`,
      });
    }
  }

  /** Runs passes one at a time; a pass asked for while one runs follows it. */
  function enqueue(): Promise<void> {
    running = running.then(pass, pass);
    return running;
  }

  function schedule() {
    clearTimeout(timer);
    if (pendingResolve === null) {
      const work = new Promise<void>((resolve) => (pendingResolve = resolve));
      options.host?.busy(work);
    }
    timer = setTimeout(() => {
      const resolve = pendingResolve;
      pendingResolve = null;
      void enqueue().then(() => resolve?.());
    }, DEBOUNCE_MS);
  }

  const tracked = <T>(work: Promise<T>): Promise<T> => {
    options.host?.busy(work);
    return work;
  };

  /** A token the service stopped knowing: forget it and show the sign-in again, saying why. */
  async function tokenGone(): Promise<void> {
    client = null;
    history = null;
    approved = null;
    await options.sessions?.clear();
    set({ signedIn: null, pool: null, server: null, planList: null, signInProblem: TOKEN_GONE_MESSAGE });
  }

  /** Marks the cells a merge took from the service for a while, then lets them go. */
  function markFromServer(cells: string[]) {
    clearTimeout(fromServerTimer);
    fromServerCells = cells;
    if (cells.length === 0) return;
    fromServerTimer = setTimeout(() => {
      fromServerCells = [];
      void enqueue();
    }, FROM_SERVER_MARK_MS);
  }

  /** Fetches the plan's pool (its room for this plan) when signed in and the plan names one; then validates again. */
  async function refreshPool(): Promise<void> {
    const { poolId, planId } = lastPlan;
    if (client === null || poolId === null) return;
    try {
      const pool = await client.pools.get(poolId);
      const held = pool.plans.find((holding) => holding.planId === planId);
      const roomOre = pool.availableOre + (held === undefined ? 0 : held.reservedOre + held.committedOre);
      set({ pool: { poolId, name: pool.name, roomOre, fetchedAt: now() } });
    } catch (error) {
      // The pool figure is a courtesy: without it the local rules still run.
      if (isUnauthorized(error)) await tokenGone();
      return;
    }
    await enqueue();
  }

  /**
   * Fetches the workbook's plan from the service — status, decisions, latest version — and the version the workbook is
   * stamped with (the base of "unsynced"), once per version; then validates again.
   */
  async function refreshServer(): Promise<void> {
    const signed = client;
    const { planId, version } = lastPlan;
    if (signed === null || planId === null) {
      base = null;
      if (state.server !== null) set({ server: null });
      return;
    }
    try {
      const [{ data: plan, version: latest }, decisions] = await Promise.all([
        signed.plans.get(planId),
        signed.plans.decisions(planId),
      ]);
      set({
        server: {
          planId,
          status: plan.status,
          statusText: statusName(plan.status),
          version: latest,
          approvedVersion: plan.approvedVersion,
          decisions: decisions.items,
          fetchedAt: now(),
        },
      });
      if (version !== null && (base?.planId !== planId || base.version !== version) && history !== null) {
        const versions = await history.versionsOf(planId, latest);
        const stored = basePlanOf(versions, version, reference);
        base = stored === null ? null : { planId, version, plan: stored };
      }
      await refreshApproved(signed, planId, plan.approvedVersion, latest);
    } catch (error) {
      if (isUnauthorized(error)) await tokenGone();
      else if (isNotFound(error)) set({ server: null, notice: PLAN_GONE_MESSAGE });
      // Offline: what is known stays; the next sync or open tries again.
      return;
    }
    await enqueue();
  }

  /**
   * The approved version's plan and goals (from the versions list Historik and the base share) and the plan's yearly
   * reports, once per approved version; a plan without an approved version is checked against the workbook's own.
   */
  async function refreshApproved(
    signed: Client,
    planId: string,
    approvedVersion: number | null,
    latest: number,
  ): Promise<void> {
    if (approvedVersion === null) {
      approved = null;
      return;
    }
    if (approved?.planId === planId && approved.value.version === approvedVersion) return;
    if (history === null) return;
    const versions = await history.versionsOf(planId, latest);
    const stored = versions.find((candidate) => candidate.version === approvedVersion);
    if (stored === undefined) return;
    const plan = planInputOf(stored, reference);
    const years = Array.from(
      { length: Math.max(0, plan.periodEnd - plan.periodStart + 1) },
      (_, i) => plan.periodStart + i,
    );
    // Every year's report of the period: the rules replace the one of the sheet's year with the sheet (kommune-share).
    const reports = await Promise.all(
      years.map((year) =>
        signed.plans.getReport(planId, year).then(
          ({ data }) => ({
            year: data.year,
            spending: data.spending,
            financingReceived: data.financingReceived,
            goals: data.goals,
          }),
          (error: unknown) => {
            if (isNotFound(error)) return null;
            throw error;
          },
        ),
      ),
    );
    approved = {
      planId,
      value: {
        version: approvedVersion,
        approved: { plan, goals: stored.goals },
        earlier: reports.filter((report) => report !== null),
      },
    };
  }

  /** Uses `candidate` as the service from now on, for the signed-in user `who`. */
  function useClient(candidate: Client, who: SignedIn) {
    client = candidate;
    history = createHistoryCache((planId) => candidate.plans.versions(planId).then((list) => list.items));
    set({ signedIn: who, signInProblem: null });
  }

  /** The service's reference data and pools, so the Pulje cell reads a pool the service made; offline the last ones stay. */
  async function loadServiceNames(signed: Client): Promise<void> {
    try {
      const [fetchedReference, poolList] = await Promise.all([signed.reference.get(), signed.pools.list()]);
      reference = fetchedReference;
      pools = poolList.items.map((pool) => ({ id: pool.id, name: pool.name }));
    } catch (error) {
      if (isUnauthorized(error)) await tokenGone();
    }
  }

  async function connect(serviceUrl: string, token: string): Promise<SignedIn> {
    const address = serviceUrl.replace(/\/+$/, "");
    const candidate = createClient({ baseUrl: address, token, timeoutMs: serviceTimeoutMs });
    let me;
    try {
      me = await candidate.me();
    } catch (error) {
      // A 401 is the token's fault; anything else may be an address that is no helhedsplan service at all.
      if (!isUnauthorized(error)) {
        const check = await checkService(address, { timeoutMs: serviceTimeoutMs });
        if (!check.ok) throw new Error(check.message);
      }
      throw error;
    }
    const who = { serviceUrl: address, role: me.role, housingOrganisation: me.housingOrganisation };
    useClient(candidate, who);
    return who;
  }

  /**
   * Signs in again with the saved session on start. A token the service no longer knows is forgotten and said; a service
   * that does not answer leaves the user signed in as last time, offline, so a pending sync can still go when it is back.
   */
  async function resume(session: Session): Promise<void> {
    try {
      await connect(session.serviceUrl, session.token);
    } catch (error) {
      if (isUnauthorized(error)) {
        await options.sessions?.clear();
        set({ signInProblem: TOKEN_GONE_MESSAGE });
        return;
      }
      if (session.role === undefined) return;
      const offline = createClient({ baseUrl: session.serviceUrl, token: session.token, timeoutMs: serviceTimeoutMs });
      useClient(offline, {
        serviceUrl: session.serviceUrl,
        role: session.role,
        housingOrganisation: session.housingOrganisation ?? null,
      });
    }
  }

  /** After signing in or starting: the pending sync of this service, if one waits. */
  async function restorePending(): Promise<void> {
    const pending = (await options.sessions?.loadPending()) ?? null;
    if (pending === null || state.signedIn === null || pending.serviceUrl !== state.signedIn.serviceUrl) return;
    retry = pending.retry;
    set({ pending: true });
  }

  /** Lays a pulled plan into the workbook: its values into the tables when they fit, else its sheets anew. */
  async function layPulled(pulled: Extract<Awaited<ReturnType<typeof pullPlan>>, { kind: "pulled" }>) {
    const snapshot = await port.read();
    const read = gridToPlan(snapshot.grids, reference, { pools: pulled.pools });
    const template = () =>
      templateOf(pulled.plan, {
        reference,
        pools: pulled.pools,
        planId: pulled.planId,
        version: pulled.version,
        ...(pulled.goals.length === 0 ? {} : { goals: pulled.goals }),
      });
    if (!lastPlan.hasPlan) {
      await port.layTemplate(template());
      return "laid";
    }
    if (read.plan !== null) {
      const back = writeBack(
        { grids: snapshot.grids, map: read.map, mine: read.plan },
        pulled.plan,
        reference,
        pulled.pools,
      );
      // The goals go into the Mål sheet's table when it has room (rows past them emptied); else the sheets are laid anew.
      const goals = goalsWriteBack(snapshot.grids, pulled.goals, reference);
      if (back.fits && (goals.fits || pulled.goals.length === 0)) {
        await port.writeCells([
          ...back.writes,
          ...(goals.fits ? goals.writes : []),
          ...stampWrites(read.map, { planId: pulled.planId, version: pulled.version }),
        ]);
        return "written";
      }
    }
    await port.replacePlan(template());
    return "replaced";
  }

  async function fetchPlanNow(planId: string): Promise<void> {
    if (client === null) return;
    const pulled = await pullPlan(client, planId);
    if (pulled.kind !== "pulled") {
      if (pulled.kind === "refused" && pulled.reason === "unauthorized") await tokenGone();
      else set({ notice: pulled.message });
      return;
    }
    reference = pulled.reference;
    pools = pulled.pools;
    await layPulled(pulled);
    base = { planId: pulled.planId, version: pulled.version, plan: pulled.plan };
    markFromServer([]);
    set({ planList: null, notice: pulled.message, sync: null, conflicts: [], fromServer: [] });
    await enqueue();
    await refreshServer();
    await refreshPool();
  }

  /** Asks `message`; `yes` runs on *Erstat*. */
  function ask(message: string, action: string, yes: () => Promise<void>) {
    onYes = yes;
    set({ confirm: { message, action } });
  }

  /** Shows the history of `cell` (sheet-qualified) from the service's versions of the plan. */
  async function showHistory(cell: string): Promise<void> {
    const signed = history;
    const { planId, plan, map } = lastPlan;
    const path = map === null ? null : pathAt(cell, map);
    if (signed === null || planId === null || plan === null || path === null) {
      set({
        history: {
          cell,
          state: "message",
          message:
            planId === null
              ? "Historikken kommer fra tjenesten: synkroniser planen først."
              : "Vælg en beløbs- eller stamdatacelle for at se dens værdi i hver version.",
        },
      });
      return;
    }
    set({ history: { cell, state: "loading" } });
    try {
      const versions = await signed.versionsOf(planId, state.server?.version ?? lastPlan.version ?? 0);
      const shown = cellHistory(versions, plan, path, reference);
      // The pane shows the latest selection only.
      if (state.history?.cell !== cell) return;
      set({
        history:
          shown === null
            ? { cell, state: "message", message: "Denne celle har ingen historik at vise." }
            : { cell, state: "shown", what: shown.what, entries: shown.entries },
      });
    } catch (error) {
      if (isUnauthorized(error)) return tokenGone();
      set({
        history: {
          cell,
          state: "message",
          message: error instanceof ApiError ? error.message : "Historikken kunne ikke hentes.",
        },
      });
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await port.onChange((change) => {
        if (!change.own) schedule();
      });
      await port.onSelection((cell) => {
        if (state.signedIn !== null) void tracked(showHistory(cell));
      });
      const session = (await options.sessions?.load()) ?? null;
      if (session !== null) await resume(session);
      if (client !== null) await loadServiceNames(client);
      await restorePending();
      await tracked(enqueue());
      await tracked(refreshServer());
      await tracked(refreshPool());
      options.host?.ready();
    },
    async signIn(serviceUrl, token) {
      const work = (async () => {
        try {
          const who = await connect(serviceUrl, token);
          await options.sessions?.save({
            serviceUrl: who.serviceUrl,
            token,
            role: who.role,
            housingOrganisation: who.housingOrganisation,
          });
        } catch (error) {
          set({ signInProblem: signInMessage(error) });
          return;
        }
        if (client !== null) await loadServiceNames(client);
        await restorePending();
        await refreshServer();
        await refreshPool();
        await enqueue();
      })();
      await tracked(work);
    },
    async synchronise(resolve) {
      const work = (async () => {
        if (client === null) return;
        const signed = client;
        const signedIn = state.signedIn;
        const snapshot = await port.read();
        const result = await pushPlan(signed, snapshot.grids, {
          reference,
          retry,
          ...(resolve === undefined ? {} : { resolve }),
        });
        if (result.kind === "refused" && result.reason === "unauthorized") {
          await tokenGone();
          return;
        }
        retry = result.kind === "unavailable" ? result.retry : null;
        if (result.kind === "unavailable" && retry !== null && signedIn !== null)
          await options.sessions?.savePending({ serviceUrl: signedIn.serviceUrl, planId: result.planId, retry });
        else if (result.kind !== "unavailable") await options.sessions?.clearPending();
        if (result.relayout !== null) {
          const relayout = result.relayout;
          const stamped = "planId" in result && "version" in result ? result : null;
          ask(
            `Den nye version passer ikke ind i arbejdsbogens tabeller (${relayout.reason}). Skal arkene lægges ind på ny med planen, som den nu er? Dine egne formateringer på plan-arkene forsvinder.`,
            "Læg arkene ind på ny",
            async () => {
              await port.replacePlan(
                templateOf(relayout.plan, {
                  reference: relayout.reference,
                  pools: relayout.pools,
                  ...(relayout.goals === undefined ? {} : { goals: relayout.goals }),
                  planId: stamped?.planId ?? null,
                  version: stamped?.version ?? null,
                }),
              );
              await enqueue();
            },
          );
        } else {
          // The workbook then holds exactly the version it is stamped with, plus the user's own edits.
          const writes = [...result.writes, ...result.stamps];
          if (writes.length > 0) await port.writeCells(writes);
        }
        const fromServer = result.kind === "merged" ? result.fromServer : [];
        markFromServer(fromServer.map((cell) => cell.cell).filter((cell) => cell.includes("!")));
        set({
          sync: { kind: result.kind, message: result.message },
          conflicts: result.kind === "conflict" ? result.conflicts : [],
          pending: result.kind === "unavailable",
          fromServer,
        });
        await enqueue();
        await refreshServer();
        await refreshPool();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async submit() {
      const work = (async () => {
        const planId = lastPlan.planId;
        if (client === null || planId === null) return;
        const result = await submitPlan(client, planId);
        if (result.kind === "refused" && "reason" in result && result.reason === "unauthorized") {
          await tokenGone();
          return;
        }
        set({ sync: { kind: result.kind, message: result.message } });
        await refreshServer();
        await refreshPool();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async submitReport(resolve) {
      const work = (async () => {
        if (client === null) return;
        const snapshot = await port.read();
        const result = await pushReport(client, snapshot.grids, {
          reference,
          retry: reportRetry,
          reportVersion: snapshot.reportVersion ?? null,
          ...(resolve === undefined ? {} : { resolve }),
        });
        if (result.kind === "refused" && result.reason === "unauthorized") {
          await tokenGone();
          return;
        }
        // An answer that never came: the next *Indsend redegørelse* sends the same Idempotency-Key.
        reportRetry = result.kind === "unavailable" ? result.retry : null;
        const writes = [...result.writes, ...result.stamps];
        if (writes.length > 0) await port.writeCells(writes);
        set({
          reportSync: {
            kind: result.kind,
            message: result.message,
            conflicts: result.kind === "conflict" ? result.conflicts : [],
          },
        });
        await enqueue();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async reopen() {
      const work = (async () => {
        const planId = lastPlan.planId;
        if (client === null || planId === null) return;
        const result = await reopenPlan(client, planId);
        if (result.kind === "refused" && result.reason === "unauthorized") {
          await tokenGone();
          return;
        }
        set({ notice: result.message });
        await refreshServer();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async openPlanList() {
      const signed = client;
      if (signed === null) return;
      set({ planList: { loading: true, items: [], problem: null } });
      const work = signed.plans.listAll().then(
        (list) => set({ planList: { loading: false, items: list.items, problem: null } }),
        async (error: unknown) => {
          if (isUnauthorized(error)) return tokenGone();
          set({
            planList: {
              loading: false,
              items: [],
              problem: error instanceof ApiError ? error.message : "Planerne kunne ikke hentes.",
            },
          });
        },
      );
      await tracked(work);
    },
    closePlanList() {
      set({ planList: null });
    },
    async fetchPlan(planId) {
      const work = (async () => {
        if (client === null) return;
        const chosen = state.planList?.items.find((plan) => plan.id === planId);
        const name = chosen === undefined ? "planen" : `"${chosen.name}"`;
        const unsynced = lastChanges?.count ?? 0;
        const other = lastPlan.hasPlan && lastPlan.planId !== planId;
        // Without a known base a plan in the workbook may hold anything: ask rather than guess.
        const unknown = lastPlan.hasPlan && lastPlan.planId === planId && lastChanges === null;
        if (other || unsynced > 0 || unknown) {
          const what = other
            ? lastPlan.planId === null
              ? "en plan, der ikke er synkroniseret"
              : "en anden plan"
            : unsynced > 0
              ? `${unsynced === 1 ? "1 ændring" : `${unsynced} ændringer`}, der ikke er synkroniseret`
              : "ændringer, som ikke kan sammenlignes med tjenesten lige nu";
          ask(
            `Arbejdsbogen indeholder ${what}. Skal ${name} hentes og erstatte det? Det kan ikke fortrydes.`,
            "Hent og erstat",
            () => fetchPlanNow(planId),
          );
          return;
        }
        await fetchPlanNow(planId);
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async answer(yes) {
      const run = onYes;
      onYes = null;
      set({ confirm: null });
      if (!yes || run === null) return;
      await tracked(run().catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    showHistory: (cell) => tracked(showHistory(cell)),
    async signOut() {
      client = null;
      history = null;
      base = null;
      approved = null;
      reference = options.reference ?? defaultReference;
      pools = options.pools;
      await options.sessions?.clear();
      set({ signedIn: null, pool: null, server: null, planList: null, history: null });
      await tracked(enqueue());
    },
    // Checking again (the button, the workbook getting focus) also asks the service what changed there meanwhile.
    revalidate: () => tracked(enqueue().then(refreshServer).then(refreshPool)),
    select: (cell) => tracked(port.select(cell)).catch((error: unknown) => set({ problem: messageOf(error) })),
    async newPlan() {
      await tracked(
        port
          .layTemplate(templateOf(undefined, { reference, ...(pools === undefined ? {} : { pools }) }))
          .then(() => set({ notice: "Skabelonen er lagt ind: udfyld arket Plan og budgettet." }))
          .catch((error: unknown) => set({ problem: messageOf(error) })),
      );
      await tracked(enqueue());
    },
    async distribute(source, percentText) {
      const basisPoints = basisPointsOf(percentText);
      if (basisPoints === null) {
        set({ notice: `"${percentText}" er ikke en andel; skriv fx 12,5 (procent).` });
        return;
      }
      const work = (async () => {
        const snapshot = await port.read();
        const read = gridToPlan(snapshot.grids, reference, pools === undefined ? {} : { pools });
        if (read.plan === null) {
          set({ notice: "Ret først de celler, der ikke kan læses; så kan andelen fordeles." });
          return;
        }
        const distributed = distributeShare(read.plan, source, basisPoints, reference);
        if (!distributed.ok) {
          set({ notice: distributed.message });
          return;
        }
        const target = { ...read.plan, budget: distributed.budget };
        const back = writeBack({ grids: snapshot.grids, map: read.map, mine: read.plan }, target, reference, pools);
        if (!back.fits) {
          set({ notice: `Andelen kan ikke skrives ind i tabellerne (${back.reason}).` });
          return;
        }
        await port.writeCells(back.writes);
        set({ notice: null });
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
      await tracked(enqueue());
    },
  };
}

/** An error's message; Office.js errors may come from another window (a host frame), so not `instanceof Error`. */
function textOf(error: unknown): string {
  if (typeof error === "object" && error !== null && "message" in error && typeof error.message === "string") {
    return error.message;
  }
  return String(error);
}

function messageOf(error: unknown): string {
  if (error instanceof ExcelTimeout) return error.message;
  return `Excel afviste handlingen: ${textOf(error)}`;
}
