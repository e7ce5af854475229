import { describe, expect, test } from "vitest";
import { toOre } from "./columns";

describe("toOre", () => {
  test("reads bigint columns as pg (string), PGlite (number) and sums (numeric string) give them", () => {
    expect(toOre("3000000000")).toBe(3_000_000_000);
    expect(toOre(90_000_000)).toBe(90_000_000);
    expect(toOre(12n)).toBe(12);
    expect(toOre(null)).toBe(0);
    expect(toOre(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  test("refuses what a number cannot hold exactly instead of rounding", () => {
    expect(() => toOre("9007199254740993")).toThrow(RangeError);
    expect(() => toOre(2n ** 60n)).toThrow(RangeError);
    expect(() => toOre("12.5")).toThrow(RangeError);
    expect(() => toOre("abc")).toThrow(RangeError);
  });
});
