// The pure three-way merge of a plan at cell level: base (last synced), mine (the workbook) and theirs
// (the server). Lines and rows are matched by identity, never by position, so a line moved or inserted
// elsewhere still merges with itself. The lists' common prefix (usually all of them: most syncs change
// amounts, not lines) is matched in step without building keys; the rest is indexed once into Maps.
import {
  expenseLineKey,
  labelKey,
  type ExpenseLine,
  type FinancingRow,
  type PlanHeader,
  type PlanInput,
} from "@helhedsplan/rules";
import {
  headerFieldSet,
  type HeaderField,
  type MergeCell,
  type MergeConflict,
  type MergeResolution,
  type TakenFromTheirs,
} from "./merge-types";

/** What `mergePlans` answers. Example: `const { plan, conflicts, fromTheirs } = mergePlans(base, mine, theirs)`. */
export interface MergeResult {
  /** The merged plan; an open conflict keeps mine's value, so the user's work is never dropped. */
  plan: PlanInput;
  /** The conflicts the resolution left open: header first, then expense lines, then financing rows. */
  conflicts: MergeConflict[];
  /** The cells whose merged value is theirs and differs from mine, in the same order. */
  fromTheirs: TakenFromTheirs[];
}

type Side = "mine" | "theirs";
type Amounts = Readonly<Record<string, number>>;
type Item = ExpenseLine | FinancingRow;
type PathTail = readonly (string | number)[];

const headerFields = Object.keys(headerFieldSet) as HeaderField[];

/** The side a resolution settles a conflict to, or undefined where it leaves the conflict open. */
function settledSide(resolution: MergeResolution | undefined, id: string): Side | undefined {
  if (resolution === "mine" || resolution === "theirs") return resolution;
  if (typeof resolution !== "object" || resolution === null || !Object.hasOwn(resolution, id)) return undefined;
  const side = resolution[id];
  return side === "mine" || side === "theirs" ? side : undefined;
}

/** Numbers equal as cell values: NaN equals itself (else it would read as changed on every side), 0 equals -0. */
function sameNumber(a: number | undefined, b: number | undefined): boolean {
  return a === b || (a !== a && b !== b);
}

function sameHeaderValue(a: PlanHeader[HeaderField], b: PlanHeader[HeaderField]): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let at = 0; at < a.length; at++) if (a[at] !== b[at]) return false;
    return true;
  }
  return a === b || (a !== a && b !== b);
}

const copyHeaderValue = <V extends PlanHeader[HeaderField]>(value: V): V =>
  (Array.isArray(value) ? value.slice() : value) as V;

/**
 * A year's amount, undefined where the year is absent. Checking the type instead of Object.hasOwn halves the
 * lookups on the hot path and is as safe: nothing inherited by a plain object is a number.
 */
function amountOf(amounts: Amounts | undefined, year: string): number | undefined {
  const value = amounts?.[year];
  return typeof value === "number" ? value : undefined;
}

function compareYears(a: string, b: string): number {
  const byNumber = Number(a) - Number(b);
  if (byNumber !== 0 && byNumber === byNumber) return byNumber;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Years in ascending numeric order; the array itself when it already is (the usual case), else sorted in place. */
function yearsInOrder(years: string[]): string[] {
  for (let at = 1; at < years.length; at++) {
    if (compareYears(years[at - 1] as string, years[at] as string) > 0) return years.sort(compareYears);
  }
  return years;
}

function copyAmounts(amounts: Amounts): Record<string, number> {
  const copy: Record<string, number> = {};
  for (const year of yearsInOrder(Object.keys(amounts))) copy[year] = amounts[year] as number;
  return copy;
}

function sameAmounts(a: Amounts, b: Amounts): boolean {
  const years = Object.keys(a);
  if (years.length !== Object.keys(b).length) return false;
  for (const year of years) if (!Object.hasOwn(b, year) || !sameNumber(a[year], b[year])) return false;
  return true;
}

/** What differs between expense lines and financing rows; everything else is shared. */
interface ListKind<T extends Item> {
  section: "expenses" | "financing";
  /** The id suffix of the line or row as a whole. */
  wholeSuffix: "line" | "row";
  key(item: T): string;
  /** `key(a) === key(b)`, without building keys where the raw fields are equal (nearly always). */
  sameKey(a: T, b: T): boolean;
  /** The item's text (an expense line's activity); undefined for financing rows, which have none. */
  text(item: T): string | undefined;
  /** The text cell, where the kind has one. */
  textCell: ((key: string, occurrence: number) => MergeCell) | undefined;
  idPrefix(item: T, occurrence: number): string;
  wholeCell(item: T, key: string, occurrence: number): MergeCell;
  amountCell(item: T, key: string, occurrence: number, year: string): MergeCell;
  build(template: T, text: string | undefined, amountsOre: Record<string, number>): T;
}

// Percent-escaping only `%` and `/` keeps ids of real data readable (`sundhed/loen/…`) and still unambiguous:
// the activity is everything between the second `/` and the last `#`, so it needs no escaping.
const idPart = (text: string) =>
  text.includes("%") || text.includes("/") ? text.replace(/[%/]/g, encodeURIComponent) : text;

const expenseKind: ListKind<ExpenseLine> = {
  section: "expenses",
  wholeSuffix: "line",
  key: expenseLineKey,
  sameKey: (a, b) =>
    a.focusArea === b.focusArea &&
    a.category === b.category &&
    (a.activity === b.activity || labelKey(a.activity) === labelKey(b.activity)),
  text: (line) => line.activity,
  textCell: (key, occurrence) => ({ kind: "expense-activity", key, occurrence }),
  idPrefix: (line, occurrence) =>
    `expense:${idPart(line.focusArea)}/${idPart(line.category)}/${labelKey(line.activity)}#${occurrence}`,
  wholeCell: (_line, key, occurrence) => ({ kind: "expense-line", key, occurrence }),
  amountCell: (_line, key, occurrence, year) => ({ kind: "expense-amount", key, occurrence, year }),
  build: (line, activity, amountsOre) => ({
    focusArea: line.focusArea,
    category: line.category,
    activity: activity ?? line.activity,
    amountsOre,
  }),
};

const financingKind: ListKind<FinancingRow> = {
  section: "financing",
  wholeSuffix: "row",
  key: (row) => row.source,
  sameKey: (a, b) => a.source === b.source,
  text: () => undefined,
  textCell: undefined,
  idPrefix: (row, occurrence) => `financing:${row.source}#${occurrence}`,
  wholeCell: (row, _key, occurrence) => ({ kind: "financing-row", source: row.source, occurrence }),
  amountCell: (row, _key, occurrence, year) => ({ kind: "financing-amount", source: row.source, occurrence, year }),
  build: (row, _text, amountsOre) => ({ source: row.source, amountsOre }),
};

function copyItem<T extends Item>(kind: ListKind<T>, item: T): T {
  return kind.build(item, kind.text(item), copyAmounts(item.amountsOre));
}

function itemChanged<T extends Item>(kind: ListKind<T>, base: T, side: T): boolean {
  return kind.text(base) !== kind.text(side) || !sameAmounts(base.amountsOre, side.amountsOre);
}

/** An item's identity: its key and its occurrence among its side's items with that key. */
interface Identity {
  key: string;
  occurrence: number;
}

/** The identities of mine's and theirs' items, built on first use: only conflicts and fromTheirs entries need them. */
class Identities<T extends Item> {
  private mine: Identity[] | undefined;
  private theirs: Identity[] | undefined;

  constructor(
    private readonly kind: ListKind<T>,
    private readonly mineItems: readonly T[],
    private readonly theirsItems: readonly T[],
  ) {}

  of(side: Side, index: number): Identity {
    const all =
      side === "mine"
        ? (this.mine ??= identities(this.kind, this.mineItems))
        : (this.theirs ??= identities(this.kind, this.theirsItems));
    return all[index] ?? { key: "", occurrence: 0 };
  }
}

function identities<T extends Item>(kind: ListKind<T>, items: readonly T[]): Identity[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = kind.key(item);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return { key, occurrence };
  });
}

/** An item of one side past the common prefix, with its key and its rank among that side's such items with the key. */
interface Slot<T> {
  item: T;
  index: number;
  key: string;
  rank: number;
  matched: boolean;
}

/**
 * One side past the common prefix, by key. The prefix has the same keys in the same order on every side, so
 * ranks past it match exactly where occurrences do. A key's single slot is stored as is (no array per line).
 */
interface IndexedSide<T> {
  slots: Slot<T>[];
  byKey: Map<string, Slot<T> | Slot<T>[]>;
}

function indexSide<T extends Item>(kind: ListKind<T>, items: readonly T[], from: number): IndexedSide<T> {
  const slots: Slot<T>[] = [];
  const byKey = new Map<string, Slot<T> | Slot<T>[]>();
  for (let index = from; index < items.length; index++) {
    const item = items[index] as T;
    const key = kind.key(item);
    const slot: Slot<T> = { item, index, key, rank: 0, matched: false };
    const earlier = byKey.get(key);
    if (earlier === undefined) byKey.set(key, slot);
    else if (Array.isArray(earlier)) {
      slot.rank = earlier.length;
      earlier.push(slot);
    } else {
      slot.rank = 1;
      byKey.set(key, [earlier, slot]);
    }
    slots.push(slot);
  }
  return { slots, byKey };
}

function counterpart<T>(side: IndexedSide<T>, slot: Slot<T>): Slot<T> | undefined {
  const sameKey = side.byKey.get(slot.key);
  const candidate = Array.isArray(sameKey) ? sameKey[slot.rank] : slot.rank === 0 ? sameKey : undefined;
  if (candidate !== undefined) candidate.matched = true;
  return candidate;
}

/** An item of the merged list past the common prefix; `mineAt`/`theirsAt` count from the prefix (-1: not there). */
interface MergedItem<T> {
  item: T;
  key: string;
  rank: number;
  mineAt: number;
  theirsAt: number;
  /** Its index in the merged list, known once the list is ordered. */
  at: number;
  /** Items only the secondary side has that go right after this one. */
  followers: MergedItem<T>[] | undefined;
}

/** Where a merged item ends up: its index when known now (the common prefix), else the item, ordered later. */
type Place = number | MergedItem<unknown>;

interface PendingPath {
  entry: TakenFromTheirs;
  merged: MergedItem<unknown>;
  tail: PathTail;
}

class Merger {
  readonly conflicts: MergeConflict[] = [];
  readonly fromTheirs: TakenFromTheirs[] = [];
  private readonly pending: PendingPath[] = [];

  constructor(private readonly resolution: MergeResolution | undefined) {}

  /** Settles a conflict of a cell in the merged plan: lists it while open (mine's value stays), else takes a side. */
  private settle(conflict: MergeConflict, section: string, place: Place, tail: PathTail): Side {
    const side = settledSide(this.resolution, conflict.id);
    if (side === undefined) this.conflicts.push(conflict);
    else if (side === "theirs") {
      const { id, cell, mine, theirs } = conflict;
      this.take({ id, cell, path: [], mine, theirs }, section, place, tail);
    }
    return side ?? "mine";
  }

  private take(entry: TakenFromTheirs, section: string, place: Place, tail: PathTail): void {
    this.fromTheirs.push(entry);
    if (typeof place === "number") entry.path = ["budget", section, place, ...tail];
    else this.pending.push({ entry, merged: place, tail });
  }

  header(base: PlanInput, mine: PlanInput, theirs: PlanInput): PlanHeader {
    const header: Partial<Record<HeaderField, PlanHeader[HeaderField]>> = {};
    for (const field of headerFields) {
      const b = base[field];
      const m = mine[field];
      const t = theirs[field];
      let side: Side = "mine";
      if (sameHeaderValue(m, t) || sameHeaderValue(b, t)) {
        // Unchanged by theirs, or changed alike: mine's value is the merged one.
      } else if (sameHeaderValue(b, m)) {
        side = "theirs";
        const cell: MergeCell = { kind: "header", field };
        const values = { mine: copyHeaderValue(m), theirs: copyHeaderValue(t) };
        this.fromTheirs.push({ id: `header:${field}`, cell, path: [field], ...values });
      } else {
        const id = `header:${field}`;
        const cell: MergeCell = { kind: "header", field };
        const settled = settledSide(this.resolution, id);
        const values = { mine: copyHeaderValue(m), theirs: copyHeaderValue(t) };
        if (settled === undefined)
          this.conflicts.push({ id, cell, path: [field], pathIn: "mine", base: copyHeaderValue(b), ...values });
        else if (settled === "theirs") this.fromTheirs.push({ id, cell, path: [field], ...values });
        side = settled ?? "mine";
      }
      header[field] = copyHeaderValue(side === "mine" ? m : t);
    }
    return header as PlanHeader;
  }

  list<T extends Item>(
    kind: ListKind<T>,
    baseItems: readonly T[],
    mineItems: readonly T[],
    theirsItems: readonly T[],
  ): T[] {
    const identities = new Identities(kind, mineItems, theirsItems);
    const shortest = Math.min(baseItems.length, mineItems.length, theirsItems.length);
    let prefix = 0;
    while (prefix < shortest) {
      const b = baseItems[prefix] as T;
      if (!kind.sameKey(b, mineItems[prefix] as T) || !kind.sameKey(b, theirsItems[prefix] as T)) break;
      prefix++;
    }
    const result: T[] = [];
    for (let at = 0; at < prefix; at++) {
      const [b, m, t] = [baseItems[at] as T, mineItems[at] as T, theirsItems[at] as T];
      result.push(this.cells(kind, identities, b, m, t, at, at));
    }
    // Items of base past both other sides were deleted on both: nothing to merge.
    if (prefix === mineItems.length && prefix === theirsItems.length) return result;
    return this.rest(kind, identities, baseItems, mineItems, theirsItems, prefix, result);
  }

  /** The lists past their common prefix, matched by key and rank through Maps, then ordered. */
  private rest<T extends Item>(
    kind: ListKind<T>,
    identities: Identities<T>,
    baseItems: readonly T[],
    mineItems: readonly T[],
    theirsItems: readonly T[],
    prefix: number,
    result: T[],
  ): T[] {
    const base = indexSide(kind, baseItems, prefix);
    const mine = indexSide(kind, mineItems, prefix);
    const theirs = indexSide(kind, theirsItems, prefix);
    const merged: MergedItem<T>[] = [];
    const keep = (item: T, slot: Slot<T>, mineIndex: number, theirsIndex: number) => {
      const mineAt = mineIndex < 0 ? -1 : mineIndex - prefix;
      const theirsAt = theirsIndex < 0 ? -1 : theirsIndex - prefix;
      const entry: MergedItem<T> = {
        item,
        key: slot.key,
        rank: slot.rank,
        mineAt,
        theirsAt,
        at: -1,
        followers: undefined,
      };
      merged.push(entry);
      return entry;
    };
    const whole = (item: T, side: Side, index: number) => {
      const { key, occurrence } = identities.of(side, index);
      return {
        id: `${kind.idPrefix(item, occurrence)}:${kind.wholeSuffix}`,
        cell: kind.wholeCell(item, key, occurrence),
      };
    };

    for (const m of mine.slots) {
      const b = counterpart(base, m);
      const t = counterpart(theirs, m);
      if (t !== undefined) {
        const entry = keep(m.item, m, m.index, t.index);
        entry.item = this.cells(kind, identities, b?.item, m.item, t.item, m.index, entry);
      } else if (b === undefined) {
        keep(copyItem(kind, m.item), m, m.index, -1);
      } else if (!itemChanged(kind, b.item, m.item)) {
        const path = ["budget", kind.section, m.index];
        this.fromTheirs.push({
          ...whole(m.item, "mine", m.index),
          path,
          mine: copyItem(kind, m.item),
          theirs: undefined,
        });
      } else {
        // Theirs deleted the line, mine changed it: one conflict on the whole line.
        const { id, cell } = whole(m.item, "mine", m.index);
        const path = ["budget", kind.section, m.index];
        const side = settledSide(this.resolution, id);
        if (side === undefined) {
          const [bv, mv] = [copyItem(kind, b.item), copyItem(kind, m.item)];
          this.conflicts.push({ id, cell, path, pathIn: "mine", base: bv, mine: mv, theirs: undefined });
        }
        if (side === "theirs")
          this.fromTheirs.push({ id, cell, path, mine: copyItem(kind, m.item), theirs: undefined });
        else keep(copyItem(kind, m.item), m, m.index, -1);
      }
    }

    for (const t of theirs.slots) {
      if (t.matched) continue;
      const b = counterpart(base, t);
      if (b === undefined) {
        const entry = keep(copyItem(kind, t.item), t, -1, t.index);
        const taken = {
          ...whole(t.item, "theirs", t.index),
          path: [],
          mine: undefined,
          theirs: copyItem(kind, t.item),
        };
        this.take(taken, kind.section, entry, []);
      } else if (itemChanged(kind, b.item, t.item)) {
        // Mine deleted the line, theirs changed it: one conflict on the whole line, at its place in theirs.
        const { id, cell } = whole(t.item, "theirs", t.index);
        const side = settledSide(this.resolution, id);
        if (side === undefined) {
          const [bv, tv] = [copyItem(kind, b.item), copyItem(kind, t.item)];
          const path = ["budget", kind.section, t.index];
          this.conflicts.push({ id, cell, path, pathIn: "theirs", base: bv, mine: undefined, theirs: tv });
        } else if (side === "theirs") {
          const entry = keep(copyItem(kind, t.item), t, -1, t.index);
          this.take({ id, cell, path: [], mine: undefined, theirs: copyItem(kind, t.item) }, kind.section, entry, []);
        }
      }
      // Deleted by mine and unchanged by theirs: it stays deleted, and nothing came from theirs.
    }
    // Items of base matched by neither side were deleted on both: nothing to do.

    const primary = sameSequence(base.slots, mine.slots) ? "theirs" : "mine";
    const ordered = orderItems(merged, primary, mineItems.length - prefix, theirsItems.length - prefix);
    for (let at = 0; at < ordered.length; at++) {
      const entry = ordered[at] as MergedItem<T>;
      entry.at = prefix + at;
      result.push(entry.item);
    }
    for (const { entry, merged: item, tail } of this.pending) entry.path = ["budget", kind.section, item.at, ...tail];
    this.pending.length = 0;
    return result;
  }

  /** The cells of an item mine and theirs both have, merged one by one (base lacks it where both added it). */
  private cells<T extends Item>(
    kind: ListKind<T>,
    identities: Identities<T>,
    base: T | undefined,
    mine: T,
    theirs: T,
    mineIndex: number,
    place: Place,
  ): T {
    const mineText = kind.text(mine);
    const theirsText = kind.text(theirs);
    const textCell = kind.textCell;
    let text = mineText;
    if (textCell !== undefined && mineText !== theirsText) {
      const baseText = base === undefined ? undefined : kind.text(base);
      if (baseText !== theirsText) {
        const { key, occurrence } = identities.of("mine", mineIndex);
        const id = `${kind.idPrefix(mine, occurrence)}:activity`;
        const cell = textCell(key, occurrence);
        if (baseText === mineText) {
          text = theirsText;
          this.take({ id, cell, path: [], mine: mineText, theirs: theirsText }, kind.section, place, ["activity"]);
        } else {
          const path = ["budget", kind.section, mineIndex, "activity"];
          const conflict: MergeConflict = {
            id,
            cell,
            path,
            pathIn: "mine",
            base: baseText,
            mine: mineText,
            theirs: theirsText,
          };
          if (this.settle(conflict, kind.section, place, ["activity"]) === "theirs") text = theirsText;
        }
      }
    }

    const mineAmounts = mine.amountsOre;
    const theirsAmounts = theirs.amountsOre;
    const mineYears = Object.keys(mineAmounts);
    let amountsOre: Record<string, number> = {};
    let inOrder = true;
    let shared = 0;
    let previous = "";
    for (const year of mineYears) {
      const mv = mineAmounts[year];
      const tv = amountOf(theirsAmounts, year);
      if (tv !== undefined) shared++;
      const value = sameNumber(mv, tv) ? mv : this.amount(kind, identities, base, mine, mineIndex, place, year, mv, tv);
      if (value !== undefined) amountsOre[year] = value;
      // Equal-length digit strings compare as their numbers do; anything else takes the careful path below.
      if (previous !== "" && !(previous.length === year.length && previous < year)) inOrder = false;
      previous = year;
    }
    const theirsYears = Object.keys(theirsAmounts);
    if (theirsYears.length !== shared) {
      for (const year of theirsYears) {
        if (amountOf(mineAmounts, year) !== undefined) continue;
        const tv = theirsAmounts[year];
        const value = this.amount(kind, identities, base, mine, mineIndex, place, year, undefined, tv);
        if (value !== undefined) amountsOre[year] = value;
        inOrder = false;
      }
    }
    if (!inOrder) amountsOre = copyAmounts(amountsOre);
    return kind.build(mine, text, amountsOre);
  }

  /** One year's amount where mine and theirs differ: whoever changed it, or a conflict. */
  private amount<T extends Item>(
    kind: ListKind<T>,
    identities: Identities<T>,
    base: T | undefined,
    mine: T,
    mineIndex: number,
    place: Place,
    year: string,
    mv: number | undefined,
    tv: number | undefined,
  ): number | undefined {
    const bv = amountOf(base?.amountsOre, year);
    if (sameNumber(bv, tv)) return mv;
    const { key, occurrence } = identities.of("mine", mineIndex);
    const id = `${kind.idPrefix(mine, occurrence)}:${year}`;
    const cell = kind.amountCell(mine, key, occurrence, year);
    if (sameNumber(bv, mv)) {
      this.take({ id, cell, path: [], mine: mv, theirs: tv }, kind.section, place, ["amountsOre", year]);
      return tv;
    }
    const path = ["budget", kind.section, mineIndex, "amountsOre", year];
    const conflict: MergeConflict = { id, cell, path, pathIn: "mine", base: bv, mine: mv, theirs: tv };
    return this.settle(conflict, kind.section, place, ["amountsOre", year]) === "theirs" ? tv : mv;
  }
}

function sameSequence<T>(a: readonly Slot<T>[], b: readonly Slot<T>[]): boolean {
  if (a.length !== b.length) return false;
  for (let at = 0; at < a.length; at++) if ((a[at] as Slot<T>).key !== (b[at] as Slot<T>).key) return false;
  return true;
}

/**
 * The merged order: the primary side's order, and each item only the other side has right after the nearest
 * item preceding it on that side that is in the result (at the start if none). The primary side is mine,
 * unless mine kept base's sequence exactly: then a reordering by theirs is a change on their side only and
 * comes through, which also makes merge(b, b, t) equal t where duplicate keys shift occurrences.
 */
function orderItems<T>(
  items: readonly MergedItem<T>[],
  primary: Side,
  mineLength: number,
  theirsLength: number,
): MergedItem<T>[] {
  const primaryAt = (item: MergedItem<T>) => (primary === "mine" ? item.mineAt : item.theirsAt);
  const secondaryAt = (item: MergedItem<T>) => (primary === "mine" ? item.theirsAt : item.mineAt);
  const [primaryLength, secondaryLength] = primary === "mine" ? [mineLength, theirsLength] : [theirsLength, mineLength];
  const byPrimary = new Array<MergedItem<T> | undefined>(primaryLength).fill(undefined);
  let followersOnly = 0;
  for (const item of items) {
    const at = primaryAt(item);
    if (at >= 0) byPrimary[at] = item;
    else followersOnly++;
  }
  if (followersOnly === 0) return byPrimary.filter((item) => item !== undefined);

  const bySecondary = new Array<MergedItem<T> | undefined>(secondaryLength).fill(undefined);
  for (const item of items) {
    const at = secondaryAt(item);
    if (at >= 0) bySecondary[at] = item;
  }
  const leaders: MergedItem<T>[] = [];
  let group = leaders;
  for (const item of bySecondary) {
    if (item === undefined) continue;
    if (primaryAt(item) >= 0) group = item.followers ??= [];
    else group.push(item);
  }
  const ordered = leaders.slice();
  for (const item of byPrimary) {
    if (item === undefined) continue;
    ordered.push(item);
    if (item.followers !== undefined) for (const follower of item.followers) ordered.push(follower);
  }
  keepRankOrder(ordered);
  return ordered;
}

/**
 * Inserted items can land before an item with the same key and a lower rank; re-reading the merged plan
 * would then match them the other way round. Items with one key swap places (the positions of that key stay)
 * so the merged plan identifies every item the way the merge did.
 */
function keepRankOrder<T>(ordered: MergedItem<T>[]): void {
  const positions = new Map<string, number[]>();
  const unordered = new Set<string>();
  for (let at = 0; at < ordered.length; at++) {
    const item = ordered[at] as MergedItem<T>;
    let sameKey = positions.get(item.key);
    if (sameKey === undefined) positions.set(item.key, (sameKey = []));
    const previous = sameKey.at(-1);
    if (previous !== undefined && (ordered[previous] as MergedItem<T>).rank > item.rank) unordered.add(item.key);
    sameKey.push(at);
  }
  for (const key of unordered) {
    const at = positions.get(key) ?? [];
    const items = at.map((position) => ordered[position] as MergedItem<T>).sort((a, b) => a.rank - b.rank);
    at.forEach((position, rank) => (ordered[position] = items[rank] as MergedItem<T>));
  }
}

/**
 * Merges the workbook's plan (`mine`) with the server's latest (`theirs`) against the version both started
 * from (`base`), cell by cell. Pure and total: it never throws, never mutates its inputs, and the result
 * shares no objects with them. An open conflict keeps mine's value; `resolution` settles conflicts.
 * Example: `mergePlans(base, { ...base, name: "Ny" }, theirs).plan.name === "Ny"`;
 * `mergePlans(base, mine, theirs, { "header:name": "theirs" })` takes the server's name where both changed it.
 */
export function mergePlans(
  base: PlanInput,
  mine: PlanInput,
  theirs: PlanInput,
  resolution?: MergeResolution,
): MergeResult {
  const merger = new Merger(resolution);
  const header = merger.header(base, mine, theirs);
  const expenses = merger.list(expenseKind, base.budget.expenses, mine.budget.expenses, theirs.budget.expenses);
  const financing = merger.list(financingKind, base.budget.financing, mine.budget.financing, theirs.budget.financing);
  return {
    plan: { ...header, budget: { expenses, financing } },
    conflicts: merger.conflicts,
    fromTheirs: merger.fromTheirs,
  };
}
