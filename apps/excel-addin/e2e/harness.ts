// What every end-to-end file shares: Debian's Chromium launched once, the real service started in
// the test's process, a fresh browser context per test on the test host, axe on the whole page, and
// where the demo plan's cells are. A file calls `useAddinHarness()` inside its describe block.
import AxeBuilder from "@axe-core/playwright";
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import {
  formatA1,
  layout,
  parseA1,
  planToGrid,
  type CellValue,
  type Grids,
  type TableGrid,
} from "@helhedsplan/workbook";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type Frame, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";

export const executablePath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";
export const artifacts = join(import.meta.dirname, "..", "artifacts");
export const hasBrowser = existsSync(executablePath);
if (!hasBrowser && process.env.CI === "true") throw new Error(`CI=true: no Chromium at ${executablePath}`);

/** The test host's API as the page exposes it (`test-host/README.md`). */
export interface TestHost {
  ready: Promise<void>;
  edit(address: string, values: (string | number | boolean | null)[][]): Promise<void>;
  setFill(address: string, color: string): Promise<void>;
  values(address: string): CellValue[][];
  fill(address: string): string | null;
  marked(): string[];
  unsynced(): string[];
  fromServer(): string[];
  selection(): string;
  select(address: string): Promise<void>;
  settings(session: { serviceUrl: string; token: string }): Promise<void>;
  settled(): Promise<void>;
  syncs: number;
}

declare global {
  interface Window {
    testHost: TestHost;
  }
}

/** Where the demo's cells are: the grids `helhedsplan template --demo` lays out, as the test host does. */
export const demoGrids = planToGrid(demoPlan, defaultReference);
export const tableOf = (grids: Grids, name: string): TableGrid => grids.tables.find((table) => table.name === name)!;

/** The sheet address of a grid cell (row 0 = the header) of a table. */
export function cellIn(table: TableGrid, row: number, column: number): string {
  const origin = parseA1(table.topLeft)!;
  return `${table.sheet}!${formatA1({ row: origin.row + row, column: origin.column + column })}`;
}

export const financing = tableOf(demoGrids, layout.tables.financing.name);
export const expenses = tableOf(demoGrids, layout.tables.expenses.name);
export const financingRow = (sourceName: string) => financing.values.findIndex((row) => row[0] === sourceName);
export const yearColumn = (table: TableGrid, year: string) =>
  table.values[0]!.findIndex((header) => String(header) === year);

/** The page-side helpers of the test host, called from Node. */
export const host = {
  edit: (page: Page, address: string, values: (string | number | boolean | null)[][]) =>
    page.evaluate(([a, v]) => window.testHost.edit(a, v), [address, values] as const),
  values: (page: Page, address: string) => page.evaluate((a) => window.testHost.values(a), address),
  marked: (page: Page) => page.evaluate(() => window.testHost.marked()),
  unsynced: (page: Page) => page.evaluate(() => window.testHost.unsynced()),
  fromServer: (page: Page) => page.evaluate(() => window.testHost.fromServer()),
  syncs: (page: Page) => page.evaluate(() => window.testHost.syncs),
  fill: (page: Page, address: string) => page.evaluate((a) => window.testHost.fill(a), address),
  select: (page: Page, address: string) => page.evaluate((a) => window.testHost.select(a), address),
  settled: (page: Page) => page.evaluate(() => window.testHost.settled()),
  settings: (page: Page, serviceUrl: string, token: string) =>
    page.evaluate((session) => window.testHost.settings(session), { serviceUrl, token }),
};

/** axe on the whole page — the pane in its frame and the test host around it: no serious or critical violation. */
export async function noSeriousViolations(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${state}: ${v.id} ${v.help} ${v.nodes.map((n) => n.html).join(" | ")}`)).toEqual([]);
}

export interface AddinHarness {
  readonly service: RunningService;
  /** A fresh context and page on the test host, once the pane has mounted and finished its first validation. */
  open(query?: string): Promise<{ page: Page; pane: Frame }>;
}

/** Debian's Chromium, headless, without the background traffic that has nowhere to go here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Fails the test in which a watched page threw an uncaught error: an exception in the pane or the overview is a
 * defect even when what the test looks at still shows. Call it in the describe block; `watch(page)` each page.
 */
export function failOnPageErrors(): { watch(page: Page): void } {
  const errors: string[] = [];
  afterEach(() => {
    expect(errors.splice(0), "uncaught errors in the page").toEqual([]);
  });
  return { watch: (page) => page.on("pageerror", (error) => errors.push(error.message)) };
}

/** Starts one service and one browser for the describe block it is called in, and stops them after it. */
export function useAddinHarness(): AddinHarness {
  const pageErrors = failOnPageErrors();
  let service: RunningService | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchChromium(), mkdir(artifacts, { recursive: true })]);
  });
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  return {
    get service() {
      if (service === undefined) throw new Error("The service starts in beforeAll");
      return service;
    },
    async open(query = "") {
      if (browser === undefined || service === undefined) throw new Error("The browser starts in beforeAll");
      // A context of its own, as axe needs (and no state shared between tests: storage, routes).
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      pageErrors.watch(page);
      await page.goto(`${service.baseUrl}/addin/test-host.html${query}`);
      await page.evaluate(() => window.testHost.ready);
      const pane = page.frame({ url: /taskpane\.html/ });
      if (!pane) throw new Error("No task pane frame");
      return { page, pane };
    },
  };
}
