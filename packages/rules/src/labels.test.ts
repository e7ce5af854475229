import { describe, expect, it } from "vitest";
import { labelKey } from "./labels";

describe("labelKey", () => {
  it("ignores surrounding spaces, Unicode form and case", () => {
    expect(labelKey(" Lektiecafe\u0301 ")).toBe(labelKey("LEKTIECAFÉ"));
    expect(labelKey("Børn og unge\t")).toBe("børn og unge");
    expect(labelKey("ÆØÅ")).toBe("æøå");
  });

  it("keeps different words apart", () => {
    expect(labelKey("Lektiecafé")).not.toBe(labelKey("Lektiecafe"));
    expect(labelKey("Børn  og unge")).not.toBe(labelKey("Børn og unge"));
  });
});
