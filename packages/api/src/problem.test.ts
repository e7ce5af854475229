import { describe, expect, test } from "vitest";
import type { Finding } from "@helhedsplan/rules";
import {
  Problem,
  ProblemError,
  ProblemSlug,
  parseRequest,
  problem,
  problemCatalog,
  problemType,
  slugOfProblemType,
  unknownField,
} from "./problem";
import { CreatePlanBody, PutGoalsBody, type Pool } from "./schemas";

const pool: Pool = {
  id: "budget-2012",
  name: "Budget 2012",
  budgetYear: 2012,
  amountOre: 3_000_000_000,
  reservedOre: 2_950_000_000,
  committedOre: 0,
  availableOre: 50_000_000,
};
const capFinding: Finding = {
  ruleId: "kommune.cap",
  severity: "error",
  message: "Kommunens andel er 13,20 % af rammen.",
  path: ["budget", "financing", "kommune"],
};

describe("problem slugs", () => {
  test("API.md's slugs with their statuses", () => {
    const statuses = Object.fromEntries(ProblemSlug.options.map((slug) => [slug, problemCatalog[slug].status]));
    expect(statuses).toEqual({
      unauthorized: 401,
      forbidden: 403,
      "not-found": 404,
      "invalid-request": 400,
      "rule-violation": 422,
      conflict: 409,
      "pool-exhausted": 409,
      "precondition-required": 428,
      "precondition-failed": 412,
      "payload-too-large": 413,
      "rate-limited": 429,
      unavailable: 503,
      "idempotency-key-reused": 422,
      "unsupported-media-type": 415,
      "method-not-allowed": 405,
    });
  });

  test("type is /problems/<slug> and reads back", () => {
    expect(problemType("pool-exhausted")).toBe("/problems/pool-exhausted");
    for (const slug of ProblemSlug.options) expect(slugOfProblemType(problemType(slug))).toBe(slug);
    expect(slugOfProblemType("about:blank")).toBeNull();
    expect(slugOfProblemType("/problems/teapot")).toBeNull();
  });
});

describe("ProblemError", () => {
  test("carries a problem+json body that the Problem schema accepts", () => {
    const error = problem.notFound("Planen findes ikke.");
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ProblemError);
    expect(error.status).toBe(404);
    expect(error.message).toBe("Planen findes ikke.");
    expect(error.problem).toEqual({
      type: "/problems/not-found",
      title: "Findes ikke",
      status: 404,
      detail: "Planen findes ikke.",
    });
    expect(Problem.parse(JSON.parse(JSON.stringify(error.problem)))).toEqual(error.problem);
  });

  test("invalidRequest turns zod issues into errors with paths, one per unknown key", () => {
    const parsed = CreatePlanBody.safeParse({
      name: "a\u0000",
      housingOrganisation: "Bo-Vita",
      estates: [],
      districtId: null,
      vulnerableArea: false,
      cooperation: false,
      periodStart: 2014,
      periodEnd: 2017,
      poolId: null,
      status: "approved",
      reservedOre: 1,
    });
    if (parsed.success) throw new Error("the body should have been refused");
    const error = problem.invalidRequest(parsed.error);
    expect(error.status).toBe(400);
    expect(error.problem.errors).toEqual([
      { path: ["name"], message: "Teksten må ikke indeholde NUL-tegn." },
      { path: ["status"], message: "Ukendt felt: status." },
      { path: ["reservedOre"], message: "Ukendt felt: reservedOre." },
    ]);
  });

  test("invalidRequest takes hand-made field errors (bad JSON)", () => {
    const error = problem.invalidRequest([{ path: [], message: "Kroppen er ikke gyldig JSON." }], "Ugyldig JSON.");
    expect(error.problem).toMatchObject({
      status: 400,
      detail: "Ugyldig JSON.",
      errors: [{ path: [], message: "Kroppen er ikke gyldig JSON." }],
    });
  });

  test("the problems with extra members carry them", () => {
    expect(problem.ruleViolation([capFinding]).problem).toMatchObject({ status: 422, findings: [capFinding] });
    expect(problem.poolExhausted(pool).problem).toMatchObject({ type: "/problems/pool-exhausted", status: 409, pool });
    expect(problem.preconditionFailed(7).problem).toMatchObject({ status: 412, current: 7 });
    expect(problem.preconditionFailed(7).problem.detail).toContain("7");
    const limited = problem.rateLimited(30);
    expect(limited.problem.status).toBe(429);
    expect(limited.headers).toEqual({ "Retry-After": "30" });
  });

  test("the problems without extras leave them out of the body", () => {
    for (const error of [
      problem.unauthorized(),
      problem.forbidden(),
      problem.conflict("Planen er ikke i kladde."),
      problem.preconditionRequired(),
      problem.payloadTooLarge(1_048_576),
      problem.unavailable(),
      problem.idempotencyKeyReused(),
      problem.unsupportedMediaType(),
    ]) {
      expect(Object.keys(error.problem).sort()).toEqual(["detail", "status", "title", "type"]);
      expect(Problem.safeParse(error.problem).success).toBe(true);
    }
  });
});

test("a reused Idempotency-Key is a 422 of its own, without findings, in Danish", () => {
  const error = problem.idempotencyKeyReused();
  expect(error.problem).toEqual({
    type: "/problems/idempotency-key-reused",
    title: "Idempotency-Key er allerede brugt",
    status: 422,
    detail:
      "Idempotency-Key er allerede brugt til en anden forespørgsel (anden metode, sti eller krop). Brug en ny nøgle.",
  });
  expect(slugOfProblemType(error.problem.type)).toBe("idempotency-key-reused");
});

test("a body that is no JSON is a 415 in Danish; a method the path does not take a 405 with Allow", () => {
  expect(problem.unsupportedMediaType().problem).toEqual({
    type: "/problems/unsupported-media-type",
    title: "Kroppen er ikke JSON",
    status: 415,
    detail: "Kroppen skal være JSON i UTF-8 og sendes med Content-Type: application/json.",
  });
  const notAllowed = problem.methodNotAllowed("DELETE", ["GET", "POST"]);
  expect(notAllowed.problem).toEqual({
    type: "/problems/method-not-allowed",
    title: "Metoden kan ikke bruges på adressen",
    status: 405,
    detail: "Metoden DELETE kan ikke bruges på denne adresse; den tager imod GET, POST.",
  });
  expect(notAllowed.headers).toEqual({ Allow: "GET, POST" });
});

test("an unknown key's field error names the key, wherever it is", () => {
  expect(unknownField(["expenses", 0, "amountsOre", "__proto__"])).toEqual({
    path: ["expenses", 0, "amountsOre", "__proto__"],
    message: "Ukendt felt: __proto__.",
  });
});

describe("parseRequest", () => {
  test("answers the parsed value", () => {
    expect(parseRequest(PutGoalsBody, { goals: [] })).toEqual({ goals: [] });
  });

  test("throws the 400 with Danish messages, keeping the schemas' own", () => {
    const caught = (() => {
      try {
        parseRequest(PutGoalsBody, {
          goals: [{ id: 7, focusArea: "sundhed", goal: "x".repeat(10_001), successCriteria: [] }],
          extra: 1,
        });
      } catch (error) {
        return error;
      }
    })();
    expect(caught).toBeInstanceOf(ProblemError);
    expect((caught as ProblemError).problem.errors).toEqual([
      { path: ["goals", 0, "id"], message: "Ugyldigt input: forventede streng, fik tal" },
      { path: ["goals", 0, "goal"], message: "Teksten er for lang: højst 10000 tegn." },
      { path: ["extra"], message: "Ukendt felt: extra." },
    ]);
  });
});
