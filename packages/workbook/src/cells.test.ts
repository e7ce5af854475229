import { defaultReference } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import {
  readAmountOre,
  readLabel,
  readLines,
  readOptionalLabel,
  readText,
  readVersion,
  readYear,
  readYesNo,
} from "./cells";
import { labelsOf } from "./labels";

const labels = labelsOf(defaultReference);
const problemOf = (read: { ok: boolean; problem?: string }) => (read.ok ? null : read.problem);

describe("readAmountOre", () => {
  it("reads numbers and Danish text as øre, and an empty cell as 0", () => {
    expect(readAmountOre(1234.5)).toEqual({ ok: true, value: 123450 });
    expect(readAmountOre("1.234,50")).toEqual({ ok: true, value: 123450 });
    expect(readAmountOre("1.234.567,50 kr.")).toEqual({ ok: true, value: 123456750 });
    expect(readAmountOre(0.1 + 0.2)).toEqual({ ok: true, value: 30 });
    expect(readAmountOre("")).toEqual({ ok: true, value: 0 });
    expect(readAmountOre("  ")).toEqual({ ok: true, value: 0 });
  });

  it("refuses two decimals plus one, text, booleans, error values and dates", () => {
    expect(readAmountOre(12.34)).toEqual({ ok: true, value: 1234 });
    expect(problemOf(readAmountOre(12.345))).toMatch(/mere end to decimaler/);
    expect(problemOf(readAmountOre("12,345"))).toMatch(/mere end to decimaler/);
    expect(problemOf(readAmountOre("ca. 1000"))).toMatch(/"ca. 1000" er ikke et beløb/);
    expect(problemOf(readAmountOre(true))).toMatch(/sandhedsværdien SAND/);
    expect(problemOf(readAmountOre("#REF!"))).toMatch(/fejlværdien #REF!/);
    expect(problemOf(readAmountOre("#DIV/0!"))).toMatch(/fejlværdien #DIV\/0!/);
    expect(problemOf(readAmountOre(42005, "dd-mm-yyyy"))).toMatch(/datoen 01-01-2015/);
    expect(readAmountOre(42005, "#,##0.00")).toEqual({ ok: true, value: 4200500 });
    expect(problemOf(readAmountOre(Number.NaN))).toMatch(/fejlværdi/);
  });
});

describe("labels", () => {
  it("reads names trimmed and case-insensitive, and aliases of renamed entries", () => {
    expect(readLabel(" sundhed ", labels.focusAreas)).toEqual({ ok: true, value: "sundhed" });
    expect(readLabel("Børn, unge og beskæftigelse", labels.focusAreas)).toEqual({ ok: true, value: "boern-unge" });
    expect(readLabel("KOMMUNEN – PULJEN", labels.sources)).toEqual({ ok: true, value: "kommunePulje" });
    expect(readLabel("løn", labels.categories)).toEqual({ ok: true, value: "loen" });
  });

  it("never maps an id, an unknown name or an empty cell to a default", () => {
    expect(problemOf(readLabel("Sundhet", labels.focusAreas))).toMatch(
      /"Sundhet" er ikke et kendt indsatsområde\. Vælg et af: Børn, unge og familie;/,
    );
    expect(problemOf(readLabel("kommunePulje", labels.sources))).toMatch(/"kommunePulje" er ikke en kendt kilde/);
    expect(problemOf(readLabel("", labels.categories))).toMatch(/tom/);
    expect(readOptionalLabel("", labels.districts)).toEqual({ ok: true, value: null });
    expect(readOptionalLabel("nørrebro", labels.districts)).toEqual({ ok: true, value: "noerrebro" });
  });
});

describe("other cells", () => {
  it("reads Ja/Nej and Excel booleans; anything else is unreadable", () => {
    expect(readYesNo(" JA ")).toEqual({ ok: true, value: true });
    expect(readYesNo("nej")).toEqual({ ok: true, value: false });
    expect(readYesNo(true)).toEqual({ ok: true, value: true });
    expect(problemOf(readYesNo("måske"))).toMatch(/hverken Ja eller Nej/);
    expect(problemOf(readYesNo(""))).toMatch(/tom/);
  });

  it("reads years as numbers or digits", () => {
    expect(readYear(2014)).toEqual({ ok: true, value: 2014 });
    expect(readYear(" 2014 ")).toEqual({ ok: true, value: 2014 });
    expect(problemOf(readYear(2014.5))).toMatch(/ikke et helt tal/);
    expect(problemOf(readYear("tjuefjorten"))).toMatch(/ikke et helt tal/);
    expect(problemOf(readYear(""))).toMatch(/tom/);
  });

  it("reads the version as empty or a non-negative whole number", () => {
    expect(readVersion("")).toEqual({ ok: true, value: null });
    expect(readVersion(3)).toEqual({ ok: true, value: 3 });
    expect(problemOf(readVersion(-1))).toMatch(/negativt/);
  });

  it("reads text as it stands and lines trimmed", () => {
    expect(readText(" Lektiecafé ")).toEqual({ ok: true, value: " Lektiecafé " });
    expect(readText(42)).toEqual({ ok: true, value: "42" });
    expect(problemOf(readText(false))).toMatch(/FALSK/);
    expect(readLines(" Mjølnerparken \r\n\nLundtoftegade\n")).toEqual({
      ok: true,
      value: ["Mjølnerparken", "Lundtoftegade"],
    });
    expect(readLines("")).toEqual({ ok: true, value: [] });
  });
});
