// Reference data is data: an admin renames a district or focus area (the old name becomes an
// alias, so older workbooks still read) or changes contractEligible — never a release.
import { problem, type DistrictPatchBody, type FocusAreaPatchBody } from "@helhedsplan/api";
import type { District, FocusArea, Reference } from "@helhedsplan/rules";
import type { Db } from "../db/database";
import { audit } from "../audit/audit.service";
import type { ServiceContext } from "../http/route";
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

/** The aliases after a rename: the old name joins them, the new name leaves them. */
function renamedAliases(current: Named, name: string | undefined, aliases: string[] | undefined): string[] {
  const base = aliases ?? current.aliases;
  const withOld =
    name !== undefined && name !== current.name && !base.includes(current.name) ? [...base, current.name] : base;
  return withOld.filter((alias) => alias !== (name ?? current.name));
}

/** 409 when a name or alias of `item` is already a name or alias of another item: a workbook's label must name one item. */
function refuseClashes(item: Named, others: readonly Named[], what: string): void {
  const labels = new Map<string, string>();
  for (const other of others) {
    if (other.id === item.id) continue;
    for (const label of [other.name, ...other.aliases]) labels.set(label.toLocaleLowerCase("da"), other.id);
  }
  for (const label of [item.name, ...item.aliases]) {
    const owner = labels.get(label.toLocaleLowerCase("da"));
    if (owner !== undefined) throw problem.conflict(`Navnet "${label}" bruges allerede af ${what} "${owner}".`);
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

/** Edits one reference item in one transaction: 404 when missing, then the request's `checks` (403, 400), 409 on a clashing label; audited. */
function patchItem<Item extends Named, Patch extends { name?: string | undefined; aliases?: string[] | undefined }>(
  ctx: ServiceContext,
  kind: ReferenceKind<Item>,
  id: string,
  checks: () => Patch,
  edit: (current: Item, patch: Patch) => Item,
): Promise<Item> {
  return ctx.transact(async (trx) => {
    await lockAllOf(trx, kind.table);
    const current = await kind.lock(trx, id);
    if (current === undefined) throw problem.notFound(`${capitalised(kind.noun)} "${id}" findes ikke.`);
    const patch = checks();
    const next: Item = {
      ...edit(current, patch),
      id,
      name: patch.name ?? current.name,
      aliases: renamedAliases(current, patch.name, patch.aliases),
    };
    refuseClashes(next, kind.siblings(await loadReference(trx)), kind.noun);
    await kind.update(trx, next);
    await audit(trx, ctx, { action: kind.action, entity: "reference", id, before: current, after: next });
    return next;
  });
}

const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase("da") + text.slice(1);

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

/** Renames or edits a focus area, audited. */
export function patchFocusArea(ctx: ServiceContext, id: string, checks: () => FocusAreaPatchBody): Promise<FocusArea> {
  return patchItem(ctx, focusAreas, id, checks, (current, patch) => ({
    ...current,
    contractEligible: patch.contractEligible ?? current.contractEligible,
  }));
}

/** Renames or edits a district, audited. */
export function patchDistrict(ctx: ServiceContext, id: string, checks: () => DistrictPatchBody): Promise<District> {
  return patchItem(ctx, districts, id, checks, (current, patch) => ({
    ...current,
    forum: patch.forum ?? current.forum,
  }));
}
