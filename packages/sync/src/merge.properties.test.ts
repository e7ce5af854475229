// Properties of mergePlans over generated plans: mine and theirs are derived from a base by random
// edits, and every expectation comes from a simple per-cell model of the plans written here, not
// from the merge's own code. Small value domains make both sides touch the same cells often.
import {
  defaultReference,
  expenseLineKey,
  type ExpenseLine,
  type FinancingRow,
  type PlanHeader,
  type PlanInput,
} from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalPlan } from "../../workbook/src/test-arbitraries";
import { mergePlans, type MergeResult } from "./merge";
import type { MergeCell, MergeResolution } from "./merge-types";

// ---------------------------------------------------------------------------------------------
// Arbitraries: plans and edits
// ---------------------------------------------------------------------------------------------

const years = ["2013", "2014", "2015", "2016", "2017"];
const focusAreas = ["sundhed", "boern-unge", "a/b"];
const categories = ["loen", "drift"];
const activities = ["Lektiecafé", "lektiecafé", " LEKTIECAFÉ", "Lektiecafe\u0301", "Motion", "Kor"];
const sources: FinancingRow["source"][] = ["lbf", "kommunePulje", "andre"];

const amount = fc.oneof(fc.constantFrom(0, 1, 100, -5), fc.integer({ min: -1_000, max: 1_000_000 }));
const amounts = fc.dictionary(fc.constantFrom(...years), amount, { maxKeys: 5 });
const expenseLine: fc.Arbitrary<ExpenseLine> = fc.record({
  focusArea: fc.constantFrom(...focusAreas),
  category: fc.constantFrom(...categories),
  activity: fc.constantFrom(...activities),
  amountsOre: amounts,
});
const financingRow: fc.Arbitrary<FinancingRow> = fc.record({
  source: fc.constantFrom(...sources),
  amountsOre: amounts,
});

const header: fc.Arbitrary<PlanHeader> = fc.record({
  name: fc.constantFrom("Plan A", "Plan B", "plan a"),
  housingOrganisation: fc.constantFrom("SAB", "FSB"),
  estates: fc.array(fc.constantFrom("Bakken", "Parken", "Gården"), { maxLength: 3 }),
  districtId: fc.constantFrom(null, "noerrebro", "bispebjerg"),
  vulnerableArea: fc.boolean(),
  cooperation: fc.boolean(),
  periodStart: fc.constantFrom(2013, 2014),
  periodEnd: fc.constantFrom(2016, 2017),
  poolId: fc.constantFrom(null, "budget-2012"),
});

const smallPlan: fc.Arbitrary<PlanInput> = fc
  .record({
    header,
    expenses: fc.array(expenseLine, { maxLength: 7 }),
    financing: fc.array(financingRow, { maxLength: 4 }),
  })
  .map(({ header, expenses, financing }) => ({ ...header, budget: { expenses, financing } }));

/** Mostly small plans whose cells collide; sometimes the workbook's canonical plans with any Unicode text. */
const basePlan = fc.oneof({ weight: 4, arbitrary: smallPlan }, { weight: 1, arbitrary: canonicalPlan("unicode", 6) });

type List = "expenses" | "financing";
type Edit =
  | { kind: "amount"; list: List; at: number; year: string; value: number }
  | { kind: "remove-year"; list: List; at: number; year: string }
  | { kind: "header"; field: keyof PlanHeader; from: PlanHeader }
  | { kind: "activity-case"; at: number; how: "upper" | "lower" | "pad" }
  | { kind: "add-line"; at: number; line: ExpenseLine }
  | { kind: "add-row"; at: number; row: FinancingRow }
  | { kind: "delete"; list: List; at: number }
  | { kind: "focus-area"; at: number; focusArea: string };

const list = fc.constantFrom<List>("expenses", "expenses", "financing");
const at = fc.nat(20);
const edit: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("amount"), list, at, year: fc.constantFrom(...years), value: amount }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("remove-year"), list, at, year: fc.constantFrom(...years) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("header"),
      field: fc.constantFrom<keyof PlanHeader>(
        "name",
        "housingOrganisation",
        "estates",
        "districtId",
        "vulnerableArea",
        "cooperation",
        "periodStart",
        "periodEnd",
        "poolId",
      ),
      from: header,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("activity-case"), at, how: fc.constantFrom("upper", "lower", "pad") }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("add-line"), at, line: expenseLine }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("add-row"), at, row: financingRow }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete"), list, at }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("focus-area"),
      at,
      focusArea: fc.constantFrom(...focusAreas, ...defaultReference.focusAreas.slice(0, 2).map((area) => area.id)),
    }),
  },
);

function applyEdits(base: PlanInput, edits: readonly Edit[]): PlanInput {
  const plan = structuredClone(base);
  const { expenses, financing } = plan.budget;
  const itemAt = (list: List, at: number) => {
    const items: (ExpenseLine | FinancingRow)[] = list === "expenses" ? expenses : financing;
    return items.length === 0 ? undefined : items[at % items.length];
  };
  for (const change of edits) {
    switch (change.kind) {
      case "amount": {
        const item = itemAt(change.list, change.at);
        if (item) item.amountsOre[change.year] = change.value;
        break;
      }
      case "remove-year": {
        const item = itemAt(change.list, change.at);
        if (item) delete item.amountsOre[change.year];
        break;
      }
      case "header":
        (plan as unknown as Record<string, unknown>)[change.field] = structuredClone(change.from[change.field]);
        break;
      case "activity-case": {
        const line = itemAt("expenses", change.at) as ExpenseLine | undefined;
        if (line)
          line.activity =
            change.how === "upper"
              ? line.activity.toUpperCase()
              : change.how === "lower"
                ? line.activity.toLowerCase()
                : ` ${line.activity} `;
        break;
      }
      case "add-line":
        expenses.splice(change.at % (expenses.length + 1), 0, structuredClone(change.line));
        break;
      case "add-row":
        financing.splice(change.at % (financing.length + 1), 0, structuredClone(change.row));
        break;
      case "delete": {
        const items: unknown[] = change.list === "expenses" ? expenses : financing;
        if (items.length > 0) items.splice(change.at % items.length, 1);
        break;
      }
      case "focus-area": {
        const line = itemAt("expenses", change.at) as ExpenseLine | undefined;
        if (line) line.focusArea = change.focusArea;
        break;
      }
    }
  }
  return plan;
}

const edits = (maxLength: number) => fc.array(edit, { maxLength });
const threeWay = (maxEdits = 5) =>
  fc
    .record({ base: basePlan, mine: edits(maxEdits), theirs: edits(maxEdits) })
    // structuredClone gives every object the plain prototype (fast-check also makes null-prototype ones).
    .map(({ base, mine, theirs }) => ({
      base: structuredClone(base),
      mine: applyEdits(base, mine),
      theirs: applyEdits(base, theirs),
    }));

// ---------------------------------------------------------------------------------------------
// The per-cell model: a plan as identities, each with its cells
// ---------------------------------------------------------------------------------------------

/** A line or row as the model sees it: its cells by name (`activity`, `y2015`), and the item itself. */
interface ModelItem {
  cells: Map<string, unknown>;
  item?: ExpenseLine | FinancingRow;
}
interface Model {
  header: Map<string, unknown>;
  /** By identity: `E|<expenseLineKey>#<occurrence>` or `F|<source>#<occurrence>`. */
  items: Map<string, ModelItem>;
}

function model(plan: PlanInput): Model {
  const header = new Map<string, unknown>();
  for (const field of Object.keys(plan) as (keyof PlanInput)[]) if (field !== "budget") header.set(field, plan[field]);
  const items = new Map<string, ModelItem>();
  const add = (prefix: string, key: string, item: ExpenseLine | FinancingRow, seen: Map<string, number>) => {
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    const cells = new Map<string, unknown>();
    if ("activity" in item) cells.set("activity", item.activity);
    for (const [year, value] of Object.entries(item.amountsOre)) cells.set(`y${year}`, value);
    items.set(`${prefix}|${key}#${occurrence}`, { cells, item });
  };
  const seenLines = new Map<string, number>();
  for (const line of plan.budget.expenses) add("E", expenseLineKey(line), line, seenLines);
  const seenRows = new Map<string, number>();
  for (const row of plan.budget.financing) add("F", row.source, row, seenRows);
  return { header, items };
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
const union = <K>(...keys: Iterable<K>[]) => new Set(keys.flatMap((k) => [...k]));

function itemChanged(a: ModelItem, b: ModelItem): boolean {
  return [...union(a.cells.keys(), b.cells.keys())].some((cell) => !same(a.cells.get(cell), b.cells.get(cell)));
}

/** Every cell of a model as `H|field`, `<identity>|line`, `<identity>|<cell>`, with its value. */
function flatCells(m: Model): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  for (const [field, value] of m.header) flat.set(`H|${field}`, value);
  for (const [identity, { cells }] of m.items) {
    flat.set(`${identity}|line`, true);
    for (const [cell, value] of cells) flat.set(`${identity}|${cell}`, value);
  }
  return flat;
}

/** The cell names end at the last `|` (`line`, `activity`, `y2015` hold none); identities end at the last `#`. */
const identityOfCell = (name: string) => name.slice(0, name.lastIndexOf("|"));

function unflatten(flat: Map<string, unknown>): Model {
  const result: Model = { header: new Map(), items: new Map() };
  for (const [name, value] of flat) {
    const [identity, cell] = [identityOfCell(name), name.slice(name.lastIndexOf("|") + 1)];
    if (identity === "H") result.header.set(cell, value);
    else if (cell === "line") result.items.set(identity, result.items.get(identity) ?? { cells: new Map() });
  }
  for (const [name, value] of flat) {
    const [identity, cell] = [identityOfCell(name), name.slice(name.lastIndexOf("|") + 1)];
    if (identity !== "H" && cell !== "line") result.items.get(identity)?.cells.set(cell, value);
  }
  return result;
}

/**
 * The identities a merged model has once the plan is read again: a kept line whose earlier namesakes are gone
 * moves up (`#1` becomes `#0`). Lines with one key stay in occurrence order, so renumbering in that order is it.
 */
function renumbered(merged: Model): Model {
  const byKey = new Map<string, { occurrence: number; item: ModelItem }[]>();
  for (const [identity, item] of merged.items) {
    const key = identity.slice(0, identity.lastIndexOf("#"));
    const occurrence = Number(identity.slice(identity.lastIndexOf("#") + 1));
    byKey.set(key, [...(byKey.get(key) ?? []), { occurrence, item }]);
  }
  const items = new Map<string, ModelItem>();
  for (const [key, sameKey] of byKey)
    sameKey.sort((a, b) => a.occurrence - b.occurrence).forEach(({ item }, at) => items.set(`${key}#${at}`, item));
  return { header: merged.header, items };
}

/** The model's name of a merge cell, to compare the merge's answers with the model's. */
function cellName(cell: MergeCell): string {
  switch (cell.kind) {
    case "header":
      return `H|${cell.field}`;
    case "expense-line":
      return `E|${cell.key}#${cell.occurrence}|line`;
    case "expense-activity":
      return `E|${cell.key}#${cell.occurrence}|activity`;
    case "expense-amount":
      return `E|${cell.key}#${cell.occurrence}|y${cell.year}`;
    case "financing-row":
      return `F|${cell.source}#${cell.occurrence}|line`;
    case "financing-amount":
      return `F|${cell.source}#${cell.occurrence}|y${cell.year}`;
  }
}

/** The cells changed differently on both sides, per the issue: per cell, and one per line deleted vs changed. */
function expectedConflicts(base: Model, mine: Model, theirs: Model): Set<string> {
  const conflicts = new Set<string>();
  for (const field of base.header.keys()) {
    const [b, m, t] = [base.header.get(field), mine.header.get(field), theirs.header.get(field)];
    if (!same(b, m) && !same(b, t) && !same(m, t)) conflicts.add(`H|${field}`);
  }
  for (const identity of union(base.items.keys(), mine.items.keys(), theirs.items.keys())) {
    const [b, m, t] = [base.items.get(identity), mine.items.get(identity), theirs.items.get(identity)];
    if (b && m && !t && itemChanged(b, m)) conflicts.add(`${identity}|line`);
    if (b && !m && t && itemChanged(b, t)) conflicts.add(`${identity}|line`);
    if (m && t) {
      for (const cell of union(b?.cells.keys() ?? [], m.cells.keys(), t.cells.keys())) {
        const [bv, mv, tv] = [b?.cells.get(cell), m.cells.get(cell), t.cells.get(cell)];
        if (!same(bv, mv) && !same(bv, tv) && !same(mv, tv)) conflicts.add(`${identity}|${cell}`);
      }
    }
  }
  return conflicts;
}

/** The merge per the rules, by identity; a conflict takes mine's value (the open case) or the side given. */
function modelMerge(base: Model, mine: Model, theirs: Model, onConflict: "mine" | "theirs"): Model {
  const merged: Model = { header: new Map(), items: new Map() };
  const pick = (b: unknown, m: unknown, t: unknown) =>
    same(m, t) || same(b, t) ? m : same(b, m) ? t : onConflict === "mine" ? m : t;
  for (const field of base.header.keys())
    merged.header.set(field, pick(base.header.get(field), mine.header.get(field), theirs.header.get(field)));
  for (const identity of union(base.items.keys(), mine.items.keys(), theirs.items.keys())) {
    const [b, m, t] = [base.items.get(identity), mine.items.get(identity), theirs.items.get(identity)];
    if (m && t) {
      const cells = new Map<string, unknown>();
      for (const cell of union(b?.cells.keys() ?? [], m.cells.keys(), t.cells.keys())) {
        const value = pick(b?.cells.get(cell), m.cells.get(cell), t.cells.get(cell));
        if (value !== undefined) cells.set(cell, value);
      }
      merged.items.set(identity, { cells });
    } else if (m) {
      // Added by mine, or deleted by theirs: kept where mine changed it (a conflict) unless settled to theirs.
      if (!b || (itemChanged(b, m) && onConflict === "mine")) merged.items.set(identity, m);
    } else if (t) {
      if (!b || (itemChanged(b, t) && onConflict === "theirs")) merged.items.set(identity, t);
    }
  }
  return merged;
}

/** What fromTheirs should list: whole items whose presence differs from mine's, else the cells that differ. */
function expectedFromTheirs(mine: Model, merged: Model): Set<string> {
  const expected = new Set<string>();
  for (const field of merged.header.keys())
    if (!same(merged.header.get(field), mine.header.get(field))) expected.add(`H|${field}`);
  for (const identity of union(mine.items.keys(), merged.items.keys())) {
    const [m, r] = [mine.items.get(identity), merged.items.get(identity)];
    if (!m || !r) expected.add(`${identity}|line`);
    else
      for (const cell of union(m.cells.keys(), r.cells.keys()))
        if (!same(m.cells.get(cell), r.cells.get(cell))) expected.add(`${identity}|${cell}`);
  }
  return expected;
}

/** The merged plan's cells as the model predicts them. */
const expectedCells = (base: Model, mine: Model, theirs: Model, onConflict: "mine" | "theirs") =>
  flatCells(renumbered(modelMerge(base, mine, theirs, onConflict)));

function valueAt(plan: PlanInput, path: readonly (string | number)[]): unknown {
  let value: unknown = plan;
  for (const key of path) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return value;
}

const sortedNames = (names: Iterable<string>) => [...names].sort();
const conflictNames = (result: MergeResult) => sortedNames(result.conflicts.map((c) => cellName(c.cell)));
const runs = { numRuns: 400 };

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe("mergePlans, when only one side changed or both alike", () => {
  it("merge(b, b, t) is t, with no conflicts", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, theirs }) => {
        const result = mergePlans(base, base, theirs);
        expect(result.plan).toStrictEqual(theirs);
        expect(result.conflicts).toEqual([]);
      }),
      runs,
    );
  });

  it("merge(b, m, b) is m, with no conflicts and nothing from theirs", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine }) => {
        expect(mergePlans(base, mine, base)).toStrictEqual({ plan: mine, conflicts: [], fromTheirs: [] });
      }),
      runs,
    );
  });

  it("merge(b, m, m) is m, with no conflicts and nothing from theirs", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine }) => {
        expect(mergePlans(base, mine, structuredClone(mine))).toStrictEqual({
          plan: mine,
          conflicts: [],
          fromTheirs: [],
        });
      }),
      runs,
    );
  });
});

describe("mergePlans against the per-cell model", () => {
  it("changes to disjoint cells merge without conflict, both sides' changes in the result", () => {
    fc.assert(
      fc.property(threeWay(3), ({ base, mine, theirs }) => {
        const [b, m, t] = [flatCells(model(base)), flatCells(model(mine)), flatCells(model(theirs))];
        const changed = (side: Map<string, unknown>) =>
          [...union(b.keys(), side.keys())].filter((cell) => !same(b.get(cell), side.get(cell)));
        const [mineChanged, theirsChanged] = [changed(m), changed(t)];
        // Adding or deleting a line touches all of it, also cells only the other side gives it.
        const touched = (cells: string[]) =>
          new Set(cells.flatMap((cell) => (cell.endsWith("|line") ? [cell, identityOfCell(cell)] : [cell])));
        const [mineTouched, theirsTouched] = [touched(mineChanged), touched(theirsChanged)];
        const clashes = (cells: string[], other: Set<string>) =>
          cells.some((cell) => other.has(cell) || other.has(identityOfCell(cell)));
        fc.pre(!clashes(mineChanged, theirsTouched) && !clashes(theirsChanged, mineTouched));

        const result = mergePlans(base, mine, theirs);
        expect(result.conflicts).toEqual([]);
        const expected = new Map(b);
        for (const [side, cells] of [
          [m, mineChanged],
          [t, theirsChanged],
        ] as const)
          for (const cell of cells) {
            if (side.has(cell)) expected.set(cell, side.get(cell));
            else expected.delete(cell);
          }
        expect(flatCells(model(result.plan))).toEqual(flatCells(renumbered(unflatten(expected))));
      }),
      runs,
    );
  });

  it("the conflicts are exactly the cells changed differently on both sides, with the three values", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine, theirs }) => {
        const [b, m, t] = [model(base), model(mine), model(theirs)];
        const result = mergePlans(base, mine, theirs);
        expect(conflictNames(result)).toEqual(sortedNames(expectedConflicts(b, m, t)));
        expect(new Set(result.conflicts.map((c) => c.id)).size).toBe(result.conflicts.length);
        const [fb, fm, ft] = [flatCells(b), flatCells(m), flatCells(t)];
        for (const conflict of result.conflicts) {
          const name = cellName(conflict.cell);
          if (name.endsWith("|line")) {
            // A whole line: the side's item, or undefined where that side deleted it.
            const identity = name.slice(0, -"|line".length);
            for (const [side, value] of [
              [b, conflict.base],
              [m, conflict.mine],
              [t, conflict.theirs],
            ] as const)
              expect(value).toStrictEqual(side.items.get(identity)?.item);
          } else {
            expect([conflict.base, conflict.mine, conflict.theirs]).toStrictEqual([
              fb.get(name),
              fm.get(name),
              ft.get(name),
            ]);
          }
          const { path, pathIn } = conflict;
          const located = valueAt(pathIn === "mine" ? mine : theirs, path);
          expect(located).toStrictEqual(pathIn === "mine" ? conflict.mine : conflict.theirs);
        }
      }),
      runs,
    );
  });

  it("every cell of the result has the base's, mine's or theirs' value of that cell", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine, theirs }) => {
        // A kept line can move up among its namesakes when an earlier one is deleted (#1 becomes #0), so a
        // line's cell is compared with that cell of every line with the same key.
        const anyOccurrence = (name: string) => name.replace(/#\d+\|([^|]*)$/, "|$1");
        const valuesOf = (plan: PlanInput) => {
          const values = new Map<string, unknown[]>();
          for (const [name, value] of flatCells(model(plan)))
            values.set(anyOccurrence(name), [...(values.get(anyOccurrence(name)) ?? []), value]);
          return values;
        };
        const [b, m, t] = [valuesOf(base), valuesOf(mine), valuesOf(theirs)];
        for (const [name, value] of flatCells(model(mergePlans(base, mine, theirs).plan))) {
          const sources = [b, m, t].flatMap((side) => side.get(anyOccurrence(name)) ?? []);
          expect(
            sources.some((source) => same(source, value)),
            `${name} = ${JSON.stringify(value)}`,
          ).toBe(true);
        }
      }),
      runs,
    );
  });

  it("the result is the model's merge cell by cell, open conflicts keeping mine's value", () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine, theirs }) => {
        const [b, m, t] = [model(base), model(mine), model(theirs)];
        expect(flatCells(model(mergePlans(base, mine, theirs).plan))).toEqual(expectedCells(b, m, t, "mine"));
      }),
      runs,
    );
  });

  it("fromTheirs lists every cell (or whole line) taken from theirs that differs from mine, at its path", () => {
    const resolutions = fc.constantFrom<MergeResolution | undefined>(undefined, "mine", "theirs");
    fc.assert(
      fc.property(threeWay(), resolutions, ({ base, mine, theirs }, resolution) => {
        const result = mergePlans(base, mine, theirs, resolution);
        const [b, m, t] = [model(base), model(mine), model(theirs)];
        const merged = modelMerge(b, m, t, resolution === "theirs" ? "theirs" : "mine");
        expect(sortedNames(result.fromTheirs.map((taken) => cellName(taken.cell)))).toEqual(
          sortedNames(expectedFromTheirs(m, merged)),
        );
        for (const taken of result.fromTheirs) {
          // A line theirs deleted is found where it was in mine; everything else where it is in the merged plan.
          if (taken.theirs === undefined && cellName(taken.cell).endsWith("|line"))
            expect(valueAt(mine, taken.path)).toStrictEqual(taken.mine);
          else expect(valueAt(result.plan, taken.path)).toStrictEqual(taken.theirs);
        }
      }),
      runs,
    );
  });
});

describe("mergePlans with a resolution", () => {
  it('"mine" leaves no conflicts and keeps mine on every conflicting cell; "theirs" takes theirs there', () => {
    fc.assert(
      fc.property(threeWay(), ({ base, mine, theirs }) => {
        const [b, m, t] = [model(base), model(mine), model(theirs)];
        const open = mergePlans(base, mine, theirs);
        const mineWins = mergePlans(base, mine, theirs, "mine");
        const theirsWin = mergePlans(base, mine, theirs, "theirs");
        expect(mineWins.conflicts).toEqual([]);
        expect(theirsWin.conflicts).toEqual([]);
        expect(mineWins.plan).toStrictEqual(open.plan);
        expect(flatCells(model(mineWins.plan))).toEqual(expectedCells(b, m, t, "mine"));
        expect(flatCells(model(theirsWin.plan))).toEqual(expectedCells(b, m, t, "theirs"));
        // Cell by cell where no kept line moves up among its namesakes, so identities in the result are the merge's.
        const [fm, ft] = [flatCells(m), flatCells(t)];
        const [mineCells, theirsCells] = [flatCells(model(mineWins.plan)), flatCells(model(theirsWin.plan))];
        const stable = (side: "mine" | "theirs") => {
          const merged = modelMerge(b, m, t, side);
          return same(sortedNames(merged.items.keys()), sortedNames(renumbered(merged).items.keys()));
        };
        for (const conflict of open.conflicts) {
          const name = cellName(conflict.cell);
          if (stable("mine")) expect(mineCells.get(name)).toStrictEqual(fm.get(name));
          if (stable("theirs")) expect(theirsCells.get(name)).toStrictEqual(ft.get(name));
        }
        expect(new Set(theirsWin.fromTheirs.map((taken) => taken.id))).toEqual(
          new Set([...open.fromTheirs, ...open.conflicts].map((entry) => entry.id)),
        );
      }),
      runs,
    );
  });

  it("per id settles the named conflicts and leaves the others open", () => {
    fc.assert(
      fc.property(
        threeWay(),
        fc.array(fc.constantFrom("mine", "theirs", "open"), { minLength: 1 }),
        (plans, choices) => {
          const { base, mine, theirs } = plans;
          const open = mergePlans(base, mine, theirs);
          const resolution: Record<string, "mine" | "theirs"> = {};
          const left: string[] = [];
          open.conflicts.forEach((conflict, at) => {
            const choice = choices[at % choices.length];
            if (choice === "mine" || choice === "theirs") resolution[conflict.id] = choice;
            else left.push(conflict.id);
          });
          expect(mergePlans(base, mine, theirs, resolution).conflicts.map((c) => c.id)).toEqual(left);
        },
      ),
      runs,
    );
  });
});

describe("mergePlans is pure", () => {
  function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }
  const objectsOf = (value: unknown, into = new Set<object>()): Set<object> => {
    if (typeof value === "object" && value !== null && !into.has(value)) {
      into.add(value);
      for (const inner of Object.values(value)) objectsOf(inner, into);
    }
    return into;
  };

  it("never throws or mutates its (frozen) inputs, and shares no object with them", () => {
    const resolutions = fc.constantFrom<MergeResolution | undefined>(undefined, "mine", "theirs", {});
    fc.assert(
      fc.property(threeWay(), resolutions, ({ base, mine, theirs }, resolution) => {
        const copies = structuredClone([base, mine, theirs]);
        const inputs = [base, mine, theirs].map(deepFreeze);
        const result = mergePlans(base, mine, theirs, resolution);
        expect(inputs).toStrictEqual(copies);
        const shared = [...objectsOf(result)].filter((object) => objectsOf(inputs).has(object));
        expect(shared).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});
