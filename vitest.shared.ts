// The test settings every package shares: the console reporter for people, and a JSON
// report beside the package that scripts/test-summary.mjs sums into the closing line.
import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

export function packageTestConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "src/**/*.test.tsx", "test/**/*.test.ts"],
        reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
        testTimeout: 30_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
