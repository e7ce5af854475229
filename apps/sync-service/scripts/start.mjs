#!/usr/bin/env node
// `pnpm start`: builds what is stale — the service's bundle (from its src and the workspace packages it inlines)
// and the Excel add-in's pages it serves at /addin/ — then runs the bundle.
import { pathToFileURL } from "node:url";
import { buildIfStale, serviceBundle } from "./freshness.mjs";

if (buildIfStale("service") === "failed") {
  console.error("The build failed; see above.");
  process.exit(1);
}
// The API runs without the pages: a failed add-in build is reported, and the start goes on.
if (buildIfStale("addin") === "failed") {
  console.error("The Excel add-in could not be built (see above): the service starts without its pages at /addin/.");
}

// In this process, so signals reach the service directly.
process.setSourceMapsEnabled(true);
await import(pathToFileURL(serviceBundle).href);
