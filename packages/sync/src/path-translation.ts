// A finding or merge path names a line by its index in the plan it was computed on (the merged plan,
// say); the workbook's cell map knows the rows of the workbook's own plan. The two are matched by
// identity — expense lines by `expenseLineKey` and occurrence, financing rows by source and occurrence.
import { expenseLineKey, type FindingPath, type PlanInput } from "@helhedsplan/rules";
import { cellOf, type CellMap } from "@helhedsplan/workbook";

function identities<T>(items: readonly T[], keyOf: (item: T) => string): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = keyOf(item);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return `${key}#${occurrence}`;
  });
}

// A translator is asked once per finding or merged cell: each plan's identities are computed once.
const cache = { expenses: new WeakMap<PlanInput, string[]>(), financing: new WeakMap<PlanInput, string[]>() };

const sections = {
  expenses: (plan: PlanInput) => cached(cache.expenses, plan, () => identities(plan.budget.expenses, expenseLineKey)),
  financing: (plan: PlanInput) =>
    cached(cache.financing, plan, () => identities(plan.budget.financing, (row) => row.source)),
} as const;

function cached(store: WeakMap<PlanInput, string[]>, plan: PlanInput, compute: () => string[]): string[] {
  let value = store.get(plan);
  if (value === undefined) {
    value = compute();
    store.set(plan, value);
  }
  return value;
}

/**
 * The workbook cell of a path into another plan than the workbook's own (`mine`): a line is looked up by identity; a
 * line the workbook does not have points at its table's header. Example: `cellTranslator(mine, map)(merged, path)`.
 */
export function cellTranslator(mine: PlanInput, map: CellMap): (plan: PlanInput, path: FindingPath) => string {
  const mineIndex = {
    expenses: new Map(sections.expenses(mine).map((identity, index) => [identity, index])),
    financing: new Map(sections.financing(mine).map((identity, index) => [identity, index])),
  };
  return (plan, path) => {
    const [root, section, index, ...rest] = path;
    if (plan === mine || root !== "budget" || typeof index !== "number") return cellOf(path, map);
    if (section !== "expenses" && section !== "financing") return cellOf(path, map);
    const identity = sections[section](plan)[index];
    const at = identity === undefined ? undefined : mineIndex[section].get(identity);
    return at === undefined ? cellOf(["budget", section], map) : cellOf(["budget", section, at, ...rest], map);
  };
}
