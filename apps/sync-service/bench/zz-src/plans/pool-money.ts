import type { Budget } from "@helhedsplan/rules";

/**
 * The plan's `kommunePulje` financing over all years: what it draws from its pool. Undefined
 * when a number cannot hold the sum exactly — more than any pool can hold, since a pool's
 * amount is a safe integer. Expects a budget without `amount.invalid` findings.
 */
export function poolMoneyOre(budget: Budget | null): number | undefined {
  let total = 0n;
  for (const row of budget?.financing ?? []) {
    if (row.source !== "kommunePulje") continue;
    for (const amount of Object.values(row.amountsOre)) total += BigInt(amount);
  }
  return total > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(total);
}
