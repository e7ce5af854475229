// Who is signed in, kept per user in the add-in's own storage — OfficeRuntime.storage where Office
// offers it, else this origin's localStorage — and never in the document, a cell or document
// settings: workbooks are shared, tokens are personal.

/** The service and the token a user signed in with. */
export interface Session {
  /** The service's origin, e.g. `https://helhedsplan.kk.dk`. */
  serviceUrl: string;
  token: string;
}

/** Where the session is kept. */
export interface SessionStore {
  load(): Promise<Session | null>;
  save(session: Session): Promise<void>;
  clear(): Promise<void>;
}

const KEY = "helhedsplan.session";

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
    return typeof value.serviceUrl === "string" && typeof value.token === "string"
      ? { serviceUrl: value.serviceUrl, token: value.token }
      : null;
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
  };
}
