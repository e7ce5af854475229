// Collects the `BENCH_RESULT [...]` lines the benchmarks print (from a log of `npm run bench`), prints one
// table — figure, value, the baseline measured in the same run, ratio, goal, met or not — and writes it to
// docs/benchmarks.md with the machine's description and the date.
// Usage: node scripts/bench-table.mjs <log> [docs/benchmarks.md]
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

const [logPath, outPath = "docs/benchmarks.md"] = process.argv.slice(2);
if (logPath === undefined) {
  console.error("Usage: node scripts/bench-table.mjs <log of npm run bench> [docs/benchmarks.md]");
  process.exit(2);
}

/** Every result row, with the package whose benchmark printed it (turbo prefixes each line with `<package>:bench: `). */
const rows = [];
const marker = "BENCH_RESULT ";
for (const line of readFileSync(logPath, "utf8").split("\n")) {
  const at = line.indexOf(marker);
  if (at < 0) continue;
  const source = /^(@[\w-]+\/[\w-]+):bench:/.exec(line)?.[1]?.replace("@helhedsplan/", "") ?? "";
  try {
    for (const row of JSON.parse(line.slice(at + marker.length))) rows.push({ ...row, source });
  } catch (error) {
    console.error(`Unreadable result line (${error.message}): ${line}`);
  }
}

const number = (value) => {
  if (typeof value !== "number" || !Number.isFinite(value)) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
};
const withUnit = (value, unit) => (unit ? `${number(value)} ${unit}` : number(value));
const ratioText = (row) =>
  typeof row.ratio !== "number" ? "—" : row.ratioUnit === "%" ? `${number(row.ratio)} %` : `${number(row.ratio)}×`;
const goalText = (row) => {
  const { goal } = row;
  if (goal === null || goal === undefined) return "none";
  const op = goal.op === "<=" ? "≤" : goal.op === ">=" ? "≥" : "=";
  if (goal.on === "value") return `${op} ${withUnit(goal.target, row.unit)}`;
  return row.ratioUnit === "%" ? `ratio ${op} ${goal.target} %` : `ratio ${op} ${goal.target}×`;
};
const met = (row) => {
  const { goal } = row;
  if (goal === null || goal === undefined) return "—";
  const actual = goal.on === "value" ? row.value : row.ratio;
  if (typeof actual !== "number" || !Number.isFinite(actual)) return "not measured";
  const ok =
    goal.op === "<=" ? actual <= goal.target : goal.op === ">=" ? actual >= goal.target : actual === goal.target;
  return ok ? "met" : "NOT met";
};

const header = ["benchmark", "figure", "value", "baseline (same run)", "ratio", "goal", "met"];
const table = rows.map((row) => [
  row.source,
  row.figure,
  typeof row.value2 === "number"
    ? `${number(row.value)} / ${withUnit(row.value2, row.unit)}`
    : withUnit(row.value, row.unit),
  row.baseline ? `${row.baseline.name}: ${withUnit(row.baseline.value, row.unit === "req/s" ? "" : row.unit)}` : "—",
  ratioText(row),
  goalText(row),
  met(row),
]);

// The machine.
const run = (file, args) => {
  try {
    return execFileSync(file, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
};
const cpuList = cpus();
const cpuModel = cpuList[0]?.model.trim() ?? "unknown CPU";
const memory = `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`;
const pgBin = process.env.PG_BIN;
const postgres = pgBin ? run(join(pgBin, "postgres"), ["--version"]) : undefined;
const uname = run("uname", ["-srm"]);
const machine = [
  `CPU: ${cpuModel} × ${cpuList.length}`,
  `memory: ${memory}`,
  `Node ${process.version}`,
  postgres
    ? `PostgreSQL ${/\d+(\.\d+)*/.exec(postgres)?.[0] ?? postgres} (throwaway cluster, fsync off)`
    : "PostgreSQL: none found",
  ...(uname ? [uname] : []),
];
const date = new Date().toISOString().replace(/\.\d+Z$/, "Z");

// Printed: a plain aligned table.
const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
const line = (cells) => cells.map((cell, column) => cell.padEnd(widths[column])).join(" │ ");
console.log("");
console.log(`Benchmarks, ${date} — ${machine.join(", ")}`);
console.log(line(header));
console.log(widths.map((width) => "─".repeat(width)).join("─┼─"));
for (const cells of table) console.log(line(cells));
if (rows.length === 0) console.log("(no benchmark printed a result)");

/** What a benchmark measured alongside a figure, e.g. why a goal is out of reach on this machine. */
const notes = rows.filter((row) => typeof row.note === "string").map((row) => `**${row.figure}**: ${row.note}`);

const escape = (cell) => cell.replaceAll("|", "\\|");
const markdown = [
  "# Benchmarks",
  "",
  "Written by `pnpm bench` (`scripts/bench.sh` runs every package's benchmark, `scripts/bench-table.mjs` collects",
  "the figures). Every baseline is measured in the same run as its figure, so the ratios compare like with like.",
  "Do not edit by hand: run `pnpm bench` and commit the result, so a change in a figure shows in review.",
  "",
  `Run on ${date}.`,
  "",
  "Machine:",
  "",
  ...machine.map((part) => `- ${part}`),
  "",
  "## Figures",
  "",
  `| ${header.join(" | ")} |`,
  `| ${header.map(() => "---").join(" | ")} |`,
  ...table.map((cells) => `| ${cells.map(escape).join(" | ")} |`),
  "",
  "Ratios in × are the figure's time over its baseline's (lower is better); ratios in % are the service's",
  "throughput as a share of its baseline's (higher is better). Service goals are issue 12's (≥ 25 % of the baseline).",
  "",
  ...(notes.length > 0 ? ["## Notes", "", ...notes.map((item) => `- ${item}`), ""] : []),
];
// Formatted as the repository's Prettier formats Markdown, so the committed file passes `prettier --check`.
const prettier = await import("prettier");
const options = (await prettier.resolveConfig(outPath)) ?? {};
writeFileSync(outPath, await prettier.format(markdown.join("\n"), { ...options, filepath: outPath }));
console.log("");
if (notes.length > 0) console.log("Notes:");
for (const item of notes) console.log(`  - ${item.replaceAll("**", "").replaceAll("`", "")}`);
console.log(`Written to ${outPath}.`);
