import { defaultReference } from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineGrids, type CellValue, type Grids } from "./grid";
import { goalCellOf, goalsToGrid, gridToGoals } from "./goals-grid";
import { gridToPlan } from "./read-grid";
import { goalList } from "./test-arbitraries";
import { copyOf, demoGoals, editCell, gridsOf, tableNamed } from "./test-helpers";

// The demo goals' grids: Maal A3:D6 on Mål (m1 in row 4, m2 in 5, m3 in 6; Mål-ID A, Indsatsområde B, Mål C, Succeskriterier D).
const goalGrids = () => goalsToGrid(demoGoals, defaultReference);
const read = (grids: Grids) => gridToGoals(grids, defaultReference);
const summary = (grids: Grids) => read(grids).findings.map(({ ruleId, path, cell }) => ({ ruleId, path, cell }));

describe("goalsToGrid and gridToGoals: the Maal table on Mål", () => {
  it("writes one goal a row, focus areas by name, success criteria one per line", () => {
    expect(tableNamed(goalGrids(), "Maal")).toEqual({
      name: "Maal",
      sheet: "Mål",
      topLeft: "A3",
      values: [
        ["Mål-ID", "Indsatsområde", "Mål", "Succeskriterier"],
        [
          "m1",
          "Børn, unge og familie",
          "Flere børn og unge gennemfører en uddannelse",
          "80 % af lektiecaféens deltagere består 9. klasse\n40 unge i fritidsjob",
        ],
        ["m2", "Sundhed", "Bedre sundhed blandt beboerne", ""],
        [
          "m3",
          "Beboernetværk, inddragelse og demokrati",
          "Flere beboere deltager i det lokale demokrati",
          "Valgdeltagelse ved afdelingsmødet over 20 %",
        ],
      ],
      totalsRow: false,
    });
    expect(tableNamed(goalsToGrid([], defaultReference), "Maal").values.slice(1)).toEqual([["", "", "", ""]]);
  });

  it("reads back the goals, and the plan beside them is read exactly as before", () => {
    const grids = combineGrids(gridsOf(), goalGrids());
    expect(read(grids)).toMatchObject({ goals: demoGoals, findings: [] });
    expect(gridToPlan(grids, defaultReference)).toEqual(gridToPlan(gridsOf(), defaultReference));
    expect(read(goalsToGrid([], defaultReference)).goals).toEqual([]);
  });

  it("reads labels trimmed and in any case, ids trimmed, criteria by line; skips blank rows; finds columns by header", () => {
    const grids = editCell(editCell(goalGrids(), "Mål!B5", "  SUNDHED "), "Mål!A5", " m2 ");
    editCell(grids, "Mål!D5", "\n  Færre på akuttilbud \r\n\n");
    const maal = tableNamed(grids, "Maal");
    maal.values.splice(2, 0, ["", "", "", ""]);
    for (const row of maal.values) row.reverse();
    const result = read(grids);
    expect(result.findings).toEqual([]);
    expect(result.goals?.[1]).toEqual({ ...demoGoals[1], successCriteria: ["Færre på akuttilbud"] });
    expect(result.map.goals?.rows).toEqual([4, 6, 7]);
  });

  it.each<[string, string, CellValue, RegExp]>([
    ["an empty Mål-ID", "Mål!A5", "", /Cellen er tom; skriv et kort id for målet/],
    ["an unknown focus area", "Mål!B5", "Trivsel", /"Trivsel" er ikke et kendt indsatsområde/],
    ["an empty goal", "Mål!C5", " ", /Cellen er tom; skriv målet/],
    ["an error value in the criteria", "Mål!D5", "#REF!", /fejlværdien #REF!/],
  ])("%s is unreadable at its cell, and no goals come out", (_what, cell, value, message) => {
    const result = read(editCell(goalGrids(), cell, value));
    expect(result.goals).toBeNull();
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: "workbook.cell-unreadable", cell });
    expect(result.findings[0]?.message).toMatch(message);
    expect(goalCellOf(result.findings[0]!.path, result.map)).toBe(cell);
  });

  it("a workbook without Mål, or with a renamed header, is a layout finding", () => {
    expect(summary(gridsOf())).toEqual([{ ruleId: "workbook.layout", path: [], cell: "Mål!A1" }]);
    expect(read(gridsOf()).goals).toBeNull();
    expect(summary(editCell(goalGrids(), "Mål!D3", "Kriterier"))).toEqual([
      { ruleId: "workbook.layout", path: [], cell: "Mål!A3" },
    ]);
  });

  it("goalCellOf: a goal's field → its cell, a whole goal → its Mål, anything else → the header", () => {
    const map = read(goalGrids()).map;
    expect(goalCellOf(["goals", 1, "goal"], map)).toBe("Mål!C5");
    expect(goalCellOf(["goals", 0, "successCriteria", 1], map)).toBe("Mål!D4");
    expect(goalCellOf(["goals", 2, "focusArea"], map)).toBe("Mål!B6");
    expect(goalCellOf(["goals", 2, "id"], map)).toBe("Mål!A6");
    expect(goalCellOf(["goals", 2], map)).toBe("Mål!C6");
    expect(goalCellOf(["goals"], map)).toBe("Mål!A3");
    expect(goalCellOf(["goals", 9], map)).toBe("Mål!A3");
    expect(goalCellOf(["goals", 0], { goals: null })).toBe("Mål!A1");
  });

  it("gridToGoals(goalsToGrid(g)) = g for any goals", () => {
    fc.assert(
      fc.property(goalList("unicode"), (goals) => {
        const result = read(goalsToGrid(copyOf(goals), defaultReference));
        expect(result.findings).toEqual([]);
        expect(result.goals).toEqual(goals);
      }),
      { numRuns: 300 },
    );
  });
});
