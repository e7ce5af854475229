import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("GET /me", (service) => {
  test("a housing token answers its role and organisation", async () => {
    const token = await service().token("housing", "fsb");
    expect(await service().client(token).me()).toEqual({ role: "housing", housingOrganisation: "fsb" });
  });

  test("an admin token answers its role without an organisation", async () => {
    expect(await service().client().me()).toEqual({ role: "admin", housingOrganisation: null });
  });

  test("a token created over POST /tokens answers what it was created as", async () => {
    const created = await service().client().tokens.create({ role: "viewer" });
    expect(await service().client(created.token).me()).toEqual({ role: "viewer", housingOrganisation: null });
  });

  test("an unknown token is a 401", async () => {
    expect((await rejection(service().client("not-a-token-the-service-issued").me())).status).toBe(401);
  });
});
