// The floor of a budget PUT's CPU: what any service that checks what it stores must spend on the body — reading the
// JSON, a zod parse against the route's schema and `validatePlan` — measured in this process, in the same run as the
// service's own CPU per PUT, so the two compare on the same machine under the same load.
import { routes } from "@helhedsplan/api";
import { validatePlan, type Budget, type PlanHeader } from "@helhedsplan/rules";

/** The floor's CPU per body, in milliseconds, from `iterations` passes over the bodies after as many warm-up passes. */
export interface Floor {
  msPerPut: number;
  iterations: number;
}

/** Example: `measureFloor(header, [budget], 200).msPerPut` → about the rules' time plus a JSON parse. */
export function measureFloor(header: PlanHeader, budgets: readonly Budget[], iterations: number): Floor {
  const bodies = budgets.map((budget) => JSON.stringify(budget));
  const schema = routes.plansPutBudget.body;
  let findings = 0;
  const pass = (n: number) => {
    const budget = schema.parse(JSON.parse(bodies[n % bodies.length] ?? "{}"));
    findings += validatePlan({ ...header, budget }).length;
  };
  for (let n = 0; n < iterations; n++) pass(n);
  const before = process.cpuUsage();
  for (let n = 0; n < iterations; n++) pass(n);
  const spent = process.cpuUsage(before);
  // The count keeps the work observable, so no pass can be optimised away; a valid body has no error findings.
  if (findings < 0) throw new Error("unreachable");
  return { msPerPut: (spent.user + spent.system) / 1000 / iterations, iterations };
}
