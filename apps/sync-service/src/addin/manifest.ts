// The add-in's manifest for this service's own public address: apps/excel-addin/manifest.xml is written for the
// development service at https://localhost:3443; the served copy names the configured origin instead, so an
// administrator deploys the add-in without editing XML.
import type { Config } from "../config";

/** The origin the manifest in the repository is written for. */
export const manifestOrigin = "https://localhost:3443";

/** The task pane's page, as the manifest names it (SourceLocation and the Taskpane.Url resource). */
const taskpaneUrl = `${manifestOrigin}/addin/taskpane.html`;

const xmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

function xmlText(value: string): string {
  return value.replace(/[&<>"']/g, (character) => xmlEscapes[character] ?? character);
}

/**
 * The manifest with every `https://localhost:3443` replaced by `publicUrl` (an origin without a trailing slash);
 * with `officeJs: "local"` the task pane's URLs carry `?office=local`, so the pane loads Office.js from
 * `/addin/office/`. The file's comments, which speak of the file, give way to one saying what the copy is.
 * Example: `servedManifest(xml, { publicUrl: "https://helhedsplan.kk.dk", officeJs: "cdn" })`.
 */
export function servedManifest(
  template: string,
  { publicUrl, officeJs }: Pick<Config, "publicUrl" | "officeJs">,
): string {
  if (!template.includes(`${taskpaneUrl}"`)) throw new Error(`The add-in's manifest names no ${taskpaneUrl}`);
  // No address in the comment: a punycode host's "--" may not stand in one.
  const local = officeJs === "local" ? ", with Office.js from the service (HELHEDSPLAN_OFFICE_JS=local)" : "";
  const note = `<!-- helhedsplan's add-in manifest, served by its sync service at /addin/manifest.xml for the address in HELHEDSPLAN_PUBLIC_URL${local}. -->`;
  const xml = template
    .replace(/<!--[\s\S]*?-->\s*/g, "")
    .replace(/^(<\?xml[^>]*\?>\s*)?/, (declaration) => `${declaration}${note}\n`);
  const withQuery = officeJs === "local" ? xml.replaceAll(`${taskpaneUrl}"`, `${taskpaneUrl}?office=local"`) : xml;
  return withQuery.replaceAll(manifestOrigin, xmlText(publicUrl));
}
