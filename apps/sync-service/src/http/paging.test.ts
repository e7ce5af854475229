// GET /plans and GET /audit come in pages (`?limit=&cursor=`, `nextCursor`): every item exactly once, in order, also
// when items share a moment; a cursor the service did not give and a limit out of range are 400s; a housing token's
// pages hold only its organisation's plans.
import { pageLimits } from "@helhedsplan/api";
import { expect, test } from "vitest";
import { planHeader } from "../../test/support/fixtures";
import { describeEachDialect } from "../../test/support/each-dialect";

// Every write happens at the same moment: the order then rests on the tie-breaker alone.
const moment = new Date("2014-03-06T10:00:00.000Z");

describeEachDialect(
  "paged lists",
  (service) => {
    test("GET /plans: pages of `limit` plans, each plan once, oldest first, the last page's nextCursor null", async () => {
      const organisation = `Paging ${Date.now()}`;
      const created: string[] = [];
      for (let n = 0; n < 7; n++) {
        created.push((await service().admin.plans.create(planHeader({ housingOrganisation: organisation }))).id);
      }
      const everything = (await service().admin.plans.listAll()).items.map((plan) => plan.id);
      expect(everything.filter((id) => created.includes(id))).toEqual(
        [...created].sort((a, b) => everything.indexOf(a) - everything.indexOf(b)),
      );

      const housing = service().client(await service().token("housing", organisation));
      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await housing.plans.list({ limit: 3, ...(cursor === undefined ? {} : { cursor }) });
        pages.push(page.items.map((plan) => plan.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat().sort()).toEqual([...created].sort());
      expect(pages.flat()).toEqual(everything.filter((id) => created.includes(id)));
      // listAll follows the cursors to the same plans.
      expect((await housing.plans.listAll({ limit: 2 })).items.map((plan) => plan.id)).toEqual(pages.flat());
    });

    test("GET /plans without limit: at most the default page; a full list ends with nextCursor null", async () => {
      const page = await service().admin.plans.list();
      expect(page.items.length).toBeLessThanOrEqual(pageLimits.default);
      expect(page.nextCursor).toBeNull();
    });

    test("GET /audit: pages follow the log's order, each entry once", async () => {
      const plan = await service().admin.plans.create(planHeader());
      for (let n = 0; n < 4; n++) await service().admin.plans.patch(plan.id, { name: `Navn ${n}` }, { ifMatch: n });
      const all = (await service().admin.audit.list({ entity: "plan", id: plan.id })).items;
      expect(all).toHaveLength(5);
      const pages: (typeof all)[] = [];
      let cursor: string | null | undefined;
      do {
        const page = await service().admin.audit.list({
          entity: "plan",
          id: plan.id,
          limit: 2,
          ...(cursor === undefined || cursor === null ? {} : { cursor }),
        });
        pages.push(page.items);
        cursor = page.nextCursor;
      } while (cursor !== null && cursor !== undefined);
      expect(pages).toEqual([all.slice(0, 2), all.slice(2, 4), all.slice(4)]);
      expect((await service().admin.audit.listAll({ entity: "plan", id: plan.id, limit: 1 })).items).toEqual(all);
    });

    for (const [path, why] of [
      ["/api/v1/plans?limit=0", "a limit of 0"],
      [`/api/v1/plans?limit=${pageLimits.max + 1}`, "a limit above the most"],
      ["/api/v1/plans?limit=2.5", "a limit that is no whole number"],
      ["/api/v1/plans?cursor=bm9wZQ", "a cursor the service did not give"],
      [`/api/v1/plans?cursor=${Buffer.from('["x", "y"]').toString("base64url")}`, "a cursor of the wrong shape"],
      [
        `/api/v1/plans?cursor=${Buffer.from('["2014-13-45 99:00:00+00", "00000000-0000-4000-8000-000000000000"]').toString("base64url")}`,
        "a cursor with a time that does not exist",
      ],
      ["/api/v1/audit?cursor=%2B%2B", "a cursor of characters base64url does not use"],
      [`/api/v1/audit?cursor=${Buffer.from('"99999999999999999999"').toString("base64url")}`, "a cursor beyond bigint"],
    ] as const) {
      test(`${why} is a 400 on its parameter`, async () => {
        const response = await service().fetch(path);
        expect(response.status).toBe(400);
        const body = (await response.json()) as { errors?: { path: unknown[] }[] };
        expect(body.errors?.[0]?.path?.[0]).toMatch(/^(limit|cursor)$/);
      });
    }
  },
  { clock: () => moment },
);
