// The demo: two plans many tests use (`demoPlan`, Mjølnerparken; `demoPlanTingbjerg`), and Copenhagen's 18 plans of
// 2014 with their decisions, goals, yearly reports and the byområder's contracts, which the service's demo mode seeds.
// Every figure is invented but plausible (docs/overview.md).
import type { PlanInput } from "@helhedsplan/rules";
import { demoStories } from "./copenhagen-2014";

export { demoPlan, demoPlanTingbjerg } from "./plans";
export {
  demoContracts,
  demoMoment,
  demoStories,
  type DemoContract,
  type DemoDecision,
  type DemoPlanStory,
  type DemoStep,
} from "./copenhagen-2014";

/** Every demo plan as first drafted, in the order the service's demo mode seeds them (the 18 of `demoStories`). */
export const demoPlans: PlanInput[] = demoStories.map((story) => story.plan);
