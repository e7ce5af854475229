import { defineConfig } from "tsup";

// One bundle of the service with the workspace packages inlined (they export TypeScript);
// npm dependencies stay external and load from node_modules.
export default defineConfig({
  entry: ["src/main.ts"],
  platform: "node",
  target: "node20",
  format: ["esm"],
  outDir: "dist",
  clean: true,
  sourcemap: true,
  noExternal: [/^@helhedsplan\//],
});
