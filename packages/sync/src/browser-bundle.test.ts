// The engine runs in the Excel add-in's task pane: its entry must bundle for the browser with no
// Node built-in anywhere in the graph (its own code, the lower packages, their dependencies).
import { build, type Plugin } from "esbuild";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const entry = fileURLToPath(new URL("./index.ts", import.meta.url));
const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** Records every import of a Node built-in instead of letting esbuild stub or fail it silently. */
function nodeBuiltins(found: string[]): Plugin {
  return {
    name: "node-builtins",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        const name = args.path;
        if (builtins.has(name) || name.startsWith("node:")) {
          found.push(`${name} (imported by ${args.importer})`);
          return { path: name, external: true };
        }
        return undefined;
      });
    },
  };
}

async function bundle(found: string[]) {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
    plugins: [nodeBuiltins(found)],
  });
}

describe("@helhedsplan/sync in a browser", () => {
  it("bundles with no Node built-in and no Node global", async () => {
    const found: string[] = [];
    const result = await bundle(found);
    expect(found).toEqual([]);
    const code = result.outputFiles[0]?.text ?? "";
    expect(code.length).toBeGreaterThan(10_000);
    // Globals a browser lacks; a bundler would leave them for the page to fail on at run time.
    expect(code).not.toMatch(/\bBuffer\.|\brequire\(|\b__dirname\b|\bprocess\.(?!env\.NODE_ENV)/);
  });

  it("catches a Node built-in when one is imported", async () => {
    const found: string[] = [];
    await build({
      stdin: { contents: 'import { readFile } from "node:fs/promises"; export const read = readFile;', loader: "ts" },
      bundle: true,
      platform: "browser",
      write: false,
      logLevel: "silent",
      plugins: [nodeBuiltins(found)],
    });
    expect(found).toEqual(["node:fs/promises (imported by <stdin>)"]);
  });
});
