// window.testHost, testHostOffice and testHostPane without a browser: a stand-in pane, and the real add-in (its
// controller and Excel adapter from src/) running on the facade as it runs in the page's frame.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { demoPlan } from "@helhedsplan/demo";
import { columnLetters, gridToPlan, templateOf } from "@helhedsplan/workbook";
import { afterEach, describe, expect, it } from "vitest";
import { defaultReference } from "@helhedsplan/rules";
import { createController } from "../src/controller";
import { excelAdapter, markStyles } from "../src/excel-adapter";
import { flag, runPass, type TableFlags } from "../src/pass";
import { sessionStore } from "../src/session";
import { startAddinInNode } from "./addin-in-node";
import { createHost, type Host } from "./host";

const pause = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pane as the decided contract describes it: debounce, busy() around the pending pass, ready() after the first. */
function standInPane(host: Host, debounceMs = 50) {
  const Excel = host.testHostOffice.Excel as unknown as typeof globalThis.Excel;
  const seen: string[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finish: (() => void) | null = null;
  const pass = () =>
    Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("H14");
      range.load("values");
      await context.sync();
      seen.push(String(range.values[0]?.[0]));
    });
  return {
    seen,
    async start() {
      await Excel.run(async (context) => {
        context.workbook.worksheets.onChanged.add(async (event) => {
          if (event.triggerSource === "ThisLocalAddin") return Promise.resolve();
          clearTimeout(timer);
          if (!finish) host.testHostPane.busy(new Promise<void>((resolve) => (finish = resolve)));
          timer = setTimeout(() => {
            const done = finish;
            finish = null;
            void pass().then(() => done?.());
          }, debounceMs);
          return Promise.resolve();
        });
        await context.sync();
      });
      await pass();
      host.testHostPane.ready();
    },
  };
}

describe("testHost", () => {
  it("lays the demo workbook by default, an empty one on request", () => {
    expect(createHost().workbook.sheets.map((sheet) => sheet.name)).toEqual(["Plan", "Budget", "Overblik", "Lister"]);
    expect(createHost({ workbook: "empty" }).workbook.sheets.map((sheet) => sheet.name)).toEqual(["Ark1"]);
    expect(createHost({ workbook: "regnskab" }).workbook.sheets.map((sheet) => sheet.name)).toEqual([
      "Plan",
      "Budget",
      "Overblik",
      "Lister",
      "Mål",
      "Regnskab",
    ]);
    expect(() => createHost({ workbook: "andet" })).toThrow(/demo, large, empty eller regnskab/);
    expect(() => createHost({ api: "1.15" })).toThrow(/1\.14/);
  });

  it("edits as a user: one event for the block, and resolves once the pane's debounced pass has ended", async () => {
    const host = createHost();
    const pane = standInPane(host);
    await pane.start();
    await host.testHost.ready;
    expect(pane.seen).toEqual(["7700000"]);
    const syncs = host.testHost.syncs;
    await host.testHost.edit("Budget!D4:E5", [
      [500000, "1.000,50"],
      [null, 0],
    ]);
    expect(pane.seen).toEqual(["7700000", String(7700000 + 50000 - 450000 + 1000.5 - 120000 - 120000)]);
    expect(host.testHost.syncs).toBe(syncs + 1);
    expect(host.testHost.values("Budget!D4:E5")).toEqual([
      [500000, 1000.5],
      ["", 0],
    ]);
  });

  it("refuses what a user cannot do: a protected or hidden sheet, a wrong shape, a formula Excel refuses", async () => {
    const { testHost } = createHost();
    await expect(testHost.edit("Overblik!B3", [["x"]])).rejects.toThrow(/beskyttet/);
    await expect(testHost.edit("Lister!A2", [["x"]])).rejects.toThrow(/skjult/);
    await expect(testHost.edit("Budget!E7:F7", [["1"]])).rejects.toThrow(/1×2/);
    await expect(testHost.edit("Budget!E7", [["=SUM(E1:E2"]])).rejects.toThrow(/afviser/);
    await expect(testHost.edit("Findes!A1", [["x"]])).rejects.toThrow(/intet ark/);
    expect(testHost.syncs).toBe(0);
  });

  it("colours cells as a user, and reads a cell's own fill as Range.format.fill.color does", async () => {
    const { testHost } = createHost();
    expect(testHost.fill("Budget!E7")).toBe("#FFFFFF");
    await testHost.setFill("Budget!E7:F7", "yellow");
    expect(testHost.fill("Budget!E7")).toBe("#FFFF00");
    expect(testHost.fill("Budget!E7:G7")).toBeNull();
    await testHost.setFill("Budget!E7:F7", null);
    expect(testHost.fill("Budget!E7:F7")).toBe("#FFFFFF");
  });

  it("starts on the Budget sheet with A1 selected", () => {
    expect(createHost().testHost.selection()).toBe("Budget!A1");
    expect(createHost({ sheet: "Plan" }).testHost.selection()).toBe("Plan!A1");
    expect(createHost({ workbook: "empty" }).testHost.selection()).toBe("Ark1!A1");
  });

  it("selects as a user: the sheet becomes active, one selection event, resolves once the add-in is quiet", async () => {
    const host = createHost();
    const Excel = host.testHostOffice.Excel as unknown as typeof globalThis.Excel;
    const seen: string[] = [];
    await Excel.run(async (context) => {
      context.workbook.worksheets.onSelectionChanged.add((event) =>
        Excel.run(async (inner) => {
          const sheet = inner.workbook.worksheets.getItem(event.worksheetId);
          sheet.load("name");
          await inner.sync();
          seen.push(`${sheet.name}!${event.address}`);
        }),
      );
      await context.sync();
    });
    await host.testHost.select("Plan!B5:C6");
    expect(seen).toEqual(["Plan!B5:C6"]);
    expect(host.testHost.selection()).toBe("Plan!B5:C6");
    expect(host.workbook.activeSheet.name).toBe("Plan");
    await expect(host.testHost.select("Lister!A1")).rejects.toThrow(/skjult/);
    await expect(host.testHost.select("Findes!A1")).rejects.toThrow(/intet ark/);
    expect(seen).toHaveLength(1);
  });

  it("fails edit() clearly when the add-in never becomes quiet", async () => {
    const host = createHost({ settleTimeoutMs: 100 });
    host.testHostPane.busy(new Promise(() => undefined));
    await expect(host.testHost.edit("Budget!E7", [[1]])).rejects.toThrow(/ventende gennemløb: 1/);
  });
});

describe("the real add-in on the host", () => {
  const globals = globalThis as Record<string, unknown>;
  afterEach(() => {
    delete globals.Office;
    delete globals.Excel;
  });

  const startAddin = (api?: string) => startAddinInNode(api === undefined ? {} : { api });

  for (const api of ["1.14", "1.9"])
    it(`validates the demo plan, marks what a user breaks and clears it again (ExcelApi ${api})`, async () => {
      const { host, controller } = await startAddin(api);
      const { testHost } = host;
      expect(controller.getState().phase).toBe("ready");
      expect(controller.getState().problem).toBeNull();
      expect(testHost.marked()).toEqual([]);
      expect(host.workbook.sheet("hh_markeringer")?.visibility).toBe("VeryHidden");

      await testHost.edit("Budget!E7", [["abc"]]);
      expect(controller.getState().problem).toBeNull();
      expect(testHost.marked()).toContain("Budget!E7");
      expect(testHost.fill("Budget!E7")).toBe("#FFFFFF");

      const syncs = testHost.syncs;
      await testHost.edit("Budget!E7", [[150000]]);
      expect(testHost.marked()).toEqual([]);
      // One pass: a read and a write.
      expect(testHost.syncs - syncs).toBe(2);
      await pause(0);
    });

  for (const api of ["1.14", "1.9"])
    it(`tells the add-in which cell the user selected, sheet-qualified, top-left of a block (ExcelApi ${api})`, async () => {
      const host = createHost(api === "1.9" ? { api } : {});
      globals.Office = host.testHostOffice.Office;
      globals.Excel = host.testHostOffice.Excel;
      host.workbook.addSheet("Mit ark");
      const cells: string[] = [];
      await excelAdapter().onSelection((cell) => cells.push(cell));
      await host.testHost.select("Budget!E7:H9");
      expect(cells).toEqual(["Budget!E7"]);
      await host.testHost.select("'Mit ark'!C3");
      expect(cells).toEqual(["Budget!E7", "'Mit ark'!C3"]);
      // The pane's links select through the adapter: Excel reports that selection too.
      await excelAdapter().select("Plan!B5");
      await host.testHost.settled();
      expect(cells.at(-1)).toBe("Plan!B5");
    });

  it("reports the last of a quick run of selections with at most two look-ups", async () => {
    const host = createHost();
    globals.Office = host.testHostOffice.Office;
    globals.Excel = host.testHostOffice.Excel;
    const cells: string[] = [];
    await excelAdapter().onSelection((cell) => cells.push(cell));
    const syncs = host.testHost.syncs;
    for (const row of [7, 8, 9, 10, 11]) host.userSelect(`Budget!E${row}`);
    await host.testHost.settled();
    expect(cells.at(-1)).toBe("Budget!E11");
    expect(cells.length).toBeLessThanOrEqual(2);
    expect(host.testHost.syncs - syncs).toBeLessThanOrEqual(2);
  });

  /** The adapter on a new host, and the flags a pass gives its workbook with `set` cells changed (`"Budget!E7": 3`). */
  async function adapterWithFlags(options: { api?: string } = {}) {
    const host = createHost(options);
    globals.Office = host.testHostOffice.Office;
    globals.Excel = host.testHostOffice.Excel;
    const port = excelAdapter();
    const snapshot = await port.read();
    const flagsWith = (set: Record<string, number>): TableFlags[] =>
      runPass(snapshot.grids, defaultReference).flags.map((block) => {
        const flags = block.flags.map((row) => [...row]);
        for (const [cell, value] of Object.entries(set)) {
          const { sheet, rect } = host.workbook.resolve(cell);
          const { rect: range } = host.workbook.resolve(`${block.sheet}!${block.range}`);
          const row = flags[rect.row - range.row];
          if (
            sheet.name === block.sheet &&
            row &&
            rect.column - range.column < row.length &&
            rect.column >= range.column
          )
            row[rect.column - range.column] = value as TableFlags["flags"][number][number];
        }
        return { ...block, flags };
      });
    return { host, port, snapshot, flagsWith };
  }

  const tables = ["Stamdata", "Udgifter", "Finansiering"];

  it("shows unsynced cells and cells from the service in their own calm colours, apart from the wrong ones", async () => {
    const { host, port, snapshot, flagsWith } = await adapterWithFlags();
    expect(snapshot.markedTables).toEqual([]);
    await port.writeMarks({
      flags: flagsWith({ "Budget!E7": flag.unsynced, "Budget!F7": flag.fromServer, "Budget!G7": flag.error }),
      previousSizes: {},
      createMarks: tables,
      createMarkSheet: true,
      overview: {},
    });
    expect(host.testHost.marked()).toEqual(["Budget!G7"]);
    expect(host.testHost.unsynced()).toEqual(["Budget!E7"]);
    expect(host.testHost.fromServer()).toEqual(["Budget!F7"]);
    expect(host.testHost.fill("Budget!E7:F7")).toBe("#FFFFFF");
    // Four rules per table, made once: the next read finds the marks in place.
    expect(host.workbook.conditionalFormats).toHaveLength(4 * tables.length);
    expect((await port.read()).markedTables).toEqual(tables);
    const fills = markStyles.map((style) => style.fill);
    expect(new Set(fills).size).toBe(fills.length);

    await port.writeMarks({
      flags: flagsWith({ "Budget!E8": flag.unsynced, "Plan!B5": flag.fromServer }),
      previousSizes: {},
      createMarks: [],
      createMarkSheet: false,
      overview: {},
    });
    expect(host.testHost.marked()).toEqual([]);
    expect(host.testHost.unsynced()).toEqual(["Budget!E8"]);
    expect(host.testHost.fromServer()).toEqual(["Plan!B5"]);
  });

  it("gives a workbook marked by the earlier add-in (two rules) the two new rules, nothing twice", async () => {
    const { host, port, flagsWith } = await adapterWithFlags({ api: "1.9" });
    // The earlier adapter's marks, as it made them: the mark sheet, two names and two rules per table.
    const blocks = flagsWith({ "Budget!G7": flag.error });
    await Excel.run(async (context) => {
      const workbook = context.workbook;
      const marks = workbook.worksheets.add("hh_markeringer");
      marks.visibility = Excel.SheetVisibility.veryHidden;
      blocks.forEach((block, index) => {
        const first = 1 + 100 * index;
        workbook.names.add(
          `hh_mark_${block.table}`,
          `='hh_markeringer'!$${columnLetters(first)}$1:$${columnLetters(first + 99)}$5100`,
        );
        workbook.names.add(`hh_tbl_${block.table}`, `=${block.table}[#All]`);
        const target = workbook.worksheets.getItem(block.sheet).getRange(block.range);
        for (const style of [
          { flag: 2, fill: "#FFC7CE", font: "#9C0006" },
          { flag: 1, fill: "#FFEB9C", font: "#9C5700" },
        ]) {
          const format = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
          format.custom.rule.formula = `=INDEX(hh_mark_${block.table},ROW()-ROW(hh_tbl_${block.table})+1,COLUMN()-COLUMN(hh_tbl_${block.table})+1)=${style.flag}`;
          format.custom.format.fill.color = style.fill;
          format.custom.format.font.color = style.font;
        }
      });
      await context.sync();
    });
    const names = host.workbook.names.size;
    const old = await port.read();
    expect(old.markSheetExists).toBe(true);
    expect(old.markedTables).toEqual([]);
    await port.writeMarks({
      flags: flagsWith({ "Budget!G7": flag.error, "Budget!E7": flag.unsynced, "Budget!F7": flag.fromServer }),
      previousSizes: {},
      createMarks: tables,
      createMarkSheet: false,
      overview: {},
    });
    expect(host.workbook.conditionalFormats).toHaveLength(4 * tables.length);
    expect(host.workbook.names.size).toBe(names + tables.length);
    expect(host.testHost.marked()).toEqual(["Budget!G7"]);
    expect(host.testHost.unsynced()).toEqual(["Budget!E7"]);
    expect(host.testHost.fromServer()).toEqual(["Budget!F7"]);
    expect((await port.read()).markedTables).toEqual(tables);
  });

  for (const api of ["1.14", "1.9"])
    it(`replaces the plan's sheets with a fetched plan in two syncs, the user's own sheet untouched (ExcelApi ${api})`, async () => {
      const { host, controller } = await startAddin(api);
      const { testHost, workbook } = host;
      await testHost.edit("Budget!E7", [["abc"]]);
      expect(testHost.marked()).toContain("Budget!E7");
      await Excel.run(async (context) => {
        context.workbook.worksheets.add("Noter").getRange("A1:B1").values = [["Husk", 42]];
        await context.sync();
      });
      const plan2 = structuredClone(demoPlan);
      plan2.name = "Planen fra tjenesten";
      for (const activity of ["Sommerlejr ved fjorden", "Fællesspisning i gården"])
        plan2.budget.expenses.push({
          focusArea: "boern-unge",
          category: "aktiviteter",
          activity,
          amountsOre: Object.fromEntries(
            Object.keys(plan2.budget.expenses[0]?.amountsOre ?? {}).map((year) => [year, 0]),
          ),
        });
      const planId = "11111111-2222-4333-8444-555555555555";

      const syncs = testHost.syncs;
      await excelAdapter().replacePlan(templateOf(plan2, { planId, version: 3 }));
      expect(testHost.syncs - syncs).toBe(2);
      await controller.revalidate();
      await testHost.settled();

      const read = gridToPlan((await excelAdapter().read()).grids, defaultReference);
      expect(read.findings).toEqual([]);
      expect(read.plan).toEqual(plan2);
      expect({ planId: read.planId, version: read.version }).toEqual({ planId, version: 3 });
      expect(testHost.values("Noter!A1:B1")).toEqual([["Husk", 42]]);
      expect(workbook.sheets.map((sheet) => sheet.name)).toEqual([
        "Noter",
        "Plan",
        "Budget",
        "Overblik",
        "Lister",
        "hh_markeringer",
      ]);
      expect(workbook.sheet("hh_markeringer")?.visibility).toBe("VeryHidden");
      expect(controller.getState().problem).toBeNull();
      expect(controller.getState().model?.errors).toEqual([]);
      // The marks were made anew for the new tables: four rules each, no name broken or twice.
      expect(testHost.marked()).toEqual([]);
      expect(workbook.conditionalFormats).toHaveLength(4 * tables.length);
      expect([...workbook.names.values()].filter((item) => item.formula.includes("#REF!"))).toEqual([]);
      await testHost.edit("Budget!E7", [["abc"]]);
      expect(testHost.marked()).toContain("Budget!E7");
    });

  it("replaces a plan whose sheets are the workbook's only visible ones", async () => {
    const host = createHost();
    globals.Office = host.testHostOffice.Office;
    globals.Excel = host.testHostOffice.Excel;
    const plan2 = { ...structuredClone(demoPlan), name: "Planen fra tjenesten" };
    await excelAdapter().replacePlan(templateOf(plan2, { planId: null, version: null }));
    expect(host.workbook.sheets.map((sheet) => sheet.name)).toEqual(["Plan", "Budget", "Overblik", "Lister"]);
    expect(host.workbook.activeSheet.name).toBe("Plan");
    expect(gridToPlan((await excelAdapter().read()).grids, defaultReference).plan).toEqual(plan2);
  });

  for (const api of ["1.14", "1.9"])
    it(`checks the Regnskab sheet live in the same two syncs per change, and marks its cells (ExcelApi ${api})`, async () => {
      const { host, controller } = await startAddinInNode({ workbook: "regnskab", api });
      const { testHost } = host;
      expect(controller.getState().model?.report).toMatchObject({ year: 2014, errors: [], warnings: [] });
      expect(testHost.marked()).toEqual([]);
      const syncs = testHost.syncs;
      await testHost.edit("Regnskab!D4", [["450.000,01"]]);
      expect(testHost.syncs - syncs).toBe(2);
      expect(testHost.marked()).toEqual(["Regnskab!D4"]);
      expect(controller.getState().model?.report?.warnings.map((finding) => finding.ruleId)).toEqual([
        "report.line-overspent",
      ]);
      // A goal's status emptied (Kommentar too): the goal is not reported, warned on its Status cell.
      await testHost.edit("Regnskab!C26:D26", [[null, null]]);
      expect(testHost.syncs - syncs).toBe(4);
      expect(testHost.marked()).toEqual(["Regnskab!C26", "Regnskab!D4"]);
      await testHost.edit("Regnskab!C26:D26", [["Delvist", "Fulgt op"]]);
      await testHost.edit("Regnskab!D4", [[450000]]);
      expect(testHost.marked()).toEqual([]);
      expect(testHost.syncs - syncs).toBe(8);
      // Four rules on each of the six tables, made once.
      expect(host.workbook.conditionalFormats).toHaveLength(4 * 6);
    });

  it("gives a workbook marked by the earlier add-in (the plan's tables only) the Regnskab tables' marks, nothing twice", async () => {
    const host = createHost({ workbook: "regnskab" });
    globals.Office = host.testHostOffice.Office;
    globals.Excel = host.testHostOffice.Excel;
    // The earlier add-in marked the three plan tables (its bands first on the mark sheet) and knew no others.
    const port = excelAdapter();
    const snapshot = await port.read();
    const planFlags = runPass(snapshot.grids, defaultReference).flags.filter((block) => tables.includes(block.table));
    await port.writeMarks({
      flags: planFlags,
      previousSizes: {},
      createMarks: tables,
      createMarkSheet: true,
      overview: {},
    });
    expect((await port.read()).markedTables).toEqual(tables);
    const names = host.workbook.names.size;
    expect(host.workbook.conditionalFormats).toHaveLength(4 * tables.length);

    const controller = createController(excelAdapter(), { host: host.testHostPane });
    await controller.start();
    await host.testHost.settled();
    // Three new tables, each with its band name, table name and version name and four rules; the plan's untouched.
    expect(host.workbook.conditionalFormats).toHaveLength(4 * 6);
    expect(host.workbook.names.size).toBe(names + 3 * 3);
    expect((await port.read()).markedTables).toEqual([...tables, "Forbrug", "Modtaget", "Maalopfyldelse"]);
    await host.testHost.edit("Regnskab!D4", [[450000.01]]);
    await host.testHost.edit("Budget!E7", [["abc"]]);
    expect(host.testHost.marked()).toEqual(["Budget!E7", "Regnskab!D4"]);
  });

  it("replaces the plan beside a Regnskab sheet: the report's marks stay, the plan's are made anew, nothing broken or twice", async () => {
    const { host, controller } = await startAddinInNode({ workbook: "regnskab" });
    const { testHost, workbook } = host;
    await testHost.edit("Regnskab!D4", [[450000.01]]);
    expect(testHost.marked()).toEqual(["Regnskab!D4"]);
    const plan2 = { ...structuredClone(demoPlan), name: "Planen fra tjenesten" };
    await excelAdapter().replacePlan(templateOf(plan2, { planId: null, version: null }));
    await controller.revalidate();
    await testHost.settled();
    expect(workbook.sheets.map((sheet) => sheet.name)).toEqual([
      "Mål",
      "Regnskab",
      "hh_markeringer",
      "Plan",
      "Budget",
      "Overblik",
      "Lister",
    ]);
    expect(workbook.conditionalFormats).toHaveLength(4 * 6);
    expect([...workbook.names.values()].filter((item) => item.formula.includes("#REF!"))).toEqual([]);
    expect(testHost.marked()).toEqual(["Regnskab!D4"]);
    await testHost.edit("Budget!E7", [["abc"]]);
    expect(testHost.marked()).toEqual(["Budget!E7", "Regnskab!D4"]);
  });

  it("signs in as a user of the pane: its own path, the session kept in the add-in's storage, problems in Danish", async () => {
    const service = createServer((request, response) => {
      // Who the token is; nothing else (the pool the pane asks for next is not found).
      const known = request.headers.authorization === "Bearer rigtig-noegle";
      const me = known && request.url === "/api/v1/me";
      response.writeHead(me ? 200 : known ? 404 : 401, { "content-type": "application/json" });
      response.end(JSON.stringify(me ? { role: "finance", housingOrganisation: null } : {}));
    });
    await new Promise<void>((resolve) => service.listen(0, "127.0.0.1", resolve));
    const { port } = service.address() as AddressInfo;
    const serviceUrl = `http://127.0.0.1:${port}`;
    try {
      const stored = new Map<string, string>();
      const sessions = sessionStore({
        getItem: (key) => stored.get(key) ?? null,
        setItem: (key, value) => void stored.set(key, value),
        removeItem: (key) => void stored.delete(key),
      });
      const { host, controller } = await startAddinInNode({ sessions });

      await host.testHost.settings({ serviceUrl, token: "forkert" });
      expect(controller.getState().signedIn).toBeNull();
      expect(controller.getState().signInProblem).toMatch(/kender ikke adgangsnøglen/);
      expect(await sessions.load()).toBeNull();

      await host.testHost.settings({ serviceUrl: ` ${serviceUrl} `, token: " rigtig-noegle " });
      expect(controller.getState().signInProblem).toBeNull();
      expect(controller.getState().signedIn).toMatchObject({ role: "finance", housingOrganisation: null });
      // Who the token is is kept beside it, so the pane can work offline after a restart.
      expect(await sessions.load()).toEqual({
        serviceUrl,
        token: "rigtig-noegle",
        role: "finance",
        housingOrganisation: null,
      });
    } finally {
      await new Promise((resolve) => service.close(resolve));
    }
  });

  it("fails settings() clearly when the pane never handed its controls over", async () => {
    const host = createHost({ settleTimeoutMs: 50 });
    await expect(host.testHost.settings({ serviceUrl: "http://127.0.0.1:9", token: "x" })).rejects.toThrow(
      /gav ikke testværten/,
    );
  });
});
