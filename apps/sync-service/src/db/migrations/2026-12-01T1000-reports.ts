// Yearly reports and what the overview (`GET /reports`) sums in SQL. Frozen like every migration.
// - `reports`: one row per plan and year, the report as sent (jsonb) with its own version, its
//   stored warnings, and the figures later SQL needs as columns (the pool money received, the
//   goals met).
// - `report_lines`: the report's spending, one row per line, so the overview sums actual money
//   per plan, byområde and focus area in SQL.
// - `approved_lines`: the approved version's expense amounts, one row per line and year, replaced
//   at every council approval; filled here for the plans approved before this migration.
import { sql, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable("reports")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull().check(sql`version >= 1`))
    .addColumn("report", "jsonb", (c) => c.notNull())
    .addColumn("findings", "jsonb", (c) => c.notNull())
    .addColumn("pool_received_ore", "bigint", (c) => c.notNull().check(sql`pool_received_ore >= 0`))
    .addColumn("goals_met", "integer", (c) => c.notNull().check(sql`goals_met >= 0`))
    .addColumn("created_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull())
    .addColumn("updated_by", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("reports_pk", ["plan_id", "year"])
    .execute();

  await db.schema
    .createTable("report_lines")
    .addColumn("plan_id", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("line", "integer", (c) => c.notNull())
    .addColumn("focus_area", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("activity", "text", (c) => c.notNull())
    .addColumn("actual_ore", "bigint", (c) => c.notNull().check(sql`actual_ore >= 0`))
    .addPrimaryKeyConstraint("report_lines_pk", ["plan_id", "year", "line"])
    .addForeignKeyConstraint("report_lines_report", ["plan_id", "year"], "reports", ["plan_id", "year"])
    .execute();
  await db.schema.createIndex("report_lines_year").on("report_lines").columns(["year", "plan_id"]).execute();

  await db.schema
    .createTable("approved_lines")
    .addColumn("plan_id", "text", (c) => c.notNull().references("plans.id"))
    .addColumn("line", "integer", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("focus_area", "text", (c) => c.notNull())
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("activity", "text", (c) => c.notNull())
    .addColumn("amount_ore", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("approved_lines_pk", ["plan_id", "line", "year"])
    .execute();
  await db.schema.createIndex("approved_lines_year").on("approved_lines").columns(["year", "plan_id"]).execute();

  // The same statement as `replaceApprovedLines`, for every plan approved so far.
  await sql`
    INSERT INTO approved_lines (plan_id, line, year, focus_area, category, activity, amount_ore)
    SELECT p.id, e.line, a.key::integer, e.expense->>'focusArea', e.expense->>'category', e.expense->>'activity',
           a.value::bigint
    FROM plans p
    JOIN plan_versions v ON v.plan_id = p.id AND v.version = p.approved_version
    CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.budget->'expenses', '[]'::jsonb))
      WITH ORDINALITY AS e(expense, line)
    CROSS JOIN LATERAL jsonb_each(e.expense->'amountsOre') AS a
    WHERE p.approved_version IS NOT NULL`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ["approved_lines", "report_lines", "reports"]) await db.schema.dropTable(table).execute();
}
