// Once per test run of this package: the Excel add-in's pages (apps/excel-addin/dist), which the service serves at
// /addin/ and /, built when stale — as the start command does. Under turbo the add-in is built before these tests
// (turbo.json), so this finds them fresh; `vitest run` in this folder alone builds them here. A failed build
// fails only the tests that need the pages (the others test the API).
import type { TestProject } from "vitest/node";
import { buildIfStale } from "../../scripts/freshness.mjs";
import type {} from "./provided-context";

export default function setup(project: TestProject): void {
  project.provide("addinBuild", buildIfStale("addin"));
}
