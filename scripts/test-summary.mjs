// Sums the JSON reports vitest wrote in every package into the one closing line
// `N passed, N failed, N skipped`, so the whole run's result reads at a glance.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
let passed = 0,
  failed = 0,
  skipped = 0;
const missing = [];
// The workspace's packages as pnpm-workspace.yaml lists them: `group/*` patterns and exact folders.
const patterns = [
  ...readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
    .split(/^catalog:/m)[0]
    .matchAll(/^\s+-\s+(\S+)\s*$/gm),
].map((match) => match[1]);
const folders = patterns.flatMap((pattern) =>
  pattern.endsWith("/*")
    ? readdirSync(join(root, pattern.slice(0, -2))).map((name) => `${pattern.slice(0, -2)}/${name}`)
    : [pattern],
);
for (const folder of folders) {
  const dir = join(root, folder);
  const pkg = join(dir, "package.json");
  if (!existsSync(pkg) || !JSON.parse(readFileSync(pkg, "utf8")).scripts?.test) continue;
  const file = join(dir, ".vitest-report.json");
  if (!existsSync(file)) {
    missing.push(folder);
    continue;
  }
  const report = JSON.parse(readFileSync(file, "utf8"));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A suite that failed to load counts no tests; count it as a failure, not as nothing.
  failed += report.testResults.filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
}
if (missing.length) {
  console.log(`No test report from: ${missing.join(", ")} (their tests did not run)`);
  failed += missing.length;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
