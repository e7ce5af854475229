import { demoPlan } from "@helhedsplan/demo";
import { defaultPools, defaultReference, ruleIds } from "@helhedsplan/rules";
import { describe, expect, it } from "vitest";
import { gridToPlan } from "./read-grid";
import { copyOf, editCell, gridsOf, tableNamed } from "./test-helpers";
import { validateWorkbook } from "./validate-workbook";
import { planToGrid } from "./write-grid";

// The demo plan's Stamdata: the Pulje value in Plan!B13.
const pools = [
  { id: "budget-2012", name: "Budget 2012" },
  { id: "budget-2016", name: "Budget 2016 – Tingbjerg" },
];
const stamdataValue = (label: string, grids = gridsOf()) =>
  tableNamed(grids, "Stamdata").values.find((row) => row[0] === label)?.[1];
const readFindings = (grids: ReturnType<typeof gridsOf>, options = {}) =>
  gridToPlan(grids, defaultReference, options).findings.map(({ ruleId, path, cell, message }) => ({
    ruleId,
    path,
    cell,
    message,
  }));

describe("the Pulje cell shows the pool's name", () => {
  it("writes the name from the default pools, and from pools passed in", () => {
    expect(stamdataValue("Pulje")).toBe("Budget 2012");
    const plan = { ...copyOf(demoPlan), poolId: "budget-2016" };
    expect(stamdataValue("Pulje", planToGrid(plan, defaultReference, { pools }))).toBe("Budget 2016 – Tingbjerg");
    expect(stamdataValue("Pulje", planToGrid({ ...plan, poolId: null }, defaultReference, { pools }))).toBe("");
  });

  it("reads the name back as the pool's id, through the default pools or the pools passed in", () => {
    expect(defaultPools.map((pool) => pool.name)).toEqual(["Budget 2012"]);
    expect(gridToPlan(gridsOf(), defaultReference).plan?.poolId).toBe("budget-2012");
    const plan = { ...copyOf(demoPlan), poolId: "budget-2016" };
    const read = gridToPlan(planToGrid(plan, defaultReference, { pools }), defaultReference, { pools });
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual(plan);
  });

  it("reads a name as labels are compared (trimmed, any case, composed or decomposed), and the id of older workbooks", () => {
    for (const typed of [" budget 2012 ", "BUDGET 2012", "budget-2012", " Budget-2012"]) {
      const read = gridToPlan(editCell(gridsOf(), "Plan!B13", typed), defaultReference);
      expect(read.findings, typed).toEqual([]);
      expect(read.plan?.poolId, typed).toBe("budget-2012");
    }
    const decomposed = [{ id: "puljen-for-omrade", name: "Puljen for område" }];
    const grids = editCell(gridsOf(), "Plan!B13", "puljen for omra\u030Ade ");
    expect(gridToPlan(grids, defaultReference, { pools: decomposed }).plan?.poolId).toBe("puljen-for-omrade");
  });

  it("an empty Pulje cell is no pool", () => {
    const read = gridToPlan(editCell(gridsOf(), "Plan!B13", ""), defaultReference);
    expect(read.plan?.poolId).toBeNull();
  });

  it("a label naming no pool is workbook.cell-unreadable on the Pulje cell, never a silent default", () => {
    expect(readFindings(editCell(gridsOf(), "Plan!B13", "Budget 2099"))).toEqual([
      {
        ruleId: ruleIds.workbookCellUnreadable,
        path: ["poolId"],
        cell: "Plan!B13",
        message: expect.stringMatching(/"Budget 2099" er ikke en kendt pulje\. Vælg et af: Budget 2012\./) as unknown,
      },
    ]);
    // A pool the list does not have, by name or by id, is unknown too.
    expect(readFindings(gridsOf(), { pools: [{ id: "budget-2016", name: "Budget 2016" }] })).toMatchObject([
      { ruleId: ruleIds.workbookCellUnreadable, cell: "Plan!B13" },
    ]);
    expect(gridToPlan(editCell(gridsOf(), "Plan!B13", "Budget 2099"), defaultReference).plan).toBeNull();
  });

  it("with no pools at all, only an empty Pulje cell reads", () => {
    expect(readFindings(gridsOf(), { pools: [] })).toMatchObject([
      { cell: "Plan!B13", message: expect.stringMatching(/er ikke en kendt pulje\.$/) as unknown },
    ]);
  });

  it("validateWorkbook reports an unknown pool once, on its cell, and no pool.missing beside it", () => {
    const findings = validateWorkbook(editCell(gridsOf(), "Plan!B13", "Budget 2099"), defaultReference);
    expect(findings.map(({ ruleId, cell }) => ({ ruleId, cell }))).toEqual([
      { ruleId: ruleIds.workbookCellUnreadable, cell: "Plan!B13" },
    ]);
    expect(validateWorkbook(gridsOf(), defaultReference, { pools })).toEqual([]);
    expect(
      validateWorkbook(gridsOf(), defaultReference, { pools: [pools[1]!] }).map(({ ruleId, cell }) => ({
        ruleId,
        cell,
      })),
    ).toEqual([{ ruleId: ruleIds.workbookCellUnreadable, cell: "Plan!B13" }]);
  });
});
