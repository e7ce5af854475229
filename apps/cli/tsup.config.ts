import { defineConfig } from "tsup";

// One bundle of the command with the workspace packages inlined (they export TypeScript);
// npm dependencies (exceljs, jszip, commander, cli-progress) stay external and load from node_modules.
export default defineConfig({
  entry: { helhedsplan: "src/main.ts" },
  platform: "node",
  target: "node20",
  format: ["esm"],
  outDir: "dist",
  clean: false,
  sourcemap: true,
  noExternal: [/^@helhedsplan\//],
});
