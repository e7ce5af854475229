// The plan services without HTTP: a caller with a database (the demo seed, a script, a test)
// runs the same writes and gets the same answers and refusals as a request would.
import { randomUUID } from "node:crypto";
import { ProblemError } from "@helhedsplan/api";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Actor } from "../auth/caller";
import { inTransaction } from "../db/transaction";
import { decide } from "../decisions/decision.service";
import { poolDrawAsNumber } from "../pools/pool-ledger.service";
import { findPool } from "../pools/pool.repository";
import { budgetWithPoolMoney, planHeader } from "../../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../../test/support/ledger";
import { runDialects } from "../../test/support/each-dialect";
import type { TestDatabase } from "../../test/support/testing";
import { reopenPlan, submitPlan } from "./plan-status.service";
import {
  checkBudget,
  createPlan,
  findVisiblePlanWithRules,
  listVersions,
  patchPlan,
  putBudget,
  putCheckedBudget,
} from "./plan.service";
import { claimKey, staleClaimMs } from "../idempotency/idempotency.service";
import { rowCounts } from "../../test/support/counts";

const admin: Actor = {
  caller: { tokenId: "services-test", role: "admin", housingOrganisation: null },
  now: new Date(),
};

/** The problem a service call refuses with. */
async function refusal(call: Promise<unknown>): Promise<ProblemError> {
  const error: unknown = await call.then(
    () => new Error("Expected a refusal"),
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProblemError)) throw error;
  return error;
}

test("a pool draw a number cannot hold exactly is no number: it fits no pool", () => {
  expect(poolDrawAsNumber(90_000_000n)).toBe(90_000_000);
  expect(poolDrawAsNumber(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  expect(poolDrawAsNumber(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toBeUndefined();
});

for (const dialect of runDialects()) {
  describe(`plan services without HTTP [${dialect.name}]`, () => {
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      database = await dialect.open();
    });
    afterAll(async () => {
      await database?.close();
    });
    const db = () => {
      if (database === undefined) throw new Error("The database did not open");
      return database.db;
    };

    test("draft → budget → submit → approvals, with 412, 409 and 422 from the services themselves", async () => {
      const plan = await inTransaction(db(), (trx) => createPlan(trx, admin, planHeader()));
      const budget = budgetWithPoolMoney(100_000);
      expect(await inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 0))).toMatchObject({
        version: 1,
      });
      expect((await refusal(inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 0)))).problem).toEqual(
        expect.objectContaining({ status: 412, current: 1 }),
      );
      const reversed = refusal(
        inTransaction(db(), (trx) => patchPlan(trx, admin, plan.id, { periodStart: 2018, periodEnd: 2014 }, 1)),
      );
      expect((await reversed).status).toBe(422);

      const submitted = await inTransaction(db(), (trx, lockLast) => submitPlan(trx, lockLast, admin, plan.id));
      expect(submitted.status).toBe("submitted");
      expect((await refusal(inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 1)))).status).toBe(409);
      expect((await refusal(inTransaction(db(), (trx) => reopenPlan(trx, admin, plan.id)))).status).toBe(409);
      for (const body of ["committee", "council"] as const) {
        const decision = { body, outcome: "approved", decidedOn: "2014-03-06", reference: "pkt. 1" } as const;
        await inTransaction(db(), (trx, lockLast) => decide(trx, lockLast, admin, plan.id, decision));
      }
      expect((await findPool(db(), "budget-2012"))?.committedOre).toBe(10_000_000);
      assertLedgerInvariant(await ledgerState(db(), "budget-2012"));
    });

    test("another organisation's plan is not found for a housing caller, inside the transaction too", async () => {
      const plan = await inTransaction(db(), (trx) => createPlan(trx, admin, planHeader()));
      const stranger: Actor = { ...admin, caller: { tokenId: "x", role: "housing", housingOrganisation: "Ikke os" } };
      const refused = await refusal(
        inTransaction(db(), (trx) => putBudget(trx, stranger, plan.id, budgetWithPoolMoney(1), 0)),
      );
      expect(refused.status).toBe(404);
    });

    test("a budget checked before its transaction is refused under the lock when its plan moved meanwhile: 412, 409", async () => {
      const plan = await inTransaction(db(), (trx) => createPlan(trx, admin, planHeader()));
      const budget = budgetWithPoolMoney(150_000);
      const checkedAt0 = await checkBudget(
        db(),
        await findVisiblePlanWithRules(db(), admin.caller, plan.id),
        budget,
        0,
      );
      expect(checkedAt0.version).toBe(0);

      // Meanwhile another budget is written (version 1): the checked one was for version 0.
      await inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 0));
      const late = await refusal(inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 0, checkedAt0)));
      expect(late.problem).toEqual(expect.objectContaining({ status: 412, current: 1 }));

      // Checked at version 1, then submitted meanwhile: no longer a draft.
      const checkedAt1 = await checkBudget(
        db(),
        await findVisiblePlanWithRules(db(), admin.caller, plan.id),
        budget,
        1,
      );
      await inTransaction(db(), (trx, lockLast) => submitPlan(trx, lockLast, admin, plan.id));
      const submitted = await refusal(
        inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 1, checkedAt1)),
      );
      expect(submitted.status).toBe(409);
      expect(await inTransaction(db(), (trx) => listVersions(trx, plan.id))).toHaveLength(1);
    });

    test("a checked budget is stored in one statement only while the plan and the key's claim are as checked", async () => {
      const counts = () => rowCounts(db());
      const plan = await inTransaction(db(), (trx) => createPlan(trx, admin, planHeader()));
      const budget = budgetWithPoolMoney(100_000);
      const found = () => findVisiblePlanWithRules(db(), admin.caller, plan.id);
      const claimed = async (now: Date) => {
        const outcome = await claimKey(db(), {
          tokenId: admin.caller.tokenId,
          key: randomUUID(),
          method: "PUT",
          path: `/api/v1/plans/${plan.id}/budget`,
          bodyHash: "x",
          now,
        });
        if (outcome.kind !== "claimed") throw new Error("The key was not claimed");
        return outcome.claim;
      };

      // As checked, with a key: the version, its audit entry and the key's answer, together.
      const first = await found();
      const checked = await checkBudget(db(), first, budget, 0);
      const claim = await claimed(new Date());
      const before = await counts();
      const written = await putCheckedBudget(db(), admin, first.plan, budget, checked, claim);
      expect(written).toMatchObject({ version: 1 });
      expect(claim.completed).toBe(true);
      const after = await counts();
      expect([after.plan_versions - before.plan_versions, after.audit - before.audit]).toEqual([1, 1]);
      expect(
        await claimKey(db(), {
          ...claim,
          method: "PUT",
          path: `/api/v1/plans/${plan.id}/budget`,
          bodyHash: "x",
          now: new Date(),
        }),
      ).toEqual({
        kind: "replay",
        status: 200,
        response: written,
      });

      // Moved since the check — another version, or a status change and back at the same version — nothing stored.
      const stale = await found();
      const staleCheck = await checkBudget(db(), stale, budget, 1);
      await inTransaction(db(), (trx) => putBudget(trx, admin, plan.id, budget, 1));
      const unchanged = await counts();
      expect(await putCheckedBudget(db(), admin, stale.plan, budget, staleCheck)).toBeUndefined();
      expect(await counts()).toEqual(unchanged);
      const cycled = await found();
      const cycledCheck = await checkBudget(db(), cycled, budget, 2);
      // Each at the moment it was made (`admin` keeps one moment): a cycle in the same millisecond is not one a plan has.
      let second = 0;
      const later = (): Actor => ({ ...admin, now: new Date(admin.now.getTime() + ++second * 1000) });
      await inTransaction(db(), (trx, lockLast) => submitPlan(trx, lockLast, later(), plan.id));
      for (const body of ["committee", "council"] as const) {
        const decision = { body, outcome: "approved", decidedOn: "2014-03-06", reference: "pkt. 1" } as const;
        await inTransaction(db(), (trx, lockLast) => decide(trx, lockLast, later(), plan.id, decision));
      }
      await inTransaction(db(), (trx) => reopenPlan(trx, later(), plan.id));
      expect((await found()).plan.version).toBe(2);
      const afterCycle = await counts();
      expect(await putCheckedBudget(db(), admin, cycled.plan, budget, cycledCheck)).toBeUndefined();
      expect((await counts()).plan_versions).toBe(afterCycle.plan_versions);

      // A claim taken over after it went stale: nothing stored, the key is the new request's.
      const current = await found();
      const currentCheck = await checkBudget(db(), current, budget, 2);
      const stalled = await claimed(new Date(Date.now() - staleClaimMs - 1_000));
      const takeover = await claimKey(db(), {
        tokenId: stalled.tokenId,
        key: stalled.key,
        method: "PUT",
        path: `/api/v1/plans/${plan.id}/budget`,
        bodyHash: "x",
        now: new Date(),
      });
      expect(takeover.kind).toBe("claimed");
      const beforeStalled = await counts();
      expect(await putCheckedBudget(db(), admin, current.plan, budget, currentCheck, stalled)).toBeUndefined();
      expect(await counts()).toEqual(beforeStalled);
      expect(stalled.completed).toBe(false);
    });
  });
}
