import { demoPlan, demoPlanTingbjerg } from "@helhedsplan/demo";
import type { PlanInput } from "@helhedsplan/rules";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, helhedsplan, noStackTrace } from "./run-cli";

interface JsonReport {
  files: (
    | {
        file: string;
        findings: { ruleId: string; severity: string; message: string; path: (string | number)[]; cell: string }[];
      }
    | { file: string; findings: []; error: string; reason: string }
  )[];
}

describe("helhedsplan", () => {
  let folder: string;
  const run = (args: string[], env?: NodeJS.ProcessEnv) => helhedsplan(args, { cwd: folder, ...(env ? { env } : {}) });
  const writePlan = async (name: string, plan: unknown) => writeFile(join(folder, name), JSON.stringify(plan, null, 2));
  /** A demo plan whose 2015 expenses are 0,01 kr. more than its financing: one error finding. */
  const unbalanced: PlanInput = structuredClone(demoPlan);
  unbalanced.budget.expenses[0]!.amountsOre["2015"] = 45_000_001;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "helhedsplan-cli-"));
    await writePlan("plan.json", demoPlanTingbjerg);
    await writePlan("unbalanced.json", unbalanced);
    await writePlan("five-years.json", { ...demoPlan, periodEnd: 2018 });
    expect((await run(["template", "--demo", "-o", "demo.xlsx"])).code).toBe(0);
    expect((await run(["template", "--plan", "unbalanced.json", "-o", "unbalanced.xlsx"])).code).toBe(0);
    await writeFile(join(folder, "budget.xlsx"), "Indsatsområde;Kategori;2014\nSundhed;Løn;1000\n");
    const demo = await readFile(join(folder, "demo.xlsx"));
    await writeFile(join(folder, "truncated.xlsx"), demo.subarray(0, Math.floor(demo.length / 2)));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  describe("--help", () => {
    it.each([[[]], [["template"]], [["validate"]]])("on %j", async (command) => {
      const result = await run([...command, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: helhedsplan/);
    });

    it("documents the exit codes of validate", async () => {
      expect((await run(["validate", "--help"])).stdout).toMatch(
        /0 ingen fejl.*1 en fil har fejl.*2 en fil kunne ikke læses/s,
      );
    });
  });

  describe("template", () => {
    it("writes a blank template named helhedsplan.xlsx by default, which validate finds unfilled", async () => {
      const written = await run(["template"]);
      expect(written).toMatchObject({ code: 0, stdout: "Skrev helhedsplan.xlsx: tom skabelon.\n" });
      const checked = await run(["validate", "helhedsplan.xlsx"]);
      expect(checked.code).toBe(1);
      expect(checked.stdout).toMatch(
        /Plan!B9 +fejl +Plan!B9 \(Udsat boligområde\): Cellen er tom; skriv Ja eller Nej\./,
      );
    });

    it("fills a template from plan.json; the workbook validates clean", async () => {
      const written = await run(["template", "--plan", "plan.json", "-o", "tingbjerg.xlsx"]);
      expect(written.code).toBe(0);
      expect(written.stdout).toMatch(/udfyldt med "Boligsocial helhedsplan Tingbjerg 2014–2017"/);
      const checked = await run(["validate", "tingbjerg.xlsx"]);
      expect(checked).toMatchObject({
        code: 0,
        stdout: "tingbjerg.xlsx: ingen fund\n\n1 fil: 1 uden fejl, 0 med fejl; 0 fejl og 0 advarsler i alt.\n",
      });
    });

    it("refuses to overwrite a file unless told to", async () => {
      const refused = await run(["template", "--demo", "-o", "demo.xlsx"]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(
        "helhedsplan: demo.xlsx findes allerede; vælg et andet navn med -o, eller overskriv med --force.\n",
      );
      expect((await run(["template", "--demo", "-o", "demo.xlsx", "--force"])).code).toBe(0);
    });

    it("a plan.json that is missing, not JSON or not a plan: a clear message and exit 2", async () => {
      await writeFile(join(folder, "broken.json"), "{ name: Mjølnerparken");
      await writePlan("not-a-plan.json", { ...demoPlan, periodStart: "2014", budget: undefined });
      const missing = await run(["template", "--plan", "missing.json", "-o", "x.xlsx"]);
      const broken = await run(["template", "--plan", "broken.json", "-o", "x.xlsx"]);
      const notAPlan = await run(["template", "--plan", "not-a-plan.json", "-o", "x.xlsx"]);
      expect([missing.code, broken.code, notAPlan.code]).toEqual([2, 2, 2]);
      expect(missing.stderr).toBe("helhedsplan: missing.json findes ikke (file not found).\n");
      expect(broken.stderr).toMatch(/^helhedsplan: broken\.json er ikke gyldig JSON: /);
      expect(notAPlan.stderr).toMatch(
        /^helhedsplan: not-a-plan\.json er ikke en plan \(PlanInput\), som skabelonen kan udfyldes med:\n {2}budget: .+\n {2}periodStart: .+\n$/,
      );
      for (const result of [missing, broken, notAPlan]) noStackTrace(result);
      await expect(access(join(folder, "x.xlsx"))).rejects.toThrow();
    });

    it("refuses a bad option value with exit 2", async () => {
      const result = await run(["template", "--first-year", "20", "-o", "y.xlsx"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--first-year/);
    });
  });

  describe("validate", () => {
    it("exit 0 when no file has errors, warnings allowed", async () => {
      expect((await run(["template", "--plan", "five-years.json", "-o", "five-years.xlsx"])).code).toBe(0);
      const result = await run(["validate", "demo.xlsx", "five-years.xlsx"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        /^demo\.xlsx: ingen fund\nfive-years\.xlsx: 0 fejl, 1 advarsel\n {2}Plan!B12 +advarsel +.+\n\n2 filer: 2 uden fejl, 0 med fejl; 0 fejl og 1 advarsel i alt\.\n$/,
      );
      expect(result.stderr).toBe("");
    });

    it("exit 1 when a file has an error finding, with the cell, severity and Danish message", async () => {
      const result = await run(["validate", "unbalanced.xlsx"]);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(
        "unbalanced.xlsx: 1 fejl, 0 advarsler\n" +
          "  Budget!C21  fejl  I 2015 er finansieringen 1.900.000,00 kr., men udgifterne er 1.900.000,01 kr.; øg finansieringen med 0,01 kr. eller sænk udgifterne tilsvarende, så budgettet balancerer.\n" +
          "\n1 fil: 0 uden fejl, 1 med fejl; 1 fejl og 0 advarsler i alt.\n",
      );
    });

    it("exit 2 for a file that cannot be read at all, one line each, never a stack trace", async () => {
      for (const file of ["missing.xlsx", "budget.xlsx", "truncated.xlsx"]) {
        const result = await run(["validate", file]);
        expect(result.code, file).toBe(2);
        expect(result.stdout.split("\n")[0]).toMatch(
          new RegExp(`^${file.replace(".", "\\.")}: kan ikke læses – [^\\n]+$`),
        );
        noStackTrace(result);
      }
      expect((await run(["validate", "budget.xlsx"])).stdout).toMatch(/ikke en Excel-arbejdsbog \(\.xlsx\)/);
      expect((await run(["validate", "truncated.xlsx"])).stdout).toMatch(/beskadiget eller afkortet/);
    });

    it("2 wins over 1", async () => {
      const result = await run(["validate", "unbalanced.xlsx", "truncated.xlsx", "demo.xlsx"]);
      expect(result.code).toBe(2);
      expect(result.stdout).toMatch(
        /\n3 filer: 1 uden fejl, 1 med fejl, 1 kunne ikke læses; 1 fejl og 0 advarsler i alt\.\n$/,
      );
    });

    it("--json prints {files: [{file, findings: [{ruleId, severity, message, path, cell}]}]}, an unreadable file with findings [] plus error and reason", async () => {
      const result = await run(["validate", "--json", "unbalanced.xlsx", "missing.xlsx", "demo.xlsx"]);
      expect(result.code).toBe(2);
      const report = JSON.parse(result.stdout) as JsonReport;
      expect(report).toEqual({
        files: [
          {
            file: "unbalanced.xlsx",
            findings: [
              {
                ruleId: "budget.unbalanced",
                severity: "error",
                message: expect.stringMatching(/^I 2015 er finansieringen/) as unknown,
                path: ["budget", "financing", "2015"],
                cell: "Budget!C21",
              },
            ],
          },
          { file: "missing.xlsx", findings: [], error: "Filen findes ikke (file not found).", reason: "missing" },
          { file: "demo.xlsx", findings: [] },
        ],
      });
    });

    it("shows no progress bar when stderr is no terminal", async () => {
      const result = await run(["validate", "demo.xlsx", "demo.xlsx", "demo.xlsx"]);
      expect(result).toMatchObject({ code: 0, stderr: "" });
    });

    it("without a file: a usage error, exit 2", async () => {
      const result = await run(["validate"]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/missing required argument/);
    });
  });

  it("run through pnpm's script (the root's `pnpm helhedsplan`), relative paths mean the caller's folder", async () => {
    const result = await helhedsplan(["template", "--demo", "-o", "via-pnpm.xlsx"], {
      cwd: appDir,
      env: { npm_lifecycle_event: "helhedsplan", INIT_CWD: folder },
    });
    expect(result.code).toBe(0);
    await access(join(folder, "via-pnpm.xlsx"));
  });
});
