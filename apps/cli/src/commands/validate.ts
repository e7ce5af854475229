// `helhedsplan validate`: reads each workbook, checks it with the rules and reports every finding
// at its cell. A file that cannot be read at all is reported in one line and makes the exit code 2.
import { readWorkbook } from "@helhedsplan/workbook/xlsx";
import { SingleBar } from "cli-progress";
import type { Command } from "commander";
import { exitCodeOf, fileResult, jsonReport, textReport, type FileResult } from "../report";

const validateFile = (file: string): Promise<FileResult> =>
  fileResult(file, async () => (await readWorkbook(file)).findings);

/** A progress bar on stderr while many files are read, only where a person watches (a terminal). */
function progressFor(files: readonly string[]): SingleBar | null {
  if (files.length < 2 || !process.stderr.isTTY) return null;
  const bar = new SingleBar({
    stream: process.stderr,
    format: "{bar} {value}/{total} filer  {file}",
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(files.length, 0, { file: "" });
  return bar;
}

async function runValidate(files: string[], options: { json?: boolean }) {
  const progress = progressFor(files);
  const results: FileResult[] = [];
  for (const file of files) {
    progress?.update(results.length, { file });
    results.push(await validateFile(file));
  }
  progress?.update(results.length, { file: "" });
  progress?.stop();
  console.log(options.json ? jsonReport(results) : textReport(results));
  process.exitCode = exitCodeOf(results);
}

/** Registers `validate` on the program. Example: `helhedsplan validate plan.xlsx --json`. */
export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("kontrollér arbejdsbøger (.xlsx) og vis hvert fund med celle, alvor og besked")
    .argument("<filer...>", "en eller flere .xlsx-filer")
    .option(
      "--json",
      "skriv resultatet som JSON: {files: [{file, findings: [{ruleId, severity, message, path, cell}]}]}",
    )
    .addHelpText(
      "after",
      "\nAfslutningskoder: 0 ingen fejl (advarsler er tilladt), 1 en fil har fejl, 2 en fil kunne ikke læses (2 vinder over 1).",
    )
    .action(runValidate);
}
