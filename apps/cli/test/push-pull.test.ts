// `helhedsplan push` and `pull` against the real sync service (in this process), run as child
// processes on real workbook files in a temporary folder. Each test makes the plans it needs, so
// the tests do not depend on running in order. The merge scenarios run on every database dialect.
import { demoPlan } from "@helhedsplan/demo";
import { parseKroner, ruleIds, type PlanInput } from "@helhedsplan/rules";
import { gridToGoals } from "@helhedsplan/workbook";
import { readWorkbook, writeTemplate } from "@helhedsplan/workbook/xlsx";
import JSZip from "jszip";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helhedsplan, noStackTrace } from "./run-cli";
import { serviceDialects, startProxy, type RunningService } from "./sync-service";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

type Edit = (plan: PlanInput) => void;

/** A copy of `plan` with `edits` applied. */
function edited(plan: PlanInput, ...edits: Edit[]): PlanInput {
  const copy = structuredClone(plan);
  for (const edit of edits) edit(copy);
  return copy;
}

/** `kroner` more on expense line `line` in `year`, financed by LBF the same year: still balanced and within the cap. */
const spendMore =
  (line: number, year: string, kroner: number): Edit =>
  (plan) => {
    const ore = parseKroner(kroner);
    plan.budget.expenses[line]!.amountsOre[year]! += ore;
    plan.budget.financing.find((row) => row.source === "lbf")!.amountsOre[year]! += ore;
  };

/** `kroner` moved from LBF to another source in `year`. */
const moveFromLbf =
  (source: "kommunePulje" | "boligorganisation", year: string, kroner: number): Edit =>
  (plan) => {
    const ore = parseKroner(kroner);
    plan.budget.financing.find((row) => row.source === "lbf")!.amountsOre[year]! -= ore;
    plan.budget.financing.find((row) => row.source === source)!.amountsOre[year]! += ore;
  };

const isBudgetPut = (req: IncomingMessage) => req.method === "PUT" && req.url?.endsWith("/budget") === true;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Every part of an .xlsx with its bytes, to see which parts a write-back changed. */
async function parts(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const entries = await Promise.all(
    Object.values(zip.files)
      .filter((file) => !file.dir)
      .map(async (file) => [file.name, await file.async("base64")] as const),
  );
  return new Map(entries);
}

/** The parts of the .xlsx that differ between two versions of a file. */
async function changedParts(before: Buffer, after: Buffer): Promise<string[]> {
  const [partsBefore, partsAfter] = await Promise.all([parts(before), parts(after)]);
  expect([...partsAfter.keys()].sort()).toEqual([...partsBefore.keys()].sort());
  return [...partsAfter.keys()].filter((name) => partsAfter.get(name) !== partsBefore.get(name)).sort();
}

const { budget: _budget, ...demoHeader } = demoPlan;

for (const dialect of serviceDialects()) {
  describe(`push and pull [${dialect.name}]`, () => {
    let service: RunningService;
    let folder: string;
    /** Runs the command with the service's address and the admin token in the environment (as a user would set them), unless `env` says otherwise. */
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
      helhedsplan(args, {
        cwd: folder,
        env: { HELHEDSPLAN_URL: service.baseUrl, HELHEDSPLAN_TOKEN: service.adminToken, ...env },
      });
    const path = (name: string) => join(folder, name);
    const writeWorkbook = async (name: string, plan: PlanInput, meta: { planId?: string; version?: number } = {}) =>
      writeFile(path(name), await writeTemplate(plan, meta));
    const planCount = async () => (await service.admin.plans.list()).items.length;
    /** A new plan on the service holding `plan` at version 1 (created, budget saved), as a colleague's push leaves it. */
    const storedPlan = async (plan: PlanInput = demoPlan) => {
      const { budget, ...header } = plan;
      const created = await service.admin.plans.create(header);
      const saved = await service.admin.plans.putBudget(created.id, budget, { ifMatch: 0 });
      return { planId: created.id, version: saved.version };
    };
    /** What the service holds of a plan now, as a `PlanInput`, and its version. */
    const onService = async (planId: string) => {
      const { data, version } = await service.admin.plans.get(planId);
      const {
        id: _id,
        status: _status,
        version: _version,
        approvedVersion: _approved,
        createdAt: _created,
        updatedAt: _updated,
        goals: _goals,
        budget,
        ...header
      } = data;
      const plan: PlanInput = { ...header, budget: budget ?? { expenses: [], financing: [] } };
      return { plan, version };
    };

    beforeAll(async () => {
      [service, folder] = await Promise.all([dialect.start(), mkdtemp(join(tmpdir(), "helhedsplan-push-"))]);
    });
    afterAll(async () => {
      await service?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    it("--help on push and pull names the connection options, --resolve and exit code 3", async () => {
      for (const command of ["push", "pull"]) {
        const help = await run([command, "--help"]);
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(new RegExp(`^Usage: helhedsplan ${command}`));
        expect(help.stdout).toMatch(/--url <adresse>[\s\S]*\(env:\s+HELHEDSPLAN_URL\)/);
        expect(help.stdout).toMatch(/--token <nøgle>[\s\S]*\(env:\s+HELHEDSPLAN_TOKEN\)/);
        expect(help.stdout).toMatch(/Afslutningskoder: 0/);
      }
      const help = await run(["push", "--help"]);
      expect(help.stdout).toMatch(/--resolve <side>[\s\S]*"mine", "theirs"/);
      expect(help.stdout).toMatch(/3 konflikt: intet er gemt eller skrevet/);
    });

    it("push of a new workbook creates the plan with its budget and writes Plan-ID and Version back, changing nothing else", async () => {
      await writeWorkbook("new.xlsx", demoPlan);
      const before = await readFile(path("new.xlsx"));
      const pushed = await run(["push", "new.xlsx"]);
      expect(pushed.stderr).toBe("");
      expect(pushed.code).toBe(0);
      const planId = UUID.exec(pushed.stdout)?.[0] ?? (await service.admin.plans.list()).items.at(-1)?.id ?? "";
      expect(pushed.stdout).toContain(
        `Oprettede planen "${demoPlan.name}" som kladde med budgettet (${demoPlan.budget.expenses.length} udgiftslinjer) i version 1.`,
      );
      expect(pushed.stdout).toMatch(/Planen søger 900\.000,00 kr\. af puljens 30\.000\.000,00 kr\. ledige/);
      expect(pushed.stdout).toContain("Skrev Plan-ID og Version 1 i new.xlsx.");
      const stored = await onService(planId);
      expect(stored).toEqual({ plan: demoPlan, version: 1 });
      const after = await readFile(path("new.xlsx"));
      expect(await readWorkbook(after)).toMatchObject({ planId, version: 1, plan: demoPlan, findings: [] });
      expect(await changedParts(before, after)).toEqual(["xl/worksheets/sheet1.xml"]);
    });

    it("pull writes the plan with its Plan-ID and Version", async () => {
      const { planId } = await storedPlan();
      const pulled = await run(["pull", planId, "-o", "pulled.xlsx"]);
      expect(pulled.code).toBe(0);
      expect(pulled.stdout).toBe(
        `Skrev pulled.xlsx: "${demoPlan.name}" (kladde, version 1), 2014–2017, ${demoPlan.budget.expenses.length} udgiftslinjer.\n`,
      );
      expect(await readWorkbook(path("pulled.xlsx"))).toMatchObject({
        planId,
        version: 1,
        plan: demoPlan,
        findings: [],
      });
    });

    it("pull writes the plan's goals on the Mål sheet; pushing the file unchanged sends nothing", async () => {
      const { planId } = await storedPlan();
      const goals = [
        { id: "M1", focusArea: "sundhed", goal: "Flere i motion", successCriteria: ["200 deltagere", "4 hold"] },
      ];
      await service.admin.plans.putGoals(planId, { goals }, { ifMatch: 1 });
      const pulled = await run(["pull", planId, "-o", "pulled-goals.xlsx"]);
      expect(pulled.code).toBe(0);
      expect(pulled.stdout).toContain("Planens 1 mål står på arket Mål.");
      const read = await readWorkbook(path("pulled-goals.xlsx"));
      expect(read).toMatchObject({ planId, version: 2, findings: [] });
      expect(gridToGoals(read.grids, await service.admin.reference.get()).goals).toEqual(goals);
      const pushed = await run(["push", "pulled-goals.xlsx"]);
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toContain("Intet at gemme");
      expect((await service.admin.plans.versions(planId)).items).toHaveLength(2);
    });

    it("push after editing an amount saves the budget as one new version; pushing again changes nothing", async () => {
      const { planId } = await storedPlan();
      const mine = edited(demoPlan, spendMore(0, "2015", 10_000));
      await writeWorkbook("edited.xlsx", mine, { planId, version: 1 });
      const pushed = await run(["push", "edited.xlsx"]);
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toContain("Gemte planen som version 2.");
      expect(await onService(planId)).toEqual({ plan: mine, version: 2 });
      expect(await readWorkbook(path("edited.xlsx"))).toMatchObject({ planId, version: 2, plan: mine });
      const again = await run(["push", "edited.xlsx"]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain("Intet at gemme: arbejdsbogen er den samme som version 2 på tjenesten.");
      expect((await onService(planId)).version).toBe(2);
    });

    it("a colleague changed other cells meanwhile: push merges, names the cells from the server and writes only those into the file", async () => {
      const { planId } = await storedPlan();
      const colleague = edited(demoPlan, spendMore(1, "2016", 5_000));
      await service.admin.plans.putBudget(planId, colleague.budget, { ifMatch: 1 });
      const mine = edited(demoPlan, spendMore(0, "2015", 10_000), (plan) => (plan.name = `${plan.name} (revideret)`));
      await writeWorkbook("mine.xlsx", mine, { planId, version: 1 });
      const before = await readFile(path("mine.xlsx"));

      const pushed = await run(["push", "mine.xlsx"]);
      expect(pushed.stderr).toBe("");
      expect(pushed.code).toBe(0);
      expect(pushed.stdout).toContain("En anden har gemt planen på tjenesten imens (version 2).");
      expect(pushed.stdout).toMatch(
        /2 celler er hentet derfra og flettet med dine ændringer; planen er nu i version 4\./,
      );
      expect(pushed.stdout).toMatch(/Budget!F\d+ +Lektiecafé \(Børn[^)]*\), 2016: 125\.000,00 kr\./);
      expect(pushed.stdout).toMatch(/Budget!D\d+ +Landsbyggefonden, 2016: 1\.590\.000,00 kr\./);

      const both = edited(demoPlan, spendMore(0, "2015", 10_000), spendMore(1, "2016", 5_000), (plan) => {
        plan.name = mine.name;
      });
      expect(await onService(planId)).toEqual({ plan: both, version: 4 });
      const after = await readFile(path("mine.xlsx"));
      expect(await readWorkbook(after)).toMatchObject({ planId, version: 4, plan: both, findings: [] });
      // The merged cells on Budget, the stamps on Plan; nothing else in the user's file.
      expect(await changedParts(before, after)).toEqual(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"]);
    });

    it("the same cell changed on both sides: exit 3 with the cell listed and nothing written; --resolve mine then wins", async () => {
      const { planId } = await storedPlan();
      const colleague = edited(demoPlan, spendMore(0, "2015", 5_000));
      await service.admin.plans.putBudget(planId, colleague.budget, { ifMatch: 1 });
      const mine = edited(demoPlan, spendMore(0, "2015", 10_000));
      await writeWorkbook("conflict.xlsx", mine, { planId, version: 1 });
      const before = await readFile(path("conflict.xlsx"));

      const conflict = await run(["push", "conflict.xlsx"]);
      expect(conflict.code).toBe(3);
      expect(conflict.stderr).toContain("celler er ændret både her og dér");
      expect(conflict.stderr).toMatch(/Celle +Hvad +Grundlag +Din værdi +Tjenestens/);
      expect(conflict.stderr).toMatch(
        /Budget!E\d+ +Familiekoordinator \(Børn[^)]*\), 2015 +450\.000,00 kr\. +460\.000,00 kr\. +455\.000,00 kr\./,
      );
      expect(conflict.stderr).toContain("--resolve mine");
      noStackTrace(conflict);
      expect(await readFile(path("conflict.xlsx"))).toEqual(before);
      expect((await onService(planId)).version).toBe(2);

      const resolved = await run(["push", "conflict.xlsx", "--resolve", "mine"]);
      expect(resolved.stderr).toBe("");
      expect(resolved.code).toBe(0);
      expect(await onService(planId)).toEqual({ plan: mine, version: 3 });
      expect(await readWorkbook(path("conflict.xlsx"))).toMatchObject({ planId, version: 3, plan: mine });
    });

    it("--resolve theirs takes the server's values and writes them into the file", async () => {
      const { planId } = await storedPlan();
      const colleague = edited(demoPlan, spendMore(0, "2015", 5_000));
      await service.admin.plans.putBudget(planId, colleague.budget, { ifMatch: 1 });
      await writeWorkbook("theirs.xlsx", edited(demoPlan, spendMore(0, "2015", 10_000)), { planId, version: 1 });
      const resolved = await run(["push", "theirs.xlsx", "--resolve", "theirs"]);
      expect(resolved.code).toBe(0);
      expect(await onService(planId)).toEqual({ plan: colleague, version: 2 });
      expect(await readWorkbook(path("theirs.xlsx"))).toMatchObject({ planId, version: 2, plan: colleague });
    });

    it("each side keeps the cap, the merge does not: the merged plan's finding at its cell, exit 1, nothing saved or written", async () => {
      const { planId } = await storedPlan();
      // 40.000 kr. more pool money on each side: 980.000 kr. of 7.700.000 kr. is over 12,5 % (962.500 kr.), 940.000 kr. is not.
      const colleague = edited(demoPlan, moveFromLbf("kommunePulje", "2015", 40_000));
      await service.admin.plans.putBudget(planId, colleague.budget, { ifMatch: 1 });
      await writeWorkbook("cap.xlsx", edited(demoPlan, moveFromLbf("kommunePulje", "2016", 40_000)), {
        planId,
        version: 1,
      });
      const before = await readFile(path("cap.xlsx"));
      const refused = await run(["push", "cap.xlsx"]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^cap\.xlsx: 1 fejl/);
      expect(refused.stdout).toMatch(/Budget!F\d+ +fejl +Kommunens andel er/);
      expect(refused.stderr).toContain("passer hver for sig, men ikke sammen");
      expect(await readFile(path("cap.xlsx"))).toEqual(before);
      expect((await onService(planId)).version).toBe(2);
    });

    it("a Version cell that is text, negative or newer than the server's is refused at that cell, nothing sent", async () => {
      const { planId } = await storedPlan();
      for (const [name, version, pattern] of [
        ["text.xlsx", "tre", /Plan!B14 +fejl/],
        ["negative.xlsx", -2, /Plan!B14 +fejl +Plan!B14 \(Version\): -2 er negativt/],
        ["newer.xlsx", 7, /Plan!B14 +fejl +.*version 7 er nyere end tjenestens seneste version 1/],
      ] as const) {
        const bytes = await writeTemplate(demoPlan, { planId, version: 1 });
        await writeFile(path(name), bytes);
        const { stampCells } = await import("@helhedsplan/workbook/xlsx");
        await writeFile(path(name), await stampCells(bytes, "Plan", [{ address: "B14", value: version }]));
        const refused = await run(["push", name]);
        expect(refused.code, name).toBe(1);
        expect(refused.stdout, name).toMatch(pattern);
      }
      expect((await onService(planId)).version).toBe(1);
    });

    it("a workbook that breaks a rule (municipal money over 12.5 %): the findings at their cells, exit 1, nothing sent", async () => {
      const overCap = edited(demoPlan, moveFromLbf("kommunePulje", "2014", 500_000));
      await writeWorkbook("over-cap.xlsx", overCap);
      const capFinding = (await readWorkbook(path("over-cap.xlsx"))).findings.find(
        (finding) => finding.ruleId === ruleIds.kommuneCap,
      );
      expect(capFinding?.cell).toMatch(/^Budget!F\d+$/);
      const plans = await planCount();
      const refused = await run(["push", "over-cap.xlsx"]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toMatch(/^over-cap\.xlsx: 1 fejl, 0 advarsler\n/);
      expect(refused.stdout).toContain(`  ${capFinding?.cell}  fejl`);
      expect(refused.stdout).toContain(capFinding?.message);
      expect(refused.stderr).toBe(
        "helhedsplan: Arbejdsbogen har 1 fejl; intet er sendt. Ret fejlene, og synkroniser igen.\n",
      );
      expect(await planCount()).toBe(plans);
    });

    it("a budget too large for one request (over 1 MB as JSON, within 5,000 lines) is refused before anything is sent", async () => {
      const large = structuredClone(demoPlan);
      for (let line = large.budget.expenses.length; line < 4_990; line++) {
        large.budget.expenses.push({
          focusArea: "boern-unge",
          category: "aktiviteter",
          activity: `Aktivitet ${line} `.padEnd(200, "x"),
          amountsOre: { "2014": 0 },
        });
      }
      await writeWorkbook("large.xlsx", large);
      const plans = await planCount();
      const refused = await run(["push", "large.xlsx"]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /^helhedsplan: Budgettet er for stort til én forespørgsel \(1,\d MB; tjenesten tager højst 1 MB\)/,
      );
      expect(await planCount()).toBe(plans);
    });

    it("the network fails after the header is saved: the workbook gets that version, and the next push saves the budget", async () => {
      const { planId } = await storedPlan();
      const mine = edited(demoPlan, spendMore(0, "2015", 10_000), (plan) => (plan.name = `${plan.name} – ny`));
      await writeWorkbook("partial.xlsx", mine, { planId, version: 1 });
      const proxy = await startProxy(service.baseUrl, (req) => Promise.resolve(isBudgetPut(req) ? "drop" : "forward"));
      try {
        const cut = await run(["push", "partial.xlsx"], { HELHEDSPLAN_URL: proxy.baseUrl });
        expect(cut.code).toBe(2);
        expect(cut.stderr).toContain("svarer ikke");
        expect(cut.stderr).toContain("Stamdata er gemt som version 2.");
        expect(cut.stderr).toContain("Intet er tabt");
        expect(cut.stderr).toContain("Skrev Plan-ID og Version 2 i partial.xlsx.");
        noStackTrace(cut);
      } finally {
        await proxy.stop();
      }
      expect((await onService(planId)).version).toBe(2);
      expect((await readWorkbook(path("partial.xlsx"))).version).toBe(2);
      const retried = await run(["push", "partial.xlsx"]);
      expect(retried.code).toBe(0);
      expect(retried.stdout).toContain("Gemte planen som version 3.");
      expect(await onService(planId)).toEqual({ plan: mine, version: 3 });
    });

    it("the plan is submitted between the two writes: partly saved, exit 1, the workbook gets the header's version", async () => {
      const { planId } = await storedPlan();
      const mine = edited(demoPlan, spendMore(0, "2015", 10_000), (plan) => (plan.name = `${plan.name} – indsendt`));
      await writeWorkbook("submitted.xlsx", mine, { planId, version: 1 });
      const proxy = await startProxy(service.baseUrl, async (req) => {
        if (isBudgetPut(req)) await service.admin.plans.submit(planId);
        return "forward";
      });
      try {
        const refused = await run(["push", "submitted.xlsx"], { HELHEDSPLAN_URL: proxy.baseUrl });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(
          /^helhedsplan: Stamdata er gemt som version 2, men budgettet blev afvist: Tjenesten afviste budgettet \(409\): Planen kan kun ændres som kladde; den er indsendt\./,
        );
        expect(refused.stderr).toContain("Skrev Plan-ID og Version 2 i submitted.xlsx.");
      } finally {
        await proxy.stop();
      }
      expect((await service.admin.plans.get(planId)).data).toMatchObject({ status: "submitted", version: 2 });
      expect((await readWorkbook(path("submitted.xlsx"))).version).toBe(2);

      const notDraft = await run(["push", "submitted.xlsx"]);
      expect(notDraft.code).toBe(1);
      expect(notDraft.stderr).toMatch(/^helhedsplan: Planen er indsendt på tjenesten, så ændringer kan ikke gemmes/);
      const pulled = await run(["pull", planId, "-o", "submitted-pulled.xlsx"]);
      expect(pulled.stdout).toContain(
        "Planen er indsendt; ændringer kan først gemmes, når den er genåbnet som kladde.",
      );
    });

    it("pull of a plan without a budget: its header, an empty budget for its period, version 0", async () => {
      const created = await service.admin.plans.create({
        ...demoHeader,
        name: "Kladde uden budget",
        periodStart: 2020,
        periodEnd: 2023,
      });
      const pulled = await run(["pull", created.id, "-o", "no-budget.xlsx"]);
      expect(pulled.code).toBe(0);
      expect(pulled.stdout).toBe(
        `Skrev no-budget.xlsx: "Kladde uden budget" (kladde, version 0), 2020–2023, intet budget endnu.\n`,
      );
      const read = await readWorkbook(path("no-budget.xlsx"));
      expect(read).toMatchObject({ planId: created.id, version: 0 });
      expect(read.map.expenses?.yearColumns).toEqual({ 2020: 4, 2021: 5, 2022: 6, 2023: 7 });
      expect(read.plan?.budget.expenses).toEqual([]);
    });

    it("pull refuses to overwrite a file unless told to; an unknown plan is a 404 line, exit 2", async () => {
      const { planId } = await storedPlan();
      expect((await run(["pull", planId, "-o", "twice.xlsx"])).code).toBe(0);
      const refused = await run(["pull", planId, "-o", "twice.xlsx"]);
      expect(refused).toMatchObject({
        code: 2,
        stderr: "helhedsplan: twice.xlsx findes allerede; vælg et andet navn med -o, eller overskriv med --force.\n",
      });
      expect((await run(["pull", planId, "-o", "twice.xlsx", "--force"])).code).toBe(0);
      const unknown = "00000000-0000-4000-8000-000000000000";
      const missing = await run(["pull", unknown, "-o", "missing.xlsx"]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^helhedsplan: Planen findes ikke, eller du har ikke adgang til den \(404\)/);
      const notAnId = await run(["pull", "Mjølnerparken", "-o", "x.xlsx"]);
      expect(notAnId.code).toBe(2);
      expect(notAnId.stderr).toMatch(/et plan-id er et UUID/);
    });

    describe("connection problems: one line, exit 2", () => {
      it("no token, no address", async () => {
        await writeWorkbook("plain.xlsx", demoPlan);
        const [noToken, nothing] = await Promise.all([
          run(["push", "plain.xlsx"], { HELHEDSPLAN_TOKEN: "" }),
          run(["pull", "00000000-0000-4000-8000-000000000000", "-o", "x.xlsx"], {
            HELHEDSPLAN_URL: "",
            HELHEDSPLAN_TOKEN: "",
          }),
        ]);
        expect(noToken).toMatchObject({
          code: 2,
          stderr: "helhedsplan: Angiv tjenesten og din adgangsnøgle: --token (eller HELHEDSPLAN_TOKEN) mangler.\n",
        });
        expect(nothing).toMatchObject({
          code: 2,
          stderr:
            "helhedsplan: Angiv tjenesten og din adgangsnøgle: --url (eller HELHEDSPLAN_URL) og --token (eller HELHEDSPLAN_TOKEN) mangler.\n",
        });
      });

      it("an address where nothing answers, a wrong token; a --token flag wins over the environment", async () => {
        const { planId } = await storedPlan();
        await writeWorkbook("down.xlsx", demoPlan);
        const unreachable = `http://127.0.0.1:${await closedPort()}`;
        const [down, wrongToken, flagWins] = await Promise.all([
          run(["push", "down.xlsx", "--url", unreachable]),
          run(["push", "down.xlsx"], { HELHEDSPLAN_TOKEN: "forkert-nøgle" }),
          run(["pull", planId, "-o", "flag.xlsx", "--token", service.adminToken], {
            HELHEDSPLAN_TOKEN: "forkert-nøgle",
          }),
        ]);
        expect(down.code).toBe(2);
        expect(down.stderr).toMatch(
          new RegExp(`^helhedsplan: Tjenesten på ${unreachable} svarer ikke \\(GET /api/v1/reference\\)\\.`),
        );
        expect(down.stderr).toContain("Tjek --url/HELHEDSPLAN_URL, og at tjenesten kører.");
        expect(wrongToken).toMatchObject({
          code: 2,
          stderr:
            "helhedsplan: Tjenesten kender ikke adgangsnøglen (401); tjek den, eller bed om en ny. Tjek --token/HELHEDSPLAN_TOKEN.\n",
        });
        expect(flagWins.code).toBe(0);
      });

      it("a housing token of another organisation: 403 for a new plan, 404 for an existing one", async () => {
        const { planId } = await storedPlan();
        const { token } = await service.admin.tokens.create({
          role: "housing",
          housingOrganisation: "Anden Boligorganisation",
        });
        await writeWorkbook("new-for-bo-vita.xlsx", demoPlan);
        await writeWorkbook("existing.xlsx", demoPlan, { planId, version: 1 });
        const [forbidden, hidden] = await Promise.all([
          run(["push", "new-for-bo-vita.xlsx"], { HELHEDSPLAN_TOKEN: token }),
          run(["push", "existing.xlsx"], { HELHEDSPLAN_TOKEN: token }),
        ]);
        expect(forbidden.code).toBe(2);
        expect(forbidden.stderr).toMatch(/^helhedsplan: Din adgangsnøgle giver ikke lov til dette \(403\): .+\n$/);
        expect(hidden).toMatchObject({
          code: 2,
          stderr:
            "helhedsplan: Planen findes ikke, eller du har ikke adgang til den (404). " +
            "Tøm Plan-ID og Version for at oprette den som ny.\n",
        });
      });

      it("a workbook that cannot be read is refused before the service is asked", async () => {
        const missing = await run(["push", "findes-ikke.xlsx", "--url", `http://127.0.0.1:${await closedPort()}`]);
        expect(missing).toMatchObject({
          code: 2,
          stderr: "helhedsplan: findes-ikke.xlsx: kan ikke læses – Filen findes ikke (file not found).\n",
        });
      });
    });
  });
}
