// HELHEDSPLAN_DEMO=1: Copenhagen's 18 plans of 2014 (`@helhedsplan/demo`), stored through the same services as any
// client's writes — created, budgeted, given goals, submitted (the pool reserved), decided by fagudvalg and
// Borgerrepræsentationen (the pool committed, the version frozen), reported on yearly — and the byområder's contracts.
// So every rule holds as for real data: each plan valid, the pool never over-reserved. Only into an empty database,
// so a restart never seeds twice.
//
// Dates: each write is dated by the demo's own calendar (the story's dates, at noon in Copenhagen), not by the clock,
// so a plan's versions, decisions and audit read as in 2012–2014. "Already past": a year's report is seeded when the
// year is over by the demo's moment (1 April 2014, so 2012 and 2013) AND by the service's clock (a test that sets the
// clock to 2013 gets the 2012 reports only).
import { demoContracts, demoMoment, demoStories, type DemoPlanStory } from "@helhedsplan/demo";
import type { Actor, Caller } from "../auth/caller";
import { createContract, reviseContract } from "../contracts/contract.service";
import type { Db } from "../db/database";
import { inTransaction } from "../db/transaction";
import { decide } from "../decisions/decision.service";
import type { Logger } from "../logger";
import { copenhagenYear, submitPlan } from "../plans/plan-status.service";
import { createPlan, putBudget, putGoals } from "../plans/plan.service";
import { putReport } from "../reports/report.service";

const demoCaller: Caller = { tokenId: "demo-seed", role: "admin", housingOrganisation: null };

/** Noon in Copenhagen (UTC+1 or +2) on a demo date: the same calendar day whatever the zone. */
const at = (date: string): Date => new Date(`${date}T11:00:00Z`);

/** The first year not yet over, by the demo's moment or by the service's clock: years before it are reported. */
export function firstOpenYear(clock: () => Date): number {
  return Math.min(copenhagenYear(at(demoMoment)), copenhagenYear(clock()));
}

async function seedPlan(db: Db, story: DemoPlanStory, openFrom: number): Promise<void> {
  const actor = (date: string): Actor => ({ caller: demoCaller, now: at(date) });
  const { budget, ...header } = story.plan;
  const plan = await inTransaction(db, (trx) => createPlan(trx, actor(story.drafted), header));
  let { version } = await inTransaction(db, (trx) => putBudget(trx, actor(story.drafted), plan.id, budget, 0));
  ({ version } = await inTransaction(db, (trx) => putGoals(trx, actor(story.drafted), plan.id, story.goals, version)));
  for (const step of story.steps) {
    if (step.do === "submit") {
      await inTransaction(db, (trx, lockLast) => submitPlan(trx, lockLast, actor(step.on), plan.id));
    } else if (step.do === "decide") {
      await inTransaction(db, (trx, lockLast) => decide(trx, lockLast, actor(step.on), plan.id, step.decision));
    } else {
      ({ version } = await inTransaction(db, (trx) => putBudget(trx, actor(step.on), plan.id, step.budget, version)));
    }
  }
  for (const { filed, report } of story.reports) {
    if (report.year >= openFrom) continue;
    await inTransaction(db, (trx) => putReport(trx, actor(filed), plan.id, report, 0));
  }
}

async function seedContracts(db: Db): Promise<void> {
  for (const { agreed, deactivated, ...input } of demoContracts) {
    const created = await inTransaction(db, (trx) =>
      createContract(trx, { caller: demoCaller, now: at(agreed) }, { ...input, active: true }),
    );
    if (deactivated !== undefined) {
      await inTransaction(db, (trx) =>
        reviseContract(trx, { caller: demoCaller, now: at(deactivated.on) }, created.id, {
          active: false,
          text: deactivated.text,
        }),
      );
    }
  }
}

/** Seeds the demo (plans, contracts) unless the database already has plans; returns how many plans were seeded. */
export async function seedDemo(db: Db, clock: () => Date, logger: Logger): Promise<number> {
  const existing = await db.selectFrom("plans").select("id").limit(1).executeTakeFirst();
  if (existing !== undefined) return 0;
  const openFrom = firstOpenYear(clock);
  for (const story of demoStories) await seedPlan(db, story, openFrom);
  await seedContracts(db);
  logger.info({ plans: demoStories.length, contracts: demoContracts.length }, "demo plans seeded");
  return demoStories.length;
}
