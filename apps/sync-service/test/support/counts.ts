import type { Db } from "../../src/db/database";

/** Every table a write could store rows in (idempotency_keys aside: a refused request's answer is kept there on purpose). */
export const storedTables = [
  "plans",
  "plan_versions",
  "pools",
  "pool_ledger",
  "decisions",
  "contracts",
  "contract_revisions",
  "tokens",
  "audit",
  "reports",
  "report_lines",
  "approved_lines",
] as const;
const tables = storedTables;

/** How many rows each table that a write could touch holds: equal before and after means nothing was stored. */
export async function rowCounts(db: Db): Promise<Record<(typeof tables)[number], number>> {
  const entries = await Promise.all(
    tables.map(async (table) => {
      const { count } = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string | number>().as("count"))
        .executeTakeFirstOrThrow();
      return [table, Number(count)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<(typeof tables)[number], number>;
}
