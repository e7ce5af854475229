// Builds the command once before the tests run it as a child process (many at a time), so no
// test process has to build it and none builds it concurrently with another.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export default function buildOnce(): void {
  const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
  const tsup = createRequire(import.meta.url).resolve("tsup/dist/cli-default.js");
  execFileSync(process.execPath, [tsup, "--silent"], { cwd: appDir, stdio: "inherit" });
}
