// The overview page at / end to end: the real service with the demo (Copenhagen 2014) seeded, in Debian's Chromium.
// A viewer (LBF's officer) signs in and sees the pool's figures as the service has them, a plan's decisions, and the
// yearly overview's totals as GET /reports sums them; axe finds nothing serious in any state; screenshots for people.
import { formatKroner } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifacts, failOnPageErrors, hasBrowser, launchChromium, noSeriousViolations } from "./harness";

const signed = (ore: number) => (ore > 0 ? `+${formatKroner(ore)}` : formatKroner(ore));

describe.skipIf(!hasBrowser)("the overview page, in Chromium", () => {
  const pageErrors = failOnPageErrors();
  let service: RunningService;
  let browser: Browser;
  let viewer: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([
      startService({ config: { demo: true } }),
      launchChromium(),
      mkdir(artifacts, { recursive: true }),
    ]);
    viewer = await service.token("viewer");
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function open(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "da-DK" });
    const page = await context.newPage();
    pageErrors.watch(page);
    await page.goto(`${service.baseUrl}/`);
    await page.getByRole("heading", { name: "Log ind for at se overblikket" }).waitFor();
    return page;
  }

  async function signIn(page: Page, token = viewer): Promise<void> {
    await page.getByLabel("Adgangsnøgle").fill(token);
    await page.getByRole("button", { name: "Log ind" }).click();
  }

  it("before sign-in: what helhedsplan is and where to go; a wrong token is said in Danish", async () => {
    const page = await open();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("da");
    for (const name of [
      "Åbn testværten: opgaveruden med et regneark i browseren",
      "Hent manifestet til Excel (manifest.xml)",
      "API-dokumentationen (OpenAPI-dokumentet, JSON)",
    ]) {
      expect(await page.getByRole("link", { name }).isVisible(), name).toBe(true);
    }
    await noSeriousViolations(page, "before sign-in");
    await page.screenshot({ path: join(artifacts, "overview-sign-in.png"), fullPage: true });
    await signIn(page, "not-a-token-the-service-knows-aaaaaaaaaaaaaaaaa");
    await page.getByText("Adgangsnøglen kendes ikke af tjenesten. Log ind igen.").waitFor();
    await noSeriousViolations(page, "wrong token");
    await page.context().close();
  });

  it("signed in as a viewer: the pool first, with the service's figures; plans by status; the contracts matrix", async () => {
    const page = await open();
    await signIn(page);
    const pool = await service.client(viewer).pools.get("budget-2012");
    const card = page.getByTestId("pool-budget-2012");
    await card.getByTestId("pool-available").waitFor();
    expect(await card.getByTestId("pool-available").textContent()).toBe(formatKroner(pool.availableOre));
    expect(await card.getByTestId("pool-amount").textContent()).toBe(formatKroner(pool.amountOre));
    expect(await card.getByTestId("pool-committed").textContent()).toBe(formatKroner(pool.committedOre));
    expect(await card.getByTestId("pool-reserved").textContent()).toBe(formatKroner(pool.reservedOre));
    expect(pool.availableOre).toBe(37_225_000);

    // The pool is the first thing in the main area, above everything else.
    const headings = await page.locator("main h2").allTextContents();
    expect(headings[0]).toBe("Puljen Budget 2012");
    expect(headings).toEqual([
      "Puljen Budget 2012",
      "Planerne efter status og byområde",
      "Kontrakter om boligsocialt samarbejde",
    ]);

    // 18 plans in the table; the contracts: Nørrebro full, Valby/Vigerslev with gaps.
    expect(await page.getByRole("table", { name: "Planerne" }).locator("tbody tr").count()).toBe(18);
    expect(await page.getByTestId("contracts-noerrebro").locator("td").last().textContent()).toBe("5 af 5");
    expect(await page.getByTestId("contracts-valby-vigerslev").locator("td").last().textContent()).toBe("2 af 5");
    expect(await page.getByTestId("contracts-valby-vigerslev").getByText("Ingen kontrakt").count()).toBe(3);
    // The charts are drawn (Recharts' SVG), each with a text alternative.
    expect(await page.locator("main .recharts-wrapper svg.recharts-surface").count()).toBeGreaterThanOrEqual(2);

    await noSeriousViolations(page, "overview");
    await page.screenshot({ path: join(artifacts, "overview.png"), fullPage: true });
    await page.context().close();
  });

  it("a plan's page shows its decisions with references, its versions and its reports", async () => {
    const page = await open();
    await signIn(page);
    const client = service.client(viewer);
    const plan = (await client.plans.list()).items.find((p) => p.name.includes("Hørgården"))!;
    await page.getByRole("button", { name: plan.name }).click();
    await page.getByRole("heading", { name: plan.name }).waitFor();
    const decisions = (await client.plans.decisions(plan.id)).items;
    const rows = page.getByTestId("decisions").locator("tbody tr");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(decisions.length);
    for (const [index, decision] of decisions.entries()) {
      const text = await rows.nth(index).textContent();
      expect(text).toContain(decision.reference);
      expect(text).toContain(decision.outcome === "approved" ? "Godkendt" : "Afvist");
    }
    expect(await page.getByTestId("versions").locator("tbody tr").count()).toBe(
      (await client.plans.versions(plan.id)).items.length,
    );
    const report = (await client.plans.getReport(plan.id, 2013)).data;
    const reportRow = await page.getByTestId("reports").locator("tbody tr").first().textContent();
    expect(reportRow).toContain(formatKroner(report.variance.year.actualOre));
    expect(reportRow).toContain(signed(report.variance.year.varianceOre));

    await noSeriousViolations(page, "plan page");
    await page.screenshot({ path: join(artifacts, "overview-plan.png"), fullPage: true });
    await page.getByRole("button", { name: "Tilbage til overblikket" }).click();
    await page.getByTestId("pool-available").waitFor();
    await page.context().close();
  });

  it("the yearly overview: the newest reported year, totals per plan, byområde and focus area as GET /reports sums them", async () => {
    const page = await open();
    await signIn(page);
    await page.getByRole("button", { name: "Årsoverblik" }).click();
    await page.getByRole("heading", { name: "Årsoverblik 2013" }).waitFor();
    await page.getByTestId("variance-districts").waitFor();
    const summary = await service.client(viewer).reports.summary({ year: 2013 });
    const cells = async (testId: string, key: string) =>
      page.getByTestId(testId).locator(`tr[data-key="${key}"] td`).allTextContents();

    const sum = (pick: (item: (typeof summary.items)[number]) => number) =>
      summary.items.reduce((total, item) => total + pick(item), 0);
    expect((await cells("variance-plans", "total")).slice(0, 4)).toEqual([
      "I alt",
      formatKroner(sum((item) => item.approvedOre)),
      formatKroner(sum((item) => item.actualOre)),
      signed(sum((item) => item.varianceOre)),
    ]);
    expect(await page.getByTestId("year-actual").textContent()).toBe(formatKroner(sum((item) => item.actualOre)));
    for (const item of summary.items) {
      expect((await cells("variance-plans", item.planId)).slice(1, 4)).toEqual([
        formatKroner(item.approvedOre),
        formatKroner(item.actualOre),
        signed(item.varianceOre),
      ]);
    }
    for (const row of summary.totals.byDistrict) {
      expect((await cells("variance-districts", row.districtId ?? "none")).slice(1, 4)).toEqual([
        formatKroner(row.approvedOre),
        formatKroner(row.actualOre),
        signed(row.varianceOre),
      ]);
    }
    for (const row of summary.totals.byFocusArea) {
      expect((await cells("variance-focus-areas", row.focusArea)).slice(1, 4)).toEqual([
        formatKroner(row.approvedOre),
        formatKroner(row.actualOre),
        signed(row.varianceOre),
      ]);
    }
    // The byområder's totals add up to the plans' total, as the service sums both.
    expect(summary.totals.byDistrict.reduce((total, row) => total + row.actualOre, 0)).toBe(
      sum((item) => item.actualOre),
    );

    await noSeriousViolations(page, "yearly overview");
    await page.screenshot({ path: join(artifacts, "overview-reports.png"), fullPage: true });

    // Another year: 2012 has fewer plans reported.
    await page.getByLabel("År", { exact: true }).selectOption("2012");
    await page.getByRole("heading", { name: "Årsoverblik 2012" }).waitFor();
    const summary2012 = await service.client(viewer).reports.summary({ year: 2012 });
    await page.getByTestId("variance-plans").waitFor();
    expect((await cells("variance-plans", "total"))[2]).toBe(
      formatKroner(summary2012.items.reduce((total, item) => total + item.actualOre, 0)),
    );
    await page.context().close();
  });
});
