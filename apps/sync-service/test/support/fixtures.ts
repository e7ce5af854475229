// Plans for tests, built from the demo plan so their figures are realistic and valid, with
// the pool money a test needs.
import { demoPlan } from "@helhedsplan/demo";
import { parseKroner, type Budget, type PlanHeader } from "@helhedsplan/rules";

const years = ["2014", "2015", "2016", "2017"];

/** The demo plan's header (Mjølnerparken, Bo-Vita, Nørrebro, budget-2012), with changes. */
export function planHeader(overrides: Partial<PlanHeader> = {}): PlanHeader {
  const { budget: _budget, ...header } = demoPlan;
  return { ...header, ...overrides };
}

/** The demo plan's budget (900.000 kr. pool money over 2014–2017). */
export function demoBudget(): Budget {
  return structuredClone(demoPlan.budget);
}

/**
 * A balanced budget over 2014–2017 drawing `poolKroner` from the pool: the frame is eight
 * times the pool money (exactly the 12.5 % cap), the rest from LBF.
 */
export function budgetWithPoolMoney(poolKroner: number): Budget {
  const poolOre = parseKroner(poolKroner);
  const perYear = (total: number, index: number) => Math.floor(total / 4) + (index === 3 ? total % 4 : 0);
  const spread = (total: number) => Object.fromEntries(years.map((year, index) => [year, perYear(total, index)]));
  return {
    expenses: [
      { focusArea: "boern-unge", category: "loen", activity: "Familiekoordinator", amountsOre: spread(poolOre * 8) },
    ],
    financing: [
      { source: "lbf", amountsOre: spread(poolOre * 7) },
      { source: "kommunePulje", amountsOre: spread(poolOre) },
    ],
  };
}
