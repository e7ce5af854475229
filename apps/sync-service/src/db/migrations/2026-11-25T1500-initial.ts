// The first schema. Frozen: a later change is a new migration file, never an edit here.
// Money is bigint øre; JSON documents (versions, findings, audit snapshots) are jsonb. The
// SQL stays within what PostgreSQL 15 and PGlite (PostgreSQL 18) both accept.
import { sql, type Kysely } from "kysely";

// Migrations see the database as it was when they were written, not today's types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const now = sql`now()`;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("districts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("forum", "text", (c) => c.notNull())
    .addColumn("aliases", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("focus_areas")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("contract_eligible", "boolean", (c) => c.notNull())
    .addColumn("aliases", "jsonb", (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sources")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("categories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .execute();

  // One row: the rule profile in force.
  await db.schema
    .createTable("rule_profile")
    .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("municipal_cap_basis_points", "integer", (c) => c.notNull())
    .addColumn("typical_years", "integer", (c) => c.notNull())
    .addColumn("max_contracts_per_district", "integer", (c) => c.notNull())
    .addColumn("min_local_cofinancing_basis_points", "integer", (c) => c.notNull())
    .execute();

  // The database itself refuses an overdraw: reserved and committed both count against the amount.
  await db.schema
    .createTable("pools")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("budget_year", "integer", (c) => c.notNull())
    .addColumn("amount_ore", "bigint", (c) => c.notNull().check(sql`amount_ore >= 0`))
    .addColumn("reserved_ore", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("committed_ore", "bigint", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addCheckConstraint(
      "pools_within_amount",
      sql`reserved_ore >= 0 AND committed_ore >= 0 AND reserved_ore + committed_ore <= amount_ore`,
    )
    .execute();

  await db.schema
    .createTable("tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("hash", "text", (c) => c.notNull().unique())
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role IN ('admin', 'finance', 'housing', 'approver', 'viewer')`),
    )
    .addColumn("housing_organisation", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(now))
    .addColumn("created_by", "text")
    .addCheckConstraint("tokens_organisation_for_housing", sql`(role = 'housing') = (housing_organisation IS NOT NULL)`)
    .execute();

  // The plan's current header lives in columns (lists filter on them); budgets and goals live
  // in the immutable versions.
  await db.schema
    .createTable("plans")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("status", "text", (c) =>
      c.notNull().check(sql`status IN ('draft', 'submitted', 'committee_approved', 'approved', 'closed')`),
    )
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 0`))
    .addColumn("approved_version", "integer")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("housing_organisation", "text", (c) => c.notNull())
    .addColumn("estates", "jsonb", (c) => c.notNull())
    .addColumn("district_id", "text")
    .addColumn("vulnerable_area", "boolean", (c) => c.notNull())
    .addColumn("cooperation", "boolean", (c) => c.notNull())
    .addColumn("period_start", "integer", (c) => c.notNull())
    .addColumn("period_end", "integer", (c) => c.notNull())
    .addColumn("pool_id", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("plans_district_status").on("plans").columns(["district_id", "status"]).execute();
  await db.schema.createIndex("plans_organisation").on("plans").column("housing_organisation").execute();
  await db.schema.createIndex("plans_pool").on("plans").column("pool_id").execute();

  await db.schema
    .createTable("plan_versions")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("header", "jsonb", (c) => c.notNull())
    .addColumn("budget", "jsonb")
    .addColumn("goals", "jsonb", (c) => c.notNull())
    .addColumn("findings", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("plan_versions_pk", ["plan_id", "version"])
    .execute();

  // What each plan holds in each pool; a pool's reserved/committed are always the sums of these rows.
  await db.schema
    .createTable("pool_ledger")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("pool_id", "text", (c) => c.notNull().references("pools.id"))
    .addColumn("reserved_ore", "bigint", (c) => c.notNull().check(sql`reserved_ore >= 0`))
    .addColumn("committed_ore", "bigint", (c) => c.notNull().check(sql`committed_ore >= 0`))
    .addPrimaryKeyConstraint("pool_ledger_pk", ["plan_id", "pool_id"])
    .execute();
  await db.schema.createIndex("pool_ledger_pool").on("pool_ledger").column("pool_id").execute();

  await db.schema
    .createTable("decisions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("body", "text", (c) => c.notNull().check(sql`body IN ('committee', 'council')`))
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome IN ('approved', 'rejected')`))
    .addColumn("decided_on", "date", (c) => c.notNull())
    .addColumn("reference", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("decisions_plan").on("decisions").column("plan_id").execute();

  await db.schema
    .createTable("contracts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("district_id", "text", (c) => c.notNull())
    .addColumn("focus_area", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().check(sql`revision >= 1`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("revised_at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("contracts_district").on("contracts").column("district_id").execute();

  await db.schema
    .createTable("contract_revisions")
    .addColumn("contract_id", "text", (c) => c.notNull().references("contracts.id"))
    .addColumn("revision", "integer", (c) => c.notNull())
    .addColumn("district_id", "text", (c) => c.notNull())
    .addColumn("focus_area", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("active", "boolean", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("contract_revisions_pk", ["contract_id", "revision"])
    .execute();

  // Stripe-style keys: scoped to a token; the response is stored with the effect.
  await db.schema
    .createTable("idempotency_keys")
    .addColumn("token_id", "text", (c) => c.notNull())
    .addColumn("key", "text", (c) => c.notNull())
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("body_hash", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull().check(sql`state IN ('in_progress', 'done')`))
    .addColumn("status", "integer")
    .addColumn("response", "jsonb")
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("idempotency_keys_pk", ["token_id", "key"])
    .execute();
  await db.schema.createIndex("idempotency_keys_created").on("idempotency_keys").column("created_at").execute();

  await db.schema
    .createTable("audit")
    .addColumn("seq", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .addColumn("actor", "text", (c) => c.notNull())
    .addColumn("actor_role", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before", "jsonb")
    .addColumn("after", "jsonb")
    .execute();
  await db.schema.createIndex("audit_entity").on("audit").columns(["entity", "entity_id", "seq"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    "audit",
    "idempotency_keys",
    "contract_revisions",
    "contracts",
    "decisions",
    "pool_ledger",
    "plan_versions",
    "plans",
    "tokens",
    "pools",
    "rule_profile",
    "categories",
    "sources",
    "focus_areas",
    "districts",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
