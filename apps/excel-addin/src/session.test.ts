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

  it("reads anything else in its place as signed out", async () => {
    const storage = memoryStorage();
    for (const text of ["ikke json", "{}", '{"serviceUrl":1,"token":"x"}']) {
      storage.items.set("helhedsplan.session", text);
      expect(await sessionStore(storage).load()).toBeNull();
    }
  });
});
