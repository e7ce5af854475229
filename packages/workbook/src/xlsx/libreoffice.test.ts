import { demoPlan } from "@helhedsplan/demo";
import { parseKroner, type AnnualReport, type PlanInput } from "@helhedsplan/rules";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { copyOf, demoGoals, demoReport } from "../test-helpers";
import { writeTemplate } from "./write-template";

const libreOffice = process.env.LIBREOFFICE_BIN;
const title = "to the same I alt and totals as the plan's sums";

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

/** A number LibreOffice computed, as øre (its last-digit float noise is within parseKroner's tolerance). */
const oreOf = (text: string | undefined) => parseKroner(Number(text));
const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

/** The demo plan with amounts in øre, so the formulas add decimals too. */
function planWithOre(): PlanInput {
  const plan = copyOf(demoPlan);
  plan.budget.expenses[0]!.amountsOre["2014"] = 45_000_037;
  plan.budget.expenses[3]!.amountsOre["2016"] = 15_000_099;
  plan.budget.financing[2]!.amountsOre["2015"] = 19_000_001;
  return plan;
}

/** The demo report with amounts in øre, so the totals rows add decimals too. */
function reportWithOre(): AnnualReport {
  const report = demoReport();
  report.spending[0]!.actualOre = 44_999_963;
  report.spending[4]!.actualOre = 8_000_071;
  report.financingReceived[2]!.actualOre = 19_000_001;
  return report;
}

describe("LibreOffice Calc, an independent spreadsheet program, computes the template's formulas", () => {
  // LibreOffice comes from Debian through the test command (scripts/test.sh sets LIBREOFFICE_BIN); where it
  // could not be installed this one cross-check cannot run, and says so.
  it.skipIf(!libreOffice)(
    libreOffice ? title : `${title} — skipped: LIBREOFFICE_BIN is not set (LibreOffice is not installed here)`,
    async () => {
      const folder = await mkdtemp(join(tmpdir(), "helhedsplan-libreoffice-"));
      try {
        const plan = planWithOre();
        const file = join(folder, "plan.xlsx");
        const report = reportWithOre();
        await writeFile(file, await writeTemplate(plan, { goals: demoGoals, report }));
        // Every sheet to its own CSV (the last filter token, -1), raw values; a profile of its own so parallel runs do not collide.
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
        const budget = parseCsv(await readFile(join(folder, "plan-Budget.csv"), "utf8"));
        const cell = (rows: string[][], row: number, column: number) => rows[row - 1]?.[column - 1];
        const years = ["2014", "2015", "2016", "2017"];

        plan.budget.expenses.forEach((line, index) => {
          expect(oreOf(cell(budget, 4 + index, 8)), `I alt of line ${index + 1}`).toBe(
            sum(years.map((year) => line.amountsOre[year] ?? 0)),
          );
        });
        years.forEach((year, index) => {
          expect(oreOf(cell(budget, 14, 4 + index)), `expenses ${year}`).toBe(
            sum(plan.budget.expenses.map((line) => line.amountsOre[year] ?? 0)),
          );
          expect(oreOf(cell(budget, 21, 2 + index)), `financing ${year}`).toBe(
            sum(plan.budget.financing.map((row) => row.amountsOre[year] ?? 0)),
          );
        });
        const frame = sum(plan.budget.expenses.flatMap((line) => years.map((year) => line.amountsOre[year] ?? 0)));
        const financing = sum(plan.budget.financing.flatMap((row) => years.map((year) => row.amountsOre[year] ?? 0)));
        expect(oreOf(cell(budget, 14, 8))).toBe(frame);
        expect(oreOf(cell(budget, 21, 6))).toBe(financing);

        const overview = parseCsv(await readFile(join(folder, "plan-Overblik.csv"), "utf8"));
        const figure = (label: string) => overview.find((row) => row[0] === label)?.[1];
        const municipal = sum(
          plan.budget.financing
            .filter((row) => row.source === "kommunePulje")
            .flatMap((row) => years.map((year) => row.amountsOre[year] ?? 0)),
        );
        expect(oreOf(figure("Samlet økonomisk ramme (udgifter i alt)"))).toBe(frame);
        expect(oreOf(figure("Finansiering i alt"))).toBe(financing);
        expect(oreOf(figure("Kommunal medfinansiering"))).toBe(municipal);
        expect(oreOf(figure("Heraf fra puljen"))).toBe(municipal);
        expect(Number(figure("Kommunal andel af rammen")?.replace("%", ""))).toBeCloseTo((100 * municipal) / frame, 9);
        expect(figure("Inden for loftet")).toBe("Ja");
        expect(figure("Periode")).toBe("2014–2017");

        // The Regnskab sheet's totals rows: the year's spending and the money received.
        const accounts = parseCsv(await readFile(join(folder, "plan-Regnskab.csv"), "utf8"));
        expect(oreOf(cell(accounts, 14, 4)), "Forbrug I alt").toBe(sum(report.spending.map((line) => line.actualOre)));
        expect(oreOf(cell(accounts, 21, 2)), "Modtaget I alt").toBe(
          sum(report.financingReceived.map((row) => row.actualOre)),
        );
        expect(cell(accounts, 26, 3)).toBe("Delvist");
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
