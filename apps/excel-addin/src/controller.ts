// The add-in's workflow without Office: when to run a pass (a burst of changes is one pass, the
// latest wins; the add-in's own writes never start one), what a pass writes, and the state the
// pane shows. It talks to the workbook only through a WorkbookPort.
import { ApiError, createClient, type Client, type Role } from "@helhedsplan/api";
import { defaultReference, distributeShare, type Reference, type Source } from "@helhedsplan/rules";
import {
  pushPlan,
  submitPlan,
  writeBack,
  type ConflictCell,
  type PushResult,
  type RetryToken,
  type SubmitResult,
} from "@helhedsplan/sync";
import { gridToPlan, templateOf, type PoolLabel } from "@helhedsplan/workbook";
import { runPass, type PaneModel, type TableFlags } from "./pass";
import { ExcelTimeout, type MarkWrite, type WorkbookPort } from "./port";
import type { SessionStore } from "./session";

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
}

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
  /** Runs a pass now (the pane opening, the workbook getting focus). */
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
}

function signInMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401)
    return "Tjenesten kender ikke adgangsnøglen; tjek den, eller bed om en ny.";
  if (error instanceof ApiError && error.kind === "network") return `${error.message} Tjek adressen.`;
  return error instanceof Error ? error.message : String(error);
}

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
  } = {},
): Controller {
  const reference = options.reference ?? defaultReference;
  const pools = options.pools;
  const now = options.now ?? (() => new Date());
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
  };
  let retry: RetryToken | null = null;
  let client: Client | null = null;
  /** The plan's pool id and id as the last pass read them, for fetching the pool. */
  let lastPlan: { poolId: string | null; planId: string | null } = { poolId: null, planId: null };
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

  /** One pass: read (sync 1), decide, write (sync 2). */
  async function pass(): Promise<void> {
    try {
      const snapshot = await port.read();
      const pool = state.pool;
      const result = runPass(snapshot.grids, reference, {
        ...(pools === undefined ? {} : { pools }),
        ...(pool === null ? {} : { poolAvailableOre: pool.roomOre }),
      });
      lastPlan = { poolId: result.plan?.poolId ?? null, planId: result.model.plan.planId };
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
      set({ phase: "ready", model: result.model, problem: null });
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

  /** Fetches the plan's pool (its room for this plan) when signed in and the plan names one; then validates again. */
  async function refreshPool(): Promise<void> {
    const { poolId, planId } = lastPlan;
    if (client === null || poolId === null) return;
    try {
      const pool = await client.pools.get(poolId);
      const held = pool.plans.find((holding) => holding.planId === planId);
      const roomOre = pool.availableOre + (held === undefined ? 0 : held.reservedOre + held.committedOre);
      set({ pool: { poolId, name: pool.name, roomOre, fetchedAt: now() } });
    } catch {
      // The pool figure is a courtesy: without it the local rules still run.
      return;
    }
    await enqueue();
  }

  async function connect(serviceUrl: string, token: string): Promise<void> {
    const candidate = createClient({ baseUrl: serviceUrl.replace(/\/+$/, ""), token });
    const me = await candidate.me();
    client = candidate;
    set({
      signedIn: { serviceUrl, role: me.role, housingOrganisation: me.housingOrganisation },
      signInProblem: null,
    });
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
      const session = (await options.sessions?.load()) ?? null;
      if (session !== null) await connect(session.serviceUrl, session.token).catch(() => undefined);
      await tracked(enqueue());
      await tracked(refreshPool());
      options.host?.ready();
    },
    async signIn(serviceUrl, token) {
      const work = (async () => {
        try {
          await connect(serviceUrl, token);
          await options.sessions?.save({ serviceUrl, token });
        } catch (error) {
          set({ signInProblem: signInMessage(error) });
          return;
        }
        await refreshPool();
      })();
      await tracked(work);
    },
    async synchronise(resolve) {
      const work = (async () => {
        if (client === null) return;
        const signed = client;
        const snapshot = await port.read();
        const result = await pushPlan(signed, snapshot.grids, {
          reference,
          retry,
          ...(resolve === undefined ? {} : { resolve }),
        });
        retry = result.kind === "unavailable" ? result.retry : null;
        // The workbook then holds exactly the version it is stamped with, plus the user's own edits.
        const writes = [...result.writes, ...result.stamps];
        if (writes.length > 0) await port.writeCells(writes);
        set({
          sync: { kind: result.kind, message: result.message },
          conflicts: result.kind === "conflict" ? result.conflicts : [],
          pending: result.kind === "unavailable",
        });
        await refreshPool();
        await enqueue();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async submit() {
      const work = (async () => {
        const planId = lastPlan.planId;
        if (client === null || planId === null) return;
        const result = await submitPlan(client, planId);
        set({ sync: { kind: result.kind, message: result.message } });
        await refreshPool();
      })();
      await tracked(work.catch((error: unknown) => set({ problem: messageOf(error) })));
    },
    async signOut() {
      client = null;
      await options.sessions?.clear();
      set({ signedIn: null, pool: null });
      await tracked(enqueue());
    },
    revalidate: () => tracked(enqueue()),
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
