// searchPlans: what a person types in the plan picker, against names and byområder.
import type { Plan } from "@helhedsplan/api";
import { defaultReference } from "@helhedsplan/rules";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { searchKey, searchPlans } from "./search-plans";

const plan = (name: string, districtId: string | null): Plan => ({
  id: crypto.randomUUID(),
  name,
  housingOrganisation: "Bo-Vita",
  estates: [],
  districtId,
  vulnerableArea: false,
  cooperation: false,
  periodStart: 2014,
  periodEnd: 2017,
  poolId: null,
  status: "draft",
  version: 1,
  approvedVersion: null,
  createdAt: "2024-01-01T00:00:00.000Z",
  updatedAt: "2024-01-01T00:00:00.000Z",
});

const districts = new Map(defaultReference.districts.map((district) => [district.id, district.name]));
const districtName = (id: string) => districts.get(id);
const first = defaultReference.districts[0]!;
const second = defaultReference.districts[1]!;

const items = [
  plan("Helhedsplan for Mjølnerparken 2014–2017", first.id),
  plan("Café-projekt i Tingbjerg", second.id),
  plan("Åparken", null),
  plan("Aparken", null),
];
const names = (found: Plan[]) => found.map((item) => item.name);

const danishText = fc.string({ unit: fc.constantFrom(..."abcæøåÆØÅéÉüÜ -–"), minLength: 1, maxLength: 20 });

describe("searchPlans", () => {
  it("empty or blank text: all, in order", () => {
    expect(searchPlans(items, "")).toEqual(items);
    expect(searchPlans(items, "   ")).toEqual(items);
  });

  it("a substring of the name, case- and accent-insensitive", () => {
    expect(names(searchPlans(items, "MJØLNER"))).toEqual(["Helhedsplan for Mjølnerparken 2014–2017"]);
    expect(names(searchPlans(items, "cafe"))).toEqual(["Café-projekt i Tingbjerg"]);
    expect(names(searchPlans(items, "CAFÉ"))).toEqual(["Café-projekt i Tingbjerg"]);
    expect(names(searchPlans(items, "Cafe\u0301"))).toEqual(["Café-projekt i Tingbjerg"]);
  });

  it("æ, ø and å stay letters of their own", () => {
    expect(names(searchPlans(items, "mjolner"))).toEqual([]);
    expect(names(searchPlans(items, "åparken"))).toEqual(["Åparken"]);
    expect(names(searchPlans(items, "A\u030Aparken"))).toEqual(["Åparken"]);
    expect(names(searchPlans(items, "aparken"))).toEqual(["Aparken"]);
  });

  it("the byområde's name, through districtName; without it only names are searched", () => {
    const byDistrict = searchKey(first.name).slice(0, 5).toUpperCase();
    expect(names(searchPlans(items, byDistrict, districtName))).toContain(items[0]!.name);
    expect(searchPlans(items, first.name)).toEqual([]);
    expect(searchPlans(items, "xyz", districtName)).toEqual([]);
  });

  it("a name always finds itself, in any case; results keep the input's order", () => {
    fc.assert(
      fc.property(fc.array(danishText, { minLength: 1, maxLength: 8 }), fc.nat(), (texts, pick) => {
        const list = texts.map((name) => plan(name, null));
        const wanted = texts[pick % texts.length]!;
        const found = searchPlans(list, wanted.toUpperCase());
        if (searchKey(wanted) !== "") expect(found).toContain(list[pick % texts.length]);
        const indexes = found.map((item) => list.indexOf(item));
        expect(indexes).toEqual([...indexes].sort((a, b) => a - b));
      }),
    );
  });
});
