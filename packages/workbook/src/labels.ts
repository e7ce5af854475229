// Cells show the reference data's names and the pools' names; reading maps a name (or an alias of
// a renamed entry) back to its id, compared with the rules' `labelKey` (trimmed, Unicode NFC,
// case-insensitive). Ids never appear in a cell written now; a pool's id (as older workbooks
// show it) still reads.
import { defaultPools, labelKey, type GoalStatus, type Reference, type Source } from "@helhedsplan/rules";
import { layout } from "./layout";

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
  aliases?: readonly string[];
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
  // A table repeats a handful of labels down a thousand rows: each distinct spelling is normalised once.
  const read = new Map<string, Id | undefined>();
  return {
    noun,
    article,
    names: entries.map((entry) => entry.name),
    nameOf: (id) => names.get(id),
    idOf: (label) => {
      if (read.has(label)) return read.get(label);
      const id = ids.get(labelKey(label));
      if (read.size < 1_000) read.set(label, id);
      return id;
    },
  };
}

/** A pool as the workbook knows it: its id (the plan's `poolId`) and the name its `Pulje` cell shows. Example: `{ id: "budget-2012", name: "Budget 2012" }`. */
export interface PoolLabel {
  id: string;
  name: string;
}

/** How a workbook's labels are written and read besides the reference data. Example: `{ pools: await client.pools.list() }`. */
export interface GridOptions {
  /** The pools whose names the `Pulje` cell shows and reads (default: the rules' `defaultPools`). */
  pools?: readonly PoolLabel[];
}

/** The label sets of one reference and one list of pools. */
export interface Labels {
  focusAreas: LabelSet;
  categories: LabelSet;
  sources: LabelSet<Source>;
  districts: LabelSet;
  pools: LabelSet;
}

/**
 * The label sets of a reference and the pools (names and aliases → ids; a pool's id reads as itself, a name wins over an id spelt the same).
 * Example: `labelsOf(defaultReference).sources.idOf("kommunen – puljen") === "kommunePulje"`, `labelsOf(defaultReference).pools.nameOf("budget-2012") === "Budget 2012"`.
 */
export function labelsOf(reference: Reference, pools: readonly PoolLabel[] = defaultPools): Labels {
  return {
    focusAreas: labelSet("et", "indsatsområde", reference.focusAreas),
    categories: labelSet("en", "kategori", reference.categories),
    sources: labelSet("en", "kilde", reference.sources),
    districts: labelSet("et", "byområde", reference.districts),
    // The id is an alias: workbooks written before the Pulje cell showed the name hold the id.
    pools: labelSet(
      "en",
      "pulje",
      pools.map((pool) => ({ id: pool.id, name: pool.name, aliases: [pool.id] })),
    ),
  };
}

/**
 * The three goal statuses as labels (`Opfyldt`, `Delvist`, `Ikke opfyldt`, and `Delvist opfyldt`, `ikke_opfyldt`) → `GoalStatus`.
 * Not on `Lister`: the `Status` column's list validation holds the three names themselves.
 * Example: `goalStatusLabels.idOf(" ikke OPFYLDT ") === "ikke_opfyldt"`.
 */
export const goalStatusLabels: LabelSet<GoalStatus> = labelSet("en", "status", layout.goalStatuses);
