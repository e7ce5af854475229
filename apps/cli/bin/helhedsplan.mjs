#!/usr/bin/env node
// Launcher of `helhedsplan`: Node 20 cannot run the TypeScript sources, so this runs the tsup
// bundle in dist/, building it first when it is missing or older than any source it inlines
// (this app's src and the src of every @helhedsplan package in its dependencies, and in theirs).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const appDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(appDir, "dist", "helhedsplan.js");

/**
 * The newest modification time under a file or folder (node_modules and dist excluded).
 * @param {string} path
 * @returns {number}
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === "node_modules" || entry === "dist") continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/**
 * The folders of the @helhedsplan packages the bundle inlines: those in `dependencies` of this app, and
 * theirs in turn (devDependencies, such as the sync service the tests start, are never in the bundle).
 * @param {string} packageDir
 * @param {Set<string>} found
 * @returns {Set<string>}
 */
function inlinedPackages(packageDir, found = new Set()) {
  /** @type {unknown} */
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const dependencies =
    manifest instanceof Object && "dependencies" in manifest && manifest.dependencies instanceof Object
      ? Object.keys(manifest.dependencies)
      : [];
  for (const name of dependencies.filter((dependency) => dependency.startsWith("@helhedsplan/"))) {
    const link = join(packageDir, "node_modules", name);
    if (!existsSync(link)) continue;
    const dir = realpathSync(link);
    if (found.has(dir)) continue;
    found.add(dir);
    inlinedPackages(dir, found);
  }
  return found;
}

function sources() {
  const packages = [...inlinedPackages(appDir)].flatMap((dir) => [join(dir, "src"), join(dir, "package.json")]);
  return [join(appDir, "src"), join(appDir, "tsup.config.ts"), join(appDir, "package.json"), ...packages];
}

function build() {
  let tsup;
  try {
    tsup = createRequire(import.meta.url).resolve("tsup/dist/cli-default.js");
  } catch {
    return existsSync(bundle); // an install without build tools runs the bundle it has
  }
  // stdout stays clean for the command's own output (`--json`); the build talks on stderr.
  const result = spawnSync(process.execPath, [tsup, "--silent"], { cwd: appDir, stdio: ["ignore", 2, 2] });
  return result.status === 0;
}

const stale = !existsSync(bundle) || Math.max(...sources().map(newestMtime)) > statSync(bundle).mtimeMs;
if (stale && !build()) {
  console.error("helhedsplan: kommandoen kunne ikke bygges; kør `pnpm --filter @helhedsplan/cli build` for detaljer.");
  process.exit(2);
}

// Run through the root's `pnpm helhedsplan …`, pnpm starts this script in apps/cli; the caller's
// folder is INIT_CWD, and relative file names must mean what the caller meant.
if (process.env.npm_lifecycle_event === "helhedsplan" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

await import(pathToFileURL(bundle).href);
