import { describe, expect, test } from "vitest";
import { ConfigError, parseConfig } from "./config";

describe("parseConfig", () => {
  test("an empty environment gives the documented defaults: port 3000, embedded database in ./.data", () => {
    expect(parseConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      dataDir: "./.data",
      adminToken: undefined,
      demo: false,
      logLevel: "info",
    });
  });

  test("reads every variable", () => {
    const config = parseConfig({
      PORT: "8080",
      DATABASE_URL: "postgres://u@db:5432/helhedsplan",
      DATA_DIR: "/var/lib/helhedsplan",
      HELHEDSPLAN_ADMIN_TOKEN: "a-long-enough-admin-token",
      HELHEDSPLAN_DEMO: "1",
      LOG_LEVEL: "warn",
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "postgres://u@db:5432/helhedsplan",
      dataDir: "/var/lib/helhedsplan",
      adminToken: "a-long-enough-admin-token",
      demo: true,
      logLevel: "warn",
    });
  });

  test("TRUST_PROXY: no proxy is trusted by default; true, false, a hop count or a list of addresses and subnets", () => {
    expect(parseConfig({}).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "false" }).trustProxy).toBe(false);
    expect(parseConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(parseConfig({ TRUST_PROXY: "1" }).trustProxy).toBe(1);
    expect(
      parseConfig({ TRUST_PROXY: "loopback, 10.0.0.0/8,192.168.1.5, fd00::/8, 10.1.0.0/255.255.0.0" }).trustProxy,
    ).toEqual(["loopback", "10.0.0.0/8", "192.168.1.5", "fd00::/8", "10.1.0.0/255.255.0.0"]);
  });

  test.each(["yes", "10.0.0.0/33", "proxy.kk.dk", "10.0.0.1,", "::1/129"])(
    "TRUST_PROXY=%s stops the start, naming it",
    (value) => {
      expect(() => parseConfig({ TRUST_PROXY: value })).toThrow(
        /TRUST_PROXY: must be true, false, a number of proxy hops/,
      );
    },
  );

  test("HTTPS for Office on 3443 by default, and the manifest's public address on it; Office.js from the CDN", () => {
    expect(parseConfig({})).toMatchObject({ httpsPort: 3443, publicUrl: "https://localhost:3443", officeJs: "cdn" });
    expect(parseConfig({ HTTPS_PORT: "8443" })).toMatchObject({ httpsPort: 8443, publicUrl: "https://localhost:8443" });
  });

  test.each(["off", "0"])("HTTPS_PORT=%s: no HTTPS, and the public address is the HTTP one", (value) => {
    expect(parseConfig({ HTTPS_PORT: value, PORT: "8080" })).toMatchObject({
      httpsPort: null,
      publicUrl: "http://localhost:8080",
    });
  });

  test.each([
    ["https://helhedsplan.kk.dk", "https://helhedsplan.kk.dk"],
    ["https://helhedsplan.kk.dk/", "https://helhedsplan.kk.dk"],
    ["https://HELHEDSPLAN.kk.dk:8443", "https://helhedsplan.kk.dk:8443"],
    ["https://helhedsplan.kk.dk:443/", "https://helhedsplan.kk.dk"],
    ["https://hælhedsplan.dk", "https://xn--hlhedsplan-d6a.dk"],
    ["http://localhost:3000", "http://localhost:3000"],
    ["http://127.0.0.1:3000/", "http://127.0.0.1:3000"],
  ])("HELHEDSPLAN_PUBLIC_URL=%s is the origin %s", (value, origin) => {
    expect(parseConfig({ HELHEDSPLAN_PUBLIC_URL: value }).publicUrl).toBe(origin);
  });

  test("HELHEDSPLAN_OFFICE_JS=local serves Office.js from the service", () => {
    expect(parseConfig({ HELHEDSPLAN_OFFICE_JS: "local" }).officeJs).toBe("local");
  });

  test("an empty variable counts as unset", () => {
    expect(parseConfig({ PORT: "", DATABASE_URL: "" })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  test.each([
    [{ PORT: "http" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ DATABASE_URL: "mysql://localhost/x" }, /DATABASE_URL: must be a postgres:\/\/ URL/],
    [{ HELHEDSPLAN_DEMO: "yes" }, /HELHEDSPLAN_DEMO/],
    [{ HELHEDSPLAN_ADMIN_TOKEN: "two words" }, /HELHEDSPLAN_ADMIN_TOKEN: must be 1–512 printable ASCII characters/],
    [{ LOG_LEVEL: "loud" }, /LOG_LEVEL/],
    [{ HTTPS_PORT: "https" }, /HTTPS_PORT: must be a port \(1–65535\), or 0 or off for no HTTPS/],
    [{ HTTPS_PORT: "70000" }, /HTTPS_PORT/],
    [{ HELHEDSPLAN_OFFICE_JS: "intranet" }, /HELHEDSPLAN_OFFICE_JS/],
    [{ HELHEDSPLAN_PUBLIC_URL: "http://helhedsplan.kk.dk" }, /HELHEDSPLAN_PUBLIC_URL: must be .*https/],
    [{ HELHEDSPLAN_PUBLIC_URL: "helhedsplan.kk.dk" }, /HELHEDSPLAN_PUBLIC_URL/],
    [{ HELHEDSPLAN_PUBLIC_URL: "https://kk.dk/helhedsplan" }, /HELHEDSPLAN_PUBLIC_URL: .*without a path/],
    [{ HELHEDSPLAN_PUBLIC_URL: "https://kk.dk/?x=1" }, /HELHEDSPLAN_PUBLIC_URL/],
    [{ HELHEDSPLAN_PUBLIC_URL: "https://user:secret@kk.dk" }, /HELHEDSPLAN_PUBLIC_URL/],
    [{ HELHEDSPLAN_PUBLIC_URL: "ftp://kk.dk" }, /HELHEDSPLAN_PUBLIC_URL/],
  ])("a bad value stops the start with one line naming it: %o", (env, message) => {
    expect(() => parseConfig(env)).toThrow(ConfigError);
    expect(() => parseConfig(env)).toThrow(message);
    try {
      parseConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });
});
