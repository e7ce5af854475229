// The Regnskab view end to end: the test host's `?workbook=regnskab` (the demo plan, its goals and a 2014 report) in
// Debian's Chromium. What a finance officer does with the year's report — type spending, see the variance per focus
// area, follow a finding to its cell with the keyboard, send the report to the service — and what they must then see.
import { defaultReference, formatBasisPoints, formatKroner, reportVariance } from "@helhedsplan/rules";
import { labelsOf, layout, reportToGrid } from "@helhedsplan/workbook";
import { join } from "node:path";
import type { Frame } from "playwright-core";
import { describe, expect, it } from "vitest";
import { REGNSKAB_YEAR, regnskabData } from "../test-host/regnskab";
import {
  artifacts,
  cellIn,
  demoGrids,
  expenses,
  hasBrowser,
  host,
  noSeriousViolations,
  tableOf,
  useAddinHarness,
  yearColumn,
} from "./harness";

const { plan, goals, report } = regnskabData();
const stamdata = tableOf(demoGrids, "Stamdata");
const planIdCell = cellIn(
  stamdata,
  stamdata.values.findIndex((row) => row[0] === "Plan-ID"),
  1,
);
const reportGrids = reportToGrid(report, defaultReference, { goals });
const spending = tableOf(reportGrids, layout.tables.spending.name);
/** Line `line`'s (0-based) amount cell on Regnskab. */
const spentCell = (line: number) => cellIn(spending, line + 1, yearColumn(spending, String(REGNSKAB_YEAR)));
const approvedOf = (line: number) => plan.budget.expenses[line]!.amountsOre[String(REGNSKAB_YEAR)]!;
const kr = (ore: number) => (ore / 100).toFixed(2).replace(".", ",");
const focusAreaName = (id: string) => labelsOf(defaultReference).focusAreas.nameOf(id) ?? id;

/** The variance row the pane shows for a focus area, as its text. */
const areaRow = (pane: Frame, id: string) => pane.locator(`li[data-focus-area="${id}"]`);

describe.skipIf(!hasBrowser)("the Regnskab view in the test host, in Chromium", () => {
  const harness = useAddinHarness();

  it("opens on the Regnskab view: the year's variance, the variance per focus area from reportVariance, nothing marked", async () => {
    const { page, pane } = await harness.open("?workbook=regnskab");
    expect(await host.marked(page)).toEqual([]);
    await pane.getByRole("heading", { name: `Regnskab ${REGNSKAB_YEAR}` }).waitFor();
    expect(await pane.getByText("Ingen fejl – redegørelsen holder sig til den godkendte plan.").count()).toBe(1);
    const variance = reportVariance(report, { plan, goals });
    const signed = (ore: bigint) => `${ore > 0n ? "+" : ""}${formatKroner(ore)}`;
    const total = variance.year;
    const headline = (await pane.getByRole("region", { name: "Årets afvigelse" }).textContent()) ?? "";
    expect(headline).toContain(
      `${signed(total.varianceOre)}${formatBasisPoints(total.varianceBasisPoints!)} af det godkendte`,
    );
    // The demo report: 20.000 kr. less on Lektiecafé, 8.000 kr. less on Sundhedsformidlere, the rest as approved.
    expect(total.varianceOre).toBe(-2_800_000n);
    for (const area of variance.byFocusArea) {
      const row = areaRow(pane, area.focusArea);
      const text = (await row.textContent()) ?? "";
      expect(text).toContain(focusAreaName(area.focusArea));
      expect(text).toContain(`Godkendt ${formatKroner(area.approvedOre)} · forbrug ${formatKroner(area.actualOre)}`);
      expect(text).toContain(signed(area.varianceOre));
      if (area.varianceBasisPoints !== null) expect(text).toContain(formatBasisPoints(area.varianceBasisPoints));
    }
    expect(await areaRow(pane, "boern-unge").textContent()).toContain("-20.000,00 kr. (-3,51 %)");
    expect(await areaRow(pane, "sundhed").textContent()).toContain("-8.000,00 kr. (-10,00 %)");
    await noSeriousViolations(page, "regnskab clean");
    await page.context().close();
  });

  it("spending one øre above a line's approved amount marks that cell and lists report.line-overspent in Danish; fixing it clears it", async () => {
    const { page, pane } = await harness.open("?workbook=regnskab");
    const cell = spentCell(0);
    const approved = approvedOf(0);
    const before = await host.syncs(page);
    await host.edit(page, cell, [[kr(approved + 1)]]);
    // One pass with the Regnskab sheet present: a read and a write.
    expect((await host.syncs(page)) - before).toBe(2);
    expect(await host.marked(page)).toEqual([cell]);
    const warnings = pane.getByRole("region", { name: "Advarsler i regnskabet" });
    const message = new RegExp(
      `^Forbrugslinje 1 \\(Børn, unge og familie / Løn / "Familiekoordinator"\\): forbruget i ${REGNSKAB_YEAR} er 450\\.000,01 kr\\., men det godkendte beløb er 450\\.000,00 kr\\. \\(0,01 kr\\. mere\\)`,
    );
    expect(await warnings.getByText(message).count()).toBe(1);
    expect(await warnings.getByRole("button", { name: new RegExp(`^${cell}: Forbrugslinje 1`) }).count()).toBe(1);
    // The variance follows the typing: Børn, unge og familie is now 0,01 kr. less under.
    expect(await areaRow(pane, "boern-unge").textContent()).toContain("-19.999,99 kr.");
    await page.screenshot({ path: join(artifacts, "regnskab.png") });
    await noSeriousViolations(page, "regnskab overspent");

    await host.edit(page, cell, [[kr(approved)]]);
    expect(await host.marked(page)).toEqual([]);
    expect(await pane.getByRole("region", { name: "Advarsler i regnskabet" }).count()).toBe(0);
    expect(await pane.getByText("Ingen fejl – redegørelsen holder sig til den godkendte plan.").count()).toBe(1);
    await page.context().close();
  });

  it("works with the keyboard alone: Tab to a finding and Enter selects its cell; the view buttons switch to the plan and back", async () => {
    const { page, pane } = await harness.open("?workbook=regnskab");
    const cell = spentCell(4);
    await host.edit(page, cell, [[kr(approvedOf(4) + 100)]]);
    expect(await host.marked(page)).toEqual([cell]);
    // Tab from the pane's first command until a finding's link has the focus, as a keyboard user does.
    await pane.getByRole("button", { name: "Kontrollér igen" }).focus();
    let label = "";
    for (let press = 0; press < 40 && !label.startsWith(`${cell}:`); press++) {
      await page.keyboard.press("Tab");
      label = await pane.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? "");
    }
    expect(label).toMatch(new RegExp(`^${cell}: Forbrugslinje 5`));
    await page.keyboard.press("Enter");
    await page.waitForFunction((target) => window.testHost.selection() === target, cell);

    const planButton = pane.getByRole("button", { name: "Plan og budget", exact: true });
    await planButton.focus();
    await page.keyboard.press("Enter");
    await pane.getByText("Ingen fejl – planen overholder reglerne.").waitFor();
    expect(await planButton.getAttribute("aria-pressed")).toBe("true");
    await noSeriousViolations(page, "regnskab, plan view");
    await pane.getByRole("button", { name: "Regnskab", exact: true }).focus();
    await page.keyboard.press("Enter");
    await pane.getByRole("heading", { name: `Regnskab ${REGNSKAB_YEAR}` }).waitFor();
    await page.context().close();
  });

  it("signed in: checked against the approved version on the service, and Indsend redegørelse saves the year's report", async () => {
    const { page, pane } = await harness.open("?workbook=regnskab");
    const service = harness.service;
    await host.settings(page, service.baseUrl, await service.token("finance"));
    await pane.getByText(/^Logget ind som /).waitFor();
    expect(await pane.getByText("Synkroniser planen først; så kan redegørelsen indsendes.").count()).toBe(1);

    // The plan goes to the service from the plan view, and is approved there.
    await pane.getByRole("button", { name: "Plan og budget", exact: true }).click();
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => host.values(page, planIdCell)).not.toEqual([[""]]);
    await host.settled(page);
    const planId = String((await host.values(page, planIdCell))[0]![0]);
    const admin = service.admin;
    await admin.plans.submit(planId);
    for (const body of ["committee", "council"] as const)
      await admin.plans.decide(planId, { body, outcome: "approved", decidedOn: "2014-03-06", reference: "pkt. 7" });
    await pane.getByRole("button", { name: "Regnskab", exact: true }).click();
    await pane.getByRole("button", { name: "Kontrollér igen", exact: true }).click();
    await host.settled(page);
    // The workbook's goals went with the plan (a version of their own), so the approved version is the service's to say.
    const approved = (await admin.plans.get(planId)).data.approvedVersion;
    expect(approved).toBe(2);
    await expect
      .poll(() => pane.getByText(new RegExp(`Holdt op mod den godkendte version ${approved} på tjenesten\\.`)).count())
      .toBe(1);

    // The approved version counts, not the workbook's budget: raising the budget line does not excuse the overspending.
    const budgetCell = cellIn(expenses, 1, yearColumn(expenses, String(REGNSKAB_YEAR)));
    await host.edit(page, budgetCell, [[kr(approvedOf(0) + 1_000_000)]]);
    await host.edit(page, spentCell(0), [[kr(approvedOf(0) + 500_000)]]);
    // The budget cell is the locked approved plan's (and 2014 no longer balances); the report's line is overspent.
    expect(await host.marked(page)).toEqual(expect.arrayContaining([budgetCell, spentCell(0)]));
    expect(
      await pane
        .getByRole("region", { name: "Advarsler i regnskabet" })
        .getByText(/^Forbrugslinje 1 .*\(5\.000,00 kr\. mere\)/)
        .count(),
    ).toBe(1);
    await host.edit(page, budgetCell, [[kr(approvedOf(0))]]);
    await host.edit(page, spentCell(0), [[kr(approvedOf(0))]]);
    expect(await host.marked(page)).toEqual([]);

    await pane.getByRole("button", { name: "Indsend redegørelse", exact: true }).click();
    await host.settled(page);
    const answer = pane.getByText(
      /^Gemte redegørelsen for 2014 som version 1: forbrug 1\.872\.000,00 kr\. mod godkendt 1\.900\.000,00 kr\./,
    );
    await answer.waitFor();
    expect(await host.values(page, "Regnskab!D1")).toEqual([[1]]);
    const stored = await admin.plans.getReport(planId, REGNSKAB_YEAR);
    expect(stored.version).toBe(1);
    expect(stored.data.spending).toEqual(report.spending);
    expect(stored.data.variance.year.varianceOre).toBe(-2_800_000);
    await answer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, "regnskab-indsendt.png") });
    await noSeriousViolations(page, "regnskab indsendt");

    // Sent again unchanged: nothing new on the service.
    await pane.getByRole("button", { name: "Indsend redegørelse", exact: true }).click();
    await host.settled(page);
    await pane
      .getByText(/^Intet at sende: tjenesten har allerede præcis denne redegørelse for 2014 \(version 1\)/)
      .waitFor();
    await page.context().close();
  });
});
