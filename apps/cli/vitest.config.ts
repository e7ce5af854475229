import { packageTestConfig } from "../../vitest.shared";

// The tests run the built command as a child process; the global setup builds it once first.
export default packageTestConfig({ test: { globalSetup: ["test/build-once.ts"] } });
