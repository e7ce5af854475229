// Writing the workbooks the commands produce: a new file is never written over an existing one
// unless asked (`--force`), and a failure is one clear line (exit code 2).
import { writeFile } from "node:fs/promises";
import { CommandFailure } from "./exit-codes";

/** Writes `bytes` to `path`; an existing file is refused unless `force`. Example: `await writeOutput("plan.xlsx", bytes, false)`. */
export async function writeOutput(path: string, bytes: Buffer, force: boolean): Promise<void> {
  try {
    await writeFile(path, bytes, { flag: force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new CommandFailure(`${path} findes allerede; vælg et andet navn med -o, eller overskriv med --force.`);
    throw new CommandFailure(`${path} kan ikke skrives (${code ?? (error as Error).message}).`);
  }
}
