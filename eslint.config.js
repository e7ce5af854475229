// Type-aware linting for every package; each package runs `eslint .` from its own folder.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/node_modules/**", "**/.turbo/**", "**/*.config.*", "**/coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true },
    },
    rules: {
      "no-console": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests, benchmarks and the command line talk to a terminal on purpose.
    files: ["**/*.test.ts", "**/bench/**", "**/scripts/**", "apps/cli/**", "**/src/cli/**"],
    rules: { "no-console": "off" },
  },
);
