// The add-in's files as the service serves them, without a token: the manifest for the configured public address,
// Office.js from this service only with HELHEDSPLAN_OFFICE_JS=local, the pages Vite built (task pane, start page)
// with a policy that lets Office load and frame them — and the API's headers as helmet gives them.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import helmet from "helmet";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  openPgliteDatabase,
  startService,
  testConfig,
  type Config,
  type RunningService,
  type TestDatabase,
} from "../../test/support/testing";
import type {} from "../../test/support/provided-context";
import { createApp } from "../app";
import { createLogger } from "../logger";
import type { AddinFiles } from "./addin.routes";
import { manifestOrigin } from "./manifest";
import { officeFrameAncestors } from "./page-headers";
import { addinRoot } from "./paths";

const template = readFileSync(join(addinRoot(), "manifest.xml"), "utf8");
const dist = join(addinRoot(), "dist");

/** Every address in a manifest's elements and attributes (not its comments, not the XML namespaces). */
function addressesIn(xml: string): string[] {
  const content = xml.replace(/<!--[\s\S]*?-->/g, "").replace(/\sxmlns(:\w+)?="[^"]*"/g, "");
  return [...content.matchAll(/https?:\/\/[^"<\s]+/g)].map((match) => match[0]);
}

/** The Content-Security-Policy's directives: name → sources. */
function directives(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? "")
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name !== undefined && name !== "")
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

/** The add-in's pages must have been built by the global setup (test/support/addin-setup.ts). */
function requirePages(): void {
  if (inject("addinBuild") === "failed")
    throw new Error("The Excel add-in could not be built (its output is above the report): /addin/ has no pages");
}

/** The app on one database for the whole file, listening per setting; `fetch` without a token. */
let database: TestDatabase | undefined;
const servers: Server[] = [];
beforeAll(async () => {
  database = await openPgliteDatabase();
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  await database?.close();
});

async function service(config: Partial<Config>, addinFiles?: AddinFiles) {
  if (database === undefined) throw new Error("no database");
  const app = createApp({
    db: database.db,
    config: testConfig(config),
    logger: createLogger("silent"),
    ...(addinFiles === undefined ? {} : { addinFiles }),
  });
  const server: Server = await new Promise((done) => {
    const listening = app.listen(0, "127.0.0.1", () => done(listening));
  });
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { fetch: (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, init) };
}

describe("GET /addin/manifest.xml", () => {
  test("names the configured public address in every URL, without a token, as application/xml", async () => {
    const { fetch } = await service({ publicUrl: "https://helhedsplan.kk.dk" });
    const response = await fetch("/addin/manifest.xml");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/xml/);
    const xml = await response.text();
    const addresses = addressesIn(xml);
    expect(addresses).toHaveLength(addressesIn(template).length);
    expect(addresses.length).toBeGreaterThan(5);
    for (const address of addresses) expect(address).toMatch(/^https:\/\/helhedsplan\.kk\.dk(\/|$)/);
    expect(xml).not.toContain(manifestOrigin);
    expect(xml).not.toContain("office=local");
    expect(xml).toContain('<SourceLocation DefaultValue="https://helhedsplan.kk.dk/addin/taskpane.html"/>');
    expect(xml).toContain("<AppDomain>https://helhedsplan.kk.dk</AppDomain>");
  });

  test("for the development address (the default) its addresses are the repository's manifest.xml's", async () => {
    const { fetch } = await service({});
    const xml = await (await fetch("/addin/manifest.xml")).text();
    expect(addressesIn(xml)).toEqual(addressesIn(template));
    expect(xml.replace(/<!--[\s\S]*?-->\s*/g, "")).toBe(template.replace(/<!--[\s\S]*?-->\s*/g, ""));
  });

  test("with HELHEDSPLAN_OFFICE_JS=local the task pane's URLs carry ?office=local, the others do not", async () => {
    const { fetch } = await service({ publicUrl: "https://helhedsplan.kk.dk:8443", officeJs: "local" });
    const addresses = addressesIn(await (await fetch("/addin/manifest.xml")).text());
    const pane = addresses.filter((address) => address.includes("/addin/taskpane.html"));
    expect(pane).toEqual([
      "https://helhedsplan.kk.dk:8443/addin/taskpane.html?office=local",
      "https://helhedsplan.kk.dk:8443/addin/taskpane.html?office=local",
    ]);
    for (const address of addresses) expect(address).toMatch(/^https:\/\/helhedsplan\.kk\.dk:8443(\/|$)/);
    expect(addresses.filter((address) => address.includes("?"))).toEqual(pane);
  });
});

describe("Office.js from the service", () => {
  test("/addin/office/office.js is served with HELHEDSPLAN_OFFICE_JS=local, without a token", async () => {
    const { fetch } = await service({ officeJs: "local" });
    const response = await fetch("/addin/office/office.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect((await response.text()).length).toBeGreaterThan(1000);
    // office.js loads its other files relative to itself.
    expect((await fetch("/addin/office/excel-web-16.00.js")).status).toBe(200);
  });

  test("and not from Microsoft's CDN setting (the default): 404", async () => {
    const { fetch } = await service({ officeJs: "cdn" });
    const response = await fetch("/addin/office/office.js");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });
});

describe("the pages and their headers", () => {
  // The real service, for the API's headers with a real token.
  let running: RunningService;
  beforeAll(async () => {
    running = await startService();
  });
  afterAll(() => running.stop());

  test("/addin/taskpane.html is served without a token, with a policy that lets Office load and frame it", async () => {
    requirePages();
    const response = await running.fetch("/addin/taskpane.html", { token: null });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<div id="root">');

    const policy = directives(response.headers.get("content-security-policy"));
    expect(policy.get("script-src")).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(policy.get("style-src")).toContain("'unsafe-inline'");
    expect(policy.get("frame-ancestors")).toEqual(officeFrameAncestors);
    for (const office of ["https://*.officeapps.live.com", "https://*.office.com", "https://*.office365.com"])
      expect(policy.get("frame-ancestors")).toContain(office);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
    expect(response.headers.get("x-frame-options")).toBeNull();
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  test("the built assets and icons are served under /addin/assets/", async () => {
    requirePages();
    const html = await (await running.fetch("/addin/taskpane.html", { token: null })).text();
    const script = /src="(\/addin\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await running.fetch(script ?? "", { token: null });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    const icon = await running.fetch("/addin/assets/icon-32.png", { token: null });
    expect(icon.status).toBe(200);
    expect(icon.headers.get("content-type")).toBe("image/png");
  });

  const startBuilt =
    readFileSync(join(addinRoot(), "vite.config.ts"), "utf8").includes("start.html") ||
    existsSync(join(dist, "start.html"));
  test.skipIf(!startBuilt)(
    "GET / is the start page (skipped until apps/excel-addin/vite.config.ts builds start.html)",
    async () => {
      requirePages();
      const response = await running.fetch("/", { token: null });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain('<html lang="da">');
      expect(html).toMatch(/src="\/addin\/assets\/start-[^"]+\.js"/);
      expect(directives(response.headers.get("content-security-policy")).get("frame-ancestors")).toEqual(
        officeFrameAncestors,
      );
    },
  );

  test("an address under /addin/ that does not exist is a 404 problem", async () => {
    const response = await running.fetch("/addin/nothing.html", { token: null });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  test("/healthz, the OpenAPI document and the API keep helmet's default headers", async () => {
    const plain = express();
    plain.use(helmet());
    plain.get("/", (_req, res) => {
      res.json({});
    });
    const server: Server = await new Promise((done) => {
      const listening = plain.listen(0, "127.0.0.1", () => done(listening));
    });
    try {
      const reference = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const helmetHeaders = [...reference.headers.keys()].filter(
        (name) =>
          !["content-type", "content-length", "date", "connection", "keep-alive", "etag", "x-powered-by"].includes(
            name,
          ),
      );
      expect(helmetHeaders).toContain("content-security-policy");
      for (const [path, token] of [
        ["/healthz", null],
        ["/api/v1/openapi.json", null],
        ["/api/v1/plans", running.adminToken],
      ] as const) {
        const response = await running.fetch(path, { token });
        expect(response.status, path).toBe(200);
        for (const name of helmetHeaders)
          expect([path, name, response.headers.get(name)]).toEqual([path, name, reference.headers.get(name)]);
      }
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe("an add-in that is not built", () => {
  const root = mkdtempSync(join(tmpdir(), "helhedsplan-addin-"));
  writeFileSync(join(root, "manifest.xml"), template);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("its pages are a 404 that says how to build them; the manifest is still served", async () => {
    const { fetch } = await service({}, { root, officeJs: () => join(root, "office") });
    for (const path of ["/", "/addin/taskpane.html"]) {
      const response = await fetch(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/ikke bygget.*excel-addin build/);
    }
    expect((await fetch("/addin/manifest.xml")).status).toBe(200);
  });
});
