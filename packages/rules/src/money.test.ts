import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatBasisPoints,
  formatKroner,
  KronerParseError,
  kronerNumber,
  parseKroner,
  shareBasisPoints,
} from "./money";

function parseError(value: string | number): KronerParseError {
  try {
    parseKroner(value);
  } catch (error) {
    if (error instanceof KronerParseError) return error;
    throw error;
  }
  throw new Error(`parseKroner(${String(value)}) did not throw`);
}

describe("parseKroner", () => {
  it.each([
    ["1.234.567,50", 123_456_750],
    ["1.234", 123_400],
    ["1.234.567", 123_456_700],
    ["1234567.5", 123_456_750],
    ["1234567,5", 123_456_750],
    ["-1.234,50 kr.", -123_450],
    ["1.234,50 kr", 123_450],
    ["  42 kr.  ", 4_200],
    ["\u00a01.234,50\u00a0kr.\u00a0", 123_450],
    ["0,01", 1],
    ["0.01", 1],
    ["12.34", 1_234],
    ["1.5", 150],
    ["007", 700],
    ["-0", 0],
    ["\u22125,00", -500],
    ["90.071.992.547.409,91", Number.MAX_SAFE_INTEGER],
  ])("reads the text %j as %d øre", (text, ore) => {
    expect(parseKroner(text)).toBe(ore);
  });

  it.each([
    [1234567.5, 123_456_750],
    [0.1 + 0.2, 30],
    [1.1 * 3, 330],
    [0.29999999, 30],
    [-12.34, -1_234],
    [12345678901.23, 1_234_567_890_123],
    [-0, 0],
    [5e-324, 0],
    [90071992547409.9, 9_007_199_254_740_990],
  ])("reads the number %d as %d øre", (value, ore) => {
    expect(parseKroner(value)).toBe(ore);
  });

  it.each([
    ["1,234", "too-many-decimals"],
    ["1.234,567", "too-many-decimals"],
    ["1234.567", "too-many-decimals"],
    ["0.125", "too-many-decimals"],
    [1.005, "too-many-decimals"],
    [0.2999999, "too-many-decimals"],
    [1e-7, "too-many-decimals"],
    ["abc", "not-an-amount"],
    ["12 abc", "not-an-amount"],
    ["1.234.5", "not-an-amount"],
    ["1,2,3", "not-an-amount"],
    ["1.23.456", "not-an-amount"],
    ["+5", "not-an-amount"],
    [",50", "not-an-amount"],
    ["kr.", "not-an-amount"],
    ["", "empty"],
    ["   ", "empty"],
    [Number.NaN, "not-finite"],
    [Number.POSITIVE_INFINITY, "not-finite"],
    [Number.NEGATIVE_INFINITY, "not-finite"],
    [1e300, "too-large"],
    [90071992547409.92, "too-large"],
    ["90.071.992.547.409,92", "too-large"],
    ["-90.071.992.547.409,92", "too-large"],
  ])("refuses %j (%s)", (value, reason) => {
    const error = parseError(value);
    expect(error.reason).toBe(reason);
    expect(error.input).toBe(value);
    expect(error.name).toBe("KronerParseError");
  });

  it("explains a refusal in Danish, naming the input and what is valid", () => {
    expect(parseError("1,234").message).toBe(
      '"1,234" har mere end to decimaler. Et beløb i kroner har højst to decimaler (hele øre), fx 1.234,50.',
    );
    expect(parseError("abc").message).toContain("er ikke et beløb i kroner");
    expect(parseError(1e300).message).toContain("højst 90.071.992.547.409,91 kr. er tilladt");
  });

  it("shows a refused number with a decimal comma, as a Danish spreadsheet shows it (1.005 would read as a thousand)", () => {
    expect(parseError(1.005).message).toBe(
      "1,005 har mere end to decimaler. Et beløb i kroner har højst to decimaler (hele øre), fx 1.234,50.",
    );
  });
});

describe("formatKroner", () => {
  it.each([
    [123_456_750, "1.234.567,50 kr."],
    [0, "0,00 kr."],
    [1, "0,01 kr."],
    [99, "0,99 kr."],
    [100, "1,00 kr."],
    [100_000, "1.000,00 kr."],
    [-5, "-0,05 kr."],
    [-123_456_750, "-1.234.567,50 kr."],
    [Number.MAX_SAFE_INTEGER, "90.071.992.547.409,91 kr."],
  ])("writes %d øre as %j", (ore, text) => {
    expect(formatKroner(ore)).toBe(text);
  });

  it("writes BigInt totals beyond the safe range exactly", () => {
    expect(formatKroner(2n * BigInt(Number.MAX_SAFE_INTEGER))).toBe("180.143.985.094.819,82 kr.");
  });

  it("uses a plain space, never a no-break space", () => {
    expect(formatKroner(123_456_750)).not.toMatch(/\u00a0|\u202f/);
  });

  it("refuses a fraction of an øre", () => {
    expect(() => formatKroner(1.5)).toThrow(RangeError);
  });
});

describe("kronerNumber", () => {
  it("gives the kroner a spreadsheet cell holds", () => {
    expect(kronerNumber(123_450)).toBe(1234.5);
    expect(kronerNumber(45_000_000)).toBe(450_000);
    expect(kronerNumber(1)).toBe(0.01);
    expect(kronerNumber(-5)).toBe(-0.05);
    expect(kronerNumber(0)).toBe(0);
  });

  it("refuses a fraction of an øre", () => {
    expect(() => kronerNumber(1.5)).toThrow(RangeError);
    expect(() => kronerNumber(Number.NaN)).toThrow(RangeError);
  });
});

describe("money properties", () => {
  const safeOre = fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

  it("parseKroner(formatKroner(x)) === x for every safe øre amount", () => {
    fc.assert(
      fc.property(safeOre, (ore) => parseKroner(formatKroner(ore)) === ore),
      { numRuns: 2_000 },
    );
  });

  it("reads a spreadsheet number of kroner with at most two decimals as the same øre", () => {
    // A cell holds ore / 100 as the nearest double; reading it back must give the whole øre.
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (ore) => parseKroner(kronerNumber(ore)) === ore),
      { numRuns: 2_000 },
    );
  });

  it("kronerNumber is exact to the øre for every amount below 10^15 øre", () => {
    const below = fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 });
    fc.assert(
      fc.property(below, (ore) => parseKroner(kronerNumber(ore)) === ore),
      { numRuns: 5_000 },
    );
    for (const ore of [0, 1, -1, 99, 101, 999_999_999_999_999, -999_999_999_999_999, 123_456_789_012_345])
      expect(parseKroner(kronerNumber(ore))).toBe(ore);
  });
});

describe("basis points", () => {
  it("rounds a share towards the side of the limit the rule decided", () => {
    expect(shareBasisPoints(1_250_000_001n, 10_000_000_000n, "up")).toBe(1_251n);
    expect(shareBasisPoints(1_250_000_001n, 10_000_000_000n, "down")).toBe(1_250n);
    expect(shareBasisPoints(132n, 1_000n, "up")).toBe(1_320n);
  });

  it("writes Danish percentages", () => {
    expect(formatBasisPoints(1_320)).toBe("13,20 %");
    expect(formatBasisPoints(1_250, { trimZeros: true })).toBe("12,5 %");
    expect(formatBasisPoints(2_500, { trimZeros: true })).toBe("25 %");
    expect(formatBasisPoints(5)).toBe("0,05 %");
    expect(formatBasisPoints(1_000_000)).toBe("10.000,00 %");
  });
});
