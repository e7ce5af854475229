#!/usr/bin/env node
// `pnpm start`: builds the bundle when dist is missing or older than any source it is built
// from (the service's src and the workspace packages it inlines), then runs it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "main.js");
const sources = [
  join(root, "src"),
  join(root, "tsup.config.ts"),
  join(root, "package.json"),
  ...["api", "rules", "demo"].map((name) => join(root, "..", "..", "packages", name, "src")),
];

/** @param {string} path @returns {number} the newest modification time under path (0 when absent) */
function newestChange(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stats.mtimeMs);
}

const stale = !existsSync(bundle) || sources.some((source) => newestChange(source) > statSync(bundle).mtimeMs);
if (stale) {
  console.error("Building the sync service (tsup) …");
  const tsup = join(root, "node_modules", ".bin", process.platform === "win32" ? "tsup.cmd" : "tsup");
  const built = spawnSync(tsup, [], { cwd: root, stdio: ["ignore", "inherit", "inherit"] });
  if (built.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(built.status ?? 1);
  }
}

// In this process, so signals reach the service directly.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(bundle).href);
