// The goals as one unit: the three-way rule, the Danish description, and the writes into the `Maal` table.
import { defaultReference, type Goal } from "@helhedsplan/rules";
import { goalsToGrid, layout } from "@helhedsplan/workbook";
import { describe, expect, it } from "vitest";
import { describeGoals, goalsWriteBack, mergeGoals } from "./goals-sync";

const m1: Goal = { id: "m1", focusArea: "sundhed", goal: "Flere i motion", successCriteria: ["200 deltagere"] };
const m2: Goal = { id: "m2", focusArea: "boern-unge", goal: "Flere klarer skolen", successCriteria: [] };
const m2b: Goal = { ...m2, goal: "Flere børn klarer skolen" };

describe("mergeGoals", () => {
  it("takes the side that changed; both alike is no conflict", () => {
    expect(mergeGoals([m1], [m1], [m1, m2], undefined)).toEqual({
      kind: "merged",
      goals: [m1, m2],
      takenFromTheirs: true,
    });
    expect(mergeGoals([m1], [m1, m2], [m1], undefined)).toEqual({
      kind: "merged",
      goals: [m1, m2],
      takenFromTheirs: false,
    });
    expect(mergeGoals([m1], [m2], [m2], undefined)).toMatchObject({ kind: "merged", takenFromTheirs: false });
  });

  it("both changed differently: one conflict, settled all at once or by the id goals", () => {
    expect(mergeGoals([m1, m2], [m1, m2b], [m1], undefined)).toEqual({
      kind: "conflict",
      base: [m1, m2],
      mine: [m1, m2b],
      theirs: [m1],
    });
    expect(mergeGoals([m1, m2], [m1, m2b], [m1], { goals: "theirs" })).toMatchObject({
      goals: [m1],
      takenFromTheirs: true,
    });
    expect(mergeGoals([m1, m2], [m1, m2b], [m1], "mine")).toMatchObject({ goals: [m1, m2b] });
    expect(mergeGoals([m1, m2], [m1, m2b], [m1], { name: "theirs" })).toMatchObject({ kind: "conflict" });
  });
});

describe("describeGoals", () => {
  it("counts, names and says what changed against the base", () => {
    expect(describeGoals([])).toBe("ingen mål");
    expect(describeGoals([m1, m2])).toBe("2 mål (m1, m2)");
    expect(describeGoals([m1, m2b], [m1, m2])).toBe("2 mål (m1, m2); ændret: m2");
    expect(describeGoals([m1], [m1, m2])).toBe("1 mål (m1); ændret: m2");
  });
});

describe("goalsWriteBack", () => {
  const grids = goalsToGrid([m1, m2], defaultReference);

  it("writes only the cells that differ, and empties rows past the new goals", () => {
    const back = goalsWriteBack(grids, [m2b], defaultReference);
    expect(back).toEqual({
      fits: true,
      writes: [
        { sheet: layout.sheets.goals, address: "A4", value: "m2" },
        { sheet: layout.sheets.goals, address: "B4", value: "Børn, unge og familie" },
        { sheet: layout.sheets.goals, address: "C4", value: "Flere børn klarer skolen" },
        { sheet: layout.sheets.goals, address: "D4", value: "" },
        { sheet: layout.sheets.goals, address: "A5", value: "" },
        { sheet: layout.sheets.goals, address: "B5", value: "" },
        { sheet: layout.sheets.goals, address: "C5", value: "" },
      ],
    });
  });

  it("more goals than rows, or no table: does not fit", () => {
    expect(goalsWriteBack(grids, [m1, m2, { ...m2, id: "m3" }], defaultReference)).toMatchObject({ fits: false });
    expect(goalsWriteBack({ sheets: [], tables: [] }, [m1], defaultReference)).toEqual({
      fits: false,
      reason: "tabellen Maal findes ikke",
    });
  });
});
