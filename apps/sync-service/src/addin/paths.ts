// Where the files the service serves to Office live. The service's source (src/) and its bundle (dist/main.js)
// sit at different depths, so the package root is found by its package.json rather than by counting "..".
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const serviceName = "@helhedsplan/sync-service";

/** The sync service's package directory (`apps/sync-service`), from wherever this module runs. */
export function serviceRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === serviceName)
      return dir;
    if (dirname(dir) === dir) throw new Error(`${serviceName}: its package.json was not found above ${from}`);
  }
}

/** The Excel add-in's package (`apps/excel-addin`): its manifest.xml, and the pages Vite builds into dist/. */
export function addinRoot(): string {
  return join(serviceRoot(), "..", "excel-addin");
}

/** `@microsoft/office-js`'s dist/ (office.js and the files it loads relative to itself), resolved as a dependency. */
export function officeJsDist(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@microsoft/office-js/package.json")), "dist");
}
