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
