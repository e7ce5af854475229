// `helhedsplan push` and `pull` against the real sync service (in this process, on PGlite),
// run as child processes on real workbook files in a temporary folder.
import { demoPlan } from "@helhedsplan/demo";
import { ruleIds, type PlanInput } from "@helhedsplan/rules";
import { readWorkbook, writeTemplate } from "@helhedsplan/workbook/xlsx";
import JSZip from "jszip";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import type { IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helhedsplan, noStackTrace } from "./run-cli";
import { startProxy, startService, type RunningService } from "./sync-service";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** The demo plan with `kroner` more spent on its first line in 2015, financed by LBF: still balanced and within the cap. */
function withMoreIn2015(plan: PlanInput, kroner: number): PlanInput {
  const edited = structuredClone(plan);
  const ore = kroner * 100;
  edited.budget.expenses[0]!.amountsOre["2015"]! += ore;
  edited.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2015"]! += ore;
  return edited;
}

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

describe("push and pull", () => {
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
  /** The plan the first test creates; later tests build on it, in order. */
  let planId = "";

  beforeAll(async () => {
    [service, folder] = await Promise.all([startService(), mkdtemp(join(tmpdir(), "helhedsplan-push-"))]);
    await writeWorkbook("demo.xlsx", demoPlan);
  });
  afterAll(async () => {
    await service?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  it("--help on push and pull names the connection options and their environment variables", async () => {
    for (const command of ["push", "pull"]) {
      const help = await run([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: helhedsplan ${command}`));
      expect(help.stdout).toMatch(/--url <adresse>[\s\S]*\(env:\s+HELHEDSPLAN_URL\)/);
      expect(help.stdout).toMatch(/--token <nøgle>[\s\S]*\(env:\s+HELHEDSPLAN_TOKEN\)/);
      expect(help.stdout).toMatch(/Afslutningskoder: 0/);
    }
  });

  it("push of a new workbook creates the plan, saves its budget and writes Plan-ID and Version back, changing nothing else", async () => {
    const before = await readFile(path("demo.xlsx"));
    const pushed = await run(["push", "demo.xlsx"]);
    expect(pushed.stderr).toBe("");
    expect(pushed.code).toBe(0);
    planId = UUID.exec(pushed.stdout)?.[0] ?? "";
    expect(pushed.stdout).toContain(`Oprettede planen ${planId} "${demoPlan.name}" som kladde.`);
    expect(pushed.stdout).toContain(
      `Gemte budgettet (${demoPlan.budget.expenses.length} udgiftslinjer); planen er nu i version 1.`,
    );
    expect(pushed.stdout).toMatch(
      /Puljen "[^"]+" \(budget-2012\): 30\.000\.000,00 kr\. ledige af 30\.000\.000,00 kr\. .*planen søger 900\.000,00 kr\. fra puljen/,
    );
    expect(pushed.stdout).toContain("Skrev Plan-ID og Version 1 i demo.xlsx.");

    const { data: stored, version } = await service.admin.plans.get(planId);
    expect(version).toBe(1);
    const {
      id: _id,
      status,
      version: _version,
      approvedVersion: _approved,
      createdAt: _created,
      updatedAt: _updated,
      goals: _goals,
      ...asPlan
    } = stored;
    expect(status).toBe("draft");
    expect(asPlan).toEqual(demoPlan);

    const after = await readFile(path("demo.xlsx"));
    const read = await readWorkbook(after);
    expect(read).toMatchObject({ planId, version: 1, plan: demoPlan, findings: [] });
    const [partsBefore, partsAfter] = await Promise.all([parts(before), parts(after)]);
    const changed = [...partsAfter.keys()].filter((name) => partsAfter.get(name) !== partsBefore.get(name));
    expect(changed).toEqual(["xl/worksheets/sheet1.xml"]);
    expect([...partsAfter.keys()].sort()).toEqual([...partsBefore.keys()].sort());
  });

  it("pull writes the same plan with its Plan-ID and Version", async () => {
    const pulled = await run(["pull", planId, "-o", "pulled.xlsx"]);
    expect(pulled.code).toBe(0);
    expect(pulled.stdout).toBe(
      `Skrev pulled.xlsx: "${demoPlan.name}" (kladde, version 1), 2014–2017, ${demoPlan.budget.expenses.length} udgiftslinjer.\n`,
    );
    expect(await readWorkbook(path("pulled.xlsx"))).toMatchObject({ planId, version: 1, plan: demoPlan, findings: [] });
  });

  it("push after editing an amount saves header and budget with If-Match: two new versions", async () => {
    const edited = withMoreIn2015(demoPlan, 10_000);
    await writeWorkbook("edited.xlsx", edited, { planId, version: 1 });
    const pushed = await run(["push", "edited.xlsx"]);
    expect(pushed.code).toBe(0);
    expect(pushed.stdout).toContain(`Gemte stamdata for planen ${planId} "${demoPlan.name}" (version 2).`);
    expect(pushed.stdout).toContain("planen er nu i version 3.");
    const { data: stored, version } = await service.admin.plans.get(planId);
    expect(version).toBe(3);
    expect(stored.budget).toEqual(edited.budget);
    expect((await service.admin.plans.versions(planId)).items.map((item) => item.version)).toEqual([1, 2, 3]);
    expect(await readWorkbook(path("edited.xlsx"))).toMatchObject({ planId, version: 3, plan: edited });
  });

  it("push of a workbook pulled at an older version: 412 as 'changed since you pulled version N', exit 1, file untouched", async () => {
    const before = await readFile(path("pulled.xlsx"));
    const stale = await run(["push", "pulled.xlsx"]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      `helhedsplan: Planen er ændret på tjenesten, siden du hentede version 1 (den er nu i version 3); ` +
        `hent den igen med \`helhedsplan pull ${planId} -o ny.xlsx\`, og før dine ændringer over i den.\n`,
    );
    expect(await readFile(path("pulled.xlsx"))).toEqual(before);
    expect((await service.admin.plans.get(planId)).version).toBe(3);
  });

  it("a workbook that breaks a rule (municipal money over 12.5 %): the findings at their cells, exit 1, nothing sent", async () => {
    const overCap = structuredClone(demoPlan);
    const move = 50_000_000; // 500.000 kr. from LBF to the pool in 2014
    overCap.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2014"]! -= move;
    overCap.budget.financing.find((row) => row.source === "kommunePulje")!.amountsOre["2014"]! += move;
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
      "helhedsplan: over-cap.xlsx har fejl; intet er sendt. Ret fejlene ovenfor og push igen.\n",
    );
    expect(await planCount()).toBe(plans);
  });

  it("findings the service adds (an unknown pool, 422) are shown at their cells, exit 1, nothing created", async () => {
    await writeWorkbook("unknown-pool.xlsx", { ...demoPlan, poolId: "findes-ikke" });
    const plans = await planCount();
    const refused = await run(["push", "unknown-pool.xlsx"]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^unknown-pool\.xlsx: 1 fejl, 0 advarsler\n {2}Plan!B13 {2}fejl {2}.*findes-ikke/);
    expect(refused.stderr).toMatch(/^helhedsplan: Tjenesten afviste planens stamdata, fordi reglerne brydes \(422\)/);
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
      /^helhedsplan: Budgettet i large\.xlsx er for stort til én forespørgsel \(1,\d MB som JSON; tjenesten tager højst 1 MB\)/,
    );
    expect(await planCount()).toBe(plans);
  });

  it("the network fails after the header is saved: the workbook gets the server's latest version, and the next push goes through", async () => {
    expect((await run(["pull", planId, "-o", "partial.xlsx"])).code).toBe(0);
    const proxy = await startProxy(service.baseUrl, (req) => Promise.resolve(isBudgetPut(req) ? "drop" : "forward"));
    try {
      const cut = await run(["push", "partial.xlsx"], { HELHEDSPLAN_URL: proxy.baseUrl });
      expect(cut.code).toBe(2);
      expect(cut.stderr).toContain("svarer ikke");
      expect(cut.stderr).toMatch(
        /Stamdata er gemt som version 4, men det vides ikke, om budgettet blev gemt \(.*\); tjenesten har budgettet fra version 3\./,
      );
      expect(cut.stderr).toContain("Plan-ID og Version 4 er skrevet i partial.xlsx");
      noStackTrace(cut);
    } finally {
      await proxy.stop();
    }
    expect((await service.admin.plans.get(planId)).version).toBe(4);
    expect((await readWorkbook(path("partial.xlsx"))).version).toBe(4);
    const retried = await run(["push", "partial.xlsx"]);
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain("planen er nu i version 6.");
  });

  it("the plan is submitted between the two writes: the budget is refused (409), the workbook gets the header's version", async () => {
    const proxy = await startProxy(service.baseUrl, async (req) => {
      if (isBudgetPut(req)) await service.admin.plans.submit(planId);
      return "forward";
    });
    try {
      const refused = await run(["push", "partial.xlsx"], { HELHEDSPLAN_URL: proxy.baseUrl });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        "helhedsplan: Tjenesten afviste budgettet (409): Planen kan kun ændres som kladde; den er indsendt. Genåbn den (POST …/reopen) for at revidere.\n" +
          "Stamdata er gemt som version 7, men budgettet blev ikke gemt; tjenesten har budgettet fra version 6.\n" +
          "Plan-ID og Version 7 er skrevet i partial.xlsx, så næste push bygger videre på den.\n",
      );
    } finally {
      await proxy.stop();
    }
    expect((await service.admin.plans.get(planId)).data).toMatchObject({ status: "submitted", version: 7 });
    expect((await readWorkbook(path("partial.xlsx"))).version).toBe(7);
  });

  it("push of a plan that is no longer a draft: the state problem (409), exit 1; pull says so too", async () => {
    const refused = await run(["push", "partial.xlsx"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^helhedsplan: Tjenesten afviste planens stamdata \(409\): Planen kan kun ændres som kladde; den er indsendt\./,
    );
    const pulled = await run(["pull", planId, "-o", "submitted.xlsx"]);
    expect(pulled.stdout).toContain(
      "Planen er indsendt; push kan først gemme ændringer, når den er genåbnet som kladde.",
    );
  });

  it("pull of a plan without a budget: its header, an empty budget for its period, version 0", async () => {
    const { budget: _budget, ...header } = demoPlan;
    const created = await service.admin.plans.create({
      ...header,
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
    const refused = await run(["pull", planId, "-o", "pulled.xlsx"]);
    expect(refused).toMatchObject({
      code: 2,
      stderr: "helhedsplan: pulled.xlsx findes allerede; vælg et andet navn med -o, eller overskriv med --force.\n",
    });
    expect((await run(["pull", planId, "-o", "pulled.xlsx", "--force"])).code).toBe(0);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await run(["pull", unknown, "-o", "missing.xlsx"]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `helhedsplan: Planen ${unknown} findes ikke på ${service.baseUrl}, eller din adgangsnøgle må ikke se den (404).\n`,
    });
    const notAnId = await run(["pull", "Mjølnerparken", "-o", "x.xlsx"]);
    expect(notAnId.code).toBe(2);
    expect(notAnId.stderr).toMatch(/et plan-id er et UUID/);
  });

  describe("connection problems: one line, exit 2", () => {
    it("no token, no address", async () => {
      const [noToken, nothing] = await Promise.all([
        run(["push", "demo.xlsx"], { HELHEDSPLAN_TOKEN: "" }),
        run(["pull", planId, "-o", "x.xlsx"], { HELHEDSPLAN_URL: "", HELHEDSPLAN_TOKEN: "" }),
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
      const unreachable = `http://127.0.0.1:${await closedPort()}`;
      const [down, wrongToken, flagWins] = await Promise.all([
        run(["push", "demo.xlsx", "--url", unreachable]),
        run(["pull", planId, "-o", "x.xlsx"], { HELHEDSPLAN_TOKEN: "forkert-nøgle" }),
        run(["pull", planId, "-o", "flag.xlsx", "--token", service.adminToken], { HELHEDSPLAN_TOKEN: "forkert-nøgle" }),
      ]);
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(
        new RegExp(
          `^helhedsplan: Tjenesten på ${unreachable} svarer ikke \\(GET /api/v1/reference\\)\\. Tjek --url/HELHEDSPLAN_URL, og at tjenesten kører\\.\\n$`,
        ),
      );
      expect(wrongToken).toMatchObject({
        code: 2,
        stderr: "helhedsplan: Tjenesten kender ikke adgangsnøglen (401). Tjek --token/HELHEDSPLAN_TOKEN.\n",
      });
      expect(flagWins.code).toBe(0);
    });

    it("a housing token of another organisation: 403 for a new plan, 404 for an existing one", async () => {
      const { token } = await service.admin.tokens.create({
        role: "housing",
        housingOrganisation: "Anden Boligorganisation",
      });
      await writeWorkbook("new-for-bo-vita.xlsx", demoPlan);
      const [forbidden, hidden] = await Promise.all([
        run(["push", "new-for-bo-vita.xlsx"], { HELHEDSPLAN_TOKEN: token }),
        run(["push", "demo.xlsx"], { HELHEDSPLAN_TOKEN: token }),
      ]);
      expect(forbidden.code).toBe(2);
      expect(forbidden.stderr).toMatch(/^helhedsplan: Din adgangsnøgle giver ikke lov til dette \(403\): .+\n$/);
      expect(hidden).toMatchObject({
        code: 2,
        stderr:
          `helhedsplan: Planen ${planId} findes ikke på ${service.baseUrl}, eller din adgangsnøgle må ikke se den (404). ` +
          "Tøm Plan-ID (Plan!B4) og Version for at oprette planen som ny.\n",
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
