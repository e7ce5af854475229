// The three-way merge case by case, one describe per rule of the issue: header cells, expense lines,
// additions and deletions, resolutions, fromTheirs paths, ids, order, and purity.
import { expenseLineKey, type ExpenseLine, type FinancingRow, type PlanInput } from "@helhedsplan/rules";
import { demoPlan } from "@helhedsplan/demo";
import { describe, expect, it } from "vitest";
import { mergePlans } from "./merge";
import type { MergeConflict } from "./merge-types";

const line = (activity: string, amountsOre: Record<string, number>, focusArea = "sundhed"): ExpenseLine => ({
  focusArea,
  category: "loen",
  activity,
  amountsOre,
});
const row = (source: FinancingRow["source"], amountsOre: Record<string, number>): FinancingRow => ({
  source,
  amountsOre,
});

const { budget: _budget, ...demoHeader } = demoPlan;

/** A 2014–2017 plan with the given expense lines (and two financing rows unless given). */
function plan(expenses: ExpenseLine[], financing?: FinancingRow[], header: Partial<PlanInput> = {}): PlanInput {
  return {
    ...demoHeader,
    estates: ["Mjølnerparken"],
    ...header,
    budget: {
      expenses,
      financing: financing ?? [
        row("lbf", { "2014": 900, "2015": 900 }),
        row("kommunePulje", { "2014": 100, "2015": 100 }),
      ],
    },
  };
}

const cafe = line("Lektiecafé", { "2014": 100, "2015": 200 });
const motion = line("Motion", { "2014": 300, "2015": 400 });
const base = plan([cafe, motion]);

/** A deep copy of a plan with a change applied, so tests read as "base, with …". */
function edit(from: PlanInput, change: (copy: PlanInput) => void): PlanInput {
  const copy = structuredClone(from);
  change(copy);
  return copy;
}
const expense = (p: PlanInput, at: number) => p.budget.expenses[at] as ExpenseLine;
const financing = (p: PlanInput, at: number) => p.budget.financing[at] as FinancingRow;
const cafeId = "expense:sundhed/loen/lektiecafé#0";

describe("header fields", () => {
  it("take the side that changed them, and report theirs in fromTheirs", () => {
    const mine = edit(base, (p) => (p.name = "Min plan"));
    const theirs = edit(base, (p) => (p.housingOrganisation = "FSB"));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.name).toBe("Min plan");
    expect(result.plan.housingOrganisation).toBe("FSB");
    expect(result.conflicts).toEqual([]);
    expect(result.fromTheirs).toEqual([
      {
        id: "header:housingOrganisation",
        cell: { kind: "header", field: "housingOrganisation" },
        path: ["housingOrganisation"],
        mine: "Bo-Vita",
        theirs: "FSB",
      },
    ]);
  });

  it("changed alike on both sides is no conflict and nothing from theirs", () => {
    const both = edit(base, (p) => (p.periodEnd = 2018));
    const result = mergePlans(base, both, structuredClone(both));
    expect(result.plan.periodEnd).toBe(2018);
    expect(result.conflicts).toEqual([]);
    expect(result.fromTheirs).toEqual([]);
  });

  it("changed differently is a conflict that keeps mine's value", () => {
    const mine = edit(base, (p) => (p.name = "Min plan"));
    const theirs = edit(base, (p) => (p.name = "Deres plan"));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.name).toBe("Min plan");
    expect(result.conflicts).toEqual([
      {
        id: "header:name",
        cell: { kind: "header", field: "name" },
        path: ["name"],
        pathIn: "mine",
        base: base.name,
        mine: "Min plan",
        theirs: "Deres plan",
      },
    ]);
    expect(result.fromTheirs).toEqual([]);
  });

  it("compares estates as a whole, by value", () => {
    const sameEstates = edit(base, (p) => (p.estates = ["Mjølnerparken"]));
    expect(mergePlans(base, base, sameEstates).fromTheirs).toEqual([]);
    const mine = edit(base, (p) => (p.estates = ["Mjølnerparken", "Lundtoftegade"]));
    const theirs = edit(base, (p) => (p.estates = ["Lundtoftegade"]));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.mine, c.theirs])).toEqual([
      ["header:estates", ["Mjølnerparken", "Lundtoftegade"], ["Lundtoftegade"]],
    ]);
    expect(result.plan.estates).toEqual(["Mjølnerparken", "Lundtoftegade"]);
  });

  it("treats null, booleans and numbers as values like any other", () => {
    const mine = edit(base, (p) => ((p.districtId = null), (p.cooperation = false)));
    const theirs = edit(base, (p) => ((p.poolId = null), (p.cooperation = false), (p.periodStart = 2013)));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan).toMatchObject({ districtId: null, poolId: null, cooperation: false, periodStart: 2013 });
    expect(result.conflicts).toEqual([]);
    expect(result.fromTheirs.map((t) => t.id)).toEqual(["header:periodStart", "header:poolId"]);
  });
});

describe("expense lines matched by identity, cell by cell", () => {
  it("merges amounts changed on different cells, and reports theirs with its merged path", () => {
    const mine = edit(base, (p) => (expense(p, 0).amountsOre["2014"] = 111));
    const theirs = edit(base, (p) => (expense(p, 0).amountsOre["2015"] = 222));
    const result = mergePlans(base, mine, theirs);
    expect(expense(result.plan, 0).amountsOre).toEqual({ "2014": 111, "2015": 222 });
    expect(result.conflicts).toEqual([]);
    expect(result.fromTheirs).toEqual([
      {
        id: `${cafeId}:2015`,
        cell: { kind: "expense-amount", key: expenseLineKey(cafe), occurrence: 0, year: "2015" },
        path: ["budget", "expenses", 0, "amountsOre", "2015"],
        mine: 200,
        theirs: 222,
      },
    ]);
  });

  it("an amount changed differently is a conflict with the identity's id and mine's path", () => {
    const mine = edit(base, (p) => {
      p.budget.expenses.unshift(line("Ny linje", { "2014": 1 }));
      expense(p, 1).amountsOre["2015"] = 201;
    });
    const theirs = edit(base, (p) => (expense(p, 0).amountsOre["2015"] = 202));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts).toEqual<MergeConflict[]>([
      {
        id: `${cafeId}:2015`,
        cell: { kind: "expense-amount", key: expenseLineKey(cafe), occurrence: 0, year: "2015" },
        path: ["budget", "expenses", 1, "amountsOre", "2015"],
        pathIn: "mine",
        base: 200,
        mine: 201,
        theirs: 202,
      },
    ]);
    expect(expense(result.plan, 1).amountsOre["2015"]).toBe(201);
  });

  it("matches lines moved or shifted by insertions, not by position", () => {
    const mine = edit(base, (p) => p.budget.expenses.unshift(line("Først", { "2014": 5 })));
    const theirs = edit(base, (p) => (expense(p, 1).amountsOre["2014"] = 333));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.budget.expenses.map((l) => [l.activity, l.amountsOre["2014"]])).toEqual([
      ["Først", 5],
      ["Lektiecafé", 100],
      ["Motion", 333],
    ]);
    expect(result.fromTheirs.map((t) => t.path)).toEqual([["budget", "expenses", 2, "amountsOre", "2014"]]);
  });

  it("an absent year is undefined, distinct from 0", () => {
    const mine = edit(base, (p) => delete expense(p, 0).amountsOre["2015"]);
    const theirs = edit(base, (p) => (expense(p, 0).amountsOre["2015"] = 0));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.base, c.mine, c.theirs])).toEqual([
      [`${cafeId}:2015`, 200, undefined, 0],
    ]);
    expect(expense(result.plan, 0).amountsOre).toStrictEqual({ "2014": 100 });
  });

  it("a year added or removed on one side is taken", () => {
    const mine = edit(base, (p) => (expense(p, 0).amountsOre["2016"] = 50));
    const theirs = edit(base, (p) => delete expense(p, 1).amountsOre["2014"]);
    const result = mergePlans(base, mine, theirs);
    expect(expense(result.plan, 0).amountsOre).toStrictEqual({ "2014": 100, "2015": 200, "2016": 50 });
    expect(expense(result.plan, 1).amountsOre).toStrictEqual({ "2015": 400 });
    expect(result.fromTheirs.map((t) => [t.path, t.mine, t.theirs])).toEqual([
      [["budget", "expenses", 1, "amountsOre", "2014"], 300, undefined],
    ]);
  });

  it("keeps years in ascending numeric order", () => {
    const theirs = edit(base, (p) => (expense(p, 0).amountsOre = { "2017": 7, "2014": 100, "2015": 200, "2013": 3 }));
    const mine = edit(base, (p) => (expense(p, 0).amountsOre["2016"] = 6));
    const result = mergePlans(base, mine, theirs);
    expect(Object.keys(expense(result.plan, 0).amountsOre)).toEqual(["2013", "2014", "2015", "2016", "2017"]);
  });

  it("compares the activity text: a case change on one side is taken, different ones conflict", () => {
    const theirs = edit(base, (p) => (expense(p, 0).activity = "lektiecafé"));
    const taken = mergePlans(base, base, theirs);
    expect(expense(taken.plan, 0).activity).toBe("lektiecafé");
    expect(taken.fromTheirs).toEqual([
      {
        id: `${cafeId}:activity`,
        cell: { kind: "expense-activity", key: expenseLineKey(cafe), occurrence: 0 },
        path: ["budget", "expenses", 0, "activity"],
        mine: "Lektiecafé",
        theirs: "lektiecafé",
      },
    ]);
    const mine = edit(base, (p) => (expense(p, 0).activity = "LEKTIECAFÉ "));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.path, c.base, c.mine, c.theirs])).toEqual([
      [`${cafeId}:activity`, ["budget", "expenses", 0, "activity"], "Lektiecafé", "LEKTIECAFÉ ", "lektiecafé"],
    ]);
    expect(expense(result.plan, 0).activity).toBe("LEKTIECAFÉ ");
  });

  it("matches duplicate lines by occurrence, deterministically", () => {
    const twice = plan([cafe, motion, line("lektiecafé", { "2014": 1 })]);
    const mine = edit(twice, (p) => (expense(p, 0).amountsOre["2014"] = 101));
    const theirs = edit(twice, (p) => (expense(p, 2).amountsOre["2014"] = 2));
    const result = mergePlans(twice, mine, theirs);
    expect(result.plan.budget.expenses.map((l) => l.amountsOre["2014"])).toEqual([101, 300, 2]);
    expect(result.fromTheirs.map((t) => t.id)).toEqual(["expense:sundhed/loen/lektiecafé#1:2014"]);
  });
});

describe("lines added", () => {
  it("by mine are kept; by theirs are inserted after their nearest preceding line in the result", () => {
    const mine = edit(base, (p) => p.budget.expenses.splice(1, 0, line("Min", { "2014": 1 })));
    const theirs = edit(base, (p) => {
      p.budget.expenses.splice(1, 0, line("Deres", { "2014": 2 }));
      p.budget.expenses.push(line("Deres sidste", { "2014": 3 }));
    });
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.budget.expenses.map((l) => l.activity)).toEqual([
      "Lektiecafé",
      "Deres",
      "Min",
      "Motion",
      "Deres sidste",
    ]);
    expect(result.fromTheirs).toEqual([
      {
        id: "expense:sundhed/loen/deres#0:line",
        cell: { kind: "expense-line", key: expenseLineKey(line("Deres", {})), occurrence: 0 },
        path: ["budget", "expenses", 1],
        mine: undefined,
        theirs: line("Deres", { "2014": 2 }),
      },
      expect.objectContaining({ id: "expense:sundhed/loen/deres sidste#0:line", path: ["budget", "expenses", 4] }),
    ]);
  });

  it("by theirs before every line of theirs in the result go first", () => {
    const theirs = edit(base, (p) => p.budget.expenses.unshift(line("Først", { "2014": 1 })));
    const mine = edit(base, (p) => p.budget.expenses.push(line("Min", { "2014": 2 })));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.budget.expenses.map((l) => l.activity)).toEqual(["Først", "Lektiecafé", "Motion", "Min"]);
  });

  it("on both sides with the same values are one line, no conflict", () => {
    const added = line("Fælles", { "2014": 9 });
    const mine = edit(base, (p) => p.budget.expenses.push(structuredClone(added)));
    const theirs = edit(base, (p) => p.budget.expenses.push(structuredClone(added)));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.budget.expenses).toEqual([cafe, motion, added]);
    expect(result.conflicts).toEqual([]);
    expect(result.fromTheirs).toEqual([]);
  });

  it("on both sides with different cells merge as if base had an empty line", () => {
    const mine = edit(base, (p) => p.budget.expenses.push(line("Fælles", { "2014": 9, "2015": 1 })));
    const theirs = edit(base, (p) => p.budget.expenses.push(line("fælles", { "2014": 8, "2016": 2 })));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.base, c.mine, c.theirs])).toEqual([
      ["expense:sundhed/loen/fælles#0:activity", undefined, "Fælles", "fælles"],
      ["expense:sundhed/loen/fælles#0:2014", undefined, 9, 8],
    ]);
    expect(expense(result.plan, 2)).toStrictEqual(line("Fælles", { "2014": 9, "2015": 1, "2016": 2 }));
    expect(result.fromTheirs.map((t) => [t.id, t.path])).toEqual([
      ["expense:sundhed/loen/fælles#0:2016", ["budget", "expenses", 2, "amountsOre", "2016"]],
    ]);
  });
});

describe("lines deleted", () => {
  it("on one side and unchanged on the other are deleted; theirs' deletion is reported with mine's path", () => {
    const mine = edit(base, (p) => p.budget.expenses.splice(0, 1));
    expect(mergePlans(base, mine, base)).toEqual({ plan: mine, conflicts: [], fromTheirs: [] });
    const theirs = edit(base, (p) => p.budget.expenses.splice(0, 1));
    const result = mergePlans(base, base, theirs);
    expect(result.plan).toEqual(theirs);
    expect(result.fromTheirs).toEqual([
      {
        id: `${cafeId}:line`,
        cell: { kind: "expense-line", key: expenseLineKey(cafe), occurrence: 0 },
        path: ["budget", "expenses", 0],
        mine: cafe,
        theirs: undefined,
      },
    ]);
  });

  it("on both sides are gone", () => {
    const both = edit(base, (p) => p.budget.expenses.splice(1, 1));
    expect(mergePlans(base, both, structuredClone(both))).toEqual({ plan: both, conflicts: [], fromTheirs: [] });
  });

  it("by theirs and changed by mine is one conflict on the whole line, keeping mine's line", () => {
    const mine = edit(base, (p) => (expense(p, 1).amountsOre["2015"] = 1));
    const theirs = edit(base, (p) => p.budget.expenses.splice(1, 1));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts).toEqual<MergeConflict[]>([
      {
        id: "expense:sundhed/loen/motion#0:line",
        cell: { kind: "expense-line", key: expenseLineKey(motion), occurrence: 0 },
        path: ["budget", "expenses", 1],
        pathIn: "mine",
        base: motion,
        mine: expense(mine, 1),
        theirs: undefined,
      },
    ]);
    expect(result.plan).toEqual(mine);
  });

  it("by mine and changed by theirs is one conflict at the line's place in theirs; the line stays deleted", () => {
    const mine = edit(base, (p) => p.budget.expenses.splice(0, 1));
    const theirs = edit(base, (p) => (expense(p, 0).activity = "LEKTIECAFÉ"));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts).toEqual<MergeConflict[]>([
      {
        id: `${cafeId}:line`,
        cell: { kind: "expense-line", key: expenseLineKey(cafe), occurrence: 0 },
        path: ["budget", "expenses", 0],
        pathIn: "theirs",
        base: cafe,
        mine: undefined,
        theirs: expense(theirs, 0),
      },
    ]);
    expect(result.plan).toEqual(mine);
  });

  it("a focus area changed is the line deleted and a new one added", () => {
    const mine = edit(base, (p) => (expense(p, 0).focusArea = "boern-unge"));
    const theirs = edit(base, (p) => (expense(p, 0).amountsOre["2014"] = 1));
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.cell.kind])).toEqual([[`${cafeId}:line`, "expense-line"]]);
    expect(result.plan).toEqual(mine);
  });
});

describe("financing rows", () => {
  const rows = plan([cafe]);

  it("merge by source, cell by cell, with their own ids", () => {
    const mine = edit(rows, (p) => (financing(p, 1).amountsOre["2014"] = 150));
    const theirs = edit(rows, (p) => {
      financing(p, 1).amountsOre["2014"] = 160;
      financing(p, 0).amountsOre["2015"] = 1;
    });
    const result = mergePlans(rows, mine, theirs);
    expect(result.conflicts).toEqual<MergeConflict[]>([
      {
        id: "financing:kommunePulje#0:2014",
        cell: { kind: "financing-amount", source: "kommunePulje", occurrence: 0, year: "2014" },
        path: ["budget", "financing", 1, "amountsOre", "2014"],
        pathIn: "mine",
        base: 100,
        mine: 150,
        theirs: 160,
      },
    ]);
    expect(result.fromTheirs.map((t) => [t.id, t.path])).toEqual([
      ["financing:lbf#0:2015", ["budget", "financing", 0, "amountsOre", "2015"]],
    ]);
    expect(result.plan.budget.financing).toEqual([row("lbf", { "2014": 900, "2015": 1 }), financing(mine, 1)]);
  });

  it("a row deleted on one side and changed on the other is one conflict on the row; added rows are kept", () => {
    const mine = edit(rows, (p) => {
      p.budget.financing.splice(1, 1);
      p.budget.financing.push(row("andre", { "2014": 5 }));
    });
    const theirs = edit(rows, (p) => {
      financing(p, 1).amountsOre["2015"] = 0;
      p.budget.financing.unshift(row("boligorganisation", { "2014": 7 }));
    });
    const result = mergePlans(rows, mine, theirs);
    expect(result.conflicts.map((c) => [c.id, c.cell, c.path, c.pathIn])).toEqual([
      [
        "financing:kommunePulje#0:row",
        { kind: "financing-row", source: "kommunePulje", occurrence: 0 },
        ["budget", "financing", 2],
        "theirs",
      ],
    ]);
    expect(result.plan.budget.financing.map((r) => r.source)).toEqual(["boligorganisation", "lbf", "andre"]);
    expect(result.fromTheirs.map((t) => [t.id, t.path])).toEqual([
      ["financing:boligorganisation#0:row", ["budget", "financing", 0]],
    ]);
  });
});

describe("resolution", () => {
  const mine = edit(base, (p) => {
    p.name = "Min plan";
    expense(p, 0).amountsOre["2014"] = 1;
    p.budget.expenses.splice(1, 1);
  });
  const theirs = edit(base, (p) => {
    p.name = "Deres plan";
    expense(p, 0).amountsOre["2014"] = 2;
    expense(p, 1).amountsOre["2014"] = 3;
  });
  const ids = ["header:name", `${cafeId}:2014`, "expense:sundhed/loen/motion#0:line"];

  it("open conflicts keep mine's values", () => {
    const result = mergePlans(base, mine, theirs);
    expect(result.conflicts.map((c) => c.id)).toEqual(ids);
    expect(result.plan).toEqual(mine);
    expect(result.fromTheirs).toEqual([]);
  });

  it('"mine" settles every conflict to mine', () => {
    expect(mergePlans(base, mine, theirs, "mine")).toEqual({ plan: mine, conflicts: [], fromTheirs: [] });
  });

  it('"theirs" settles every conflict to theirs, each listed in fromTheirs with its merged path', () => {
    const result = mergePlans(base, mine, theirs, "theirs");
    expect(result.conflicts).toEqual([]);
    expect(result.plan).toEqual(theirs);
    expect(result.fromTheirs.map((t) => [t.id, t.path, t.mine, t.theirs])).toEqual([
      ["header:name", ["name"], "Min plan", "Deres plan"],
      [`${cafeId}:2014`, ["budget", "expenses", 0, "amountsOre", "2014"], 1, 2],
      ["expense:sundhed/loen/motion#0:line", ["budget", "expenses", 1], undefined, expense(theirs, 1)],
    ]);
  });

  it("per id settles the named conflicts only", () => {
    const result = mergePlans(base, mine, theirs, {
      [`${cafeId}:2014`]: "theirs",
      "header:name": "mine",
      other: "theirs",
    });
    expect(result.conflicts.map((c) => c.id)).toEqual(["expense:sundhed/loen/motion#0:line"]);
    expect(result.plan).toEqual(edit(mine, (p) => (expense(p, 0).amountsOre["2014"] = 2)));
    expect(result.fromTheirs.map((t) => t.id)).toEqual([`${cafeId}:2014`]);
  });

  it("settling a line theirs deleted to theirs deletes it, reported with mine's path", () => {
    const changed = edit(base, (p) => (expense(p, 0).amountsOre["2014"] = 1));
    const deleted = edit(base, (p) => p.budget.expenses.splice(0, 1));
    const result = mergePlans(base, changed, deleted, { [`${cafeId}:line`]: "theirs" });
    expect(result.plan).toEqual(deleted);
    expect(result.fromTheirs.map((t) => [t.id, t.path, t.theirs])).toEqual([
      [`${cafeId}:line`, ["budget", "expenses", 0], undefined],
    ]);
  });
});

describe("conflict ids", () => {
  it("come from identity, not position: the same cell has the same id wherever its line is", () => {
    const mine = edit(base, (p) => (expense(p, 1).amountsOre["2014"] = 1));
    const theirs = edit(base, (p) => (expense(p, 1).amountsOre["2014"] = 2));
    const shifted = (p: PlanInput) => edit(p, (q) => q.budget.expenses.unshift(line("A", {}), line("B", {})));
    const ids = mergePlans(base, mine, theirs).conflicts.map((c) => c.id);
    expect(ids).toEqual(["expense:sundhed/loen/motion#0:2014"]);
    expect(mergePlans(shifted(base), shifted(mine), shifted(theirs)).conflicts.map((c) => c.id)).toEqual(ids);
  });

  it("escape / and % in ids, so parts cannot run into each other", () => {
    const odd = plan([line("x", { "2014": 1 }, "a/b%")]);
    const mine = edit(odd, (p) => (expense(p, 0).amountsOre["2014"] = 2));
    const theirs = edit(odd, (p) => (expense(p, 0).amountsOre["2014"] = 3));
    expect(mergePlans(odd, mine, theirs).conflicts.map((c) => c.id)).toEqual(["expense:a%2Fb%25/loen/x#0:2014"]);
  });
});

describe("order", () => {
  it("when mine kept base's lines, theirs' order comes through", () => {
    const theirs = edit(base, (p) => p.budget.expenses.reverse());
    expect(mergePlans(base, base, theirs).plan).toStrictEqual(theirs);
    const mine = edit(base, (p) => (expense(p, 0).amountsOre["2014"] = 5));
    expect(mergePlans(base, mine, theirs).plan.budget.expenses.map((l) => l.activity)).toEqual([
      "Motion",
      "Lektiecafé",
    ]);
  });

  it("when mine changed its lines, mine's order stays", () => {
    const theirs = edit(base, (p) => p.budget.expenses.reverse());
    const mine = edit(base, (p) => p.budget.expenses.push(line("Ny", {})));
    expect(mergePlans(base, mine, theirs).plan.budget.expenses.map((l) => l.activity)).toEqual([
      "Lektiecafé",
      "Motion",
      "Ny",
    ]);
  });

  it("merge(b, b, t) is t where a deletion shifts the occurrences of duplicate lines", () => {
    const twice = plan([cafe, motion, line("lektiecafé", { "2014": 1 })]);
    const theirs = edit(twice, (p) => p.budget.expenses.splice(0, 1));
    expect(mergePlans(twice, twice, theirs).plan).toStrictEqual(theirs);
  });

  it("keeps same-key lines in occurrence order, so the merged plan re-reads the way it merged", () => {
    const mine = edit(base, (p) => p.budget.expenses.reverse());
    // Theirs' second Lektiecafé follows Motion, which mine put before the first one.
    const theirs = edit(base, (p) => p.budget.expenses.push(line("lektiecafé", { "2014": 7 })));
    const result = mergePlans(base, mine, theirs);
    expect(result.plan.budget.expenses.map((l) => [l.activity, l.amountsOre["2014"]])).toEqual([
      ["Motion", 300],
      ["Lektiecafé", 100],
      ["lektiecafé", 7],
    ]);
    expect(result.fromTheirs.map((t) => [t.id, t.path])).toEqual([
      ["expense:sundhed/loen/lektiecafé#1:line", ["budget", "expenses", 2]],
    ]);
  });
});

describe("purity", () => {
  function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }

  it("never mutates its inputs, and the result shares no objects with them", () => {
    const mine = deepFreeze(edit(base, (p) => (expense(p, 0).amountsOre["2014"] = 1)));
    const theirs = deepFreeze(
      edit(base, (p) => ((expense(p, 0).amountsOre["2014"] = 2), p.budget.expenses.push(motion))),
    );
    const frozenBase = deepFreeze(structuredClone(base));
    const result = mergePlans(frozenBase, mine, theirs);
    const inputs = new Set<object>();
    const collect = (value: unknown, into: (o: object) => void) => {
      if (typeof value !== "object" || value === null) return;
      into(value);
      for (const inner of Object.values(value)) collect(inner, into);
    };
    for (const input of [frozenBase, mine, theirs]) collect(input, (o) => inputs.add(o));
    collect(result, (o) => expect(inputs.has(o)).toBe(false));
  });
});
