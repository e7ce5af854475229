// TEMPORARY experiment (to be deleted)
import { routes } from "@helhedsplan/api";
import { validatePlan, defaultReference } from "@helhedsplan/rules";
import { demoPlan } from "@helhedsplan/demo";
import { largeBudget } from "./bench-plans";
const budget = largeBudget(200);
const text = JSON.stringify(budget);
const time = (label: string, f: () => unknown, n = 2000) => { for (let i = 0; i < 200; i++) f(); const t = performance.now(); for (let i = 0; i < n; i++) f(); console.log(label, ((performance.now() - t) / n * 1000).toFixed(0), "µs"); };
console.log("body bytes", text.length);
const schema = routes.plansPutBudget.body!;
time("JSON.parse body", () => JSON.parse(text));
time("JSON.stringify budget", () => JSON.stringify(budget));
time("Budget schema safeParse", () => schema.safeParse(JSON.parse(text)));
const { budget: _b, ...header } = demoPlan;
time("validatePlan", () => validatePlan({ ...header, budget }, { reference: defaultReference, poolAvailableOre: 3_000_000_000 }));
console.log(validatePlan({ ...header, budget }, { reference: defaultReference, poolAvailableOre: 3_000_000_000 }));
