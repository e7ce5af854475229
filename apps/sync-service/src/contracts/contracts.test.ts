// Contracts on cooperation: validateContracts over the byområde after the write, every revision kept.
import { expect, test } from "vitest";
import { rejection } from "../../test/support/api-error";
import { rowCounts } from "../../test/support/counts";
import { describeEachDialect } from "../../test/support/each-dialect";

const eligible = ["boern-unge", "uddannelse-beskaeftigelse-erhverv", "kultur-fritid", "udsatte-grupper", "sundhed"];

describeEachDialect("contracts", (service) => {
  test("POST /contracts creates revision 1 with an empty text by default; GET lists it per byområde", async () => {
    const client = service().client();
    const created = await client.contracts.create({
      districtId: "bispebjerg",
      focusArea: "sundhed",
      title: "Sundhed i Bispebjerg",
      active: true,
    });
    expect(created).toMatchObject({
      districtId: "bispebjerg",
      focusArea: "sundhed",
      title: "Sundhed i Bispebjerg",
      text: "",
      active: true,
      revision: 1,
    });
    expect((await client.contracts.list({ districtId: "bispebjerg" })).items).toEqual([created]);
    expect((await client.contracts.list({ districtId: "valby-vigerslev" })).items).toEqual([]);
  });

  test("a revision gets revision + 1 and every revision is kept, oldest first", async () => {
    const client = service().client();
    const created = await client.contracts.create({
      districtId: "amager-sundby",
      focusArea: "kultur-fritid",
      title: "Kultur",
      text: "Første udgave",
      active: true,
    });
    const second = await client.contracts.revise(created.id, { text: "Revideret af forum" });
    const third = await client.contracts.revise(created.id, { active: false });
    expect(second).toMatchObject({ revision: 2, text: "Revideret af forum", title: "Kultur", active: true });
    expect(third).toMatchObject({ revision: 3, text: "Revideret af forum", active: false });
    expect(
      (await client.contracts.revisions(created.id)).items.map((revision) => [
        revision.revision,
        revision.text,
        revision.active,
      ]),
    ).toEqual([
      [1, "Første udgave", true],
      [2, "Revideret af forum", true],
      [3, "Revideret af forum", false],
    ]);
    expect((await client.contracts.list({ districtId: "amager-sundby" })).items).toEqual([third]);
  });

  test('a focus area that cannot carry a contract is 422 with the finding at ["focusArea"], nothing stored', async () => {
    const before = await rowCounts(service().db);
    const refused = await rejection(
      service()
        .client()
        .contracts.create({ districtId: "noerrebro", focusArea: "image-kommunikation", title: "Image", active: true }),
    );
    expect(refused.status).toBe(422);
    expect(refused.findings).toEqual([
      expect.objectContaining({ ruleId: "contract.focus-area-not-eligible", path: ["focusArea"] }),
    ]);
    expect(await rowCounts(service().db)).toEqual(before);
  });

  test('an unknown byområde is 422 at ["districtId"]', async () => {
    const refused = await rejection(
      service()
        .client()
        .contracts.create({ districtId: "frederiksberg", focusArea: "sundhed", title: "X", active: true }),
    );
    expect(refused.findings.map((finding) => [finding.ruleId, finding.path])).toContainEqual([
      "contract.district-unknown",
      ["districtId"],
    ]);
  });

  test("a second active contract for a focus area is 422; an inactive one is allowed, but reactivating it is 422", async () => {
    const client = service().client();
    await client.contracts.create({
      districtId: "vesterbro-sydhavnen",
      focusArea: "udsatte-grupper",
      title: "Første",
      active: true,
    });
    const duplicate = await rejection(
      client.contracts.create({
        districtId: "vesterbro-sydhavnen",
        focusArea: "udsatte-grupper",
        title: "Anden",
        active: true,
      }),
    );
    expect(duplicate.findings).toEqual([
      expect.objectContaining({ ruleId: "contract.duplicate-focus-area", path: ["focusArea"] }),
    ]);
    const inactive = await client.contracts.create({
      districtId: "vesterbro-sydhavnen",
      focusArea: "udsatte-grupper",
      title: "Hvilende",
      active: false,
    });
    const reactivated = await rejection(client.contracts.revise(inactive.id, { active: true }));
    expect(reactivated.status).toBe(422);
    expect((await client.contracts.revisions(inactive.id)).items).toHaveLength(1);
  });

  test("the sixth active contract of a byområde is 422 contract.limit (with a sixth eligible focus area)", async () => {
    const client = service().client();
    await client.reference.patchFocusArea("image-kommunikation", { contractEligible: true });
    try {
      for (const focusArea of eligible)
        await client.contracts.create({ districtId: "husum-tingbjerg", focusArea, title: focusArea, active: true });
      const sixth = await rejection(
        client.contracts.create({
          districtId: "husum-tingbjerg",
          focusArea: "image-kommunikation",
          title: "Sjette",
          active: true,
        }),
      );
      expect(sixth.findings).toEqual([expect.objectContaining({ ruleId: "contract.limit", path: [] })]);
    } finally {
      await client.reference.patchFocusArea("image-kommunikation", { contractEligible: false });
    }
  });

  test("contract writes are audited with before and after", async () => {
    const client = service().client();
    const created = await client.contracts.create({
      districtId: "valby-vigerslev",
      focusArea: "boern-unge",
      title: "Børn",
      active: true,
    });
    await client.contracts.revise(created.id, { title: "Børn og unge" });
    const entries = (await client.audit.list({ entity: "contract", id: created.id })).items;
    expect(entries.map((entry) => entry.action)).toEqual(["contract.create", "contract.revise"]);
    expect(entries[1]).toMatchObject({
      before: { title: "Børn", revision: 1 },
      after: { title: "Børn og unge", revision: 2 },
    });
  });

  test("an unknown contract is 404", async () => {
    expect(
      (await rejection(service().client().contracts.revisions("00000000-0000-4000-8000-000000000000"))).status,
    ).toBe(404);
  });
});

describeEachDialect(
  "concurrent contract writes in one byområde",
  (service) => {
    test("two creations for the same focus area at once: one 201, one 422", async () => {
      const create = () =>
        service().fetch("/api/v1/contracts", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            districtId: "noerrebro",
            focusArea: "kultur-fritid",
            title: "Samtidig",
            active: true,
          }),
        });
      const statuses = (await Promise.all([create(), create(), create()])).map((response) => response.status).sort();
      expect(statuses).toEqual([201, 422, 422]);
    });
  },
  { concurrentOnly: true },
);
