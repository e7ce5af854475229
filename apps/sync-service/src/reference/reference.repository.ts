import type { District, FocusArea, Reference } from "@helhedsplan/rules";
import { sql } from "kysely";
import type { Db } from "../db/database";
import { json } from "../db/columns";

/**
 * The whole reference data as one jsonb value, in the seeded order: an expression, so a query that
 * needs the reference besides its own rows (a plan write's rules) reads it in the same round trip.
 */
export const referenceDocument = sql<Reference>`(
  SELECT jsonb_build_object(
    'districts', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'forum', forum, 'aliases', aliases) ORDER BY position), '[]'::jsonb)
                  FROM districts),
    'focusAreas', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name, 'contractEligible', contract_eligible, 'aliases', aliases) ORDER BY position), '[]'::jsonb)
                   FROM focus_areas),
    'sources', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name) ORDER BY position), '[]'::jsonb) FROM sources),
    'categories', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'name', name) ORDER BY position), '[]'::jsonb) FROM categories),
    'ruleProfile', (SELECT jsonb_build_object(
                      'municipalCapBasisPoints', municipal_cap_basis_points,
                      'typicalYears', typical_years,
                      'maxContractsPerDistrict', max_contracts_per_district,
                      'minLocalCofinancingBasisPoints', min_local_cofinancing_basis_points)
                    FROM rule_profile WHERE id = 1)))`;

/** The whole reference data in one query. */
export async function loadReference(db: Db): Promise<Reference> {
  const row = await db.selectNoFrom(referenceDocument.as("reference")).executeTakeFirstOrThrow();
  return row.reference;
}

function selectDistrict(db: Db, id: string) {
  return db.selectFrom("districts").select(["id", "name", "forum", "aliases"]).where("id", "=", id);
}

/** One district. */
export async function findDistrict(db: Db, id: string): Promise<District | undefined> {
  return selectDistrict(db, id).executeTakeFirst();
}

/** One district, locked for the rest of the transaction (a rename, or contract writes in its byområde). */
export async function lockDistrict(db: Db, id: string): Promise<District | undefined> {
  return selectDistrict(db, id).forUpdate().executeTakeFirst();
}

export async function updateDistrict(db: Db, district: District): Promise<void> {
  await db
    .updateTable("districts")
    .set({ name: district.name, forum: district.forum, aliases: json(district.aliases) })
    .where("id", "=", district.id)
    .execute();
}

/**
 * Every row of a reference table, locked in id order for the rest of the transaction: a rename
 * checks its new name against all the others, so two concurrent renames must not both pass.
 */
export async function lockAllOf(db: Db, table: "districts" | "focus_areas"): Promise<void> {
  await db.selectFrom(table).select("id").orderBy("id").forUpdate().execute();
}

function selectFocusArea(db: Db, id: string) {
  return db.selectFrom("focus_areas").select(["id", "name", "contract_eligible", "aliases"]).where("id", "=", id);
}

function toFocusArea(row: { id: string; name: string; contract_eligible: boolean; aliases: string[] }): FocusArea {
  return { id: row.id, name: row.name, contractEligible: row.contract_eligible, aliases: row.aliases };
}

/** One focus area. */
export async function findFocusArea(db: Db, id: string): Promise<FocusArea | undefined> {
  const row = await selectFocusArea(db, id).executeTakeFirst();
  return row && toFocusArea(row);
}

/** One focus area, locked for the rest of the transaction (a rename, or a contract written for it). */
export async function lockFocusArea(db: Db, id: string): Promise<FocusArea | undefined> {
  const row = await selectFocusArea(db, id).forUpdate().executeTakeFirst();
  return row && toFocusArea(row);
}

export async function updateFocusArea(db: Db, focusArea: FocusArea): Promise<void> {
  await db
    .updateTable("focus_areas")
    .set({ name: focusArea.name, contract_eligible: focusArea.contractEligible, aliases: json(focusArea.aliases) })
    .where("id", "=", focusArea.id)
    .execute();
}
