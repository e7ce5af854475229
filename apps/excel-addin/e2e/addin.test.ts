// The add-in end to end: the real task pane in the strict test host, in Debian's Chromium driven by
// playwright-core, served by the real sync service. What a finance officer does — type, paste,
// colour a cell, start a new plan, use only the keyboard — and what they must then see.
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, parseKroner } from "@helhedsplan/rules";
import {
  blankGrid,
  gridToPlan,
  layout,
  planToGrid,
  templateOf,
  validateWorkbook,
  type Grids,
  type TableGrid,
} from "@helhedsplan/workbook";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  artifacts,
  cellIn,
  expenses,
  financing,
  financingRow,
  hasBrowser,
  host,
  noSeriousViolations,
  tableOf,
  useAddinHarness,
  yearColumn,
} from "./harness";

const poolName = defaultReference.sources.find((source) => source.id === "kommunePulje")!.name;
const poolRow = financingRow(poolName);
const totalColumn = financing.values[0]!.length - 1;
const pool2015 = cellIn(financing, poolRow, yearColumn(financing, "2015"));
const poolTotal = cellIn(financing, poolRow, totalColumn);
const totals2015 = cellIn(financing, financing.values.length - 1, yearColumn(financing, "2015"));

describe.skipIf(!hasBrowser)("the add-in in the test host, in Chromium", () => {
  const harness = useAddinHarness();
  const open = (query?: string) => harness.open(query);

  it("the demo plan opens clean: nothing marked, the pane says so and shows the share against the cap", async () => {
    const { page, pane } = await open();
    expect(await host.marked(page)).toEqual([]);
    await expect(pane.getByText("Ingen fejl").isVisible()).resolves.toBe(true);
    await expect(pane.getByText(/Kommunal andel af rammen: 11,68 % \(loft 12,5 %\)/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "clean-plan.png") });
    await noSeriousViolations(page, "clean");
    await page.context().close();
  });

  it("an amount that breaks the 12,5 % cap marks the pool row's I alt and the year's total; fixing it clears both", async () => {
    const { page, pane } = await open();
    await host.edit(page, pool2015, [[700_000]]);
    expect(await host.marked(page)).toEqual([poolTotal, totals2015].sort());
    await expect(pane.getByText(/^Kommunens andel er 17,86 % af rammen/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "findings-on-cells.png") });
    await noSeriousViolations(page, "findings");
    await host.edit(page, pool2015, [[225_000]]);
    expect(await host.marked(page)).toEqual([]);
    await expect(pane.getByText("Ingen fejl").isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("a pasted block of 200 amounts is one pass of at most 2 syncs", async () => {
    const { page } = await open("?workbook=large");
    const large = planToGrid(
      {
        ...demoPlan,
        budget: { ...demoPlan.budget, expenses: Array.from({ length: 60 }, () => demoPlan.budget.expenses[0]!) },
      },
      defaultReference,
    );
    const table = tableOf(large, layout.tables.expenses.name);
    const from = cellIn(table, 11, yearColumn(table, "2014"));
    const to = cellIn(table, 60, yearColumn(table, "2017")).split("!")[1];
    const block = Array.from({ length: 50 }, () => [0, 0, 0, 0]);
    block[0]![0] = 1;
    const before = await host.syncs(page);
    await host.edit(page, `${from}:${to}`, block);
    expect((await host.syncs(page)) - before).toBeLessThanOrEqual(2);
    expect((await host.syncs(page)) - before).toBeGreaterThan(0);
    // The pasted 1,00 kr. unbalances 2014: the pass saw the block.
    expect(await host.marked(page)).toContain(
      cellIn(tableOf(large, "Finansiering"), tableOf(large, "Finansiering").values.length - 1, 1),
    );
    await page.context().close();
  });

  it("text typed the Danish way (1.234,50) reads as an amount", async () => {
    const { page, pane } = await open();
    const cell = cellIn(expenses, 1, yearColumn(expenses, "2014"));
    await host.edit(page, cell, [["450.000,00"]]);
    expect(await host.marked(page)).toEqual([]);
    await host.edit(page, cell, [["451.234,50"]]);
    const totals2014 = cellIn(financing, financing.values.length - 1, yearColumn(financing, "2014"));
    expect(await host.marked(page)).toEqual([totals2014]);
    await expect(pane.getByText(/øg finansieringen med 1\.234,50 kr\./).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("a cell the user coloured yellow is yellow again after its finding is fixed", async () => {
    const { page } = await open();
    await page.evaluate((a) => window.testHost.setFill(a, "#FFFF00"), poolTotal);
    await host.edit(page, pool2015, [[700_000]]);
    expect(await host.marked(page)).toContain(poolTotal);
    expect(await host.fill(page, poolTotal)).toBe("#FFFF00");
    await host.edit(page, pool2015, [[225_000]]);
    expect(await host.marked(page)).toEqual([]);
    expect(await host.fill(page, poolTotal)).toBe("#FFFF00");
    await page.context().close();
  });

  it("the add-in's own writes start no pass: the sync count stays still", async () => {
    const { page } = await open();
    await host.edit(page, pool2015, [[700_000]]);
    const settled = await host.syncs(page);
    await page.waitForTimeout(1_000);
    expect(await host.syncs(page)).toBe(settled);
    await page.context().close();
  });

  it("Ny plan in an empty workbook lays the template: @helhedsplan/workbook reads it as it reads the .xlsx template", async () => {
    const { page, pane } = await open("?workbook=empty");
    await noSeriousViolations(page, "empty workbook");
    await pane.getByRole("button", { name: "Ny plan" }).first().click();
    await page.waitForFunction(() => {
      try {
        return window.testHost.values("Plan!A3")[0]?.[0] === "Felt";
      } catch {
        return false;
      }
    });
    await page.evaluate(() => window.testHost.settled());
    // The template's own tables, read back from the host cell by cell.
    const template = templateOf(undefined, { reference: defaultReference });
    const tables: TableGrid[] = [];
    for (const sheet of template.sheets) {
      for (const table of sheet.tables) {
        const values = await page.evaluate((a) => window.testHost.values(a), `${sheet.name}!${table.range}`);
        tables.push({
          name: table.name,
          sheet: sheet.name,
          topLeft: table.range.split(":")[0]!,
          values,
          totalsRow: table.totals !== null,
        });
      }
    }
    const laid: Grids = { sheets: template.sheets.map((sheet) => sheet.name), tables };
    // No layout finding; exactly the findings of a blank .xlsx template (its empty Ja/Nej and name cells are the officer's to fill).
    const findings = validateWorkbook(laid, defaultReference);
    expect(findings.filter((finding) => finding.ruleId === "workbook.layout")).toEqual([]);
    expect(findings).toEqual(validateWorkbook(blankGrid(defaultReference), defaultReference));
    expect(gridToPlan(laid, defaultReference).map.financing?.rows).toHaveLength(defaultReference.sources.length);
    await expect(pane.getByText(/Plan uden navn/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "new-plan.png") });
    await page.context().close();
  });

  it("Fordel sets the pool's share at exactly 12,5 %: whole kroner per year, Landsbyggefonden balancing each year", async () => {
    const { page, pane } = await open();
    await pane.getByLabel("Andel (%)").fill("12,5");
    const before = await host.syncs(page);
    await pane.getByRole("button", { name: "Fordel" }).click();
    await page.waitForFunction((cell) => window.testHost.values(cell)[0]?.[0] === 237_500, pool2015);
    await page.evaluate(() => window.testHost.settled());
    const row = (sourceName: string) => {
      const at = financingRow(sourceName);
      return `${cellIn(financing, at, 1)}:${cellIn(financing, at, 4).split("!")[1]}`;
    };
    expect(await page.evaluate((a) => window.testHost.values(a), row(poolName))).toEqual([
      [237_500, 237_500, 250_000, 237_500],
    ]);
    expect(await page.evaluate((a) => window.testHost.values(a), row("Landsbyggefonden"))).toEqual([
      [1_472_500, 1_472_500, 1_560_000, 1_472_500],
    ]);
    // Read, one batched write, then the pass's read and write.
    expect((await host.syncs(page)) - before).toBeLessThanOrEqual(4);
    expect(await host.marked(page)).toEqual([]);
    await expect(pane.getByText(/Kommunal andel af rammen: 12,50 % \(loft 12,5 %\)/).isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it("signed in, the pane shows who and the pool's room, and a draw beyond it is marked while typing; Log ud drops it", async () => {
    // Another plan reserves 29.500.000 kr. of the pool's 30.000.000 kr.: 500.000 kr. are left.
    const { budget: _demoBudget, ...header } = demoPlan;
    const yearly = (kroner: number) =>
      Object.fromEntries(["2014", "2015", "2016", "2017"].map((y) => [y, parseKroner(kroner)]));
    const large = await harness.service.admin.plans.create({
      ...header,
      name: "Stor plan",
      estates: ["Stor afdeling"],
    });
    await harness.service.admin.plans.putBudget(
      large.id,
      {
        expenses: [
          { focusArea: "boern-unge", category: "loen", activity: "Stor indsats", amountsOre: yearly(60_000_000) },
        ],
        financing: [
          { source: "lbf", amountsOre: yearly(52_625_000) },
          { source: "kommunePulje", amountsOre: yearly(7_375_000) },
        ],
      },
      { ifMatch: 0 },
    );
    await harness.service.admin.plans.submit(large.id);
    const { token } = await harness.service.admin.tokens.create({ role: "finance" });

    const { page, pane } = await open();
    expect(await host.marked(page)).toEqual([]);
    await pane.getByLabel("Adgangsnøgle").fill(token);
    await pane.getByRole("button", { name: "Log ind" }).click();
    await pane.getByText(/Logget ind som økonomimedarbejder/).waitFor();
    await pane.getByText(/Planen søger 900\.000,00 kr\. af puljens 500\.000,00 kr\. ledige/).waitFor();
    await page.evaluate(() => window.testHost.settled());
    expect(await host.marked(page)).toEqual([poolTotal]);
    await expect(pane.getByText(/puljen har kun 500\.000,00 kr\. ledigt/).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "signed-in-pool.png") });
    await noSeriousViolations(page, "signed in");

    await pane.getByRole("button", { name: "Log ud" }).click();
    await pane.getByRole("button", { name: "Log ind" }).waitFor();
    await page.evaluate(() => window.testHost.settled());
    expect(await host.marked(page)).toEqual([]);
    await page.context().close();
  });

  it("Synkroniser creates the plan and stamps Plan-ID and Version; a cell changed on both sides is a choice, and Tag serverens writes the server's value; Indsend says the pool lacks room", async () => {
    const { page, pane } = await open();
    await pane.getByLabel("Adgangsnøgle").fill(harness.service.adminToken);
    await pane.getByRole("button", { name: "Log ind" }).click();
    await pane.getByRole("button", { name: "Synkroniser" }).click();
    await pane.getByText(/Oprettede planen .* i version 1\./).waitFor();
    await page.evaluate(() => window.testHost.settled());
    const [[planId]] = (await page.evaluate(() => window.testHost.values("Plan!B4"))) as [[string]];
    expect(planId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.evaluate(() => window.testHost.values("Plan!B14"))).toEqual([[1]]);
    const { data: stored } = await harness.service.admin.plans.get(planId);
    expect(stored.budget).toEqual(demoPlan.budget);

    // A colleague adds 5.000 kr. to Familiekoordinator in 2015; here 10.000 kr. are typed into the same cells.
    const colleague = structuredClone(demoPlan.budget);
    colleague.expenses[0]!.amountsOre["2015"]! += parseKroner(5_000);
    colleague.financing.find((row) => row.source === "lbf")!.amountsOre["2015"]! += parseKroner(5_000);
    await harness.service.admin.plans.putBudget(planId, colleague, { ifMatch: 1 });
    const familiekoordinator2015 = cellIn(expenses, 1, yearColumn(expenses, "2015"));
    const lbf2015 = cellIn(financing, financingRow("Landsbyggefonden"), yearColumn(financing, "2015"));
    await host.edit(page, familiekoordinator2015, [[460_000]]);
    await host.edit(page, lbf2015, [[1_495_000]]);
    await pane.getByRole("button", { name: "Synkroniser" }).click();
    await pane.getByText("Ændret begge steder (2)").waitFor();
    await expect(
      pane.getByText(/Før: 450\.000,00 kr\. · Din: 460\.000,00 kr\. · Tjenestens: 455\.000,00 kr\./).isVisible(),
    ).resolves.toBe(true);
    await page.screenshot({ path: join(artifacts, "conflict.png") });
    await noSeriousViolations(page, "conflict");
    expect((await harness.service.admin.plans.get(planId)).version).toBe(2);

    await pane.getByRole("button", { name: "Tag alle serverens" }).click();
    await page.waitForFunction((cell) => window.testHost.values(cell)[0]?.[0] === 455_000, familiekoordinator2015);
    await page.evaluate(() => window.testHost.settled());
    expect(await page.evaluate((a) => window.testHost.values(a), lbf2015)).toEqual([[1_490_000]]);
    expect(await page.evaluate(() => window.testHost.values("Plan!B14"))).toEqual([[2]]);
    // Indsend: another test left the shared pool 500.000 kr., less than the plan's 900.000 kr.
    await pane.getByRole("button", { name: "Indsend" }).click();
    await pane
      .getByText(/Puljen "Budget 2012" har kun 500\.000,00 kr\. ledigt, mindre end planen søger; intet er reserveret/)
      .waitFor();
    expect((await harness.service.admin.plans.get(planId)).data.status).toBe("draft");
    // No errors; the pool's room may warn, as another test drained the shared pool.
    expect(await pane.locator("section[aria-label='Fejl']").count()).toBe(0);
    expect(await host.marked(page)).not.toContain(familiekoordinator2015);
    await page.context().close();
  });

  it("keyboard only: Tab reaches every finding, Enter selects its cell", async () => {
    const { page, pane } = await open();
    await host.edit(page, pool2015, [[700_000]]);
    const findings = await pane.locator("section[aria-label='Fejl'] li button").count();
    expect(findings).toBe(2);
    await pane.getByRole("button", { name: "Kontrollér igen" }).focus();
    const reached = new Set<string>();
    for (let press = 0; press < 40 && reached.size < findings; press++) {
      await page.keyboard.press("Tab");
      const label = await pane.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
      if (/^Budget!/.test(label)) reached.add(label);
    }
    expect(reached.size).toBe(findings);
    const last = [...reached].at(-1)!;
    await pane.locator(`[aria-label="${last}"]`).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((cell) => window.testHost.selection() === cell, last.split(":")[0]);
    await page.context().close();
  });
});
