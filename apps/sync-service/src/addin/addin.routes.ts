// The add-in's files, public like /healthz (their data still needs a token): the manifest for this service's
// public address, the pages Vite built (task pane, test host, assets) under /addin/, Office.js itself under
// /addin/office/ when the network has no internet (`HELHEDSPLAN_OFFICE_JS=local`), and the start page at /.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import express, { type Express } from "express";
import { problem } from "@helhedsplan/api";
import type { Config } from "../config";
import { servedManifest } from "./manifest";
import { addinRoot, officeJsDist } from "./paths";

/** Where the add-in's files are; tests may point elsewhere. */
export interface AddinFiles {
  /** The add-in's package: `manifest.xml` and the built pages in `dist/`. */
  root: string;
  /** office.js and its files (only read with `HELHEDSPLAN_OFFICE_JS=local`). */
  officeJs: () => string;
}

const notBuilt =
  "Tilføjelsesprogrammets sider er ikke bygget. Byg dem med `pnpm --filter @helhedsplan/excel-addin build` (start-kommandoen gør det selv).";

/** Adds the start page, the manifest, Office.js (`local`) and the built pages to the app. */
export function addinRoutes(
  app: Express,
  config: Config,
  files: AddinFiles = { root: addinRoot(), officeJs: officeJsDist },
): void {
  const dist = join(files.root, "dist");
  let manifest: string | undefined;

  app.get("/addin/manifest.xml", (_req, res) => {
    manifest ??= servedManifest(readFileSync(join(files.root, "manifest.xml"), "utf8"), config);
    res.type("application/xml").set("Cache-Control", "no-cache").send(manifest);
  });

  if (config.officeJs === "local") {
    app.use("/addin/office", express.static(files.officeJs(), { index: false, redirect: false }));
  }

  app.use("/addin", express.static(dist, { index: false, redirect: false }));
  app.use("/addin", (_req, _res, next) => {
    if (!existsSync(dist)) throw problem.notFound(notBuilt);
    next();
  });

  app.get("/", (_req, res) => {
    const page = join(dist, "start.html");
    if (!existsSync(page)) throw problem.notFound(notBuilt);
    res.sendFile(page);
  });
}
