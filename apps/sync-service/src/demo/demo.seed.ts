// HELHEDSPLAN_DEMO=1: the demo plans, stored through the same services as any client's
// writes, so a newcomer sees real data — one plan approved (committed pool money) and one
// submitted (reserved). Only into an empty database, so a restart never seeds twice.
import { demoPlans } from "@helhedsplan/demo";
import type { Actor, Caller } from "../auth/caller";
import type { Db } from "../db/database";
import { inTransaction } from "../db/transaction";
import { decide } from "../decisions/decision.service";
import type { Logger } from "../logger";
import { submitPlan } from "../plans/plan-status.service";
import { createPlan, putBudget } from "../plans/plan.service";

const demoCaller: Caller = { tokenId: "demo-seed", role: "admin", housingOrganisation: null };

/** Seeds the demo plans unless the database already has plans; returns how many were seeded. */
export async function seedDemo(db: Db, clock: () => Date, logger: Logger): Promise<number> {
  const existing = await db.selectFrom("plans").select("id").limit(1).executeTakeFirst();
  if (existing !== undefined) return 0;
  const actor = (): Actor => ({ caller: demoCaller, now: clock() });
  for (const [index, { budget, ...header }] of demoPlans.entries()) {
    const plan = await inTransaction(db, (trx) => createPlan(trx, actor(), header));
    await inTransaction(db, (trx) => putBudget(trx, actor(), plan.id, budget, 0));
    await inTransaction(db, (trx, lockLast) => submitPlan(trx, lockLast, actor(), plan.id));
    // The first demo plan goes all the way to the council, so the pool shows committed money too.
    if (index === 0) {
      await inTransaction(db, (trx, lockLast) =>
        decide(trx, lockLast, actor(), plan.id, {
          body: "committee",
          outcome: "approved",
          decidedOn: "2014-02-12",
          reference: "Børne- og Ungdomsudvalget, pkt. 7",
        }),
      );
      await inTransaction(db, (trx, lockLast) =>
        decide(trx, lockLast, actor(), plan.id, {
          body: "council",
          outcome: "approved",
          decidedOn: "2014-03-06",
          reference: "Borgerrepræsentationen, pkt. 23",
        }),
      );
    }
  }
  logger.info({ plans: demoPlans.length }, "demo plans seeded");
  return demoPlans.length;
}
