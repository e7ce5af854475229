// Shape checking with zod: the schemas are the single source of truth for the shape, and a
// failed parse becomes `input.shape` findings with Danish messages (zod's own Danish locale,
// passed per parse so the global zod configuration stays untouched).
import { z } from "zod";
import { finding, ruleIds, type FindingPath } from "./findings";
import type { Finding } from "./schemas";

/**
 * zod's own Danish messages, passed per parse (the global configuration stays English) — the one
 * Danish locale of the rules and the HTTP contract. Example: `schema.safeParse(value, danishZodParams)`.
 */
export const danishZodParams: Readonly<z.core.ParseContext<z.core.$ZodIssue>> = Object.freeze({
  error: z.locales.da().localeError,
});

/** The outcome of `parseShape`: the data, or the `input.shape` findings. Example: `if (!result.success) response.status(400).json(result.findings)`. */
export type ShapeResult<T> = { success: true; data: T } | { success: false; findings: Finding[] };

/**
 * A zod issue's path as a finding or a problem's field error carries it: JSON cannot hold a symbol key, so it
 * becomes its description. Example: `zodIssuePath(["budget", Symbol("x"), 0])` → `["budget", "x", 0]`.
 */
export function zodIssuePath(path: readonly PropertyKey[]): FindingPath {
  return path.map((key) => (typeof key === "symbol" ? String(key.description) : key));
}

/** zod's own messages lack a full stop; the schemas' custom messages have one. */
const sentence = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);

/** zod's Danish message; for a bad record key, the key and why (zod itself says only "Ugyldig nøgle i record"). */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_key") {
    const key = String(issue.path.at(-1) ?? "");
    return sentence(`Nøglen "${key}" er ugyldig: ${issue.issues.map((inner) => inner.message).join("; ")}`);
  }
  return sentence(issue.message);
}

/** Parses `value` with `schema`; a mismatch becomes `input.shape` findings with Danish messages at the zod issue paths. Example: `parseShape(PlanHeader, body)` → `{ success: false, findings: [{ ruleId: "input.shape", path: ["periodEnd"], … }] }`. */
export function parseShape<T>(schema: z.ZodType<T>, value: unknown): ShapeResult<T> {
  const result = schema.safeParse(value, danishZodParams);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    findings: result.error.issues.map((issue) =>
      finding(ruleIds.inputShape, issueMessage(issue), zodIssuePath(issue.path)),
    ),
  };
}

/** The finding for input that could not even be read (a getter threw, a proxy refused): `input.shape` at `[]`. Example: `unreadableInput("Planen")`. */
export function unreadableInput(what: string): Finding {
  return finding(
    ruleIds.inputShape,
    `${what} kunne ikke læses: et felt kunne ikke aflæses som almindelige data. Send ${what.toLowerCase()} som almindelig JSON.`,
    [],
  );
}
