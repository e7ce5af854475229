import { describe, expect, it } from "vitest";
import { sessionStore } from "./session";

/** A storage with Web Storage's interface over a Map, as OfficeRuntime.storage and localStorage both offer it. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe("the session store", () => {
  it("keeps the service and token, and forgets them on sign-out", async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage);
    expect(await store.load()).toBeNull();
    await store.save({ serviceUrl: "https://helhedsplan.example", token: "hemmelig" });
    expect(await store.load()).toEqual({ serviceUrl: "https://helhedsplan.example", token: "hemmelig" });
    await store.clear();
    expect(await store.load()).toBeNull();
    expect(storage.items.size).toBe(0);
  });

  it("keeps who the token is, for working offline, and drops a role it does not know", async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage);
    const session = {
      serviceUrl: "https://h.example",
      token: "t",
      role: "housing" as const,
      housingOrganisation: "AAB",
    };
    await store.save(session);
    expect(await store.load()).toEqual(session);
    storage.items.set("helhedsplan.session", JSON.stringify({ ...session, role: "konge" }));
    expect(await store.load()).toEqual({ serviceUrl: "https://h.example", token: "t" });
  });

  it("reads anything else in its place as signed out", async () => {
    const storage = memoryStorage();
    for (const text of ["ikke json", "{}", '{"serviceUrl":1,"token":"x"}']) {
      storage.items.set("helhedsplan.session", text);
      expect(await sessionStore(storage).load()).toBeNull();
    }
  });

  it("keeps a pending sync apart from the session, and reads a damaged one as none", async () => {
    const storage = memoryStorage();
    const store = sessionStore(storage);
    const pending = {
      serviceUrl: "https://helhedsplan.example",
      planId: "3c1e7a52-9b4d-4f0e-8a61-5d2f7c9e4b18",
      retry: { idempotencyKey: "k-1", write: "budget" as const, body: '{"expenses":[]}' },
    };
    expect(await store.loadPending()).toBeNull();
    await store.savePending(pending);
    expect(await store.loadPending()).toEqual(pending);
    await store.clear();
    expect(await store.loadPending()).toEqual(pending);
    await store.clearPending();
    expect(await store.loadPending()).toBeNull();
    for (const text of [
      "ikke json",
      "{}",
      JSON.stringify({ ...pending, retry: { ...pending.retry, write: "slet" } }),
    ]) {
      storage.items.set("helhedsplan.pending", text);
      expect(await store.loadPending()).toBeNull();
    }
  });
});
