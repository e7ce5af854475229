// Reference data is data: an admin renames a district or focus area (the old name becomes an
// alias, so older workbooks still read) or changes contractEligible — never a release.
import { problem, type DistrictPatchBody, type FocusAreaPatchBody } from "@helhedsplan/api";
import type { District, FocusArea } from "@helhedsplan/rules";
import { audit } from "../audit/audit.service";
import type { ServiceContext } from "../http/route";
import { loadReference, lockDistrict, lockFocusArea, updateDistrict, updateFocusArea } from "./reference.repository";

interface Named {
  id: string;
  name: string;
  aliases: string[];
}

/** The aliases after a rename: the old name joins them, the new name leaves them. */
function renamedAliases(current: Named, name: string | undefined, aliases: string[] | undefined): string[] {
  const base = aliases ?? current.aliases;
  const withOld = name !== undefined && name !== current.name && !base.includes(current.name) ? [...base, current.name] : base;
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

/** Renames or edits a focus area, audited. */
export async function patchFocusArea(ctx: ServiceContext, id: string, patch: FocusAreaPatchBody): Promise<FocusArea> {
  return ctx.transact(async (trx) => {
    const current = await lockFocusArea(trx, id);
    if (current === undefined) throw problem.notFound(`Indsatsområdet "${id}" findes ikke.`);
    const next: FocusArea = {
      id,
      name: patch.name ?? current.name,
      contractEligible: patch.contractEligible ?? current.contractEligible,
      aliases: renamedAliases(current, patch.name, patch.aliases),
    };
    refuseClashes(next, (await loadReference(trx)).focusAreas, "indsatsområdet");
    await updateFocusArea(trx, next);
    await audit(trx, ctx, { action: "focus-area.update", entity: "reference", id, before: current, after: next });
    return next;
  });
}

/** Renames or edits a district, audited. */
export async function patchDistrict(ctx: ServiceContext, id: string, patch: DistrictPatchBody): Promise<District> {
  return ctx.transact(async (trx) => {
    const current = await lockDistrict(trx, id);
    if (current === undefined) throw problem.notFound(`Byområdet "${id}" findes ikke.`);
    const next: District = {
      id,
      name: patch.name ?? current.name,
      forum: patch.forum ?? current.forum,
      aliases: renamedAliases(current, patch.name, patch.aliases),
    };
    refuseClashes(next, (await loadReference(trx)).districts, "byområdet");
    await updateDistrict(trx, next);
    await audit(trx, ctx, { action: "district.update", entity: "reference", id, before: current, after: next });
    return next;
  });
}
