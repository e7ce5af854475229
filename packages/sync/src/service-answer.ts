// What the service's refusals mean to a finance officer: one Danish sentence per kind of answer,
// and whether the answer means "try again later" (no answer, 5xx, 429) or "something must change".
import { ApiError, type FieldError } from "@helhedsplan/api";
import type { Finding, FindingPath } from "@helhedsplan/rules";

/** Why a push did not go through, as data a front end can act on. */
export type RefusalReason =
  | "workbook" // the workbook itself has errors; nothing was sent
  | "rules" // the service found rule errors (422)
  | "invalid" // the service could not take the request's shape (400)
  | "too-large" // over the service's body limit
  | "version" // the workbook's Version does not fit the plan on the service
  | "not-found" // no such plan (or not visible to this token)
  | "not-draft" // the plan is not a draft on the service (409)
  | "unauthorized" // the token is unknown (401)
  | "forbidden"; // the token's role may not (403)

/** A failed call as the engine reports it. */
export type CallFailure =
  | {
      kind: "refused";
      reason: RefusalReason;
      message: string;
      /** The rule findings of a 422, paths relative to the plan. */
      findings: Finding[];
      fieldErrors: { path: FindingPath; message: string }[];
    }
  | { kind: "unavailable"; message: string; outcomeUnknown: boolean }
  | { kind: "stale"; current: number | null };

/** What the failed call was, for the sentence: "Tjenesten afviste budgettet …". */
export interface CallWhat {
  /** The object of the sentence, definite: "budgettet", "planens stamdata". */
  what: string;
  /** The path of the request body inside the plan (`["budget"]` for a budget PUT), for field errors. */
  bodyPath?: FindingPath;
}

const fieldErrorsOf = (errors: readonly FieldError[], bodyPath: FindingPath = []) =>
  errors.map((error) => ({ path: [...bodyPath, ...error.path], message: error.message }));

/** The engine's view of a failed client call; anything but an `ApiError` is a bug and is thrown on. Example: `failureOf(error, { what: "budgettet" })`. */
export function failureOf(error: unknown, call: CallWhat): CallFailure {
  if (!(error instanceof ApiError)) throw error;
  if (error.kind === "network") {
    return {
      kind: "unavailable",
      outcomeUnknown: true,
      // The client's message names the address and the request: "Tjenesten på … svarer ikke (GET /api/v1/reference)."
      message: error.message,
    };
  }
  if (error.kind === "invalid-response" || error.problem === null) {
    return {
      kind: "unavailable",
      outcomeUnknown: error.status === 0 || error.status >= 500,
      message: `Svaret (${error.status}) kom ikke fra helhedsplan-tjenesten, som den skulle; tjek tjenestens adresse.`,
    };
  }
  const detail = error.problem.detail;
  const fieldErrors = fieldErrorsOf(error.problem.errors ?? [], call.bodyPath);
  // API.md: a 422's finding paths are already relative to the plan (a budget PUT's start with "budget").
  const findings = error.findings;
  const refused = (reason: RefusalReason, message: string): CallFailure => ({
    kind: "refused",
    reason,
    message,
    findings: reason === "rules" ? findings : [],
    fieldErrors,
  });
  switch (error.slug) {
    case "precondition-failed":
      return { kind: "stale", current: error.current };
    case "unauthorized":
      return refused("unauthorized", "Tjenesten kender ikke adgangsnøglen (401); tjek den, eller bed om en ny.");
    case "forbidden":
      return refused("forbidden", `Din adgangsnøgle giver ikke lov til dette (403): ${detail}`);
    case "not-found":
      return refused(
        "not-found",
        "Planen findes ikke, eller du har ikke adgang til den (404). Tøm Plan-ID og Version for at oprette den som ny.",
      );
    case "invalid-request":
      return refused("invalid", `Tjenesten afviste ${call.what} som ugyldig (400): ${detail}`);
    case "rule-violation":
      return refused("rules", `Tjenesten afviste ${call.what}, fordi reglerne brydes; ret fundene og prøv igen.`);
    case "idempotency-key-reused":
      // A retry token that no longer fits its write (e.g. another plan): refused carries no token, so the next try
      // goes with a new key.
      return refused(
        "invalid",
        `Tjenesten afviste ${call.what}: forespørgslens Idempotency-Key var allerede brugt til en anden forespørgsel (422). Prøv igen; næste forsøg sendes med en ny nøgle.`,
      );
    case "conflict":
    case "pool-exhausted":
      return refused("not-draft", `Tjenesten afviste ${call.what} (409): ${detail}`);
    case "payload-too-large":
      return refused(
        "too-large",
        `Tjenesten afviste ${call.what}: den er over 1 MB, mere end tjenesten tager ad gangen.`,
      );
    case "rate-limited":
      return {
        kind: "unavailable",
        outcomeUnknown: false,
        message: `Tjenesten har fået for mange forespørgsler; prøv igen om ${error.retryAfterSeconds ?? "lidt"} sekunder.`,
      };
    case "unavailable":
      return {
        kind: "unavailable",
        outcomeUnknown: false,
        message: `Tjenesten er midlertidigt utilgængelig: ${detail}`,
      };
    default:
      return error.status >= 500
        ? { kind: "unavailable", outcomeUnknown: true, message: `Tjenesten fejlede (${error.status}).` }
        : refused("invalid", `Tjenesten afviste ${call.what} (${error.status}): ${detail}`);
  }
}
