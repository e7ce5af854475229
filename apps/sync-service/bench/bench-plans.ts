// The plans the benchmark writes: the demo plans' budgets, so every body is realistic and valid
// by construction — the large one split into many lines, the small one as it is.
import { demoPlan, demoPlanTingbjerg } from "@helhedsplan/demo";
import { parseKroner, type Budget, type ExpenseLine, type PlanHeader, type PlanInput } from "@helhedsplan/rules";

/** One krone in øre. */
const KRONE_ORE = parseKroner(1);

/** Where the split lines of one activity take place, so each line has its own (realistic) name. */
const sites = [
  "Mjølnerparken",
  "Lundtoftegade",
  "Aldersrogade",
  "Bispebjerg Bakke",
  "Tingbjerg",
  "Husum Parken",
  "Urbanplanen",
  "Hørgården",
  "Akacieparken",
  "Sjælør Boulevard",
  "Folehaven",
  "Ellebo",
  "Bellahøj",
  "Utterslevhuse",
  "Stengården",
  "Gadelandet",
  "Lindevang",
  "Blågården",
  "Nørrebroparken",
  "Rådmandsgade",
];

/** The header of a plan as `POST /plans` takes it, drawing on `poolId`. */
export function benchHeader(plan: PlanInput, name: string, poolId: string | null): PlanHeader {
  const { budget: _budget, ...header } = plan;
  return { ...header, name, poolId };
}

/**
 * `lines` expense lines with exactly the demo plan's yearly totals: each demo line is split
 * into parts (one per site) whose amounts sum to the original, so the demo's financing still
 * balances and every rule still holds.
 */
export function largeBudget(lines: number): Budget {
  const source = demoPlan.budget.expenses;
  const expenses: ExpenseLine[] = [];
  source.forEach((line, index) => {
    const parts = Math.floor(lines / source.length) + (index < lines % source.length ? 1 : 0);
    for (let part = 0; part < parts; part++) {
      const site = sites[part % sites.length] ?? "Byområdet";
      const round = Math.floor(part / sites.length);
      expenses.push({
        ...line,
        activity: `${line.activity} – ${site}${round > 0 ? ` ${round + 1}` : ""}`,
        amountsOre: Object.fromEntries(
          Object.entries(line.amountsOre).map(([year, ore]) => [year, shareOf(ore, parts, part)]),
        ),
      });
    }
  });
  return { expenses, financing: demoPlan.budget.financing };
}

/** Part `part` of `parts` of `ore` in whole kroner; the first part takes the remainder, so the parts sum to `ore`. */
function shareOf(ore: number, parts: number, part: number): number {
  const each = Math.floor(ore / parts / KRONE_ORE) * KRONE_ORE;
  return part === 0 ? ore - each * (parts - 1) : each;
}

/**
 * The n-th edit of a budget, as a finance officer makes them: a few hundred kroner move from
 * one line to the next within one year, so totals, balance and every rule stay as they were.
 */
export function editedBudget(budget: Budget, n: number): Budget {
  const [from, to] = [n % budget.expenses.length, (n + 1) % budget.expenses.length];
  const shiftOre = parseKroner(((n % 10) + 1) * 50);
  const year = Object.entries(budget.expenses[from]?.amountsOre ?? {}).find(([, ore]) => ore >= shiftOre)?.[0];
  if (year === undefined) return budget;
  const expenses = budget.expenses.map((line, index) => {
    const delta = index === from ? -shiftOre : index === to ? shiftOre : 0;
    return delta === 0
      ? line
      : { ...line, amountsOre: { ...line.amountsOre, [year]: (line.amountsOre[year] ?? 0) + delta } };
  });
  return { ...budget, expenses };
}

/** The small plan each submit reserves for: the Tingbjerg demo plan. */
export const smallPlan: PlanInput = demoPlanTingbjerg;
