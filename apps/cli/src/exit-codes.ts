// The command's exit codes (docs/cli.md): scripts and CI rely on them.

/** Exit codes of `helhedsplan`. Example: `process.exitCode = exitCodes.findings`. */
export const exitCodes = {
  /** Done; no file has error findings (warnings are allowed). */
  ok: 0,
  /** A file has findings of severity error. */
  findings: 1,
  /** A file could not be read at all, an argument is wrong, or the output could not be written. */
  failure: 2,
  /** `push`: cells changed both in the workbook and on the service; nothing was saved or written. */
  conflict: 3,
} as const;

/** An exit code of `helhedsplan`. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/**
 * A failure the command reports as one line on stderr (never with a stack trace) and an exit code: 2 unless told
 * otherwise. Example: `throw new CommandFailure("plan.json findes ikke.")`, `throw new CommandFailure("…", exitCodes.findings)`.
 */
export class CommandFailure extends Error {
  override readonly name = "CommandFailure";

  constructor(
    message: string,
    readonly exitCode: ExitCode = exitCodes.failure,
  ) {
    super(message);
  }
}
