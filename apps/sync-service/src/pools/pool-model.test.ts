// A model-based test of the pool ledger (fast-check `fc.commands`): random sequences of
// submit, committee and council decisions, rejections, reopen, revisions and close (after a
// report for every year of the period, with the pool money received) run against the service
// and against a plain in-memory model. The service's clock stands in 2030, after every period. After every step the service answers what
// the model predicts, and in the database reserved + committed ≤ amount and both equal the
// sums of the ledger rows.
import type { Client } from "@helhedsplan/api";
import fc from "fast-check";
import { expect, test } from "vitest";
import { budgetWithPoolMoney } from "../../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../../test/support/ledger";
import { draftWithPoolMoney, newPool, ore } from "../../test/support/plans";
import { describeEachDialect, type TestService } from "../../test/support/each-dialect";

type Status = "draft" | "submitted" | "committee_approved" | "approved" | "closed";

interface PlanModel {
  id: string;
  status: Status;
  version: number;
  approved: boolean;
  /** The pool money the current budget asks for. */
  askOre: number;
  reservedOre: number;
  committedOre: number;
  /** The version of each year's report (none: 0). */
  reports: Record<number, number>;
}

interface Model {
  poolId: string;
  amountOre: number;
  plans: PlanModel[];
}

interface Real {
  service: TestService;
  client: Client;
}

const poolKroner = 5_000_000;
const askChoices = [250_000, 1_000_000, 2_000_000, 3_000_000];

function availableOre(model: Model): number {
  return model.plans.reduce((left, plan) => left - plan.reservedOre - plan.committedOre, model.amountOre);
}

async function statusOf(call: Promise<unknown>): Promise<{ status: number; slug: string | null }> {
  try {
    await call;
    return { status: 200, slug: null };
  } catch (error) {
    const failure = error as { status?: number; slug?: string | null };
    if (failure.status === undefined) throw error;
    return { status: failure.status, slug: failure.slug ?? null };
  }
}

async function checkLedger(model: Model, real: Real): Promise<void> {
  const state = await ledgerState(real.service.db, model.poolId);
  assertLedgerInvariant(state);
  expect(state.reservedOre).toBe(model.plans.reduce((sum, plan) => sum + plan.reservedOre, 0));
  expect(state.committedOre).toBe(model.plans.reduce((sum, plan) => sum + plan.committedOre, 0));
}

abstract class PlanCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = () => true;
  abstract toString(): string;
  abstract act(plan: PlanModel, model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real): Promise<void> {
    const plan = model.plans[this.index % model.plans.length];
    if (plan === undefined) throw new Error("no plan");
    await this.act(plan, model, real);
    await checkLedger(model, real);
  }
}

class Submit extends PlanCommand {
  toString = () => `submit(${this.index})`;
  async act(plan: PlanModel, model: Model, real: Real) {
    const answer = await statusOf(real.client.plans.submit(plan.id));
    if (plan.status !== "draft") return void expect(answer.status).toBe(409);
    const needOre = Math.max(0, plan.askOre - plan.committedOre);
    if (needOre > availableOre(model)) {
      expect(answer).toEqual({ status: 409, slug: "pool-exhausted" });
      return;
    }
    expect(answer.status).toBe(200);
    plan.reservedOre = needOre;
    plan.status = "submitted";
  }
}

class Decide extends PlanCommand {
  constructor(
    index: number,
    readonly body: "committee" | "council",
    readonly outcome: "approved" | "rejected",
  ) {
    super(index);
  }
  toString = () => `${this.body}-${this.outcome}(${this.index})`;
  async act(plan: PlanModel, _model: Model, real: Real) {
    const answer = await statusOf(
      real.client.plans.decide(plan.id, {
        body: this.body,
        outcome: this.outcome,
        decidedOn: "2014-03-06",
        reference: "model",
      }),
    );
    const allowed = this.body === "committee" ? ["submitted", "committee_approved"] : ["committee_approved"];
    if (!allowed.includes(plan.status)) return void expect(answer.status).toBe(409);
    expect(answer.status).toBe(200);
    if (this.outcome === "rejected") {
      plan.reservedOre = 0;
      plan.status = plan.approved ? "approved" : "draft";
    } else if (this.body === "committee") {
      plan.status = "committee_approved";
    } else {
      plan.committedOre = plan.askOre;
      plan.reservedOre = 0;
      plan.approved = true;
      plan.status = "approved";
    }
  }
}

class Reopen extends PlanCommand {
  toString = () => `reopen(${this.index})`;
  async act(plan: PlanModel, _model: Model, real: Real) {
    const answer = await statusOf(real.client.plans.reopen(plan.id));
    if (plan.status !== "approved") return void expect(answer.status).toBe(409);
    expect(answer.status).toBe(200);
    plan.status = "draft";
  }
}

class Revise extends PlanCommand {
  constructor(
    index: number,
    readonly askKroner: number,
  ) {
    super(index);
  }
  toString = () => `revise(${this.index}, ${this.askKroner} kr.)`;
  async act(plan: PlanModel, _model: Model, real: Real) {
    const answer = await statusOf(
      real.client.plans.putBudget(plan.id, budgetWithPoolMoney(this.askKroner), { ifMatch: plan.version }),
    );
    if (plan.status !== "draft") return void expect(answer.status).toBe(409);
    expect(answer.status).toBe(200);
    plan.version += 1;
    plan.askOre = ore(this.askKroner);
  }
}

const periodYears = [2014, 2015, 2016, 2017];

class Close extends PlanCommand {
  constructor(
    index: number,
    readonly receivedKroner: number,
  ) {
    super(index);
  }
  toString = () => `close(${this.index}, ${this.receivedKroner} kr. a year)`;
  async act(plan: PlanModel, _model: Model, real: Real) {
    if (plan.status === "approved") {
      // Each year's report says the same pool money was received; a report written again replaces the year's.
      for (const year of periodYears) {
        const version = plan.reports[year] ?? 0;
        const written = await real.client.plans.putReport(
          plan.id,
          {
            year,
            spending: [],
            financingReceived: [{ source: "kommunePulje", actualOre: ore(this.receivedKroner) }],
            goals: [],
          },
          { ifMatch: version },
        );
        expect(written.version).toBe(version + 1);
        plan.reports[year] = written.version;
      }
    }
    const answer = await statusOf(real.client.plans.close(plan.id));
    if (plan.status !== "approved") return void expect(answer.status).toBe(409);
    expect(answer.status).toBe(200);
    plan.committedOre = Math.min(plan.committedOre, periodYears.length * ore(this.receivedKroner));
    plan.status = "closed";
  }
}

// Two plans and every command equally likely, so sequences reach approvals, reopenings and
// revisions of the same plan often.
const index = fc.nat({ max: 1 });
const commands = fc.commands(
  [
    index.map((at) => new Submit(at)),
    index.map((at) => new Decide(at, "committee", "approved")),
    index.map((at) => new Decide(at, "council", "approved")),
    fc
      .tuple(index, fc.constantFrom("committee" as const, "council" as const))
      .map(([at, body]) => new Decide(at, body, "rejected")),
    index.map((at) => new Reopen(at)),
    fc.tuple(index, fc.constantFrom(...askChoices)).map(([at, kroner]) => new Revise(at, kroner)),
    fc.tuple(index, fc.constantFrom(0, 62_500, 250_000, 1_000_000)).map(([at, kroner]) => new Close(at, kroner)),
  ],
  { maxCommands: 40, size: "large" },
);

describeEachDialect(
  "the pool ledger against a model",
  (service) => {
    test(
      "every sequence of submits, decisions, reopens, revisions and closes keeps the pool within its amount and equal to its rows",
      { timeout: 120_000 },
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.tuple(fc.constantFrom(...askChoices), fc.constantFrom(...askChoices)),
            commands,
            async (asks, sequence) => {
              const client = service().client();
              const pool = await newPool(client, poolKroner);
              const plans: PlanModel[] = [];
              for (const askKroner of asks) {
                const { id, version } = await draftWithPoolMoney(client, pool.id, askKroner);
                plans.push({
                  id,
                  status: "draft",
                  version,
                  approved: false,
                  askOre: ore(askKroner),
                  reservedOre: 0,
                  committedOre: 0,
                  reports: {},
                });
              }
              await fc.asyncModelRun(
                () => ({
                  model: { poolId: pool.id, amountOre: ore(poolKroner), plans },
                  real: { service: service(), client },
                }),
                sequence,
              );
            },
          ),
          { numRuns: 50 },
        );
      },
    );
  },
  { clock: () => new Date("2030-01-01T12:00:00Z") },
);
