// The workspace's rules, plus Microsoft's Office add-in rules on the code that runs in the task
// pane: load before read, sync after load, no sync in a loop, null objects tested with isNullObject.
import officeAddins from "eslint-plugin-office-addins";
import globals from "globals";
import workspace from "../../eslint.config.js";

export default [
  ...workspace,
  { ignores: ["dist/**", "artifacts/**", "e2e/**"] },
  {
    files: ["src/**/*.{ts,tsx}", "test-host/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["src/**/*.{ts,tsx}"],
    plugins: { "office-addins": officeAddins },
    rules: {
      "office-addins/call-sync-after-load": "error",
      "office-addins/call-sync-before-read": "error",
      "office-addins/load-object-before-read": "error",
      "office-addins/no-context-sync-in-loop": "error",
      "office-addins/no-empty-load": "error",
      "office-addins/no-navigational-load": "error",
      "office-addins/no-office-initialize": "error",
      "office-addins/test-for-null-using-isNullObject": "error",
    },
  },
];
