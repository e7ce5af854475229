// The yearly report with the built command against the real service (in this process), on real
// files: a plan goes the whole way — draft → budget → goals → submitted → committee → council
// (approved, pool committed) → a report per year of its period, pushed with `helhedsplan report push`
// → closed after the period by the service's clock → the unspent pool money back in the pool to the
// øre → `GET /reports` shows the variance; the export workbook, opened by LibreOffice (when
// LIBREOFFICE_BIN is set) and by exceljs, holds the service's figures. Runs on every database dialect.
import { demoPlan } from "@helhedsplan/demo";
import { kronerNumber, parseKroner, type AnnualReport, type Goal } from "@helhedsplan/rules";
import { readWorkbook, writeTemplate } from "@helhedsplan/workbook/xlsx";
import ExcelJS from "exceljs";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { helhedsplan, noStackTrace } from "./run-cli";
import { serviceDialects, type RunningService } from "./sync-service";

const libreOffice = process.env.LIBREOFFICE_BIN;
const years = [2014, 2015, 2016, 2017];
const goals: Goal[] = [
  {
    id: "M1",
    focusArea: "boern-unge",
    goal: "Flere børn klarer skolen",
    successCriteria: ["80 % består 9. klasse", "Lektiecaféen bruges af 60 børn"],
  },
  { id: "M2", focusArea: "sundhed", goal: "Bedre sundhed blandt beboerne", successCriteria: [] },
];
/** The pool money received in 2017 is 45.000 kr. less than approved: that much goes back to the pool at close. */
const poolShortfallOre = parseKroner(45_000);

/** The report of `year`: the approved amounts, with some variance, the financing received and both goals. */
function reportOf(year: number): AnnualReport {
  const key = String(year);
  const spending = demoPlan.budget.expenses.map((line, index) => ({
    focusArea: line.focusArea,
    category: line.category,
    activity: line.activity,
    // Lektiecafé 2015: 10.000,50 kr. over; Familiekoordinator 2016: 12.345,67 kr. under.
    actualOre:
      (line.amountsOre[key] ?? 0) +
      (index === 1 && year === 2015 ? 1_000_050 : 0) -
      (index === 0 && year === 2016 ? 1_234_567 : 0),
  }));
  return {
    year,
    spending,
    financingReceived: demoPlan.budget.financing.map((row) => ({
      source: row.source,
      actualOre: (row.amountsOre[key] ?? 0) - (row.source === "kommunePulje" && year === 2017 ? poolShortfallOre : 0),
    })),
    goals: [
      { goalId: "M1", status: year < 2016 ? "delvist" : "opfyldt", comment: `Status ${year}` },
      { goalId: "M2", status: "ikke_opfyldt", comment: "" },
    ],
  };
}

/** Comma-separated values with quoted fields (which may hold commas and line breaks), as LibreOffice writes them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char === '"' && text[at + 1] === '"') field += text[++at];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\n") {
      rows.push([...row, field]);
      row = [];
      field = "";
    } else if (char !== "\r") field += char;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Every sheet of an .xlsx as rows of cell texts: LibreOffice's CSV of each sheet, raw values. */
async function sheetsByLibreOffice(file: string, folder: string, sheets: string[]): Promise<Map<string, string[][]>> {
  await promisify(execFile)(
    libreOffice ?? "",
    [
      `-env:UserInstallation=${pathToFileURL(join(folder, "profile")).href}`,
      "--headless",
      "--convert-to",
      "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
      "--outdir",
      folder,
      file,
    ],
    { timeout: 120_000 },
  );
  const base = file.replace(/\.xlsx$/, "");
  const entries = await Promise.all(
    sheets.map(async (sheet) => [sheet, parseCsv(await readFile(`${base}-${sheet}.csv`, "utf8"))] as const),
  );
  return new Map(entries);
}

/** Every sheet of an .xlsx as rows of cell texts, read with exceljs (numbers as JavaScript writes them). */
async function sheetsByExceljs(file: string): Promise<Map<string, string[][]>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets = new Map<string, string[][]>();
  workbook.eachSheet((sheet) => {
    const rows: string[][] = [];
    for (let row = 1; row <= sheet.rowCount; row++) {
      const cells: string[] = [];
      for (let column = 1; column <= sheet.columnCount; column++) {
        const value = sheet.getCell(row, column).value;
        cells.push(typeof value === "number" ? String(value) : sheet.getCell(row, column).text);
      }
      rows.push(cells);
    }
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

/** A percent cell as its fraction: LibreOffice writes a percent-formatted cell as `-2.74%`, exceljs as `-0.0274`. */
const fractionOf = (text: string | undefined) => (text?.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text));

/** A figure of the export (kroner as a spreadsheet number) in øre. */
const oreOf = (text: string | undefined) => parseKroner(Number(text));

for (const dialect of serviceDialects()) {
  describe(`report: the whole way of a plan [${dialect.name}]`, () => {
    let service: RunningService;
    let folder: string;
    let now = new Date("2014-02-03T09:00:00Z");
    const run = (args: string[]) =>
      helhedsplan(args, {
        cwd: folder,
        env: { HELHEDSPLAN_URL: service.baseUrl, HELHEDSPLAN_TOKEN: service.adminToken },
      });
    const path = (name: string) => join(folder, name);

    beforeAll(async () => {
      [service, folder] = await Promise.all([
        dialect.start({ clock: () => now }),
        mkdtemp(join(tmpdir(), "helhedsplan-report-")),
      ]);
    });
    afterAll(async () => {
      await service?.stop();
      await rm(folder, { recursive: true, force: true });
    });

    it("draft → approved → four reports pushed from workbooks → closed, the pool money back to the øre → overview → export", async () => {
      const admin = service.admin;
      const reference = await admin.reference.get();

      // Draft with its budget, pushed from a workbook; then the goals.
      await writeFile(path("plan.xlsx"), await writeTemplate(demoPlan, { reference }));
      const created = await run(["push", "plan.xlsx"]);
      expect(created.code, created.stderr).toBe(0);
      const planId = (await readWorkbook(path("plan.xlsx"))).planId!;
      expect(planId).toMatch(/^[0-9a-f-]{36}$/);
      await admin.plans.putGoals(planId, { goals }, { ifMatch: 1 });

      // Submitted, then the committee and the council: approved, the pool money committed.
      const poolBefore = await admin.pools.get("budget-2012");
      await admin.plans.submit(planId);
      for (const body of ["committee", "council"] as const) {
        await admin.plans.decide(planId, {
          body,
          outcome: "approved",
          decidedOn: "2014-03-01",
          reference: `${body === "committee" ? "Socialudvalget" : "Borgerrepræsentationen"}, pkt. 7`,
        });
      }
      const approvedPlan = (await admin.plans.get(planId)).data;
      expect(approvedPlan).toMatchObject({ status: "approved", approvedVersion: 2 });
      const poolMoney = parseKroner(900_000);
      const poolApproved = await admin.pools.get("budget-2012");
      expect(poolApproved.committedOre - poolBefore.committedOre).toBe(poolMoney);
      expect(poolApproved.availableOre).toBe(poolBefore.availableOre - poolMoney);

      // A report per year of the period, each from its own workbook: validated, then pushed.
      for (const year of years) {
        const file = `redegoerelse-${year}.xlsx`;
        const report = reportOf(year);
        await writeFile(path(file), await writeTemplate(demoPlan, { reference, planId, version: 2, goals, report }));
        const validated = await run(["report", "validate", file]);
        expect(validated.code, validated.stdout).toBe(0);
        const pushed = await run(["report", "push", file]);
        expect(pushed.code, pushed.stderr).toBe(0);
        expect(pushed.stdout).toContain(`Gemte redegørelsen for ${year} som version 1`);
        expect(pushed.stdout).toContain(`Skrev redegørelsens version 1 i ${file} (Regnskab!D1).`);
        if (year === 2015) {
          // The overspent line is a warning at its cell; the report is stored with it.
          expect(pushed.stdout).toMatch(/Regnskab!D5 +advarsel +Forbrugslinje 2/);
          // The stamped workbook again: nothing new is stored.
          const again = await run(["report", "push", file]);
          expect(again.stdout).toContain("Intet at sende");
          expect((await admin.plans.getReport(planId, 2015)).version).toBe(1);
        }
      }

      // Closing: refused inside the period by the service's clock, done after it.
      now = new Date("2017-12-31T12:00:00Z");
      await expect(admin.plans.close(planId)).rejects.toMatchObject({ status: 409 });
      now = new Date("2018-01-02T09:00:00Z");
      expect(await admin.plans.close(planId)).toMatchObject({ status: "closed" });
      const poolClosed = await admin.pools.get("budget-2012");
      expect(poolClosed.committedOre).toBe(poolApproved.committedOre - poolShortfallOre);
      expect(poolClosed.availableOre).toBe(poolApproved.availableOre + poolShortfallOre);
      const closedPush = await run(["report", "push", "redegoerelse-2017.xlsx"]);
      expect(closedPush.code).toBe(1);
      expect(closedPush.stderr).toContain("afsluttet");

      // The overview shows the plan's variance, the service's own figures.
      const stored = await Promise.all(years.map(async (year) => (await admin.plans.getReport(planId, year)).data));
      const summary = await admin.reports.summary();
      const item = summary.items.find((candidate) => candidate.planId === planId);
      const sumOf = (figures: number[]) => figures.reduce((total, figure) => total + figure, 0);
      expect(item).toMatchObject({
        approvedOre: sumOf(stored.map((report) => report.variance.year.approvedOre)),
        actualOre: sumOf(stored.map((report) => report.variance.year.actualOre)),
        varianceOre: 1_000_050 - 1_234_567,
        goalsMet: 1,
        goalsTotal: 2,
      });
      const year2016 = (await admin.reports.summary({ year: 2016 })).items.find((entry) => entry.planId === planId);
      expect(year2016?.varianceOre).toBe(-1_234_567);

      // The export of 2016, opened by a spreadsheet program: its figures are the service's.
      const exported = await run(["report", "export", planId, "--year", "2016", "-o", "lbf-2016.xlsx"]);
      expect(exported.code, exported.stderr).toBe(0);
      noStackTrace(exported);
      const report2016 = stored[2]!;
      const readers: [string, () => Promise<Map<string, string[][]>>][] = [
        ["exceljs", () => sheetsByExceljs(path("lbf-2016.xlsx"))],
      ];
      if (libreOffice && dialect.name === "pglite") {
        readers.push([
          "LibreOffice",
          () => sheetsByLibreOffice(path("lbf-2016.xlsx"), folder, ["Mål", "Forbrug", "Finansiering"]),
        ]);
      }
      for (const [reader, read] of readers) {
        const sheets = await read();
        expect([...sheets.keys()].slice(0, 3), reader).toEqual(["Mål", "Forbrug", "Finansiering"]);
        const spending = sheets.get("Forbrug")!;
        expect(spending[3]?.slice(0, 7), reader).toEqual([
          "Indsatsområde",
          "Kategori",
          "Aktivitet",
          "Godkendt (kr.)",
          "Forbrug (kr.)",
          "Afvigelse (kr.)",
          "Afvigelse (%)",
        ]);
        report2016.variance.lines.forEach((line, index) => {
          const row = spending[4 + index]!;
          expect(row[2], reader).toBe(line.activity);
          expect([oreOf(row[3]), oreOf(row[4]), oreOf(row[5])], `${reader} ${line.activity}`).toEqual([
            line.approvedOre,
            line.actualOre,
            line.varianceOre,
          ]);
          expect(fractionOf(row[6]) * 100, `${reader} ${line.activity} %`).toBeCloseTo(line.variancePct ?? 0, 9);
        });
        const totals = spending[4 + report2016.variance.lines.length]!;
        expect(totals[0]).toBe("I alt");
        expect([oreOf(totals[3]), oreOf(totals[4]), oreOf(totals[5])], reader).toEqual([
          year2016!.approvedOre,
          year2016!.actualOre,
          year2016!.varianceOre,
        ]);
        const financing = sheets.get("Finansiering")!;
        const pool = financing.find((row) => row[0] === "Kommunen – puljen");
        expect(oreOf(pool?.[2]), reader).toBe(parseKroner(225_000));
        const goalRows = sheets.get("Mål")!;
        expect(
          goalRows.slice(4, 6).map((row) => [row[0], row[4]]),
          reader,
        ).toEqual([
          ["M1", "Opfyldt"],
          ["M2", "Ikke opfyldt"],
        ]);
      }
      expect(kronerNumber(year2016!.varianceOre)).toBe(-12_345.67);
    }, 240_000);

    it("report validate and push on bad workbooks: cells and exit codes as validate and push", async () => {
      const admin = service.admin;
      const reference = await admin.reference.get();
      const { budget, ...header } = demoPlan;
      const plan = await admin.plans.create({ ...header, name: "Konflikt" });
      await admin.plans.putBudget(plan.id, budget, { ifMatch: 0 });
      await admin.plans.putGoals(plan.id, { goals }, { ifMatch: 1 });

      // Not approved: refused with the plan's state, exit 1.
      const report = reportOf(2015);
      await writeFile(
        path("kladde.xlsx"),
        await writeTemplate(demoPlan, { reference, planId: plan.id, version: 2, goals, report }),
      );
      const draft = await run(["report", "push", "kladde.xlsx"]);
      expect(draft.code).toBe(1);
      expect(draft.stderr).toContain("ingen godkendt version");

      // Offline: a year outside the period is an error at the year's header, exit 1; --json as validate has it.
      await writeFile(
        path("udenfor.xlsx"),
        await writeTemplate(demoPlan, { goals, report: { ...report, year: 2019 } }),
      );
      const outside = await run(["report", "validate", "udenfor.xlsx", "--json"]);
      expect(outside.code).toBe(1);
      const json = JSON.parse(outside.stdout) as { files: { findings: unknown[] }[] };
      expect(json.files[0]?.findings).toMatchObject([
        { ruleId: "report.year-outside-period", cell: "Regnskab!D3", severity: "error" },
      ]);
      const missing = await run(["report", "validate", "findes-ikke.xlsx"]);
      expect(missing.code).toBe(2);

      // A colleague's newer report: exit 3 with the differing cells, nothing stored; --resolve mine saves.
      await admin.plans.submit(plan.id);
      for (const body of ["committee", "council"] as const) {
        await admin.plans.decide(plan.id, { body, outcome: "approved", decidedOn: "2014-03-01", reference: "pkt. 1" });
      }
      await writeFile(
        path("min.xlsx"),
        await writeTemplate(demoPlan, { reference, planId: plan.id, version: 2, goals, report }),
      );
      await admin.plans.putReport(
        plan.id,
        { ...report, goals: [{ goalId: "M1", status: "opfyldt", comment: "" }] },
        { ifMatch: 0 },
      );
      const conflict = await run(["report", "push", "min.xlsx"]);
      expect(conflict.code).toBe(3);
      expect(conflict.stderr).toMatch(/Regnskab!C25 +Målet M1, status 2015 +Delvist: Status 2015 +Opfyldt/);
      expect((await admin.plans.getReport(plan.id, 2015)).version).toBe(1);
      const mine = await run(["report", "push", "min.xlsx", "--resolve", "mine"]);
      expect(mine.code, mine.stderr).toBe(0);
      expect((await admin.plans.getReport(plan.id, 2015)).version).toBe(2);
    }, 120_000);
  });
}
