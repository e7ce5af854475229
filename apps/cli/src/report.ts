// How `validate` reports: per file its findings (cell, severity, Danish message) or why it could
// not be read, a summary line, and the exit code; as text for people or as JSON for programs.
import type { WorkbookFinding } from "@helhedsplan/workbook";
import { WorkbookReadError } from "@helhedsplan/workbook/xlsx";
import { exitCodes, type ExitCode } from "./exit-codes";

/** One file's outcome: its findings, or the one-line reason it could not be read. */
export type FileResult =
  { file: string; findings: WorkbookFinding[] } | { file: string; error: string; reason: string };

/**
 * One file's outcome from a check that reads it: its findings, or — for a file that cannot be read — one line, never a
 * stack trace. Example: `await fileResult(file, async () => (await readWorkbook(file)).findings)`.
 */
export async function fileResult(file: string, check: () => Promise<WorkbookFinding[]>): Promise<FileResult> {
  try {
    return { file, findings: await check() };
  } catch (error) {
    if (error instanceof WorkbookReadError) return { file, error: error.message, reason: error.reason };
    return {
      file,
      error: `Filen kunne ikke læses (${error instanceof Error ? error.message : String(error)}).`,
      reason: "unexpected",
    };
  }
}

/** The exit code of a run: 2 if any file could not be read, else 1 if any has an error finding, else 0. Example: `exitCodeOf(results)`. */
export function exitCodeOf(results: readonly FileResult[]): ExitCode {
  if (results.some((result) => "error" in result)) return exitCodes.failure;
  if (results.some((result) => "findings" in result && result.findings.some((finding) => finding.severity === "error")))
    return exitCodes.findings;
  return exitCodes.ok;
}

/**
 * The `--json` document: `{ files: [{ file, findings: [{ ruleId, severity, message, path, cell }] }] }`; a file that could
 * not be read has no findings and adds `error` and `reason`, so every entry keeps the shape a reader expects.
 */
export function jsonReport(results: readonly FileResult[]): string {
  const files = results.map((result) =>
    "error" in result
      ? { file: result.file, findings: [], error: result.error, reason: result.reason }
      : {
          file: result.file,
          findings: result.findings.map(({ ruleId, severity, message, path, cell }) => ({
            ruleId,
            severity,
            message,
            path,
            cell,
          })),
        },
  );
  return JSON.stringify({ files }, null, 2);
}

const severityWord = { error: "fejl", warning: "advarsel" } as const;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function countsOf(findings: readonly WorkbookFinding[]) {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return { errors, warnings: findings.length - errors };
}

/** The heading of one file's findings. Example: `fileHeading("plan.xlsx", findings)` → `"plan.xlsx: 1 fejl, 0 advarsler"`. */
export function fileHeading(file: string, findings: readonly WorkbookFinding[]): string {
  const { errors, warnings } = countsOf(findings);
  return `${file}: ${count(errors, "fejl", "fejl")}, ${count(warnings, "advarsel", "advarsler")}`;
}

/** One indented line per finding, in aligned columns: cell, severity (`fejl`/`advarsel`), Danish message. */
export function findingLines(findings: readonly WorkbookFinding[]): string[] {
  const cellWidth = Math.max(...findings.map((finding) => finding.cell.length));
  const severityWidth = Math.max(...findings.map((finding) => severityWord[finding.severity].length));
  return findings.map(
    (finding) =>
      `  ${finding.cell.padEnd(cellWidth)}  ${severityWord[finding.severity].padEnd(severityWidth)}  ${finding.message}`,
  );
}

/** The text report: a block per file, then one summary line. */
export function textReport(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let clean = 0;
  let withErrors = 0;
  let unreadable = 0;
  let errorTotal = 0;
  let warningTotal = 0;
  for (const result of results) {
    if ("error" in result) {
      unreadable++;
      lines.push(`${result.file}: kan ikke læses – ${result.error}`);
      continue;
    }
    const { errors, warnings } = countsOf(result.findings);
    errorTotal += errors;
    warningTotal += warnings;
    if (errors > 0) withErrors++;
    else clean++;
    if (result.findings.length === 0) {
      lines.push(`${result.file}: ingen fund`);
      continue;
    }
    lines.push(fileHeading(result.file, result.findings), ...findingLines(result.findings));
  }
  const parts = [`${count(clean, "uden fejl", "uden fejl")}`, `${count(withErrors, "med fejl", "med fejl")}`];
  if (unreadable > 0) parts.push(`${unreadable} kunne ikke læses`);
  lines.push(
    "",
    `${count(results.length, "fil", "filer")}: ${parts.join(", ")}; ${count(errorTotal, "fejl", "fejl")} og ${count(warningTotal, "advarsel", "advarsler")} i alt.`,
  );
  return lines.join("\n");
}
