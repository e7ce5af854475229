import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, type Reference } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import { gridToPlan } from "./read-grid";
import { editCell, gridsOf, tableNamed } from "./test-helpers";

describe("labels are compared with labelKey: trimmed, Unicode NFC, case-insensitive", () => {
  it("a focus area with a trailing space, and a name typed decomposed (a Mac paste), read as the names", () => {
    const reference: Reference = {
      ...defaultReference,
      focusAreas: [
        ...defaultReference.focusAreas,
        { id: "lektiecafe", name: "Lektiecafé", contractEligible: true, aliases: [] },
      ],
    };
    const grids = editCell(
      editCell(editCell(gridsOf(), "Budget!A4", "Lektiecafe\u0301 "), "Budget!A5", "Kultur og fritid "),
      "Budget!B5",
      "LØN ",
    );
    const read = gridToPlan(grids, reference);
    expect(read.findings).toEqual([]);
    expect(read.plan?.budget.expenses[0]?.focusArea).toBe("lektiecafe");
    expect(read.plan?.budget.expenses[1]).toMatchObject({ focusArea: "kultur-fritid", category: "loen" });
  });

  it("headers and Stamdata fields typed decomposed or with spaces still read", () => {
    const grids = gridsOf();
    const expenses = tableNamed(grids, "Udgifter");
    expenses.values[0]![0] = "Indsatsomra\u030Ade ";
    const stamdata = tableNamed(grids, "Stamdata");
    stamdata.values.find((row) => row[0] === "Startår")![0] = " STARTA\u030AR";
    tableNamed(grids, "Finansiering").name = "FINANSIERING";
    const read = gridToPlan(grids, defaultReference);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(demoPlan);
  });

  it("Ja/Nej with spaces and in capitals reads", () => {
    const read = gridToPlan(editCell(gridsOf(), "Plan!B9", " NEJ "), defaultReference);
    expect(read.plan?.vulnerableArea).toBe(false);
  });
});
