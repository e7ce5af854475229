// Cells show the reference data's names; reading maps a name (or an alias of a renamed entry)
// back to its id, compared with the rules' `labelKey` (trimmed, Unicode NFC, case-insensitive).
// Ids never appear in a cell.
import { labelKey, type Reference, type Source } from "@helhedsplan/rules";

/** One kind of label: the names to write and the ids they read back as. */
export interface LabelSet<Id extends string = string> {
  /** The Danish word for the kind, for messages (`indsatsområde`). */
  noun: string;
  /** Its indefinite article (`et indsatsområde`, `en kilde`). */
  article: "en" | "et";
  /** The names in reference order: what a list validation offers. */
  names: string[];
  nameOf(id: Id): string | undefined;
  idOf(label: string): Id | undefined;
}

interface Labelled<Id extends string> {
  id: Id;
  name: string;
  aliases?: string[];
}

function labelSet<Id extends string>(
  article: "en" | "et",
  noun: string,
  entries: readonly Labelled<Id>[],
): LabelSet<Id> {
  const names = new Map(entries.map((entry) => [entry.id, entry.name]));
  const ids = new Map<string, Id>();
  // Aliases first, so a current name wins over an old alias that happens to spell the same.
  for (const entry of entries) for (const alias of entry.aliases ?? []) ids.set(labelKey(alias), entry.id);
  for (const entry of entries) ids.set(labelKey(entry.name), entry.id);
  return {
    noun,
    article,
    names: entries.map((entry) => entry.name),
    nameOf: (id) => names.get(id),
    idOf: (label) => ids.get(labelKey(label)),
  };
}

/** The label sets of one reference. */
export interface Labels {
  focusAreas: LabelSet;
  categories: LabelSet;
  sources: LabelSet<Source>;
  districts: LabelSet;
}

/** The label sets of a reference (names and aliases → ids). Example: `labelsOf(defaultReference).sources.idOf("kommunen – puljen") === "kommunePulje"`. */
export function labelsOf(reference: Reference): Labels {
  return {
    focusAreas: labelSet("et", "indsatsområde", reference.focusAreas),
    categories: labelSet("en", "kategori", reference.categories),
    sources: labelSet("en", "kilde", reference.sources),
    districts: labelSet("et", "byområde", reference.districts),
  };
}
