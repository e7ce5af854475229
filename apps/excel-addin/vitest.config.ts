import { packageTestConfig } from "../../vitest.shared";

// The strict test host's own tests run in Node beside the add-in's.
export default packageTestConfig({ test: { include: ["test-host/**/*.test.ts"] } });
