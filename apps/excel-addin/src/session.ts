// Who is signed in, kept per user in the add-in's own storage — OfficeRuntime.storage where Office
// offers it, else this origin's localStorage — and never in the document, a cell or document
// settings: workbooks are shared, tokens are personal. A sync the service did not answer is kept
// there too, so its Idempotency-Key survives closing the pane and nothing is counted twice.
import { Role } from "@helhedsplan/api";
import type { RetryToken } from "@helhedsplan/sync";

/** The service and the token a user signed in with, and who the service said the token is (to work offline). */
export interface Session {
  /** The service's origin, e.g. `https://helhedsplan.kk.dk`. */
  serviceUrl: string;
  token: string;
  role?: Role;
  housingOrganisation?: string | null;
}

/** A sync waiting for the service: the service and plan it was for, and the write's key and body. */
export interface PendingSync {
  serviceUrl: string;
  /** The plan's id, or null for a plan whose creation got no answer. */
  planId: string | null;
  retry: RetryToken;
}

/** Where the session and a pending sync are kept. */
export interface SessionStore {
  load(): Promise<Session | null>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
  loadPending(): Promise<PendingSync | null>;
  savePending(pending: PendingSync): Promise<void>;
  clearPending(): Promise<void>;
}

const KEY = "helhedsplan.session";
const PENDING_KEY = "helhedsplan.pending";

interface KeyValueStorage {
  getItem(key: string): Promise<string | null> | string | null;
  setItem(key: string, value: string): Promise<void> | void;
  removeItem(key: string): Promise<void> | void;
}

declare const OfficeRuntime: { storage?: KeyValueStorage } | undefined;

function storage(): KeyValueStorage {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage !== undefined) return OfficeRuntime.storage;
  return window.localStorage;
}

function parse(text: string | null): Session | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Session>;
    if (typeof value.serviceUrl !== "string" || typeof value.token !== "string") return null;
    const session: Session = { serviceUrl: value.serviceUrl, token: value.token };
    // Who the token is only counts when it is whole; without it the pane waits for the service to say.
    const role = Role.safeParse(value.role);
    const organisation = value.housingOrganisation;
    if (role.success && (typeof organisation === "string" || organisation === null || organisation === undefined)) {
      session.role = role.data;
      session.housingOrganisation = organisation ?? null;
    }
    return session;
  } catch {
    return null;
  }
}

function parsePending(text: string | null): PendingSync | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<PendingSync>;
    const retry = value.retry as Partial<RetryToken> | undefined;
    const valid =
      typeof value.serviceUrl === "string" &&
      (typeof value.planId === "string" || value.planId === null) &&
      typeof retry?.idempotencyKey === "string" &&
      (retry.write === "create" || retry.write === "header" || retry.write === "budget") &&
      typeof retry.body === "string";
    return valid ? (value as PendingSync) : null;
  } catch {
    return null;
  }
}

/** The user's session store (OfficeRuntime.storage, else localStorage). Example: `await sessionStore().load()`. */
export function sessionStore(store: KeyValueStorage = storage()): SessionStore {
  return {
    load: async () => parse(await store.getItem(KEY)),
    save: async (session) => {
      await store.setItem(KEY, JSON.stringify(session));
    },
    clear: async () => {
      await store.removeItem(KEY);
    },
    loadPending: async () => parsePending(await store.getItem(PENDING_KEY)),
    savePending: async (pending) => {
      await store.setItem(PENDING_KEY, JSON.stringify(pending));
    },
    clearPending: async () => {
      await store.removeItem(PENDING_KEY);
    },
  };
}
