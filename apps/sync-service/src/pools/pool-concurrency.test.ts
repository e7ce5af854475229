// DOMAIN.md rule 4: the pool is never over-reserved, also when many submit at the same moment.
import { expect, test } from "vitest";
import { assertLedgerInvariant, ledgerState } from "../../test/support/ledger";
import { draftWithPoolMoney } from "../../test/support/plans";
import { describeEachDialect } from "../../test/support/each-dialect";

const poolId = "budget-2012";

describeEachDialect("40 plans × 1 mio. kr. submitted at once against the 30 mio. kr. pool", (service) => {
  test(
    "exactly 30 are reserved (200) and 10 refused (409 pool-exhausted); the pool ends with nothing available",
    { timeout: 120_000 },
    async () => {
      const client = service().client();
      const drafts = [];
      for (let index = 0; index < 40; index++) drafts.push(await draftWithPoolMoney(client, poolId, 1_000_000));

      // On PostgreSQL these really run at once on separate connections; PGlite serialises them.
      const answers = await Promise.all(
        drafts.map(({ id }) => service().fetch(`/api/v1/plans/${id}/submit`, { method: "POST" })),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(30);
      expect(statuses.filter((status) => status === 409)).toHaveLength(10);
      const refusals = await Promise.all(
        answers.filter((answer) => answer.status === 409).map((answer) => answer.json()),
      );
      for (const refusal of refusals) expect(refusal).toMatchObject({ type: "/problems/pool-exhausted" });

      expect(await client.pools.get(poolId)).toMatchObject({
        reservedOre: 3_000_000_000,
        committedOre: 0,
        availableOre: 0,
      });
      const state = await ledgerState(service().db, poolId);
      assertLedgerInvariant(state);
      expect(state.rows.size).toBe(30);
      const submitted = (await client.plans.list({ status: "submitted" })).items;
      expect(submitted).toHaveLength(30);
    },
  );
});
