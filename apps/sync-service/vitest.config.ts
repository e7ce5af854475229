import { packageTestConfig } from "../../vitest.shared";

export default packageTestConfig({
  test: { globalSetup: ["test/support/global-setup.ts", "test/support/addin-setup.ts"] },
});
