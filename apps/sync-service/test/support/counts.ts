import type { Db } from "../../src/db/database";

const tables = [
  "plans",
  "plan_versions",
  "pools",
  "pool_ledger",
  "decisions",
  "contracts",
  "contract_revisions",
  "tokens",
  "audit",
] as const;

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
