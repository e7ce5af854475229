// `?workbook=regnskab`: the demo plan (Mjølnerparken 2014–2017) with its goals on `Mål` and its 2014 report on
// `Regnskab` — a report that keeps to the approved budget (two lines spent a little less), every goal with a status,
// so it opens without findings and a newcomer (or a test) can type one øre too much and watch it marked.
import { demoPlan, demoStories } from "@helhedsplan/demo";
import type { AnnualReport, Goal, PlanInput } from "@helhedsplan/rules";

/** The report's year: the plan's first. */
export const REGNSKAB_YEAR = 2014;

/** The lines spent less than approved, by their index in the budget: the øre spent less. */
const underspent: Readonly<Record<number, number>> = {
  1: 2_000_000, // Lektiecafé: 20.000,00 kr. less of 120.000,00 kr.
  4: 800_000, // Sundhedsformidlere: 8.000,00 kr. less of 80.000,00 kr.
};

/** The demo plan, its goals and a 2014 report within the approved budget. Example: `templateOf(plan, { goals, report })`. */
export function regnskabData(): { plan: PlanInput; goals: Goal[]; report: AnnualReport } {
  const plan = structuredClone(demoPlan);
  const goals = structuredClone(demoStories.find((story) => story.key === "mjoelnerparken")?.goals ?? []);
  const year = String(REGNSKAB_YEAR);
  const report: AnnualReport = {
    year: REGNSKAB_YEAR,
    spending: plan.budget.expenses.map((line, index) => ({
      focusArea: line.focusArea,
      category: line.category,
      activity: line.activity,
      actualOre: (line.amountsOre[year] ?? 0) - (underspent[index] ?? 0),
    })),
    financingReceived: plan.budget.financing.map((row) => ({
      source: row.source,
      actualOre: row.amountsOre[year] ?? 0,
    })),
    goals: goals.map((goal, index) => ({
      goalId: goal.id,
      status: index === 1 ? "delvist" : "opfyldt",
      comment: index === 1 ? "Lektiecaféen kom først i gang i marts." : "",
    })),
  };
  return { plan, goals, report };
}
