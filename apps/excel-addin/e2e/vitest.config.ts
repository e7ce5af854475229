import { packageTestConfig } from "../../../vitest.shared";

// One browser, one service: the files run one after another, each test waits for the pane.
export default packageTestConfig({ test: { include: ["*.test.ts"], fileParallelism: false, testTimeout: 60_000 } });
