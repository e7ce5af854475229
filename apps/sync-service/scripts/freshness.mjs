// What the start command and the tests build when it is stale: the service's bundle (tsup) and the Excel add-in's
// pages (Vite, apps/excel-addin/dist, served at /addin/). A build's output is stale when it is missing or older
// than any source it is built from. Builds print to stderr: stdout is the service's log.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const serviceRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const workspace = resolve(serviceRoot, "..", "..");
export const addinRoot = join(workspace, "apps", "excel-addin");
const packageSources = (/** @type {string[]} */ names) => names.map((name) => join(workspace, "packages", name, "src"));

/** @param {string} path @returns {number} the newest modification time under path (0 when absent) */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stats.mtimeMs);
}

/** @param {string} output @param {string[]} sources */
function stale(output, sources) {
  return !existsSync(output) || sources.some((source) => newestChange(source) > statSync(output).mtimeMs);
}

/** @param {string} cwd @param {string} bin @param {string[]} args @returns {boolean} whether it succeeded */
function run(cwd, bin, args) {
  const path = join(cwd, "node_modules", ".bin", process.platform === "win32" ? `${bin}.cmd` : bin);
  if (!existsSync(path)) {
    console.error(`${path} is missing: install the workspace first (pnpm install).`);
    return false;
  }
  return spawnSync(path, args, { cwd, stdio: ["ignore", 2, 2] }).status === 0;
}

const service = {
  name: "the sync service (tsup)",
  cwd: serviceRoot,
  output: join(serviceRoot, "dist", "main.js"),
  sources: [
    join(serviceRoot, "src"),
    join(serviceRoot, "tsup.config.ts"),
    join(serviceRoot, "package.json"),
    ...packageSources(["api", "rules", "demo"]),
  ],
  build: () => run(serviceRoot, "tsup", []),
};

const addin = {
  name: "the Excel add-in (vite)",
  cwd: addinRoot,
  output: join(addinRoot, "dist", "taskpane.html"),
  sources: [
    ...["src", "test-host", "public", "vite.config.ts", "package.json"].map((name) => join(addinRoot, name)),
    ...(existsSync(addinRoot) ? readdirSync(addinRoot) : [])
      .filter((name) => name.endsWith(".html"))
      .map((name) => join(addinRoot, name)),
    ...packageSources(["rules", "workbook", "sync", "api", "demo"]),
  ],
  build: () => run(addinRoot, "vite", ["build"]),
};

/** The bundle the start command runs. */
export const serviceBundle = service.output;

/**
 * Builds what is stale of `which` (the service's bundle, the add-in's pages), saying so on stderr.
 * @param {"service" | "addin"} which
 * @returns {"fresh" | "built" | "failed"}
 */
export function buildIfStale(which) {
  const target = which === "service" ? service : addin;
  if (!stale(target.output, target.sources)) return "fresh";
  console.error(`Building ${target.name} …`);
  return target.build() ? "built" : "failed";
}
