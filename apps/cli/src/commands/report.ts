// `helhedsplan report validate|push|export`: the yearly report (årlig redegørelse). `validate` checks a
// workbook's Regnskab sheet against the plan in the same workbook (offline); `push` sends it through
// the sync engine's `pushReport` and stamps the report's version in Regnskab!D1; `export` writes the
// year's report as a workbook an LBF officer reads without the add-in.
import { statusName } from "@helhedsplan/api";
import { defaultReference, type Reference } from "@helhedsplan/rules";
import {
  planInputOf,
  pushReport,
  reportVersionCell,
  type ReportConflictCell,
  type ReportPushResult,
} from "@helhedsplan/sync";
import {
  gridToGoals,
  gridToPlan,
  layout,
  validateReportWorkbook,
  validateWorkbook,
  type Grids,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { readWorkbookGrids } from "@helhedsplan/workbook/xlsx";
import { InvalidArgumentError, Option, type Command } from "commander";
import ExcelJS from "exceljs";
import { parsePlanId } from "../arguments";
import { clientOf, connectionOf, withConnectionOptions, type ConnectionFlags } from "../connection";
import { CommandFailure, exitCodes, type ExitCode } from "../exit-codes";
import { exportWorkbook } from "../export-workbook";
import { writeOutput } from "../output-file";
import { exitCodeOf, fileHeading, fileResult, findingLines, jsonReport, textReport, type FileResult } from "../report";
import { readWorkbookFile, writeCells } from "../workbook-file";

/**
 * Every finding of a workbook's Regnskab sheet against the plan in the same workbook (its Plan and Budget sheets and its
 * Mål sheet, when it has one). A plan that cannot be read is reported by its own errors: no report is judged without it.
 */
export function reportFindings(grids: Grids, reference: Reference = defaultReference): WorkbookFinding[] {
  const read = gridToPlan(grids, reference);
  if (read.plan === null) {
    return validateWorkbook(grids, reference).filter((finding) => finding.severity === "error");
  }
  const hasGoals = grids.tables.some((table) => table.name === layout.tables.goals.name);
  const goalsRead = hasGoals ? gridToGoals(grids, reference) : { goals: [], findings: [] };
  if (goalsRead.goals === null) return goalsRead.findings;
  return validateReportWorkbook(grids, reference, { plan: read.plan, goals: goalsRead.goals });
}

const validateFile = (file: string): Promise<FileResult> =>
  fileResult(file, async () => reportFindings(await readWorkbookGrids(file)));

async function runValidate(files: string[], options: { json?: boolean }) {
  const results: FileResult[] = [];
  for (const file of files) results.push(await validateFile(file));
  console.log(options.json ? jsonReport(results) : textReport(results));
  process.exitCode = exitCodeOf(results);
}

/** The value of the report version cell (`Regnskab!D1`) in a workbook file; undefined when the sheet or cell is absent. */
export async function reportVersionValue(bytes: Buffer): Promise<string | number | boolean | undefined> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const value = workbook.getWorksheet(reportVersionCell.sheet)?.getCell(reportVersionCell.address).value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object" && "result" in value) {
    const result = value.result;
    return typeof result === "string" || typeof result === "number" || typeof result === "boolean" ? result : "#FEJL";
  }
  // A date, rich text or hyperlink is no version number: shown as the cell's text, the engine refuses it.
  return sheetText(workbook, reportVersionCell.sheet, reportVersionCell.address);
}

function sheetText(workbook: ExcelJS.Workbook, sheet: string, address: string): string {
  return workbook.getWorksheet(sheet)?.getCell(address).text ?? "";
}

/** The differing cells as an aligned table: cell, what, the workbook's value, the service's. */
export function reportConflictTable(conflicts: readonly ReportConflictCell[]): string {
  const rows = [
    ["Celle", "Hvad", "Din værdi", "Tjenestens"],
    ...conflicts.map((c) => [c.cell, c.what, c.mine, c.theirs]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => `  ${row.map((text, column) => text.padEnd(widths[column]!)).join("  ")}`.trimEnd())
    .join("\n");
}

function pushExitCode(result: ReportPushResult): ExitCode {
  switch (result.kind) {
    case "saved":
      return exitCodes.ok;
    case "conflict":
      return exitCodes.conflict;
    case "unavailable":
      return exitCodes.failure;
    case "refused":
      return result.reason === "unauthorized" || result.reason === "forbidden" || result.reason === "not-found"
        ? exitCodes.failure
        : exitCodes.findings;
  }
}

async function runPush(file: string, flags: ConnectionFlags & { resolve?: "mine" }) {
  const connection = connectionOf(flags);
  const workbook = await readWorkbookFile(file);
  const reportVersion = await reportVersionValue(workbook.bytes);
  const result = await pushReport(clientOf(connection), workbook.grids, {
    ...(reportVersion === undefined ? {} : { reportVersion }),
    ...(flags.resolve ? { resolve: flags.resolve } : {}),
  });
  if ("findings" in result && result.findings.length > 0) {
    console.log([fileHeading(file, result.findings), ...findingLines(result.findings)].join("\n"));
  }
  if (result.kind === "conflict") {
    throw new CommandFailure(
      `${result.message}\n${reportConflictTable(result.conflicts)}\nSend med --resolve mine for at gemme dine tal oven på tjenestens.`,
      exitCodes.conflict,
    );
  }
  let written: string | null = null;
  const writes = [...result.writes, ...result.stamps];
  if (writes.length > 0) {
    const notWritten = await writeCells(workbook, writes);
    if (notWritten !== null) {
      throw new CommandFailure(
        `${result.message}\n${file} er ikke opdateret (${notWritten}); skriv versionen ${result.kind === "saved" ? result.version : ""} i ${reportVersionCell.sheet}!${reportVersionCell.address} selv.`,
        exitCodes.failure,
      );
    }
    if (result.kind === "saved") {
      written = `Skrev redegørelsens version ${result.version} i ${file} (${reportVersionCell.sheet}!${reportVersionCell.address}).`;
    }
  }
  const hint =
    result.kind === "unavailable" && result.planId === null
      ? " Tjek --url/HELHEDSPLAN_URL, og at tjenesten kører."
      : result.kind === "refused" && result.reason === "unauthorized"
        ? " Tjek --token/HELHEDSPLAN_TOKEN."
        : "";
  const text = [result.message + hint, written].filter((line) => line !== null).join("\n");
  const code = pushExitCode(result);
  if (code !== exitCodes.ok) throw new CommandFailure(text, code);
  console.log(text);
}

interface ExportFlags extends ConnectionFlags {
  year: number;
  output: string;
  force?: boolean;
}

function parseYear(value: string): number {
  if (!/^[0-9]{4}$/.test(value.trim())) throw new InvalidArgumentError("et år skrives med fire cifre, fx 2015.");
  return Number(value.trim());
}

/** A client call whose failure is one line and exit code 2 (the service's own Danish detail when it has one). */
async function fetched<T>(run: () => Promise<T>, what: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const problem = (error as { problem?: { detail?: string } | null; status?: number }).problem;
    const status = (error as { status?: number }).status;
    if (status === 404) throw new CommandFailure(`${what} findes ikke, eller du har ikke adgang til den (404).`);
    throw new CommandFailure(
      `${what} kunne ikke hentes: ${problem?.detail ?? (error instanceof Error ? error.message : String(error))}`,
    );
  }
}

async function runExport(planId: string, flags: ExportFlags) {
  const client = clientOf(connectionOf(flags));
  const reference = await fetched(() => client.reference.get(), "Referencedata");
  const plan = (await fetched(() => client.plans.get(planId), "Planen")).data;
  if (plan.approvedVersion === null) {
    throw new CommandFailure(
      `Planen "${plan.name}" er ${statusName(plan.status)} og har ingen godkendt version, så den har ingen redegørelser.`,
    );
  }
  const approvedNumber = plan.approvedVersion;
  const version = await fetched(() => client.plans.version(planId, approvedNumber), "Den godkendte version");
  const report = await fetched(() => client.plans.getReport(planId, flags.year), `Redegørelsen for ${flags.year}`);
  const bytes = await exportWorkbook({
    plan,
    approved: {
      version: approvedNumber,
      plan: planInputOf(version, reference),
      goals: version.goals,
    },
    report: report.data,
    reportVersion: report.version,
    reference,
  });
  await writeOutput(flags.output, bytes, flags.force === true);
  console.log(
    `Skrev ${flags.output}: redegørelsen for ${flags.year} (version ${report.version}) for "${plan.name}" – mål, forbrug mod godkendt og modtaget finansiering.`,
  );
}

/** Registers `report` with `validate`, `push` and `export` on the program. Example: `helhedsplan report push plan.xlsx`. */
export function registerReportCommand(program: Command): void {
  const report = program
    .command("report")
    .description(
      "den årlige redegørelse: kontrollér og send arbejdsbogens regnskabsark, eller hent redegørelsen som .xlsx",
    );

  report
    .command("validate")
    .description("kontrollér arbejdsbøgers regnskabsark (Regnskab) mod planen i samme arbejdsbog; hvert fund med celle")
    .argument("<filer...>", "en eller flere .xlsx-filer med arkene Plan, Budget og Regnskab (og Mål)")
    .option("--json", "skriv resultatet som JSON, som validate gør")
    .addHelpText(
      "after",
      "\nKontrollen kører uden tjenesten: den godkendte plan er arbejdsbogens egen, og tidligere års redegørelser kendes ikke." +
        "\nAfslutningskoder: 0 ingen fejl (advarsler er tilladt), 1 en fil har fejl, 2 en fil kunne ikke læses (2 vinder over 1).",
    )
    .action(runValidate);

  withConnectionOptions(
    report
      .command("push")
      .description("send arbejdsbogens redegørelse (arket Regnskab) for planen med arbejdsbogens Plan-ID til tjenesten")
      .argument(
        "<fil.xlsx>",
        `arbejdsbogen; redegørelsens version skrives bagefter i ${reportVersionCell.sheet}!${reportVersionCell.address}`,
      )
      .addOption(
        new Option("--resolve <side>", "mine: gem dine tal oven på en nyere redegørelse på tjenesten").choices([
          "mine",
        ]),
      ),
  )
    .addHelpText(
      "after",
      "\nRedegørelsen kontrolleres mod planens godkendte version og gemmes med If-Match på dens egen version" +
        `\n(${reportVersionCell.sheet}!${reportVersionCell.address}; tom: første gang fra denne arbejdsbog). Har tjenesten en nyere redegørelse, er det en konflikt.` +
        "\nAfslutningskoder: 0 gemt, 1 arbejdsbogen eller tjenesten fandt fejl (eller planen er ikke godkendt)," +
        "\n2 kunne ikke gennemføres (fil, adresse, adgangsnøgle, netværk), 3 konflikt: intet er gemt eller skrevet.",
    )
    .action(runPush);

  withConnectionOptions(
    report
      .command("export")
      .description(
        "hent en plans redegørelse for et år som .xlsx til Landsbyggefonden: mål, forbrug mod godkendt, finansiering",
      )
      .argument("<plan-id>", "planens id (UUID)", parsePlanId)
      .requiredOption("--year <år>", "redegørelsens år, fx 2015", parseYear)
      .requiredOption("-o, --output <fil.xlsx>", "filen, der skrives")
      .option("--force", "overskriv filen, hvis den findes"),
  )
    .addHelpText(
      "after",
      "\nAfslutningskoder: 0 skrevet, 2 kunne ikke gennemføres (plan, år, adresse, adgangsnøgle, fil).",
    )
    .action(runExport);
}
