// localChanges against the workbook's own grids: every expected cell is found in the grids written by
// planToGrid (the row that shows the line, the column headed by the year), not computed the way the
// code under test computes it; and properties over generated plans (no change, one amount, moves).
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, expenseLineKey, type PlanInput } from "@helhedsplan/rules";
import {
  formatA1,
  gridToPlan,
  kronerCell,
  parseA1,
  planToGrid,
  sheetAddress,
  type CellValue,
  type Grids,
} from "@helhedsplan/workbook";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPlan } from "../../workbook/src/test-arbitraries";
import { localChanges, type LocalChanges } from "./local-changes";

const reference = defaultReference;

/** The workbook of a plan as a front end reads it: its grids, the plan read back and the cell map. */
function workbook(plan: PlanInput) {
  const grids = planToGrid(plan, reference);
  const read = gridToPlan(grids, reference);
  if (read.plan === null) throw new Error("unreadable workbook");
  return { grids, plan: read.plan, map: read.map };
}

function changesOf(base: PlanInput, mine: PlanInput): LocalChanges {
  const book = workbook(mine);
  return localChanges(base, book.plan, book.map, reference);
}

/** The address of a table's cell found by what the grid shows: the data row whose `column` holds `rowText`, the column headed `header`. */
function cellIn(grids: Grids, tableName: string, find: { column: string; text: CellValue }, header: string): string {
  const table = grids.tables.find((candidate) => candidate.name === tableName)!;
  const headers = table.values[0]!.map(String);
  const keyColumn = headers.indexOf(find.column);
  const row = table.values.findIndex((values, at) => at > 0 && values[keyColumn] === find.text);
  const column = headers.indexOf(header);
  if (row < 0 || column < 0) throw new Error(`${tableName} shows no ${String(find.text)} / ${header}`);
  const top = parseA1(table.topLeft)!;
  return sheetAddress(table.sheet, formatA1({ row: top.row + row, column: top.column + column }));
}

/** The value the grids show at a sheet-qualified address. */
function valueAt(grids: Grids, address: string): CellValue | undefined {
  const [sheet, a1] = address.split("!") as [string, string];
  const { row, column } = parseA1(a1)!;
  for (const table of grids.tables) {
    const top = parseA1(table.topLeft)!;
    if (table.sheet !== sheet.replace(/^'|'$/g, "")) continue;
    const value = table.values[row - top.row]?.[column - top.column];
    if (value !== undefined) return value;
  }
  return undefined;
}

const none: LocalChanges = { cells: [], changes: [], deleted: 0, count: 0 };

describe("localChanges on the demo plan", () => {
  it("no change: nothing", () => {
    expect(changesOf(demoPlan, demoPlan)).toEqual(none);
  });

  it("one amount: its cell, in words, found by identity after lines moved above it", () => {
    const mine = structuredClone(demoPlan);
    mine.budget.expenses.reverse();
    const line = mine.budget.expenses.find((candidate) => candidate.activity === "Lektiecafé")!;
    line.amountsOre["2015"] = 130_000_00;
    const grids = planToGrid(mine, reference);
    const cell = cellIn(grids, "Udgifter", { column: "Aktivitet", text: "Lektiecafé" }, "2015");
    expect(changesOf(demoPlan, mine)).toEqual({
      cells: [cell],
      changes: [
        {
          id: "expense:boern-unge/aktiviteter/lektiecafé#0:2015",
          what: "Lektiecafé (Børn, unge og familie), 2015",
          cell,
        },
      ],
      deleted: 0,
      count: 1,
    });
    expect(valueAt(grids, cell)).toBe(kronerCell(130_000_00));
  });

  it("a header value: its one cell on Plan", () => {
    const mine = { ...structuredClone(demoPlan), vulnerableArea: false, estates: ["Mjølnerparken"] };
    const grids = planToGrid(mine, reference);
    const result = changesOf(demoPlan, mine);
    const estates = cellIn(grids, "Stamdata", { column: "Felt", text: "Afdelinger" }, "Værdi");
    const vulnerable = cellIn(grids, "Stamdata", { column: "Felt", text: "Udsat boligområde" }, "Værdi");
    expect(result.changes.map(({ what, cell }) => ({ what, cell }))).toEqual([
      { what: "Afdelinger", cell: estates },
      { what: "Udsat boligområde", cell: vulnerable },
    ]);
    expect(result.cells).toEqual([estates, vulnerable]);
  });

  it("a new line marks all its input cells; a deleted one counts and has no cell", () => {
    const mine = structuredClone(demoPlan);
    const [gone] = mine.budget.expenses.splice(2, 1);
    mine.budget.expenses.splice(1, 0, {
      focusArea: "sundhed",
      category: "aktiviteter",
      activity: "Motionshold",
      amountsOre: { "2014": 10_000_00, "2015": 10_000_00, "2016": 0, "2017": 0 },
    });
    const grids = planToGrid(mine, reference);
    const at = (header: string) => cellIn(grids, "Udgifter", { column: "Aktivitet", text: "Motionshold" }, header);
    const inputs = ["Indsatsområde", "Kategori", "Aktivitet", "2014", "2015", "2016", "2017"].map(at);
    const result = changesOf(demoPlan, mine);
    expect(result.cells).toEqual(inputs);
    expect(result.changes).toEqual([
      {
        id: "expense:uddannelse-beskaeftigelse-erhverv/loen/job- og uddannelsesvejleder#0:line",
        what: `udgiftslinjen ${gone!.activity} (Uddannelse, beskæftigelse og erhverv) er slettet`,
        cell: null,
      },
      {
        id: "expense:sundhed/aktiviteter/motionshold#0:line",
        what: "udgiftslinjen Motionshold (Sundhed) er tilføjet",
        cell: at("Aktivitet"),
      },
    ]);
    expect(result).toMatchObject({ deleted: 1, count: 2 });
    expect(valueAt(grids, at("Indsatsområde"))).toBe("Sundhed");
  });

  it("an activity retyped in other case is its activity cell; a changed focus area is a line deleted and one added", () => {
    const mine = structuredClone(demoPlan);
    mine.budget.expenses[1]!.activity = "LEKTIECAFÉ";
    mine.budget.expenses[0]!.focusArea = "sundhed";
    const grids = planToGrid(mine, reference);
    const result = changesOf(demoPlan, mine);
    const activity = cellIn(grids, "Udgifter", { column: "Aktivitet", text: "LEKTIECAFÉ" }, "Aktivitet");
    expect(result.changes.find((change) => change.cell === activity)?.what).toBe(
      "LEKTIECAFÉ (Børn, unge og familie), Aktivitet",
    );
    expect(result).toMatchObject({ deleted: 1, count: 3 });
    // The line now under Sundhed: all 7 input cells, plus the activity cell above.
    expect(result.cells).toHaveLength(8);
  });

  it("financing: a changed amount is its cell in Finansiering", () => {
    const mine = structuredClone(demoPlan);
    mine.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2017"]! += 100;
    const grids = planToGrid(mine, reference);
    const cell = cellIn(grids, "Finansiering", { column: "Kilde", text: "Landsbyggefonden" }, "2017");
    expect(changesOf(demoPlan, mine)).toMatchObject({
      cells: [cell],
      changes: [{ what: "Landsbyggefonden, 2017", cell }],
    });
  });

  it("cells are unique and in reading order: Plan before Budget, then row, then column", () => {
    const mine = structuredClone(demoPlan);
    mine.name = "Nyt navn";
    for (const line of mine.budget.expenses) for (const year of ["2017", "2014"]) line.amountsOre[year]! += 1;
    const { cells } = changesOf(demoPlan, mine);
    expect(cells[0]).toMatch(/^Plan!/);
    expect(new Set(cells).size).toBe(cells.length);
    const positions = cells.slice(1).map((cell) => parseA1(cell.replace(/^Budget!/, ""))!);
    const sorted = [...positions].sort((a, b) => a.row - b.row || a.column - b.column);
    expect(positions).toEqual(sorted);
    expect(cells).toHaveLength(1 + 2 * mine.budget.expenses.length);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over generated plans
// ---------------------------------------------------------------------------------------------

const plans = canonicalPlan("printable", 8);

/** A permutation that keeps lines of one identity in their order: a move never swaps two lines that are the same line. */
function moved<T>(items: readonly T[], keyOf: (item: T) => string, order: readonly number[]): T[] {
  const shuffled = order.map((at) => items[at] as T);
  const byKey = new Map<string, T[]>();
  for (const item of items) byKey.set(keyOf(item), [...(byKey.get(keyOf(item)) ?? []), item]);
  return shuffled.map((item) => byKey.get(keyOf(item))!.shift()!);
}

const withOrder = <T>(items: readonly T[]) => fc.shuffledSubarray([...items.keys()], { minLength: items.length });

describe("localChanges properties", () => {
  it("localChanges(p, p) is empty for any plan", () => {
    fc.assert(
      fc.property(plans, (plan) => {
        expect(changesOf(plan, plan)).toEqual(none);
      }),
      { numRuns: 200 },
    );
  });

  it("changing one amount gives exactly its cell, where the grid shows the new amount", () => {
    const withAmount = plans
      .filter((plan) => plan.budget.expenses.some((line) => Object.keys(line.amountsOre).length > 0))
      .chain((plan) => {
        const lines = plan.budget.expenses.flatMap((line, at) =>
          Object.keys(line.amountsOre).map((year) => ({ at, year })),
        );
        return fc.record({
          plan: fc.constant(plan),
          target: fc.constantFrom(...lines),
          value: fc.integer({ min: -1_000_000_000, max: 2_000_000_000 }),
        });
      })
      .filter(({ plan, target, value }) => plan.budget.expenses[target.at]!.amountsOre[target.year] !== value);
    fc.assert(
      fc.property(withAmount, ({ plan, target, value }) => {
        const mine = structuredClone(plan);
        mine.budget.expenses[target.at]!.amountsOre[target.year] = value;
        const result = changesOf(plan, mine);
        expect(result.count).toBe(1);
        expect(result.deleted).toBe(0);
        expect(result.cells).toHaveLength(1);
        expect(result.changes[0]?.cell).toBe(result.cells[0]);
        // The cell is the one that shows the new amount, in the row of that line, the column of that year.
        const grids = planToGrid(mine, reference);
        expect(valueAt(grids, result.cells[0]!)).toBe(kronerCell(value));
        const table = grids.tables.find((candidate) => candidate.name === "Udgifter")!;
        const top = parseA1(table.topLeft)!;
        const { row, column } = parseA1(result.cells[0]!.split("!")[1]!)!;
        expect(row - top.row).toBe(target.at + 1);
        expect(String(table.values[0]![column - top.column])).toBe(target.year);
      }),
      { numRuns: 200 },
    );
  });

  it("moving lines and rows without changing values gives no change", () => {
    const reordered = plans.chain((plan) =>
      fc.record({
        plan: fc.constant(plan),
        expenses: withOrder(plan.budget.expenses),
        financing: withOrder(plan.budget.financing),
      }),
    );
    fc.assert(
      fc.property(reordered, ({ plan, expenses, financing }) => {
        const mine = structuredClone(plan);
        mine.budget.expenses = moved(plan.budget.expenses, expenseLineKey, expenses);
        mine.budget.financing = moved(plan.budget.financing, (row) => row.source, financing);
        expect(changesOf(plan, mine)).toEqual(none);
      }),
      { numRuns: 200 },
    );
  });

  it("a line added anywhere marks its input cells and nothing else", () => {
    const added = plans.chain((plan) =>
      fc.record({ plan: fc.constant(plan), at: fc.nat(plan.budget.expenses.length) }),
    );
    fc.assert(
      fc.property(added, ({ plan, at }) => {
        const mine = structuredClone(plan);
        const line = { focusArea: "sundhed", category: "loen", activity: "Helt ny aktivitet ¤", amountsOre: {} };
        mine.budget.expenses.splice(at, 0, line);
        const result = changesOf(plan, mine);
        expect(result).toMatchObject({ count: 1, deleted: 0 });
        // Its amount cells are the table's year columns: read back, a new line has an amount in each (blank is 0).
        const years = Object.keys(workbook(mine).plan.budget.expenses[at]!.amountsOre);
        expect(result.cells).toHaveLength(3 + years.length);
        const grids = planToGrid(mine, reference);
        expect(
          result.cells.map((cell) => valueAt(grids, cell)).filter((value) => value === "Helt ny aktivitet ¤"),
        ).toHaveLength(1);
      }),
      { numRuns: 100 },
    );
  });
});
