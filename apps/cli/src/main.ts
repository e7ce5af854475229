// Entry of the `helhedsplan` command: runs the program and turns every failure into one line on
// stderr and an exit code (docs/cli.md) — never a stack trace, unless HELHEDSPLAN_DEBUG=1.
import { CommanderError } from "commander";
import { CommandFailure, exitCodes } from "./exit-codes";
import { createProgram } from "./program";

function failureLine(error: unknown): string {
  if (error instanceof CommandFailure) return error.message;
  return `uventet fejl: ${error instanceof Error ? error.message : String(error)}`;
}

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed its message already; help and version are no failures.
    process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.failure;
  } else {
    if (process.env.HELHEDSPLAN_DEBUG === "1") console.error(error);
    console.error(`helhedsplan: ${failureLine(error)}`);
    process.exitCode = error instanceof CommandFailure ? error.exitCode : exitCodes.failure;
  }
}
