import { describe, expect, it } from "vitest";
import {
  columnLetters,
  excelDateText,
  excelSerialOf,
  formatA1,
  isDateFormat,
  isEmptyCell,
  isExcelError,
  parseA1,
  parseRange,
  sheetAddress,
} from "./grid";

describe("A1 addresses", () => {
  it("converts column numbers to letters and back at the letter boundaries", () => {
    for (const [column, letters] of [
      [1, "A"],
      [26, "Z"],
      [27, "AA"],
      [52, "AZ"],
      [53, "BA"],
      [702, "ZZ"],
      [703, "AAA"],
      [16384, "XFD"],
    ] as const) {
      expect(columnLetters(column)).toBe(letters);
      expect(parseA1(`${letters}7`)).toEqual({ row: 7, column });
      expect(formatA1({ row: 7, column })).toBe(`${letters}7`);
    }
  });

  it("reads absolute references and refuses anything else", () => {
    expect(parseA1("$E$7")).toEqual({ row: 7, column: 5 });
    expect(parseA1("E")).toBeNull();
    expect(parseA1("7")).toBeNull();
    expect(parseA1("Budget!E7")).toBeNull();
  });

  it("normalises a range's corners", () => {
    expect(parseRange("E6:D5")).toEqual({ from: { row: 5, column: 4 }, to: { row: 6, column: 5 } });
    expect(parseRange("D5")).toEqual({ from: { row: 5, column: 4 }, to: { row: 5, column: 4 } });
    expect(parseRange("D5:E5:F5")).toBeNull();
  });

  it("quotes sheet names as Excel does", () => {
    expect(sheetAddress("Budget", "E7")).toBe("Budget!E7");
    expect(sheetAddress("Mål", "A1")).toBe("Mål!A1");
    expect(sheetAddress("Budget 2014", "E7")).toBe("'Budget 2014'!E7");
    expect(sheetAddress("Bo's", "A1")).toBe("'Bo''s'!A1");
    expect(sheetAddress("2014", "A1")).toBe("'2014'!A1");
  });
});

describe("cell kinds", () => {
  it("knows Excel's error values, whatever their case or spacing", () => {
    for (const error of ["#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", " #ref! "])
      expect(isExcelError(error)).toBe(true);
    for (const text of ["#", "#REF", "REF!", "# 12", ""]) expect(isExcelError(text)).toBe(false);
    expect(isExcelError(0)).toBe(false);
  });

  it("treats only empty and blank strings as empty", () => {
    expect(isEmptyCell("")).toBe(true);
    expect(isEmptyCell("   ")).toBe(true);
    expect(isEmptyCell(0)).toBe(false);
    expect(isEmptyCell(false)).toBe(false);
  });

  it("tells date formats from amount formats", () => {
    for (const format of ["dd-mm-yyyy", "m/d/yy", "yyyy-mm-dd", "[$-406]d. mmmm yyyy", "hh:mm", "mmm-yy"])
      expect(isDateFormat(format)).toBe(true);
    for (const format of [
      "General",
      "#,##0.00",
      '#,##0.00 "kr."',
      "0.00%",
      "0.00E+00",
      "[Red]#,##0",
      "_-* #,##0.00_-",
      "@",
    ])
      expect(isDateFormat(format)).toBe(false);
  });

  it("shows an Excel date serial as a date", () => {
    expect(excelDateText(42005)).toBe("01-01-2015");
    expect(excelDateText(61)).toBe("01-03-1900");
    expect(excelSerialOf(Date.UTC(2015, 0, 1))).toBe(42005);
  });
});
