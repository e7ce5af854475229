// Danish display of the template's number formats.
import { describe, expect, it } from "vitest";
import { editText, formatValue } from "./number-format";

describe("formatValue", () => {
  it("shows amounts and shares the Danish way", () => {
    expect(formatValue(1234567.5, "#,##0.00")).toBe("1.234.567,50");
    expect(formatValue(-1234, "#,##0.00")).toBe("-1.234,00");
    expect(formatValue(0, "#,##0.00")).toBe("0,00");
    expect(formatValue(0.125, "0.00%")).toBe("12,50%");
    expect(formatValue(0.11688311688, "0.00%")).toBe("11,69%");
    expect(formatValue(1234.5, "#,##0")).toBe("1.235");
  });

  it("shows General numbers without separators, booleans and text as Danish Excel does", () => {
    expect(formatValue(450000, "General")).toBe("450000");
    expect(formatValue(0.1169, "General")).toBe("0,1169");
    expect(formatValue(1 / 3, "General")).toBe("0,333333333");
    expect(formatValue(123456789012, "General")).toBe("1,23457E+11");
    expect(formatValue(true, "General")).toBe("SAND");
    expect(formatValue("Udfyldes ved synkronisering", "#,##0.00")).toBe("Udfyldes ved synkronisering");
  });

  it("gives the text a user edits", () => {
    expect(editText(1234.5)).toBe("1234,5");
    expect(editText("=SUM(D4:G4)")).toBe("=SUM(D4:G4)");
    expect(editText(false)).toBe("FALSK");
  });
});
