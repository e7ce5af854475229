import { describe, expect, test } from "vitest";
import { classifyDatabaseError } from "./database-errors";

const withCode = (code: string, message = "database error") => Object.assign(new Error(message), { code });

describe("classifyDatabaseError", () => {
  test.each([
    ["22P05", "bad-data"],
    ["22021", "bad-data"],
    ["57014", "unavailable"],
    ["08006", "unavailable"],
    ["ECONNREFUSED", "unavailable"],
    ["40P01", "conflict"],
    ["23505", "conflict"],
  ])("SQLSTATE/errno %s is %s", (code, kind) => {
    expect(classifyDatabaseError(withCode(code))).toBe(kind);
  });

  test("pg's own timeouts and a lost connection are unavailable, also as a cause", () => {
    expect(classifyDatabaseError(new Error("timeout exceeded when trying to connect"))).toBe("unavailable");
    expect(
      classifyDatabaseError(new Error("wrapped", { cause: new Error("Connection terminated unexpectedly") })),
    ).toBe("unavailable");
    expect(classifyDatabaseError(new AggregateError([withCode("ECONNREFUSED")]))).toBe("unavailable");
  });

  test("anything else is not a database condition (a bug: 500)", () => {
    expect(classifyDatabaseError(withCode("23514"))).toBeNull();
    expect(classifyDatabaseError(new TypeError("x is undefined"))).toBeNull();
    expect(classifyDatabaseError("text")).toBeNull();
  });
});
