// What a plan draws from its pool, defined once: the rules' pool checks, the service's
// reservation and the sync engine's "planen søger X kr." all mean this sum.
import type { Budget, Source } from "./schemas";

/** The financing source whose amounts are drawn from the plan's pool. */
export const poolSource: Source = "kommunePulje";

/**
 * The plan's `kommunePulje` financing in the years of its period (every year when the period is reversed, as the rules
 * sum it), exactly, as a BigInt; amounts that are no whole, non-negative, safe number of øre are left out (they have their
 * own `amount.invalid` finding). Example: `poolDrawOre(demoPlan) === 90_000_000n`.
 */
export function poolDrawOre(plan: { periodStart: number; periodEnd: number; budget: Budget | null }): bigint {
  const reversed = plan.periodEnd < plan.periodStart;
  let total = 0n;
  for (const row of plan.budget?.financing ?? []) {
    if (row.source !== poolSource) continue;
    for (const [year, amount] of Object.entries(row.amountsOre)) {
      const value = Number(year);
      if (!reversed && (value < plan.periodStart || value > plan.periodEnd)) continue;
      if (Number.isSafeInteger(amount) && amount >= 0) total += BigInt(amount);
    }
  }
  return total;
}
