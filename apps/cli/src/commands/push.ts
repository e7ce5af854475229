// `helhedsplan push plan.xlsx`: the workbook's plan to the sync service through the shared sync
// engine (@helhedsplan/sync). The command only reads the file, prints the engine's answer, writes
// back the cells the engine names (Plan-ID, Version and what came from the server) and exits.
import { pushPlan, type ConflictCell, type PushResult } from "@helhedsplan/sync";
import type { WorkbookFinding } from "@helhedsplan/workbook";
import { writeTemplate } from "@helhedsplan/workbook/xlsx";
import { Option, type Command } from "commander";
import { basename, dirname, extname, join } from "node:path";
import { clientOf, connectionOf, withConnectionOptions, type ConnectionFlags } from "../connection";
import { CommandFailure, exitCodes, type ExitCode } from "../exit-codes";
import { writeOutput } from "../output-file";
import { fileHeading, findingLines } from "../report";
import { readWorkbookFile, writeCells, type WorkbookFile } from "../workbook-file";

interface PushFlags extends ConnectionFlags {
  resolve?: "mine" | "theirs";
}

function printFindings(file: string, findings: readonly WorkbookFinding[]) {
  if (findings.length > 0) console.log([fileHeading(file, findings), ...findingLines(findings)].join("\n"));
}

/** The conflicts as an aligned table: cell, what, base, mine, server. */
export function conflictTable(conflicts: readonly ConflictCell[]): string {
  const rows = [
    ["Celle", "Hvad", "Grundlag", "Din værdi", "Tjenestens"],
    ...conflicts.map((c) => [c.cell, c.what, c.base, c.mine, c.theirs]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) => `  ${row.map((text, column) => text.padEnd(widths[column]!)).join("  ")}`.trimEnd())
    .join("\n");
}

function exitCodeOf(result: PushResult): ExitCode {
  switch (result.kind) {
    case "created":
    case "saved":
    case "merged":
      return exitCodes.ok;
    case "conflict":
      return exitCodes.conflict;
    case "unavailable":
      return exitCodes.failure;
    case "partly-saved":
      return exitCodes.findings;
    case "refused":
      return result.reason === "unauthorized" || result.reason === "forbidden" || result.reason === "not-found"
        ? exitCodes.failure
        : exitCodes.findings;
  }
}

/** What the command line adds to the engine's sentence: which flag to check. */
function hintOf(result: PushResult): string {
  if (result.kind === "unavailable" && result.planId === null)
    return " Tjek --url/HELHEDSPLAN_URL, og at tjenesten kører.";
  if (result.kind === "refused" && result.reason === "unauthorized") return " Tjek --token/HELHEDSPLAN_TOKEN.";
  return "";
}

/** A file next to `file` for a plan that no longer fits it: `plan.xlsx` → `plan-v7.xlsx`. */
function relaidFile(file: string, version: number): string {
  const extension = extname(file) || ".xlsx";
  return join(dirname(file), `${basename(file, extension)}-v${version}${extension}`);
}

/** Writes what the engine says into the file (or, when the plan no longer fits it, a new file); the sentence that says what was written. */
async function writeBack(workbook: WorkbookFile, result: PushResult): Promise<string | null> {
  const version = "version" in result ? result.version : null;
  const planId = "planId" in result ? result.planId : null;
  if (result.relayout !== null && version !== null && planId !== null) {
    const relaid = relaidFile(workbook.file, version);
    await writeOutput(
      relaid,
      await writeTemplate(result.relayout.plan, {
        planId,
        version,
        reference: result.relayout.reference,
        pools: result.relayout.pools,
        ...(result.relayout.goals === undefined ? {} : { goals: result.relayout.goals }),
      }),
      false,
    );
    return `Version ${version} passer ikke ind i ${workbook.file} (${result.relayout.reason}); den er skrevet i ${relaid} – arbejd videre dér. ${workbook.file} er ikke ændret.`;
  }
  const writes = [...result.writes, ...result.stamps];
  if (writes.length === 0) return null;
  const notWritten = await writeCells(workbook, writes);
  const fromServer = result.writes.length;
  if (notWritten !== null) {
    throw new CommandFailure(
      `${result.message}\n${workbook.file} er ikke opdateret (${notWritten}); hent planen med \`helhedsplan pull ${planId ?? ""} -o ny.xlsx\`.`,
      exitCodes.failure,
    );
  }
  const cells = fromServer === 0 ? "" : ` og ${fromServer} ${fromServer === 1 ? "celle" : "celler"} fra tjenesten`;
  return version === null ? null : `Skrev Plan-ID og Version ${version}${cells} i ${workbook.file}.`;
}

async function runPush(file: string, flags: PushFlags) {
  const connection = connectionOf(flags);
  const workbook = await readWorkbookFile(file);
  const result = await pushPlan(clientOf(connection), workbook.grids, flags.resolve ? { resolve: flags.resolve } : {});
  if ("findings" in result) printFindings(file, result.findings);
  if (result.kind === "conflict") {
    throw new CommandFailure(
      `${result.message}\n${conflictTable(result.conflicts)}\nVælg med --resolve mine (dine værdier) eller --resolve theirs (tjenestens), og push igen.`,
      exitCodes.conflict,
    );
  }
  if (result.kind === "merged") {
    for (const cell of result.fromServer) console.log(`  ${cell.cell}  ${cell.what}: ${cell.value}`);
  }
  const written = await writeBack(workbook, result);
  const code = exitCodeOf(result);
  const text = [result.message + hintOf(result), written].filter((line) => line !== null).join("\n");
  if (code !== exitCodes.ok) throw new CommandFailure(text, code);
  console.log(text);
}

/** Registers `push` on the program. Example: `helhedsplan push plan.xlsx --url http://localhost:3000`. */
export function registerPushCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("push")
      .description(
        "send arbejdsbogens plan til synkroniseringstjenesten: opret den, eller gem stamdata og budget som en ny version – flettet med en kollegas ændringer",
      )
      .argument("<fil.xlsx>", "arbejdsbogen; dens Plan-ID og Version (og celler hentet fra tjenesten) skrives bagefter")
      .addOption(
        new Option(
          "--resolve <side>",
          "afgør celler ændret både her og på tjenesten: mine (dine) eller theirs (tjenestens)",
        ).choices(["mine", "theirs"]),
      ),
  )
    .addHelpText(
      "after",
      "\nUden Plan-ID oprettes planen; med Plan-ID gemmes stamdata og budget oven på arbejdsbogens Version." +
        "\nHar en anden gemt planen imens, flettes ændringerne celle for celle; celler ændret begge steder er en konflikt." +
        "\nAfslutningskoder: 0 gemt, 1 arbejdsbogen eller tjenesten fandt fejl (fund, planen er ikke en kladde, for stor)," +
        "\n2 kunne ikke gennemføres (fil, adresse, adgangsnøgle, netværk), 3 konflikt: intet er gemt eller skrevet.",
    )
    .action(runPush);
}
