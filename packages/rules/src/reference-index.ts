// The reference data prepared for lookups: Sets and Maps built once per validation, and the
// Danish lists of valid choices that messages offer.
import { parseShape, unreadableInput } from "./shape";
import { defaultReference } from "./reference";
import { Reference, type Finding, type FocusArea, type RuleProfile } from "./schemas";

/** Reference data indexed for the rules. */
export interface ReferenceIndex {
  districtNames: Map<string, string>;
  focusAreas: Map<string, FocusArea>;
  categoryNames: Map<string, string>;
  sourceNames: Map<string, string>;
  ruleProfile: RuleProfile;
  districtChoices: string;
  focusAreaChoices: string;
  eligibleFocusAreaChoices: string;
  categoryChoices: string;
}

const choices = (entries: readonly { id: string; name: string }[]) =>
  entries.length === 0 ? "(ingen i referencedataene)" : entries.map(({ id, name }) => `${name} (${id})`).join(", ");

const namesById = (entries: readonly { id: string; name: string }[]) =>
  new Map(entries.map(({ id, name }) => [id, name]));

function indexReference(reference: Reference): ReferenceIndex {
  return {
    districtNames: namesById(reference.districts),
    focusAreas: new Map(reference.focusAreas.map((area) => [area.id, area])),
    categoryNames: namesById(reference.categories),
    sourceNames: namesById(reference.sources),
    ruleProfile: reference.ruleProfile,
    districtChoices: choices(reference.districts),
    focusAreaChoices: choices(reference.focusAreas),
    eligibleFocusAreaChoices: choices(reference.focusAreas.filter((area) => area.contractEligible)),
    categoryChoices: choices(reference.categories),
  };
}

/**
 * The reference (default: `defaultReference`) checked against its schema and indexed; an invalid
 * reference gives `input.shape` findings at `[]` naming the faulty reference field.
 */
export function readReference(
  reference: unknown = defaultReference,
): { index: ReferenceIndex } | { findings: Finding[] } {
  let parsed: ReturnType<typeof parseShape<Reference>>;
  try {
    parsed = parseShape(Reference, reference);
  } catch {
    return { findings: [unreadableInput("Referencedataene")] };
  }
  if (parsed.success) return { index: indexReference(parsed.data) };
  return {
    findings: parsed.findings.map((shape) => ({
      ...shape,
      message: `Referencedataene er ugyldige (${shape.path.join(".") || "hele objektet"}): ${shape.message}`,
      path: [],
    })),
  };
}
