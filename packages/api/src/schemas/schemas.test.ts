import { describe, expect, test } from "vitest";
import type { z } from "zod";
import {
  AnnualReport,
  ContractRevisionBody,
  CreateContractBody,
  CreatePlanBody,
  CreatePoolBody,
  CreateTokenBody,
  DecisionBody,
  DistrictPatchBody,
  EntityId,
  FocusAreaPatchBody,
  IdempotencyKey,
  IfMatch,
  PatchPlanBody,
  PlanListQuery,
  PlanVersionParams,
  PutBudgetBody,
  PutGoalsBody,
  ReportsQuery,
  Slug,
} from ".";
import { demoPlan } from "@helhedsplan/demo";

const { budget: _budget, ...header } = demoPlan;
const expenseLine = (i: number) => ({
  focusArea: "sundhed",
  category: "loen",
  activity: `Aktivitet ${i}`,
  amountsOre: { "2014": 100 },
});
const goal = (i: number) => ({
  id: `m${i}`,
  focusArea: "sundhed",
  goal: "Flere i motion",
  successCriteria: ["200 deltagere"],
});
const text = (length: number) => "x".repeat(length);
const list = <T>(length: number, item: (i: number) => T) => Array.from({ length }, (_, i) => item(i));

function issuePaths(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  expect(result.success, JSON.stringify(input).slice(0, 200)).toBe(false);
  return result.error?.issues.map((issue) => issue.path) ?? [];
}

describe("write bodies are strict", () => {
  test.each(["status", "reservedOre", "approvedVersion", "id", "version", "constructor"])(
    "CreatePlanBody refuses the unknown key %s",
    (key) => {
      expect(CreatePlanBody.safeParse(header).success).toBe(true);
      expect(CreatePlanBody.safeParse({ ...header, [key]: "draft" }).success).toBe(false);
    },
  );

  test("a __proto__ key from JSON.parse is refused, not bound", () => {
    const hostile = JSON.parse(`{"__proto__": {"status": "approved"}, ${JSON.stringify(header).slice(1)}`) as unknown;
    expect(issuePaths(CreatePlanBody, hostile)).toEqual([[]]);
    expect(PatchPlanBody.safeParse(JSON.parse('{"name": "Ny", "__proto__": {"x": 1}}')).success).toBe(false);
  });

  test("PatchPlanBody takes part of the header, at least one key, nothing else", () => {
    expect(PatchPlanBody.safeParse({ name: "Nyt navn" }).success).toBe(true);
    expect(PatchPlanBody.safeParse({ districtId: null }).success).toBe(true);
    expect(PatchPlanBody.safeParse({}).success).toBe(false);
    expect(PatchPlanBody.safeParse({ name: "Nyt navn", status: "approved" }).success).toBe(false);
  });

  test("unknown keys deep in a budget are refused too", () => {
    const budget = { expenses: [expenseLine(0)], financing: [{ source: "lbf", amountsOre: { "2014": 100 } }] };
    expect(PutBudgetBody.safeParse(budget).success).toBe(true);
    expect(issuePaths(PutBudgetBody, { ...budget, expenses: [{ ...expenseLine(0), amountOre: 5 }] })).toEqual([
      ["expenses", 0],
    ]);
  });

  test("every other write body refuses an unknown key", () => {
    const valid: [z.ZodType, Record<string, unknown>][] = [
      [CreatePoolBody, { name: "Budget 2016", budgetYear: 2016, amountOre: 1_000_000_000 }],
      [PutGoalsBody, { goals: [goal(1)] }],
      [DecisionBody, { body: "committee", outcome: "approved", decidedOn: "2014-03-12", reference: "BR 123/14" }],
      [
        CreateContractBody,
        { districtId: "noerrebro", focusArea: "sundhed", title: "Sundhed på Nørrebro", active: true },
      ],
      [ContractRevisionBody, { active: false }],
      [FocusAreaPatchBody, { contractEligible: false }],
      [DistrictPatchBody, { forum: "Forum Nørrebro" }],
      [CreateTokenBody, { role: "viewer" }],
      [AnnualReport, { year: 2014, spending: [], financingReceived: [], goals: [] }],
    ];
    for (const [schema, body] of valid) {
      expect(schema.safeParse(body).success, JSON.stringify(body)).toBe(true);
      expect(schema.safeParse({ ...body, status: "approved" }).success, JSON.stringify(body)).toBe(false);
    }
  });

  test("a contract's id is the service's to choose", () => {
    const contract = { districtId: "noerrebro", focusArea: "sundhed", title: "Sundhed", active: true };
    expect(CreateContractBody.safeParse({ ...contract, id: "mine" }).success).toBe(false);
  });

  test("partial write bodies refuse an empty object", () => {
    expect(ContractRevisionBody.safeParse({}).success).toBe(false);
    expect(FocusAreaPatchBody.safeParse({}).success).toBe(false);
    expect(DistrictPatchBody.safeParse({}).success).toBe(false);
  });
});

describe("strings and arrays have their limits", () => {
  test("a NUL character in a name or a free text is refused", () => {
    expect(issuePaths(CreatePlanBody, { ...header, name: "Mjølner\u0000parken" })).toEqual([["name"]]);
    expect(issuePaths(ContractRevisionBody, { text: "a\u0000b" })).toEqual([["text"]]);
    expect(issuePaths(PutGoalsBody, { goals: [{ ...goal(1), goal: "\u0000" }] })).toEqual([["goals", 0, "goal"]]);
  });

  test("a name or title holds 200 characters, not 201", () => {
    expect(CreatePlanBody.safeParse({ ...header, name: text(200) }).success).toBe(true);
    expect(issuePaths(CreatePlanBody, { ...header, name: text(201) })).toEqual([["name"]]);
    expect(ContractRevisionBody.safeParse({ title: text(200) }).success).toBe(true);
    expect(ContractRevisionBody.safeParse({ title: text(201) }).success).toBe(false);
  });

  test("a free text holds 10,000 characters, not 10,001", () => {
    expect(ContractRevisionBody.safeParse({ text: text(10_000) }).success).toBe(true);
    expect(ContractRevisionBody.safeParse({ text: text(10_001) }).success).toBe(false);
  });

  test("a plan holds 100 estates, not 101", () => {
    expect(CreatePlanBody.safeParse({ ...header, estates: list(100, (i) => `Afd. ${i}`) }).success).toBe(true);
    expect(issuePaths(CreatePlanBody, { ...header, estates: list(101, (i) => `Afd. ${i}`) })).toEqual([["estates"]]);
  });

  test("a budget holds 5,000 expense lines, not 5,001", () => {
    expect(PutBudgetBody.safeParse({ expenses: list(5_000, expenseLine), financing: [] }).success).toBe(true);
    expect(issuePaths(PutBudgetBody, { expenses: list(5_001, expenseLine), financing: [] })).toEqual([["expenses"]]);
  });

  test("a plan holds 50 goals, not 51", () => {
    expect(PutGoalsBody.safeParse({ goals: list(50, goal) }).success).toBe(true);
    expect(issuePaths(PutGoalsBody, { goals: list(51, goal) })).toEqual([["goals"]]);
  });

  test("a report's money is whole, non-negative øre", () => {
    const report = (actualOre: number) => ({
      year: 2014,
      spending: [{ focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", actualOre }],
      financingReceived: [],
      goals: [],
    });
    expect(AnnualReport.safeParse(report(0)).success).toBe(true);
    expect(issuePaths(AnnualReport, report(-1))).toEqual([["spending", 0, "actualOre"]]);
    expect(issuePaths(AnnualReport, report(0.5))).toEqual([["spending", 0, "actualOre"]]);
  });
});

describe("headers", () => {
  test.each([
    ['"0"', 0],
    ['"3"', 3],
    ['"120"', 120],
  ])("If-Match %s is version %i", (header, version) => {
    expect(IfMatch.parse(header)).toBe(version);
  });

  test.each(["3", '"-1"', '"01"', '"3.0"', '""', '" 3"', 'W/"3"', '"3", "4"', "*", '"3', '"1e3"'])(
    "If-Match %s is refused",
    (header) => {
      expect(IfMatch.safeParse(header).success).toBe(false);
    },
  );

  test("Idempotency-Key is a UUID", () => {
    expect(IdempotencyKey.safeParse("3f2b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3e").success).toBe(true);
    expect(IdempotencyKey.safeParse("retry-1").success).toBe(false);
  });
});

describe("POST /tokens", () => {
  test("a housing token names its organisation", () => {
    expect(CreateTokenBody.parse({ role: "housing", housingOrganisation: "Bo-Vita" })).toEqual({
      role: "housing",
      housingOrganisation: "Bo-Vita",
    });
    expect(issuePaths(CreateTokenBody, { role: "housing" })).toEqual([["housingOrganisation"]]);
    expect(issuePaths(CreateTokenBody, { role: "housing", housingOrganisation: "" })).toEqual([
      ["housingOrganisation"],
    ]);
  });

  test.each(["admin", "finance", "approver", "viewer"])("a %s token refuses an organisation", (role) => {
    expect(CreateTokenBody.safeParse({ role }).success).toBe(true);
    expect(issuePaths(CreateTokenBody, { role, housingOrganisation: "Bo-Vita" })).toEqual([["housingOrganisation"]]);
    expect(issuePaths(CreateTokenBody, { role, housingOrganisation: null })).toEqual([["housingOrganisation"]]);
  });

  test("an unknown role is refused", () => {
    expect(issuePaths(CreateTokenBody, { role: "superuser" })).toEqual([["role"]]);
  });
});

describe("ids in paths and queries", () => {
  test.each(["1; DROP TABLE plans", "../../etc/passwd", "", "3f2b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3", "' OR '1'='1"])(
    "the entity id %j is refused",
    (id) => {
      expect(EntityId.safeParse(id).success).toBe(false);
    },
  );

  test("slugs are letters, digits, - and _", () => {
    for (const slug of ["budget-2012", "kommunePulje", "boern-unge", "a".repeat(100)])
      expect(Slug.safeParse(slug).success).toBe(true);
    for (const slug of ["", "a/b", "..", "-x", "a b", "a\u0000", "a".repeat(101)])
      expect(Slug.safeParse(slug).success).toBe(false);
  });

  test("a version in the path is a whole number from 1", () => {
    const id = "3f2b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3e";
    expect(PlanVersionParams.parse({ id, n: "12" })).toEqual({ id, n: 12 });
    for (const n of ["0", "01", "-1", "1.5", "x", ""])
      expect(PlanVersionParams.safeParse({ id, n }).success).toBe(false);
  });

  test("queries parse their filters and refuse bad ones", () => {
    expect(PlanListQuery.parse({ status: "draft" })).toEqual({ status: "draft" });
    expect(PlanListQuery.safeParse({ status: "deleted" }).success).toBe(false);
    expect(PlanListQuery.safeParse({ status: ["draft", "approved"] }).success).toBe(false);
    expect(ReportsQuery.parse({ year: "2015", districtId: "noerrebro" })).toEqual({
      year: 2015,
      districtId: "noerrebro",
    });
    expect(ReportsQuery.safeParse({ year: "15" }).success).toBe(false);
  });

  test("a decision's date is a real calendar date", () => {
    const decision = { body: "council", outcome: "rejected", reference: "BR 1/15" };
    expect(DecisionBody.safeParse({ ...decision, decidedOn: "2016-02-29" }).success).toBe(true);
    for (const decidedOn of ["2015-02-29", "2015-13-01", "1/3/2015", "2015-03-01T00:00:00Z"]) {
      expect(DecisionBody.safeParse({ ...decision, decidedOn }).success, decidedOn).toBe(false);
    }
  });
});
