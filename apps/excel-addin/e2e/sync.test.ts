// The add-in and the sync service end to end: the real pane in the strict test host, in Debian's
// Chromium, against the real service (PGlite) in this process. What a finance officer does with the
// service — sign in, fetch a plan, edit and synchronise, meet a colleague's change, choose in a
// conflict, submit beyond the pool, work offline, read a cell's history — and what they must see.
import { type CreatePlanBody } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, formatKroner, parseKroner, type Budget } from "@helhedsplan/rules";
import { gridToPlan, templateOf, type Grids, type TableGrid } from "@helhedsplan/workbook";
import { join } from "node:path";
import type { Frame, Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  artifacts,
  cellIn,
  demoGrids,
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

const { budget: demoBudget, ...demoHeader } = demoPlan;
const stamdata = tableOf(demoGrids, "Stamdata");
const stamdataCell = (field: string) =>
  cellIn(
    stamdata,
    stamdata.values.findIndex((row) => row[0] === field),
    1,
  );
const planIdCell = stamdataCell("Plan-ID");
const versionCell = stamdataCell("Version");

const lbfName = "Landsbyggefonden";
const poolName = defaultReference.sources.find((source) => source.id === "kommunePulje")!.name;
const expenseCell = (line: number, year: string) => cellIn(expenses, line, yearColumn(expenses, year));
const financingCell = (source: string, year: string) =>
  cellIn(financing, financingRow(source), yearColumn(financing, year));
/** Familiekoordinator (the first expense line) and Landsbyggefonden in 2015, and Lektiecafé in 2016. */
const familie2015 = expenseCell(1, "2015");
const lbf2015 = financingCell(lbfName, "2015");
const lektie2016 = expenseCell(2, "2016");
const lbf2016 = financingCell(lbfName, "2016");
const pool2015 = financingCell(poolName, "2015");
const poolTotal = cellIn(financing, financingRow(poolName), financing.values[0]!.length - 1);
const totals2015 = cellIn(financing, financing.values.length - 1, yearColumn(financing, "2015"));

/** The demo budget with `kroner` more on an expense line in a year, and as much more from Landsbyggefonden: balanced. */
function withMore(budget: Budget, line: number, year: string, kroner: number): Budget {
  const next = structuredClone(budget);
  next.expenses[line]!.amountsOre[year]! += parseKroner(kroner);
  next.financing.find((row) => row.source === "lbf")!.amountsOre[year]! += parseKroner(kroner);
  return next;
}

const kroner = (ore: number | undefined) => (ore ?? 0) / 100;
/** Landsbyggefonden's demo amount in a year, in kroner. */
const lbfIn = (year: string) => kroner(demoBudget.financing.find((row) => row.source === "lbf")!.amountsOre[year]);
const kr = (amount: number) => formatKroner(parseKroner(amount));

describe.skipIf(!hasBrowser)("the add-in and the sync service, in Chromium", () => {
  const harness = useAddinHarness();
  const service = () => harness.service;

  /** The demo plan on the service under `name` (its budget saved: version 1); returns its id. */
  async function planOnService(header: Partial<CreatePlanBody> & { name: string }, budget = demoBudget) {
    const created = await service().admin.plans.create({ ...demoHeader, ...header });
    await service().admin.plans.putBudget(created.id, budget, { ifMatch: 0 });
    return created.id;
  }

  async function signIn(page: Page, pane: Frame, token: string) {
    await host.settings(page, service().baseUrl, token);
    await pane.getByText(/^Logget ind som /).waitFor();
  }

  /** *Hent plan*: the list, a search by `search`, the plan chosen; resolves once the workbook holds it and the pane is quiet. */
  async function fetchPlan(page: Page, pane: Frame, search: string, name: string, planId: string) {
    await pane.getByRole("button", { name: "Hent plan", exact: true }).click();
    await pane.getByLabel("Søg efter navn eller byområde").fill(search);
    await pane.getByRole("button", { name: `Hent ${name}`, exact: true }).click();
    await expect.poll(() => host.values(page, planIdCell)).toEqual([[planId]]);
    await host.settled(page);
  }

  /** A page on an empty workbook, signed in with a finance token, holding a new demo plan fetched from the service. */
  async function financeWithPlan(name: string, header: Partial<CreatePlanBody> = {}) {
    const planId = await planOnService({ ...header, name });
    const { page, pane } = await harness.open("?workbook=empty");
    await signIn(page, pane, await service().token("finance"));
    await fetchPlan(page, pane, name, name, planId);
    expect(await host.values(page, versionCell)).toEqual([[1]]);
    return { page, pane, planId };
  }

  /** Scrolls the pane so `section` starts at its top (`nearest`: just into view), and takes the host and the pane. */
  async function screenshot(
    page: Page,
    section: ReturnType<Frame["locator"]>,
    file: string,
    block: "start" | "nearest" = "start",
  ) {
    await section.evaluate((element, where) => element.scrollIntoView({ block: where }), block);
    await page.screenshot({ path: join(artifacts, file) });
  }

  const serverAmount = async (planId: string, line: number, year: string) =>
    kroner((await service().admin.plans.get(planId)).data.budget!.expenses[line]!.amountsOre[year]);

  it("signs in through the pane's own path: who is signed in, and the pool's room for the plan", async () => {
    const { page, pane } = await harness.open();
    await signIn(page, pane, await service().token("finance"));
    expect(await pane.getByText(`Logget ind som økonomimedarbejder på ${service().baseUrl}`).count()).toBe(1);
    const pool = await service().admin.pools.get("budget-2012");
    const line = pane.getByText(
      new RegExp(
        `^Planen søger 900\\.000,00 kr\\. af puljens ${formatKroner(pool.availableOre).replace(/\./g, "\\.")} ledige`,
      ),
    );
    await line.waitFor();
    expect(await host.marked(page)).toEqual([]);
    await screenshot(page, pane.getByRole("region", { name: "Tjenesten" }), "signed-in-pool.png", "nearest");
    await noSeriousViolations(page, "signed in");
    await page.context().close();
  });

  it("Hent plan lists the plans, finds one by part of its name, and lays it in: the plan, its Plan-ID and Version, nothing marked", async () => {
    const name = "Helhedsplan for Mjølnerparken – hentes";
    const planId = await planOnService({ name });
    await planOnService({ name: "Helhedsplan for Tingbjerg – ikke denne" });
    const { page, pane } = await harness.open("?workbook=empty");
    await signIn(page, pane, await service().token("finance"));
    await pane.getByRole("button", { name: "Hent plan", exact: true }).click();
    const list = pane.getByRole("region", { name: "Hent plan" });
    await list.getByRole("button", { name: "Hent Helhedsplan for Tingbjerg – ikke denne", exact: true }).waitFor();
    await pane.getByLabel("Søg efter navn eller byområde").fill("jølnerparken – hent");
    await expect
      .poll(() => list.getByRole("button", { name: /^Hent Helhedsplan/ }).allInnerTexts())
      .toEqual([expect.stringContaining(name)]);
    await screenshot(page, list, "hent-plan.png");
    await noSeriousViolations(page, "plan list");

    await list.getByRole("button", { name: `Hent ${name}`, exact: true }).click();
    await expect.poll(() => host.values(page, planIdCell)).toEqual([[planId]]);
    await host.settled(page);
    // The workbook read back cell by cell, as @helhedsplan/workbook reads an .xlsx: exactly the plan, stamped.
    const template = templateOf(demoPlan, { reference: defaultReference, planId, version: 1 });
    const tables: TableGrid[] = [];
    for (const sheet of template.sheets) {
      for (const table of sheet.tables) {
        tables.push({
          name: table.name,
          sheet: sheet.name,
          topLeft: table.range.split(":")[0]!,
          values: await host.values(page, `${sheet.name}!${table.range}`),
          totalsRow: table.totals !== null,
        });
      }
    }
    const grids: Grids = { sheets: template.sheets.map((sheet) => sheet.name), tables };
    const read = gridToPlan(grids, defaultReference);
    expect(read.findings).toEqual([]);
    expect(read.plan).toEqual({ ...demoPlan, name });
    expect([read.planId, read.version]).toEqual([planId, 1]);
    expect(await host.values(page, versionCell)).toEqual([[1]]);
    expect(await host.marked(page)).toEqual([]);
    expect(await host.unsynced(page)).toEqual([]);
    await pane.getByText("Arbejdsbogen er præcis version 1 på tjenesten; intet er ændret kun her.").waitFor();
    await page.context().close();
  });

  it("an edit is only in the workbook until Synkroniser: then the service has a new version and the Version cell follows", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – synkroniseres");
    await host.edit(page, familie2015, [[460_000]]);
    await host.edit(page, lbf2015, [[lbfIn("2015") + 10_000]]);
    expect(await host.unsynced(page)).toEqual([familie2015, lbf2015].sort());
    await pane.getByText(/2 ændringer findes kun i denne arbejdsbog, ikke på tjenesten \(version 1\)/).waitFor();
    expect((await service().admin.plans.get(planId)).version).toBe(1);

    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => host.values(page, versionCell)).toEqual([[2]]);
    await host.settled(page);
    const stored = await service().admin.plans.get(planId);
    expect(stored.version).toBe(2);
    expect(stored.data.budget).toEqual(withMore(demoBudget, 0, "2015", 10_000));
    expect(await host.unsynced(page)).toEqual([]);
    await pane.getByText("Arbejdsbogen er præcis version 2 på tjenesten; intet er ændret kun her.").waitFor();
    await page.context().close();
  });

  it("a colleague's change to another cell merges: listed under Taget fra tjenesten, marked, and the user's own edit stays", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – flettes");
    // A colleague adds 5.000 kr. to Lektiecafé in 2016 (and as much from Landsbyggefonden) on the service.
    await service().admin.plans.putBudget(planId, withMore(demoBudget, 1, "2016", 5_000), { ifMatch: 1 });
    await host.edit(page, familie2015, [[460_000]]);
    await host.edit(page, lbf2015, [[lbfIn("2015") + 10_000]]);

    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    const taken = pane.getByRole("region", { name: "Taget fra tjenesten" });
    await taken.waitFor();
    await host.settled(page);
    expect(await host.fromServer(page)).toEqual([lektie2016, lbf2016].sort());
    await expect.poll(() => taken.getByText(lektie2016.split("!")[1]!, { exact: false }).count()).toBeGreaterThan(0);
    expect(await taken.innerText()).toContain("125.000,00 kr.");
    expect(await host.values(page, lektie2016)).toEqual([[125_000]]);
    expect(await host.values(page, lbf2016)).toEqual([[lbfIn("2016") + 5_000]]);
    expect(await host.values(page, familie2015)).toEqual([[460_000]]);
    expect(await host.values(page, versionCell)).toEqual([[3]]);
    const stored = await service().admin.plans.get(planId);
    expect(stored.version).toBe(3);
    expect(stored.data.budget).toEqual(withMore(withMore(demoBudget, 1, "2016", 5_000), 0, "2015", 10_000));
    expect(await host.unsynced(page)).toEqual([]);
    await host.select(page, lektie2016);
    await screenshot(page, pane.getByRole("region", { name: "Synkronisering" }), "merged.png");
    await page.context().close();
  });

  it("the same cell changed on both sides is a choice: base, mine and the server's; Behold mine puts the user's value on the service", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – konflikt");
    await service().admin.plans.putBudget(planId, withMore(demoBudget, 0, "2015", 5_000), { ifMatch: 1 });
    await host.edit(page, familie2015, [[460_000]]);
    await host.edit(page, lbf2015, [[lbfIn("2015") + 10_000]]);

    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await pane.getByText("Ændret begge steder (2)").waitFor();
    await host.settled(page);
    const familie = pane.getByText("Før: 450.000,00 kr. · Din: 460.000,00 kr. · Tjenestens: 455.000,00 kr.");
    const lbf = pane.getByText(
      `Før: ${kr(lbfIn("2015"))} · Din: ${kr(lbfIn("2015") + 10_000)} · Tjenestens: ${kr(lbfIn("2015") + 5_000)}`,
    );
    expect([await familie.count(), await lbf.count()]).toEqual([1, 1]);
    // Nothing is written while the user chooses: the workbook keeps their values, the service its own.
    expect((await service().admin.plans.get(planId)).version).toBe(2);
    expect(await host.values(page, familie2015)).toEqual([[460_000]]);
    // The pane's buttons, by their exact accessible names, all present in this state.
    for (const name of ["Hent plan", "Synkroniser", "Indsend", "Behold mine", "Tag serverens", "Log ud"]) {
      expect(await pane.getByRole("button", { name, exact: true }).count(), name).toBeGreaterThan(0);
    }
    await host.select(page, familie2015);
    await screenshot(page, pane.getByText("Ændret begge steder (2)"), "conflict.png");
    await noSeriousViolations(page, "conflict");

    const push = pane.getByRole("button", { name: "Synkroniser med mine valg", exact: true });
    const keepMine = pane.getByRole("button", { name: "Behold mine", exact: true });
    expect(await keepMine.count()).toBe(2);
    await keepMine.nth(0).click();
    expect(await push.isDisabled()).toBe(true);
    await keepMine.nth(1).click();
    await push.click();
    await expect.poll(() => host.values(page, versionCell)).toEqual([[3]]);
    await host.settled(page);
    expect(await serverAmount(planId, 0, "2015")).toBe(460_000);
    const stored = await service().admin.plans.get(planId);
    expect(stored.version).toBe(3);
    expect(stored.data.budget).toEqual(withMore(demoBudget, 0, "2015", 10_000));
    expect(await host.values(page, familie2015)).toEqual([[460_000]]);
    expect(await host.unsynced(page)).toEqual([]);
    expect(await pane.getByText("Ændret begge steder").count()).toBe(0);
    await page.context().close();
  });

  it("a housing organisation's token sees only its own plans in Hent plan, and is offered no Indsend", async () => {
    const own = "Helhedsplan for Tingbjerg – Fællesbo";
    const ownId = await planOnService({ name: own, housingOrganisation: "Fællesbo" });
    await planOnService({ name: "Helhedsplan for Akacieparken – Lejerbo", housingOrganisation: "Lejerbo" });
    const { page, pane } = await harness.open("?workbook=empty");
    await signIn(page, pane, await service().token("housing", "Fællesbo"));
    await pane.getByText("Logget ind som boligorganisation for Fællesbo", { exact: false }).waitFor();
    await pane.getByRole("button", { name: "Hent plan", exact: true }).click();
    const list = pane.getByRole("region", { name: "Hent plan" });
    await list.getByRole("button", { name: `Hent ${own}`, exact: true }).waitFor();
    const visible = (
      await service()
        .client(await service().token("housing", "Fællesbo"))
        .plans.list()
    ).items;
    expect(visible.every((plan) => plan.housingOrganisation === "Fællesbo")).toBe(true);
    expect(await list.getByRole("button", { name: /^Hent / }).count()).toBe(visible.length);
    expect(await list.getByRole("button", { name: /Lejerbo|Mjølnerparken/ }).count()).toBe(0);

    await list.getByRole("button", { name: `Hent ${own}`, exact: true }).click();
    await expect.poll(() => host.values(page, planIdCell)).toEqual([[ownId]]);
    await host.settled(page);
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).waitFor();
    expect(await pane.getByRole("button", { name: "Indsend", exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it("Indsend beyond the pool says in Danish what the pool has left, and reserves nothing", async () => {
    const small = await service().admin.pools.create({
      name: "Lille pulje 2014",
      budgetYear: 2014,
      amountOre: parseKroner(500_000),
    });
    // The demo plan draws 900.000 kr. from a pool of 500.000 kr.
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – for stor til puljen", { poolId: small.id });
    expect(await host.values(page, stamdataCell("Pulje"))).toEqual([["Lille pulje 2014"]]);

    await pane.getByRole("button", { name: "Indsend", exact: true }).click();
    await pane
      .getByText(
        'Puljen "Lille pulje 2014" har kun 500.000,00 kr. ledigt, mindre end planen søger; intet er reserveret, og planen er stadig en kladde.',
      )
      .waitFor();
    await host.settled(page);
    const pool = await service().admin.pools.get(small.id);
    expect([pool.reservedOre, pool.committedOre, pool.availableOre]).toEqual([0, 0, parseKroner(500_000)]);
    expect(pool.plans).toEqual([]);
    expect((await service().admin.plans.get(planId)).data.status).toBe("draft");
    await page.context().close();
  });

  it("a plan in a pool the service made (not one of the rules' built-in pools) reads clean after Hent plan, with the pool's figure", async () => {
    const pool = await service().admin.pools.create({
      name: "Budget 2016 – Tingbjerg",
      budgetYear: 2016,
      amountOre: parseKroner(2_000_000),
    });
    const { page, pane } = await financeWithPlan("Helhedsplan – egen pulje", { poolId: pool.id });
    expect(await host.values(page, stamdataCell("Pulje"))).toEqual([["Budget 2016 – Tingbjerg"]]);
    // The workbook is exactly version 1: nothing wrong, nothing only here, and the pool's room is shown.
    expect(await host.marked(page)).toEqual([]);
    expect(await host.unsynced(page)).toEqual([]);
    expect(await pane.getByRole("region", { name: "Fejl" }).count()).toBe(0);
    await pane
      .getByText(/^Planen søger 900\.000,00 kr\. af puljens 2\.000\.000,00 kr\. ledige/)
      .waitFor({ timeout: 5_000 });
    await page.context().close();
  });

  it("offline: edits still validate, Synkroniser says the service is unreachable and waits; back online it goes through once, with the same Idempotency-Key", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – offline");
    const api = `${service().baseUrl}/api/**`;
    // 1. The service cannot be reached at all.
    await page.route(api, (route) => route.abort("connectionrefused"));
    await host.edit(page, pool2015, [[700_000]]);
    expect(await host.marked(page)).toEqual([poolTotal, totals2015].sort());
    await host.edit(page, pool2015, [[225_000]]);
    expect(await host.marked(page)).toEqual([]);
    await host.edit(page, familie2015, [[460_000]]);
    await host.edit(page, lbf2015, [[lbfIn("2015") + 10_000]]);
    expect(await host.unsynced(page)).toEqual([familie2015, lbf2015].sort());
    await host.select(page, familie2015);
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    const status = pane.getByRole("region", { name: "Synkronisering" });
    await status.getByText(/svarer ikke/).waitFor();
    await host.settled(page);
    await pane.getByText("Venter på tjenesten", { exact: true }).waitFor();
    expect(await status.innerText()).toContain("Intet er tabt: dine tal står i arbejdsbogen.");
    expect((await service().admin.plans.versions(planId)).items).toHaveLength(1);
    await screenshot(page, status, "offline.png");
    await noSeriousViolations(page, "offline");
    await page.unroute(api);

    // 2. The request reaches the service, but its answer is lost: the outcome is unknown.
    const keys: string[] = [];
    const onRequest = (request: Request) => {
      const key = request.headers()["idempotency-key"];
      if (request.method() !== "GET" && key !== undefined) keys.push(key);
    };
    page.on("request", onRequest);
    await page.route(api, async (route) => {
      if (route.request().method() === "GET") return route.continue();
      await route.fetch();
      await route.abort("connectionreset");
    });
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => keys.length).toBe(1);
    await host.settled(page);
    await status.getByText(/den samme forespørgsel sendes igen/).waitFor();
    await pane.getByText("Venter på tjenesten", { exact: true }).waitFor();
    expect((await service().admin.plans.versions(planId)).items).toHaveLength(2);
    await page.unroute(api);

    // 3. Back online: the same write with the same key; the service keeps the one version it made.
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => host.values(page, versionCell)).toEqual([[2]]);
    await host.settled(page);
    expect(await pane.getByText("Venter på tjenesten", { exact: true }).count()).toBe(0);
    // The write that landed already holds the edits: the engine sees that and writes nothing new, or writes again
    // with the same key — never a second write under another key.
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    const versions = (await service().admin.plans.versions(planId)).items;
    expect(versions).toHaveLength(2);
    expect((await service().admin.plans.get(planId)).data.budget).toEqual(withMore(demoBudget, 0, "2015", 10_000));
    expect(await host.unsynced(page)).toEqual([]);
    page.off("request", onRequest);
    await page.context().close();
  });

  it("a new plan whose creation's answer was lost is created once: the next Synkroniser sends the same Idempotency-Key", async () => {
    const name = "Helhedsplan – oprettes én gang";
    const { page, pane } = await harness.open();
    await signIn(page, pane, await service().token("finance"));
    await host.edit(page, stamdataCell("Navn"), [[name]]);
    const posts: { url: string; key: string | undefined }[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && request.url().endsWith("/api/v1/plans"))
        posts.push({ url: request.url(), key: request.headers()["idempotency-key"] });
    });
    const api = `${service().baseUrl}/api/**`;
    await page.route(api, async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      await route.fetch();
      await route.abort("connectionreset");
    });
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await pane.getByText(/den samme forespørgsel sendes igen/).waitFor();
    await host.settled(page);
    await pane.getByText("Venter på tjenesten", { exact: true }).waitFor();
    await pane.getByText(/Oprettelsen af planen venter på tjenesten/).waitFor();
    const named = async () => (await service().admin.plans.list()).items.filter((plan) => plan.name === name);
    expect(await named()).toHaveLength(1);
    await page.unroute(api);

    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => host.values(page, versionCell)).toEqual([[1]]);
    await host.settled(page);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.key).toMatch(/\S/);
    expect(posts[1]!.key).toBe(posts[0]!.key);
    const plans = await named();
    expect(plans).toHaveLength(1);
    expect(await host.values(page, planIdCell)).toEqual([[plans[0]!.id]]);
    expect(await pane.getByText("Venter på tjenesten", { exact: true }).count()).toBe(0);
    await page.context().close();
  });

  it("an approved plan is read-only in the pane's eyes: an edit is marked, and Genåbn (finance) makes it a draft again", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – godkendt");
    const admin = service().admin;
    await admin.plans.submit(planId);
    const decide = (body: "committee" | "council", reference: string) =>
      admin.plans.decide(planId, { body, outcome: "approved", decidedOn: "2014-03-06", reference });
    await decide("committee", "BUU pkt. 4");
    await decide("council", "BR pkt. 23");
    // The pane learns the status when it checks again (on focus in Excel).
    await pane.getByRole("button", { name: "Kontrollér igen", exact: true }).click();
    await host.settled(page);
    await expect
      .poll(() => pane.getByText(/^På tjenesten: godkendt, version 1 \(godkendt version 1\)/).count())
      .toBe(1);
    expect(await pane.getByText(/Borgerrepræsentationen godkendte 06-03-2014 \(BR pkt\. 23\)/).count()).toBe(1);
    expect(await host.marked(page)).toEqual([]);

    await host.edit(page, familie2015, [[455_000]]);
    expect(await host.marked(page)).toContain(familie2015);
    expect(await pane.getByText("Godkendt version – genåbn for at ændre.").count()).toBeGreaterThan(0);

    await pane.getByRole("button", { name: "Genåbn", exact: true }).click();
    await host.settled(page);
    await expect.poll(async () => (await admin.plans.get(planId)).data.status).toBe("draft");
    await expect.poll(() => pane.getByText(/^På tjenesten: kladde/).count()).toBe(1);
    await host.settled(page);
    expect(await host.marked(page)).not.toContain(familie2015);
    expect(await host.unsynced(page)).toContain(familie2015);
    await page.context().close();
  });

  it("Hent plan into a workbook that holds another plan asks first, then brings the plan's goals onto the Mål sheet", async () => {
    const name = "Helhedsplan – med mål";
    const planId = await planOnService({ name });
    const goals = [
      { id: "M1", focusArea: "sundhed", goal: "Flere i motion", successCriteria: ["200 deltagere"] },
      { id: "M2", focusArea: "boern-unge", goal: "Flere i lektiecafé", successCriteria: ["50 børn", "3 skoler"] },
    ];
    await service().admin.plans.putGoals(planId, { goals }, { ifMatch: 1 });
    // The Regnskab workbook: the demo plan (never synced) with its own goals on Mål.
    const { page, pane } = await harness.open("?workbook=regnskab");
    await signIn(page, pane, await service().token("finance"));
    await pane.getByRole("button", { name: "Hent plan", exact: true }).click();
    await pane.getByLabel("Søg efter navn eller byområde").fill(name);
    await pane.getByRole("button", { name: `Hent ${name}`, exact: true }).click();
    await pane.getByText(/^Arbejdsbogen indeholder en plan, der ikke er synkroniseret/).waitFor();
    expect(await host.values(page, planIdCell)).not.toEqual([[planId]]);
    await pane.getByRole("button", { name: "Hent og erstat", exact: true }).click();
    await expect.poll(() => host.values(page, planIdCell)).toEqual([[planId]]);
    await host.settled(page);
    const rows = await host.values(page, "Mål!A4:D6");
    expect(rows.map((row) => row[0])).toEqual(["M1", "M2", ""]);
    expect(rows[1]![2]).toBe("Flere i lektiecafé");
    await page.context().close();
  });

  it("Historik on a selected amount shows its value in each version, who saved it and when", async () => {
    const { page, pane, planId } = await financeWithPlan("Helhedsplan – historik");
    await host.edit(page, familie2015, [[460_000]]);
    await host.edit(page, lbf2015, [[lbfIn("2015") + 10_000]]);
    await pane.getByRole("button", { name: "Synkroniser", exact: true }).click();
    await expect.poll(() => host.values(page, versionCell)).toEqual([[2]]);
    await host.settled(page);

    await host.select(page, familie2015);
    const table = pane.getByRole("table", { name: `Historik for ${familie2015}` });
    await table.waitFor();
    const versions = (await service().admin.plans.versions(planId)).items;
    expect(versions.map((version) => version.version)).toEqual([1, 2]);
    const when = (iso: string) =>
      new Date(iso).toLocaleString("da-DK", { dateStyle: "short", timeStyle: "short", timeZone: "Europe/Copenhagen" });
    const rows = await table.getByRole("row").allInnerTexts();
    const cells = rows.slice(1).map((row) => row.split(/\s*[\t\n]\s*/).filter((part) => part !== ""));
    const byVersion = (n: number) => versions.find((version) => version.version === n)!;
    // Who, as a person reads it: the role in Danish and the key's first characters (describeActor).
    const who = (createdBy: string) => {
      const [role, id] = createdBy.split(":");
      return `${role === "finance" ? "økonomimedarbejder" : "administrator"} (nøgle ${id!.slice(0, 8)})`;
    };
    expect(cells).toEqual([
      ["2", "460.000,00 kr.", who(byVersion(2).createdBy), when(byVersion(2).createdAt)],
      ["1", "450.000,00 kr.", who(byVersion(1).createdBy), when(byVersion(1).createdAt)],
    ]);
    expect(byVersion(2).createdBy).not.toBe(byVersion(1).createdBy);
    await screenshot(page, pane.getByRole("region", { name: "Historik" }), "history.png");
    await noSeriousViolations(page, "history");
    await page.context().close();
  });

  describe("bad input says what is wrong, in Danish", () => {
    it("a wrong token", async () => {
      const { page, pane } = await harness.open();
      await host.settings(page, service().baseUrl, "forkert-nøgle-123");
      await pane.getByText("Tjenesten kender ikke adgangsnøglen; tjek den, eller bed om en ny.").waitFor();
      expect(await pane.getByText(/^Logget ind som/).count()).toBe(0);
      await page.context().close();
    });

    it("an address that answers but is no helhedsplan service", async () => {
      const { page, pane } = await harness.open();
      const token = await service().token("finance");
      const notService = `${service().baseUrl}/addin`;
      await host.settings(page, notService, token);
      await pane.getByText(`${notService} svarer, men er ikke en helhedsplan-tjeneste; tjek adressen.`).waitFor();
      expect(await pane.getByText(/^Logget ind som/).count()).toBe(0);
      await page.context().close();
    });

    it("a workbook whose Plan-ID belongs to another organisation", async () => {
      const { page, pane } = await financeWithPlan("Helhedsplan – Bo-Vitas egen");
      await pane.getByRole("button", { name: "Log ud", exact: true }).click();
      await pane.getByRole("button", { name: "Log ind", exact: true }).waitFor();
      await host.settled(page);
      await host.settings(page, service().baseUrl, await service().token("housing", "Lejerbo"));
      await pane.getByText(/^Logget ind som /).waitFor();
      await pane.getByText(/Planen findes ikke, eller du har ikke adgang til den/).waitFor();
      await page.context().close();
    });
  });
});
