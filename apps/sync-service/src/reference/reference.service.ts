// Reference data is data: an admin renames a district or focus area (the old name becomes an
// alias, so older workbooks still read) or changes contractEligible — never a release. Names and
// aliases are compared as the workbook reader compares a typed label (`labelKey`: trimmed, NFC,
// case folded), so no label a person can type names two items.
import { problem, type DistrictPatchBody, type FocusAreaPatchBody } from "@helhedsplan/api";
import { labelKey, type District, type FocusArea, type Reference } from "@helhedsplan/rules";
import { audit } from "../audit/audit.service";
import type { Actor } from "../auth/caller";
import type { Db } from "../db/database";
import {
  loadReference,
  lockAllOf,
  lockDistrict,
  lockFocusArea,
  updateDistrict,
  updateFocusArea,
} from "./reference.repository";

interface Named {
  id: string;
  name: string;
  aliases: string[];
}

/**
 * The aliases after an edit: on a rename the old name joins them; an alias that is the name itself, or repeats an
 * earlier alias, under `labelKey` is left out — it would name the item a second time.
 */
function editedAliases(current: Named, name: string, aliases: readonly string[] | undefined): string[] {
  const base = aliases ?? current.aliases;
  const candidates = labelKey(name) === labelKey(current.name) ? base : [...base, current.name];
  const seen = new Set([labelKey(name)]);
  return candidates.filter((alias) => {
    const key = labelKey(alias);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** 409 when a name or alias of `item` is, under `labelKey`, a name or alias of another item: a workbook's label must name one item. */
function refuseClashes(item: Named, others: readonly Named[], noun: string): void {
  const owners = new Map<string, Named>();
  for (const other of others) {
    if (other.id === item.id) continue;
    for (const label of [other.name, ...other.aliases]) owners.set(labelKey(label), other);
  }
  for (const label of [item.name, ...item.aliases]) {
    const owner = owners.get(labelKey(label));
    if (owner !== undefined) {
      throw problem.conflict(
        `Navnet "${label}" bruges allerede af ${noun} "${owner.name}" (${owner.id}) som navn eller alias. ` +
          "Navne sammenlignes uden hensyn til store og små bogstaver og mellemrum før og efter; vælg et andet navn.",
      );
    }
  }
}

/** How one kind of reference item is locked, stored, listed and named in messages and the audit. */
interface ReferenceKind<Item extends Named> {
  table: "districts" | "focus_areas";
  lock(trx: Db, id: string): Promise<Item | undefined>;
  update(trx: Db, item: Item): Promise<void>;
  siblings(reference: Reference): readonly Named[];
  /** The item in Danish, with its article: "indsatsområdet", "byområdet". */
  noun: string;
  action: string;
}

/**
 * Edits one reference item: the whole table locked (two renames must not both take one name), the item found again
 * (404), 409 on a clashing label; audited.
 */
async function patchItem<
  Item extends Named,
  Patch extends { name?: string | undefined; aliases?: string[] | undefined },
>(
  trx: Db,
  actor: Actor,
  kind: ReferenceKind<Item>,
  id: string,
  patch: Patch,
  edit: (current: Item, patch: Patch) => Item,
): Promise<Item> {
  await lockAllOf(trx, kind.table);
  const current = await kind.lock(trx, id);
  if (current === undefined) throw referenceItemNotFound(kind.noun, id);
  const name = patch.name ?? current.name;
  const next: Item = { ...edit(current, patch), id, name, aliases: editedAliases(current, name, patch.aliases) };
  refuseClashes(next, kind.siblings(await loadReference(trx)), kind.noun);
  await kind.update(trx, next);
  await audit(trx, actor, { action: kind.action, entity: "reference", id, before: current, after: next });
  return next;
}

/** The 404 for a reference item; `noun` as in `ReferenceKind`. Example: `referenceItemNotFound("byområdet", "x")`. */
export function referenceItemNotFound(noun: string, id: string) {
  return problem.notFound(`${noun.charAt(0).toLocaleUpperCase("da")}${noun.slice(1)} "${id}" findes ikke.`);
}

const focusAreas: ReferenceKind<FocusArea> = {
  table: "focus_areas",
  lock: lockFocusArea,
  update: updateFocusArea,
  siblings: (reference) => reference.focusAreas,
  noun: "indsatsområdet",
  action: "focus-area.update",
};

const districts: ReferenceKind<District> = {
  table: "districts",
  lock: lockDistrict,
  update: updateDistrict,
  siblings: (reference) => reference.districts,
  noun: "byområdet",
  action: "district.update",
};

/**
 * Renames or edits a focus area, audited. Example:
 * `await inTransaction(db, (trx) => patchFocusArea(trx, actor, "sundhed", { name: "Sundhed og trivsel" }))`.
 */
export function patchFocusArea(trx: Db, actor: Actor, id: string, patch: FocusAreaPatchBody): Promise<FocusArea> {
  return patchItem(trx, actor, focusAreas, id, patch, (current) => ({
    ...current,
    contractEligible: patch.contractEligible ?? current.contractEligible,
  }));
}

/**
 * Renames or edits a district, audited. Example:
 * `await inTransaction(db, (trx) => patchDistrict(trx, actor, "bispebjerg", { forum: "Forum Nordvest" }))`.
 */
export function patchDistrict(trx: Db, actor: Actor, id: string, patch: DistrictPatchBody): Promise<District> {
  return patchItem(trx, actor, districts, id, patch, (current) => ({
    ...current,
    forum: patch.forum ?? current.forum,
  }));
}
