// Writes the authorisation matrix (test/support/authorization-matrix.ts) into docs/security.md between its markers;
// the prose around it is left as written. `pnpm --filter @helhedsplan/sync-service docs:security`.
import { readFileSync, writeFileSync } from "node:fs";
import { renderedSecurityDoc, securityDocPath } from "../test/support/authorization-matrix";

const committed = readFileSync(securityDocPath, "utf8");
const rendered = await renderedSecurityDoc(committed);
if (rendered === committed) process.stdout.write(`${securityDocPath} is up to date\n`);
else {
  writeFileSync(securityDocPath, rendered);
  process.stdout.write(`${securityDocPath} written\n`);
}
