// HELHEDSPLAN_DEMO=1: the demo plans, stored through the same services as any client's
// writes, so a newcomer sees real data — one plan approved (committed pool money) and one
// submitted (reserved). Only into an empty database, so a restart never seeds twice.
import { demoPlans } from "@helhedsplan/demo";
import type { Caller } from "../auth/caller";
import type { Db } from "../db/database";
import { decide } from "../decisions/decision.service";
import { inTransaction, type ServiceContext } from "../http/route";
import type { Logger } from "../logger";
import { submitPlan } from "../plans/plan-status.service";
import { createPlan, putBudget } from "../plans/plan.service";

const demoCaller: Caller = { tokenId: "demo-seed", role: "admin", housingOrganisation: null };

/** Seeds the demo plans unless the database already has plans; returns how many were seeded. */
export async function seedDemo(db: Db, clock: () => Date, logger: Logger): Promise<number> {
  const existing = await db.selectFrom("plans").select("id").limit(1).executeTakeFirst();
  if (existing !== undefined) return 0;
  const ctx: ServiceContext = {
    db,
    caller: demoCaller,
    get now() {
      return clock();
    },
    transact: (effect) => inTransaction(db, effect),
  };
  for (const [index, { budget, ...header }] of demoPlans.entries()) {
    const plan = await createPlan(ctx, header);
    await putBudget(ctx, plan.id, () => ({ input: budget, expectedVersion: 0 }));
    await submitPlan(ctx, plan.id, () => undefined);
    // The first demo plan goes all the way to the council, so the pool shows committed money too.
    if (index === 0) {
      await decide(ctx, plan.id, () => ({
        body: "committee",
        outcome: "approved",
        decidedOn: "2014-02-12",
        reference: "Børne- og Ungdomsudvalget, pkt. 7",
      }));
      await decide(ctx, plan.id, () => ({
        body: "council",
        outcome: "approved",
        decidedOn: "2014-03-06",
        reference: "Borgerrepræsentationen, pkt. 23",
      }));
    }
  }
  logger.info({ plans: demoPlans.length }, "demo plans seeded");
  return demoPlans.length;
}
