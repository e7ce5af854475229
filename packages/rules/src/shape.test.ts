import { describe, expect, it } from "vitest";
import { z } from "zod";
import { PlanHeader } from "./schemas";
import { danishZodParams, parseShape, zodIssuePath } from "./shape";

describe("parseShape", () => {
  it("returns the parsed data", () => {
    expect(parseShape(z.number(), 5)).toEqual({ success: true, data: 5 });
  });

  it("turns every zod issue into an input.shape finding with a Danish sentence", () => {
    const result = parseShape(PlanHeader, { name: "", periodStart: 2014.5 });
    expect(result.success).toBe(false);
    if (result.success) return;
    const byPath = new Map(result.findings.map((f) => [f.path.join("."), f]));
    expect(byPath.get("name")?.message).toBe("Feltet må ikke være tomt.");
    expect(byPath.get("periodStart")?.message).toBe("Årstallet skal være et helt tal, fx 2014.");
    expect(byPath.get("vulnerableArea")?.message).toBe("Ugyldigt input: forventede boolean, fik undefined.");
    expect(result.findings.every((f) => f.ruleId === "input.shape" && f.severity === "error")).toBe(true);
  });

  it("leaves zod's global configuration in English", () => {
    parseShape(z.string(), 1);
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
  });

  it("names a symbol key by its description", () => {
    const result = parseShape(z.record(z.string(), z.number()), { [Symbol("hemmelig")]: 1 });
    expect(result.success ? [] : result.findings.map((f) => f.path)).toEqual([["hemmelig"]]);
  });
});

describe("zodIssuePath and danishZodParams", () => {
  it("keeps string and number keys and names a symbol by its description", () => {
    expect(zodIssuePath(["budget", "expenses", 0, Symbol("nøgle")])).toEqual(["budget", "expenses", 0, "nøgle"]);
  });

  it("gives zod's own messages in Danish for one parse only", () => {
    expect(z.string().safeParse(1, danishZodParams).error?.issues[0]?.message).toBe(
      "Ugyldigt input: forventede streng, fik tal",
    );
    expect(z.string().safeParse(1).error?.issues[0]?.message).toBe("Invalid input: expected string, received number");
  });
});
