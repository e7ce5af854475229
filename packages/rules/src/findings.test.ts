import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparePaths, finding, poolUnknownFinding, ruleIds, ruleSeverities, sortFindings } from "./findings";
import type { Finding } from "./schemas";

const at = (severity: Finding["severity"], path: Finding["path"], message = ""): Finding => ({
  ruleId: "x",
  severity,
  message,
  path,
});

describe("sortFindings", () => {
  it("puts every error before every warning", () => {
    const sorted = sortFindings([at("warning", []), at("error", ["z"]), at("warning", [0]), at("error", [5])]);
    expect(sorted.map((f) => f.severity)).toEqual(["error", "error", "warning", "warning"]);
  });

  it("orders paths element by element: numbers numerically and before strings, strings by code point, a prefix first", () => {
    const paths: Finding["path"][] = [
      ["budget", "financing", "kommune"],
      ["budget", "expenses", 10, "focusArea"],
      ["budget", "expenses", 2],
      ["budget", "expenses", 2, "amountsOre", "2015"],
      ["budget"],
      [3],
      ["periodEnd"],
      ["Zulu"],
      ["\u{1F600}"],
      ["\uFF21"],
      [],
    ];
    expect(sortFindings(paths.map((path) => at("error", path))).map((f) => f.path)).toEqual([
      [],
      [3],
      ["Zulu"],
      ["budget"],
      ["budget", "expenses", 2],
      ["budget", "expenses", 2, "amountsOre", "2015"],
      ["budget", "expenses", 10, "focusArea"],
      ["budget", "financing", "kommune"],
      ["periodEnd"],
      ["\uFF21"],
      ["\u{1F600}"],
    ]);
  });

  it("keeps findings with equal keys in their original order and leaves the input alone", () => {
    const input = [at("error", ["a"], "first"), at("warning", []), at("error", ["a"], "second")];
    const sorted = sortFindings(input);
    expect(sorted.map((f) => f.message)).toEqual(["first", "second", ""]);
    expect(input.map((f) => f.message)).toEqual(["first", "", "second"]);
  });

  it("compares strings by code point, also across the surrogate range", () => {
    const codePoints = (text: string) => [...text].map((char) => char.codePointAt(0) ?? 0);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "binary" }), (a, b) => {
        return Math.sign(comparePaths([a], [b])) === Math.sign(compareCodePointArrays(codePoints(a), codePoints(b)));
      }),
      { numRuns: 1_000 },
    );
  });
});

function compareCodePointArrays(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

describe("finding", () => {
  it("takes the severity from the rule catalogue", () => {
    expect(finding(ruleIds.planDuration, "m", ["periodEnd"]).severity).toBe("warning");
    expect(finding(ruleIds.kommuneCap, "m", []).severity).toBe("error");
    expect(Object.keys(ruleSeverities).sort()).toEqual(Object.values(ruleIds).sort());
  });

  it("builds the service's pool.unknown finding naming the pools that exist", () => {
    expect(poolUnknownFinding("budget-2099", ["budget-2012"])).toEqual({
      ruleId: "pool.unknown",
      severity: "error",
      message: 'Puljen "budget-2099" findes ikke. Vælg en af: budget-2012.',
      path: ["poolId"],
    });
  });
});
