// Runs the built `helhedsplan` command as a child process, as a person would, and collects its
// exit code and output.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

/** The CLI app's folder. */
export const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const launcher = join(appDir, "bin", "helhedsplan.mjs");

/** What a run of the command gave. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `helhedsplan` in `cwd` and collects its exit code and output. */
export function helhedsplan(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    // A clean lifecycle variable: the test runner itself may have been started by a pnpm script.
    const env = { ...process.env, npm_lifecycle_event: "", ...options.env };
    execFile(process.execPath, [launcher, ...args], { cwd: options.cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Fails when the output holds a stack trace. */
export const noStackTrace = (run: Run) => expect(run.stderr + run.stdout).not.toMatch(/\n\s+at .+[:(]/);
