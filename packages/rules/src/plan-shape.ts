// The plan's shape, fast. zod's record parsing costs about a microsecond per `amountsOre`, as much
// as a JSON round trip of the whole plan, so the fast path parses everything except the amounts
// with the same schemas (built around `z.unknown()`) and accepts the amounts with a cheap check
// that accepts a subset of what `AmountsOre` accepts. Whenever that check hesitates, the full
// PlanInput schema decides, and its issues become the findings: zod stays the judge of the shape.
import { z } from "zod";
import { budgetSchemas, PlanHeader, PlanInput, yearKeyPattern, type AmountsOre, type Budget } from "./schemas";
import { parseShape, type ShapeResult } from "./shape";

const BudgetWithUncheckedAmounts = budgetSchemas(z.unknown()).budget;
const PlanWithUncheckedAmounts = PlanHeader.extend({ budget: BudgetWithUncheckedAmounts });

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

type UncheckedBudget = z.infer<typeof BudgetWithUncheckedAmounts>;

function hasPlainAmounts({ expenses, financing }: UncheckedBudget): boolean {
  for (let at = 0; at < expenses.length; at++) if (!isPlainAmounts(expenses[at]?.amountsOre)) return false;
  for (let at = 0; at < financing.length; at++) if (!isPlainAmounts(financing[at]?.amountsOre)) return false;
  return true;
}

/** The fast path's verdict: `schema`'s output when the value surely has the full schema's shape, else undefined. */
function fastParse<Schema extends z.ZodType, Full>(
  schema: Schema,
  value: unknown,
  budgetOf: (parsed: z.output<Schema>) => UncheckedBudget,
): Full | undefined {
  try {
    const parsed = schema.safeParse(value);
    // With every amount plain, the output is what the full schema would give.
    return parsed.success && hasPlainAmounts(budgetOf(parsed.data)) ? (parsed.data as Full) : undefined;
  } catch {
    // Exotic input (a throwing getter, a proxy): the full schema decides, or it is reported unreadable.
    return undefined;
  }
}

/**
 * The plan as `PlanInput`, or `input.shape` findings from the PlanInput schema with Danish messages.
 * Example: `readPlanShape(demoPlan).success === true`.
 */
export function readPlanShape(plan: unknown): ShapeResult<PlanInput> {
  const fast = fastParse<typeof PlanWithUncheckedAmounts, PlanInput>(
    PlanWithUncheckedAmounts,
    plan,
    (parsed) => parsed.budget,
  );
  return fast === undefined ? parseShape(PlanInput, plan) : { success: true, data: fast };
}

/**
 * The budget when the fast path is sure it has the `Budget` shape (as `Budget` would parse it),
 * else undefined: then `Budget` itself must decide, and say what is wrong. For a caller that reads
 * a budget on its own (the service's `PUT …/budget`) and answers shape errors in its own format.
 * Example: `plainBudget(demoPlan.budget) !== undefined`, `plainBudget({ expenses: [] }) === undefined`.
 */
export function plainBudget(budget: unknown): Budget | undefined {
  return fastParse<typeof BudgetWithUncheckedAmounts, Budget>(BudgetWithUncheckedAmounts, budget, (parsed) => parsed);
}
