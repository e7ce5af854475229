// What the command says when the sync service refuses or cannot be reached: one clear Danish
// line per kind of answer, the exit code (1: the content must change, 2: the command could not
// do its work), and the refused findings placed at their cells.
import { ApiError, type FieldError } from "@helhedsplan/api";
import type { FindingPath } from "@helhedsplan/rules";
import type { WorkbookFinding } from "@helhedsplan/workbook";
import { CommandFailure, exitCodes, type ExitCode } from "./exit-codes";

/** The largest request body the service reads (API.md: bodies over 1 MB → 413). */
export const requestBodyLimitBytes = 1024 * 1024;

/** Where and what a failed call was about, so the message can name it. */
export interface CallContext {
  /** The service's origin. */
  baseUrl: string;
  /** What was sent, as the object of "Tjenesten afviste …": "budgettet", "den nye plans stamdata". */
  what: string;
  /** The plan the call was about, if any. */
  planId?: string;
  /** The version sent in If-Match, if any. */
  ifMatch?: number;
  /** A finding's (or field error's) path in the plan → its cell; absent when no workbook is involved. */
  cellOf?: (path: FindingPath) => string;
  /** The path of the request body inside the plan (`["budget"]` for a budget PUT), for field errors. */
  bodyPath?: FindingPath;
  /** One more sentence for a 404 (what to do instead). */
  notFoundHint?: string;
}

/** A refusal as the command reports it: the message line(s), the exit code and the findings at their cells. */
export interface CallFailure {
  message: string;
  exitCode: ExitCode;
  findings: WorkbookFinding[];
}

/** The message for a budget over the service's body limit, seen before sending. Example: `tooLargeMessage("plan.xlsx", 1_300_000)`. */
export function tooLargeMessage(file: string, bytes: number): string {
  const megabytes = (bytes / requestBodyLimitBytes).toFixed(1).replace(".", ",");
  return (
    `Budgettet i ${file} er for stort til én forespørgsel (${megabytes} MB som JSON; tjenesten tager højst 1 MB). ` +
    "Saml linjer, eller forkort aktivitetsnavnene; intet er sendt."
  );
}

function fieldErrorLines(errors: readonly FieldError[], context: CallContext): string[] {
  return errors.map((error) => {
    const path = [...(context.bodyPath ?? []), ...error.path];
    const where = context.cellOf ? `${context.cellOf(path)}  ` : "";
    return `  ${where}${path.join(".") || "(hele kroppen)"}: ${error.message}`;
  });
}

const refused = (message: string, findings: WorkbookFinding[] = []): CallFailure => ({
  message,
  exitCode: exitCodes.findings,
  findings,
});
const failed = (message: string): CallFailure => ({ message, exitCode: exitCodes.failure, findings: [] });

/** The report of a failed call of the typed client. Example: `describeFailure(error, { baseUrl, what: "budgettet" })`. */
export function describeFailure(error: ApiError, context: CallContext): CallFailure {
  const notOurService = `Er ${context.baseUrl} adressen på helhedsplan-tjenesten (--url/HELHEDSPLAN_URL)?`;
  if (error.kind === "network") return failed(`${error.message} Tjek --url/HELHEDSPLAN_URL, og at tjenesten kører.`);
  if (error.kind === "invalid-response" || error.problem === null) return failed(`${error.message} ${notOurService}`);
  const detail = error.problem.detail;
  const plan = context.planId === undefined ? "Planen" : `Planen ${context.planId}`;
  switch (error.slug) {
    case "unauthorized":
      return failed(`Tjenesten kender ikke adgangsnøglen (401). Tjek --token/HELHEDSPLAN_TOKEN.`);
    case "forbidden":
      return failed(`Din adgangsnøgle giver ikke lov til dette (403): ${detail}`);
    case "not-found":
      return failed(
        `${plan} findes ikke på ${context.baseUrl}, eller din adgangsnøgle må ikke se den (404).${context.notFoundHint ? ` ${context.notFoundHint}` : ""}`,
      );
    case "invalid-request":
      return refused(
        [
          `Tjenesten afviste ${context.what} som ugyldig (400): ${detail}`,
          ...fieldErrorLines(error.problem.errors ?? [], context),
        ].join("\n"),
      );
    case "rule-violation": {
      const cellOf = context.cellOf ?? (() => "");
      const findings = error.findings.map((finding) => ({ ...finding, cell: cellOf(finding.path) }));
      return refused(
        `Tjenesten afviste ${context.what}, fordi reglerne brydes (422); ret fundene ovenfor og prøv igen.`,
        findings,
      );
    }
    case "conflict":
    case "pool-exhausted":
      return refused(`Tjenesten afviste ${context.what} (409): ${detail}`);
    case "precondition-failed": {
      const pull =
        context.planId === undefined
          ? "hent den igen"
          : `hent den igen med \`helhedsplan pull ${context.planId} -o ny.xlsx\``;
      return refused(
        `Planen er ændret på tjenesten, siden du hentede version ${context.ifMatch ?? "?"} (den er nu i version ${error.current ?? "?"}); ` +
          `${pull}, og før dine ændringer over i den.`,
      );
    }
    case "payload-too-large":
      return refused(
        `Tjenesten afviste ${context.what} (413): forespørgslen er over 1 MB, mere end tjenesten tager i én forespørgsel.`,
      );
    case "rate-limited":
      return failed(
        `Tjenesten har fået for mange forespørgsler (429); prøv igen om ${error.retryAfterSeconds ?? "lidt"} sekunder.`,
      );
    case "unavailable":
      return failed(`Tjenesten er midlertidigt utilgængelig (503): ${detail} Prøv igen om lidt.`);
    default:
      return failed(`Tjenesten afviste ${context.what} (${error.status}): ${detail}`);
  }
}

/** A call the service refused or never answered, as a command failure (message and exit code) with the refused findings. */
export class ServiceRefusal extends CommandFailure {
  /** The findings of a 422, each at its cell. */
  readonly findings: WorkbookFinding[];
  /** No answer came: the call may or may not have taken effect. */
  readonly outcomeUnknown: boolean;

  constructor(failure: CallFailure, outcomeUnknown: boolean) {
    super(failure.message, failure.exitCode);
    this.findings = failure.findings;
    this.outcomeUnknown = outcomeUnknown;
  }
}

/** Runs a call of the typed client; its `ApiError` becomes a `ServiceRefusal` that says what happened. Example: `await callService(() => client.plans.get(id), { baseUrl, what: "planen" })`. */
export async function callService<T>(call: () => Promise<T>, context: CallContext): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ApiError) throw new ServiceRefusal(describeFailure(error, context), error.kind === "network");
    throw error;
  }
}
