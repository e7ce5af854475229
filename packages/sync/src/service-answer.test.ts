// failureOf's reading of the problems that need no service to show: a reused Idempotency-Key is no rule violation.
import { ApiError, problem } from "@helhedsplan/api";
import { describe, expect, it } from "vitest";
import { failureOf } from "./service-answer";

const answered = (error: ReturnType<(typeof problem)[keyof typeof problem]>) =>
  new ApiError(error.message, { kind: "problem", status: error.status, problem: error.problem });

describe("failureOf", () => {
  it("a reused Idempotency-Key is refused as its own case, never as rules without findings", () => {
    const failure = failureOf(answered(problem.idempotencyKeyReused()), { what: "budgettet", bodyPath: ["budget"] });
    expect(failure).toEqual({
      kind: "refused",
      reason: "invalid",
      message:
        "Tjenesten afviste budgettet: forespørgslens Idempotency-Key var allerede brugt til en anden forespørgsel (422). Prøv igen; næste forsøg sendes med en ny nøgle.",
      findings: [],
      fieldErrors: [],
    });
  });

  it("a rule violation is still the rules' refusal, with its findings", () => {
    const finding = { ruleId: "kommune.cap", severity: "error" as const, message: "For meget.", path: ["budget"] };
    const failure = failureOf(answered(problem.ruleViolation([finding])), { what: "budgettet" });
    expect(failure).toMatchObject({ kind: "refused", reason: "rules", findings: [finding] });
  });
});
