// The plan's shape, fast. zod's record parsing costs about a microsecond per `amountsOre`, as much
// as a JSON round trip of the whole plan, so the fast path parses everything except the amounts
// with the same schemas (built around `z.unknown()`) and accepts the amounts with a cheap check
// that accepts a subset of what `AmountsOre` accepts. Whenever that check hesitates, the full
// PlanInput schema decides, and its issues become the findings: zod stays the judge of the shape.
import { z } from "zod";
import { budgetSchemas, PlanHeader, PlanInput, yearKeyPattern, type AmountsOre } from "./schemas";
import { parseShape, type ShapeResult } from "./shape";

const PlanWithUncheckedAmounts = PlanHeader.extend({ budget: budgetSchemas(z.unknown()).budget });

/**
 * True only for what `AmountsOre` accepts as it is: a plain object without symbol keys whose own
 * enumerable keys are four-digit years and whose values are finite numbers.
 * Example: `isPlainAmounts({ "2014": 100 }) === true`, `isPlainAmounts({ "14": 100 }) === false`.
 */
export function isPlainAmounts(value: unknown): value is AmountsOre {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.getOwnPropertySymbols(value).length > 0) return false;
  const amounts = value as Record<string, unknown>;
  const years = Object.keys(amounts);
  for (let at = 0; at < years.length; at++) {
    const year = years[at] as string;
    if (!yearKeyPattern.test(year)) return false;
    const amount = amounts[year];
    if (typeof amount !== "number" || !Number.isFinite(amount)) return false;
  }
  return true;
}

function hasPlainAmounts(plan: z.infer<typeof PlanWithUncheckedAmounts>): boolean {
  const { expenses, financing } = plan.budget;
  for (let at = 0; at < expenses.length; at++) if (!isPlainAmounts(expenses[at]?.amountsOre)) return false;
  for (let at = 0; at < financing.length; at++) if (!isPlainAmounts(financing[at]?.amountsOre)) return false;
  return true;
}

/** The fast path's verdict: the plan when it surely has the PlanInput shape, else undefined. */
function fastPlan(plan: unknown): PlanInput | undefined {
  try {
    const parsed = PlanWithUncheckedAmounts.safeParse(plan);
    return parsed.success && hasPlainAmounts(parsed.data) ? (parsed.data as PlanInput) : undefined;
  } catch {
    // Exotic input (a throwing getter, a proxy): the full parse below decides, or reports it unreadable.
    return undefined;
  }
}

/**
 * The plan as `PlanInput`, or `input.shape` findings from the PlanInput schema with Danish messages.
 * Example: `readPlanShape(demoPlan).success === true`.
 */
export function readPlanShape(plan: unknown): ShapeResult<PlanInput> {
  const fast = fastPlan(plan);
  return fast === undefined ? parseShape(PlanInput, plan) : { success: true, data: fast };
}
