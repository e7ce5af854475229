import type { PlanVersion } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, parseKroner, type ExpenseLine, type PlanInput } from "@helhedsplan/rules";
import { describe, expect, it, vi } from "vitest";
import { describeActor } from "./describe";
import { cellHistory, createHistoryCache, historyCellOf } from "./history";
import { headerOf } from "./plan-input";

const reference = defaultReference;

function versionOf(version: number, plan: PlanInput, createdBy: string): PlanVersion {
  const createdAt = `2024-0${version}-15T10:00:00+01:00`;
  return { version, plan: headerOf(plan), budget: plan.budget, goals: [], createdAt, createdBy };
}

/** The demo plan with Familiekoordinator's 2015 amount set, and its lines as `arrange` orders them. */
function withFamily2015(kroner: string, arrange: (lines: ExpenseLine[]) => ExpenseLine[] = (lines) => lines) {
  const expenses = demoPlan.budget.expenses.map((line) =>
    line.activity === "Familiekoordinator"
      ? { ...line, amountsOre: { ...line.amountsOre, "2015": parseKroner(kroner) } }
      : line,
  );
  return { ...demoPlan, budget: { ...demoPlan.budget, expenses: arrange(expenses) } };
}

const nurse: ExpenseLine = {
  focusArea: "sundhed",
  category: "loen",
  activity: "Sundhedsplejerske",
  amountsOre: { "2015": parseKroner("200.000") },
};
const isFamily = (line: ExpenseLine) => line.activity === "Familiekoordinator";

// Version 1: the demo plan. Version 2: the 2015 amount changed, a line added first, a new name.
// Version 3: the amount changed again, Familiekoordinator moved last, no longer an udsat boligområde.
const v1 = demoPlan;
const v2 = { ...withFamily2015("500.000", (lines) => [nurse, ...lines]), name: "Helhedsplan for Mjølnerparken" };
const v3 = {
  ...withFamily2015("475.000,50", (lines) => [
    nurse,
    ...lines.filter((line) => !isFamily(line)),
    ...lines.filter(isFamily),
  ]),
  name: v2.name,
  vulnerableArea: false,
};
// The server answers oldest first; the history sorts anyway.
const versions = [versionOf(3, v3, "carl@kk.dk"), versionOf(1, v1, "anna@kk.dk"), versionOf(2, v2, "bo@kk.dk")];
// The workbook holds version 3.
const workbook = v3;
const familyAt = workbook.budget.expenses.findIndex(isFamily);

describe("cellHistory", () => {
  it("lists an amount in each version, oldest first, with who, when, what changed and Danish kroner", () => {
    const history = cellHistory(versions, workbook, ["budget", "expenses", familyAt, "amountsOre", "2015"], reference);
    expect(history?.what).toBe("Familiekoordinator (Børn, unge og familie), 2015");
    expect(history?.entries).toEqual([
      {
        version: 1,
        value: parseKroner("450.000"),
        text: "450.000,00 kr.",
        createdBy: "anna@kk.dk",
        who: "anna@kk.dk",
        createdAt: "2024-01-15T10:00:00+01:00",
        changed: false,
      },
      {
        version: 2,
        value: parseKroner("500.000"),
        text: "500.000,00 kr.",
        createdBy: "bo@kk.dk",
        who: "bo@kk.dk",
        createdAt: "2024-02-15T10:00:00+01:00",
        changed: true,
      },
      {
        version: 3,
        value: parseKroner("475.000,50"),
        text: "475.000,50 kr.",
        createdBy: "carl@kk.dk",
        who: "carl@kk.dk",
        createdAt: "2024-03-15T10:00:00+01:00",
        changed: true,
      },
    ]);
  });

  it("follows a line by identity though it moved (index 0, then 1, then last)", () => {
    expect([v1, v2, v3].map((plan) => plan.budget.expenses.findIndex(isFamily))).toEqual([0, 1, familyAt]);
    // At the workbook's index, version 2 has another line (Midtvejsevaluering): not what is followed.
    expect(v2.budget.expenses[familyAt]?.activity).toBe("Midtvejsevaluering");
    const history = cellHistory(versions, workbook, ["budget", "expenses", familyAt, "amountsOre", "2016"], reference);
    expect(history?.entries.map((entry) => [entry.text, entry.changed])).toEqual([
      ["450.000,00 kr.", false],
      ["450.000,00 kr.", false],
      ["450.000,00 kr.", false],
    ]);
    const activity = cellHistory(versions, workbook, ["budget", "expenses", familyAt, "activity"], reference);
    expect(activity?.what).toBe("Familiekoordinator (Børn, unge og familie), Aktivitet");
    expect(activity?.entries.map((entry) => entry.text)).toEqual(Array(3).fill("Familiekoordinator"));
  });

  it("shows (ingen) for a version without the line, and for a year the line has no amount", () => {
    const history = cellHistory(versions, workbook, ["budget", "expenses", 0, "amountsOre", "2015"], reference);
    expect(history?.what).toBe("Sundhedsplejerske (Sundhed), 2015");
    expect(history?.entries.map((entry) => [entry.version, entry.value, entry.text, entry.changed])).toEqual([
      [1, undefined, "(ingen)", false],
      [2, parseKroner("200.000"), "200.000,00 kr.", true],
      [3, parseKroner("200.000"), "200.000,00 kr.", false],
    ]);
    const noYear = cellHistory(versions, workbook, ["budget", "expenses", 0, "amountsOre", "2016"], reference);
    expect(noYear?.entries.map((entry) => entry.text)).toEqual(Array(3).fill("(ingen)"));
  });

  it("follows a financing row by source", () => {
    const history = cellHistory(versions, workbook, ["budget", "financing", 0, "amountsOre", "2016"], reference);
    expect(history?.what).toBe("Landsbyggefonden, 2016");
    expect(history?.entries.map((entry) => entry.text)).toEqual(Array(3).fill("1.585.000,00 kr."));
  });

  it("shows header fields in Danish: the name, Ja/Nej, the district's and the pool's names", () => {
    const text = (path: [string]) => cellHistory(versions, workbook, path, reference)?.entries.map((e) => e.text);
    expect(text(["name"])).toEqual([demoPlan.name, "Helhedsplan for Mjølnerparken", "Helhedsplan for Mjølnerparken"]);
    const vulnerable = cellHistory(versions, workbook, ["vulnerableArea"], reference);
    expect(vulnerable?.what).toBe("Udsat boligområde");
    expect(vulnerable?.entries.map((entry) => [entry.text, entry.changed])).toEqual([
      ["Ja", false],
      ["Ja", false],
      ["Nej", true],
    ]);
    expect(text(["districtId"])).toEqual(Array(3).fill("Nørrebro"));
    expect(text(["poolId"])).toEqual(Array(3).fill("Budget 2012"));
    const named = cellHistory(versions, workbook, ["poolId"], reference, new Map([["budget-2012", "Puljen 2012"]]));
    expect(named?.entries[0]?.text).toBe("Puljen 2012");
    expect(text(["estates"])).toEqual(Array(3).fill("Mjølnerparken, Lundtoftegade"));
  });

  it("answers null for a path it cannot follow", () => {
    for (const path of [
      ["budget", "financing", "kommune"],
      ["budget", "financing", "2015"],
      ["budget", "expenses", 99, "amountsOre", "2015"],
      ["budget", "expenses", 0, "focusArea"],
      ["budget", "expenses", 0],
      ["budget", "financing", 0, "source"],
      ["budget", "expenses", 0, "amountsOre", "2015", "x"],
      ["version"],
      ["planId"],
      [],
    ]) {
      expect(cellHistory(versions, workbook, path, reference), JSON.stringify(path)).toBeNull();
      expect(historyCellOf(workbook, path)).toBeNull();
    }
  });

  it("answers an empty history for a plan without versions", () => {
    expect(cellHistory([], workbook, ["name"], reference)).toEqual({
      cell: { kind: "header", field: "name" },
      what: "Navn",
      entries: [],
    });
  });
});

describe("createHistoryCache", () => {
  it("fetches once per plan and latest version, again when the latest version changes", async () => {
    const fetchVersions = vi.fn((planId: string) => Promise.resolve(planId === "a" ? versions : []));
    const cache = createHistoryCache(fetchVersions);
    const first = await cache.versionsOf("a", 3);
    expect(await cache.versionsOf("a", 3)).toBe(first);
    expect(fetchVersions).toHaveBeenCalledTimes(1);
    await cache.versionsOf("b", 1);
    expect(fetchVersions).toHaveBeenCalledTimes(2);
    await cache.versionsOf("a", 4);
    await cache.versionsOf("a", 4);
    expect(fetchVersions).toHaveBeenCalledTimes(3);
    expect(fetchVersions.mock.calls.map(([planId]) => planId)).toEqual(["a", "b", "a"]);
  });

  it("shares one fetch between asks made before it answers", async () => {
    const fetchVersions = vi.fn(() => Promise.resolve(versions));
    const cache = createHistoryCache(fetchVersions);
    await Promise.all([cache.versionsOf("a", 3), cache.versionsOf("a", 3)]);
    expect(fetchVersions).toHaveBeenCalledTimes(1);
  });

  it("does not keep a failed fetch: the next ask tries again", async () => {
    const fetchVersions = vi
      .fn<(planId: string) => Promise<PlanVersion[]>>()
      .mockRejectedValueOnce(new Error("offline"))
      .mockImplementationOnce(() => {
        throw new Error("thrown at once");
      })
      .mockResolvedValue(versions);
    const cache = createHistoryCache(fetchVersions);
    await expect(cache.versionsOf("a", 3)).rejects.toThrow("offline");
    await expect(cache.versionsOf("a", 3)).rejects.toThrow("thrown at once");
    expect(await cache.versionsOf("a", 3)).toBe(versions);
    expect(await cache.versionsOf("a", 3)).toBe(versions);
    expect(fetchVersions).toHaveBeenCalledTimes(3);
  });
});

describe("describeActor", () => {
  it("names the service's `<role>:<token id>` in Danish with the key's first characters; anything else as it stands", () => {
    expect(describeActor("finance:c645c29f-0c1e-4c55-9f0a-3d1b2c4e5f60")).toBe("økonomimedarbejder (nøgle c645c29f)");
    expect(describeActor("housing:0123abcd-0c1e-4c55-9f0a-3d1b2c4e5f60")).toMatch(
      /^boligorganisation.* \(nøgle 0123abcd\)$/,
    );
    expect(describeActor("konge:c645c29f-0c1e-4c55-9f0a-3d1b2c4e5f60")).toBe(
      "konge:c645c29f-0c1e-4c55-9f0a-3d1b2c4e5f60",
    );
    expect(describeActor("finance:demo-seed")).toBe("finance:demo-seed");
    expect(describeActor("anna@kk.dk")).toBe("anna@kk.dk");
  });
});
