// Seeds DOMAIN.md's reference data and the Budget 2012 pool from the rules package, so the
// service and the add-in start from the same data. Frozen like every migration.
import { defaultPools, defaultReference } from "@helhedsplan/rules";
import type { Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const { districts, focusAreas, sources, categories, ruleProfile } = defaultReference;
  await db
    .insertInto("districts")
    .values(
      districts.map((d, position) => ({
        id: d.id,
        name: d.name,
        forum: d.forum,
        aliases: JSON.stringify(d.aliases),
        position,
      })),
    )
    .execute();
  await db
    .insertInto("focus_areas")
    .values(
      focusAreas.map((f, position) => ({
        id: f.id,
        name: f.name,
        contract_eligible: f.contractEligible,
        aliases: JSON.stringify(f.aliases),
        position,
      })),
    )
    .execute();
  await db
    .insertInto("sources")
    .values(sources.map((s, position) => ({ id: s.id, name: s.name, position })))
    .execute();
  await db
    .insertInto("categories")
    .values(categories.map((c, position) => ({ id: c.id, name: c.name, position })))
    .execute();
  await db
    .insertInto("rule_profile")
    .values({
      id: 1,
      municipal_cap_basis_points: ruleProfile.municipalCapBasisPoints,
      typical_years: ruleProfile.typicalYears,
      max_contracts_per_district: ruleProfile.maxContractsPerDistrict,
      min_local_cofinancing_basis_points: ruleProfile.minLocalCofinancingBasisPoints,
    })
    .execute();
  await db
    .insertInto("pools")
    .values(defaultPools.map((p) => ({ id: p.id, name: p.name, budget_year: p.budgetYear, amount_ore: p.amountOre })))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["pools", "rule_profile", "categories", "sources", "focus_areas", "districts"]) {
    await db.deleteFrom(table).execute();
  }
}
