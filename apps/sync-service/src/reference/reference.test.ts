import { defaultReference } from "@helhedsplan/rules";
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { describeEachDialect } from "../../test/support/each-dialect";

describeEachDialect("reference data", (service) => {
  test("GET /reference answers the seeded reference data of the rules package", async () => {
    expect(await service().client().reference.get()).toEqual(defaultReference);
  });

  test("renaming a focus area keeps the old name as an alias and is audited", async () => {
    const client = service().client();
    const renamed = await client.reference.patchFocusArea("sundhed", { name: "Sundhed og trivsel" });
    expect(renamed).toEqual({
      id: "sundhed",
      name: "Sundhed og trivsel",
      contractEligible: true,
      aliases: ["Sundhed"],
    });
    const back = await client.reference.patchFocusArea("sundhed", { name: "Sundhed" });
    expect(back.aliases).toEqual(["Sundhed og trivsel"]);
    expect((await client.reference.get()).focusAreas.find((area) => area.id === "sundhed")).toEqual(back);
    const entries = (await client.audit.list({ entity: "reference", id: "sundhed" })).items;
    expect(entries.map((entry) => entry.action)).toEqual(["focus-area.update", "focus-area.update"]);
    expect(entries[0]).toMatchObject({ before: { name: "Sundhed" }, after: { name: "Sundhed og trivsel" } });
  });

  test("renaming a district keeps the old name as an alias; the forum can change", async () => {
    const renamed = await service()
      .client()
      .reference.patchDistrict("bispebjerg", { name: "Bispebjerg/Nordvest", forum: "Forum Nordvest" });
    expect(renamed).toEqual({
      id: "bispebjerg",
      name: "Bispebjerg/Nordvest",
      forum: "Forum Nordvest",
      aliases: ["Bispebjerg"],
    });
  });

  test("a name another item already has (as name or alias) is 409", async () => {
    const client = service().client();
    expect((await rejection(client.reference.patchDistrict("noerrebro", { name: "Valby/Vigerslev" }))).status).toBe(
      409,
    );
    expect(
      (await rejection(client.reference.patchFocusArea("kultur-fritid", { name: "børn, unge og beskæftigelse" })))
        .status,
    ).toBe(409);
  });

  test("names are compared as labels: another item's name with a trailing space, or in NFD, is 409 and nothing is stored", async () => {
    const client = service().client();
    await client.reference.patchFocusArea("kultur-fritid", { name: "Kultur og café" });
    const before = await client.reference.get();
    const auditBefore = (await client.audit.list({ entity: "reference" })).items;
    const clashes = [
      () => client.reference.patchFocusArea("udsatte-grupper", { name: "Sundhed " }),
      () => client.reference.patchFocusArea("udsatte-grupper", { name: "Kultur og café".normalize("NFD") }),
      () => client.reference.patchFocusArea("udsatte-grupper", { name: " KULTUR OG CAFÉ" }),
      () => client.reference.patchFocusArea("udsatte-grupper", { aliases: ["sundhed\t"] }),
      () => client.reference.patchDistrict("valby-vigerslev", { name: "Nørrebro ".normalize("NFD") }),
    ];
    for (const clash of clashes) {
      const error = await rejection(clash());
      expect(error.status).toBe(409);
      expect(error.problem?.detail).toMatch(/^Navnet ".+" bruges allerede af (indsatsområdet|byområdet) /);
    }
    expect(await client.reference.get()).toEqual(before);
    expect((await client.audit.list({ entity: "reference" })).items).toEqual(auditBefore);
  });

  test("an alias that is the item's own name or repeats another alias (as a label) is left out", async () => {
    const client = service().client();
    const edited = await client.reference.patchFocusArea("image-kommunikation", {
      aliases: ["image og kommunikation ", "Image", "IMAGE", "Kommunikation"],
    });
    expect(edited.aliases).toEqual(["Image", "Kommunikation"]);
    const recased = await client.reference.patchDistrict("amager-sundby", { name: "AMAGER/SUNDBY" });
    expect(recased).toMatchObject({ name: "AMAGER/SUNDBY", aliases: [] });
  });

  test("an unknown id is 404; an empty body is 400", async () => {
    const client = service().client();
    expect((await rejection(client.reference.patchDistrict("frederiksberg", { name: "F" }))).status).toBe(404);
    expect((await rejection(client.reference.patchFocusArea("sundhed", {}))).status).toBe(400);
  });
});

describeEachDialect(
  "concurrent renames",
  (service) => {
    test("two focus areas renamed to one new name at once: one 200, one 409, so a label still names one focus area", async () => {
      const rename = (id: string, name: string) =>
        service().fetch(`/api/v1/reference/focus-areas/${id}`, {
          method: "PATCH",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ name }),
        });
      // Several rounds: a race that slips through only now and then must still be caught.
      for (const name of ["Fællesskab 1", "Fællesskab 2", "Fællesskab 3", "Fællesskab 4", "Fællesskab 5"]) {
        const statuses = (await Promise.all([rename("kultur-fritid", name), rename("udsatte-grupper", name)]))
          .map((response) => response.status)
          .sort();
        expect(statuses).toEqual([200, 409]);
        const named = (await service().client().reference.get()).focusAreas.filter((area) => area.name === name);
        expect(named).toHaveLength(1);
      }
    });
  },
  { concurrentOnly: true },
);
