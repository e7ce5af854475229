// A model-based test of the whole plan lifecycle (fast-check `fc.commands`): create, budget PUT, goals PUT, PATCH (a
// rename, or the plan handed to the other organisation), submit, committee and council decisions (approved or
// rejected), reopen, yearly reports, close and reads, each sent with a token of some role — admin, finance, approver,
// viewer, and a housing token of the plan's own organisation or of the other of the run's two — against the real
// service (in this process, on a database of its own on the suite's PostgreSQL, its clock in 2030, after every plan's
// period) and against a plain in-memory model of what each request must answer (status and problem slug) and of the
// pool (what each plan reserves and commits). A step is one request, or two to four at once whose starts
// `fc.scheduler` orders (with small generated delays, so they overlap in the service): the answers must then be those
// of some serial order of them (the model tried in every order), and the database must be in that order's state.
// After every step: the pool's reserved + committed equal its ledger rows, never exceed its amount, and equal the
// model's per plan; every plan's status, version, approved version and reports are the model's; a housing token's
// GET /plans lists exactly its own organisation's plans (and its view of the pool only those); a step whose every
// request was refused left every table's row count as it was (test/support/counts.ts). Reads compare versions,
// decisions, reports, the audit trail (one entry per accepted write) and the overview with the model.
//
//   RELIABILITY_LIFECYCLE_RUNS   runs (default 40: 25–60 s on two cores, by their load), each a fresh pool and organisations
//   RELIABILITY_LIFECYCLE_STEPS  steps at most per run (default 60)
//   RELIABILITY_LIFECYCLE_SEED / RELIABILITY_LIFECYCLE_PATH   replay the run the phase printed
import { randomBytes, randomUUID } from "node:crypto";
import { ApiError, type Client } from "@helhedsplan/api";
import type { Budget, Goal } from "@helhedsplan/rules";
import fc from "fast-check";
import { toOre } from "../src/db/columns";
import { openDatabase, type Db } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrate";
import { rowCounts } from "../test/support/counts";
import { budgetWithPoolMoney, planHeader } from "../test/support/fixtures";
import { assertLedgerInvariant, ledgerState } from "../test/support/ledger";
import { draftWithPoolMoney, newPool, ore } from "../test/support/plans";
import { createDatabase, databaseUrl, dropDatabase } from "../test/support/postgres-admin";
import { startService, storeToken, type RunningService } from "../test/support/testing";

type Status = "draft" | "submitted" | "committee_approved" | "approved" | "closed";
/** Who sends a request: a role, a housing token relative to the plan's organisation. */
type Who = "admin" | "finance" | "housing-own" | "housing-other" | "approver" | "viewer";
type Role = "admin" | "finance" | "housing" | "approver" | "viewer";

const periodYears = [2014, 2015, 2016, 2017];

interface PlanModel {
  id: string;
  /** The index of its organisation in `Model.orgs`. */
  org: 0 | 1;
  status: Status;
  version: number;
  approvedVersion: number | null;
  /** The latest version has a budget. */
  hasBudget: boolean;
  /** The pool money the latest budget asks for. */
  askOre: number;
  reservedOre: number;
  committedOre: number;
  /** Each year's report: its version and the pool money it says was received. */
  reports: Record<number, { version: number; receivedOre: number }>;
  /** Decisions recorded, and entries in the audit trail: one per accepted write. */
  decisions: number;
  audits: number;
}

interface Model {
  poolId: string;
  amountOre: number;
  orgs: [string, string];
  plans: PlanModel[];
}

/** What the service answered. */
interface Outcome {
  status: number;
  slug: string | null;
  /** A created plan's id. */
  id?: string;
  /** What a read saw: `status/version/approvedVersion`. */
  detail?: string;
}

/** What the model says it must answer. */
interface Expected {
  status: number;
  slug: string | null;
  detail?: string;
}

interface Tokens {
  admin: string;
  finance: string;
  approver: string;
  viewer: string;
}

type Holder = "admin" | "finance" | "approver" | "viewer" | "housing0" | "housing1";

interface Real {
  service: RunningService;
  clients: Record<Holder, Client>;
  tokens: Record<Holder, string>;
  /** The order the scheduler started the last interleaved requests in. */
  lastStarts: string[];
  /** The steps run so far, the failing one last. */
  ran: string[];
  scheduler: fc.Scheduler;
  stats: LifecycleStats;
}

export interface LifecycleStats {
  runs: number;
  steps: number;
  requests: number;
  interleavings: number;
  requestsInterleaved: number;
  /** Interleavings in which two or more of the requests were accepted. */
  contended: number;
  /** Interleavings whose requests were in the service at the same time. */
  overlapping: number;
  byAnswer: Map<string, number>;
  refusedStepsCounted: number;
  visibilityChecks: number;
  ledgerChecks: number;
  closes: number;
  approvals: number;
  poolExhausted: number;
}

export interface LifecycleResult {
  stats: LifecycleStats;
  seconds: number;
  seed: number;
  findings: string[];
  failure: { seed: number; path: string } | undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// The model's rules (API.md's roles table and order of checks: 404 → 403 → 412 → 409 → 422)

const rolesOf = {
  read: ["admin", "finance", "housing", "approver", "viewer"],
  write: ["admin", "finance", "housing"],
  status: ["admin", "finance"],
  decide: ["admin", "approver"],
} satisfies Record<string, Role[]>;

function roleOf(who: Who): Role {
  return who === "housing-own" || who === "housing-other" ? "housing" : who;
}

const ok = (status = 200): Expected => ({ status, slug: null });
const notFound: Expected = { status: 404, slug: "not-found" };
const forbidden: Expected = { status: 403, slug: "forbidden" };
const stale: Expected = { status: 412, slug: "precondition-failed" };
const conflict: Expected = { status: 409, slug: "conflict" };
const ruleViolation: Expected = { status: 422, slug: "rule-violation" };
const exhausted: Expected = { status: 409, slug: "pool-exhausted" };

/** 404 for another organisation's housing token (and a plan that does not exist), 403 for a role not allowed. */
function refusedAccess(holder: Holder, kind: keyof typeof rolesOf, plan: PlanModel | undefined): Expected | undefined {
  // Judged by the plan's organisation when the request runs: a plan handed over since it was sent is no longer its.
  if (plan === undefined || (holder.startsWith("housing") && holder !== `housing${plan.org}`)) return notFound;
  if (!(rolesOf[kind] as Role[]).includes(holderRole(holder))) return forbidden;
  return undefined;
}

function holderRole(holder: Holder): Role {
  return holder === "housing0" || holder === "housing1" ? "housing" : holder;
}

function availableOre(model: Model): number {
  return model.plans.reduce((left, plan) => left - plan.reservedOre - plan.committedOre, model.amountOre);
}

// ---------------------------------------------------------------------------------------------------------------
// Requests

/** One request fixed against the model as it stood when it was sent. */
interface Prepared {
  label: string;
  send(real: Real): Promise<Outcome>;
  /** What the model answers for it when it runs on `model` (mutated into the state after it). */
  apply(model: Model, observed: Outcome): Expected;
}

interface Op {
  toString(): string;
  prepare(model: Model): Prepared;
}

function holderOf(who: Who, org: 0 | 1): Holder {
  if (who === "housing-own") return `housing${org}`;
  if (who === "housing-other") return `housing${org === 0 ? 1 : 0}`;
  return who;
}

function clientOf(real: Real, who: Who, org: 0 | 1): Client {
  return real.clients[holderOf(who, org)];
}

/** A GET through plain fetch (a list's pages followed), for the routes whose paging the client may not know yet. */
async function getJson(real: Real, holder: Holder, path: string): Promise<{ outcome: Outcome; items: unknown[] }> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  for (;;) {
    const separator = path.includes("?") ? "&" : "?";
    const response = await real.service.fetch(
      cursor === undefined ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`,
      { token: real.tokens[holder] },
    );
    const body = (await response.json()) as { type?: string; items?: unknown[]; nextCursor?: string | null };
    if (response.status >= 400) {
      return { outcome: { status: response.status, slug: body.type?.split("/").pop() ?? null }, items };
    }
    items.push(...(body.items ?? []));
    if (typeof body.nextCursor !== "string") return { outcome: { status: response.status, slug: null }, items };
    cursor = body.nextCursor;
  }
}

async function outcomeOf(status: number, call: () => Promise<Partial<Outcome> | void>): Promise<Outcome> {
  try {
    return { status, slug: null, ...(await call()) };
  } catch (error) {
    if (error instanceof ApiError && error.kind === "problem") return { status: error.status, slug: error.slug };
    const message = error instanceof Error ? error.message : String(error);
    return { status: error instanceof ApiError ? error.status : 0, slug: `failed: ${message.slice(0, 200)}` };
  }
}

/** Which plan an op acts on: `any` takes the index as it comes; `fit` the next plan (from the index) it can act on. */
type Target = "any" | "fit";

function pick(model: Model, index: number, target: Target, fits: (plan: PlanModel) => boolean): PlanModel | undefined {
  const { plans } = model;
  if (plans.length === 0) return undefined;
  if (target === "fit") {
    for (let offset = 0; offset < plans.length; offset++) {
      const plan = plans[(index + offset) % plans.length];
      if (plan !== undefined && fits(plan)) return plan;
    }
  }
  return plans[index % plans.length];
}

/** A plan op's request against `plan` (or, with no plan yet, an id that exists nowhere: 404 for everyone). */
function planOp(
  label: string,
  model: Model,
  plan: PlanModel | undefined,
  who: Who,
  successStatus: number,
  request: (client: Client, id: string) => Promise<Partial<Outcome> | void>,
  rule: (plan: PlanModel, model: Model, holder: Holder) => Expected,
  kind: keyof typeof rolesOf,
): Prepared {
  const id = plan?.id ?? randomUUID();
  const holder = holderOf(who, plan?.org ?? 0);
  return {
    label: `${label} plan ${model.plans.findIndex((each) => each.id === id)} as ${who}`,
    send: (real) => outcomeOf(successStatus, () => request(real.clients[holder], id)),
    apply: (state) => {
      const current = state.plans.find((each) => each.id === id);
      const expected = refusedAccess(holder, kind, current) ?? rule(current as PlanModel, state, holder);
      // Every accepted write is audited once; nothing refused is.
      if (current !== undefined && kind !== "read" && expected.status < 300) current.audits += 1;
      return expected;
    },
  };
}

class Create implements Op {
  constructor(
    readonly who: Who,
    readonly org: 0 | 1,
  ) {}
  toString = () => `create(org ${this.org}, ${this.who})`;
  prepare(model: Model): Prepared {
    const organisation = model.orgs[this.org];
    const header = planHeader({ poolId: model.poolId, housingOrganisation: organisation, name: "Model-plan" });
    return {
      label: this.toString(),
      send: (real) =>
        outcomeOf(201, async () => ({ id: (await clientOf(real, this.who, this.org).plans.create(header)).id })),
      apply: (state, observed) => {
        // Creating for another organisation is a 403: there is no plan to hide.
        if (this.who === "housing-other" || !rolesOf.write.includes(roleOf(this.who) as never)) return forbidden;
        if (observed.status === 201 && observed.id !== undefined) {
          state.plans.push({
            id: observed.id,
            org: this.org,
            status: "draft",
            version: 0,
            approvedVersion: null,
            hasBudget: false,
            askOre: 0,
            reservedOre: 0,
            committedOre: 0,
            reports: {},
            decisions: 0,
            audits: 1,
          });
        }
        return ok(201);
      },
    };
  }
}

/** A budget drawing `kroner` from the pool; `valid: false` unbalances its last year (an error finding: 422). */
function budgetOf(kroner: number, valid: boolean): Budget {
  const budget = budgetWithPoolMoney(kroner);
  if (!valid) {
    const lbf = budget.financing[0];
    if (lbf !== undefined) lbf.amountsOre["2017"] = (lbf.amountsOre["2017"] ?? 0) + 100;
  }
  return budget;
}

/** Goals; `valid: false` repeats an id (422). */
function goalsOf(valid: boolean): Goal[] {
  const goal = (id: string): Goal => ({
    id,
    focusArea: "boern-unge",
    goal: "Flere unge i uddannelse",
    successCriteria: ["Halvdelen af de unge i projektet er i uddannelse efter et år"],
  });
  return valid ? [goal("g1"), goal("g2")] : [goal("g1"), goal("g1")];
}

/** A versioned write's If-Match: the model's version, or a stale one. */
type Freshness = "fresh" | "stale";

class PutBudget implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
    readonly kroner: number,
    readonly freshness: Freshness,
    readonly valid: boolean,
  ) {}
  toString = () =>
    `putBudget(${this.index}/${this.target}, ${this.who}, ${this.kroner} kr., ${this.freshness}${this.valid ? "" : ", unbalanced"})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "draft");
    const ifMatch = (plan?.version ?? 0) + (this.freshness === "fresh" ? 0 : 1);
    const budget = budgetOf(this.kroner, this.valid);
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.putBudget(id, budget, { ifMatch })),
      (current) => {
        if (ifMatch !== current.version) return stale;
        if (current.status !== "draft") return conflict;
        if (!this.valid) return ruleViolation;
        current.version += 1;
        current.hasBudget = true;
        current.askOre = ore(this.kroner);
        return ok();
      },
      "write",
    );
  }
}

class PutGoals implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
    readonly freshness: Freshness,
    readonly valid: boolean,
  ) {}
  toString = () => `putGoals(${this.index}/${this.target}, ${this.who}, ${this.freshness}${this.valid ? "" : ", dup"})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "draft");
    const ifMatch = (plan?.version ?? 0) + (this.freshness === "fresh" ? 0 : 1);
    const goals = goalsOf(this.valid);
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.putGoals(id, { goals }, { ifMatch })),
      (current) => {
        if (ifMatch !== current.version) return stale;
        if (current.status !== "draft") return conflict;
        if (!this.valid) return ruleViolation;
        current.version += 1;
        return ok();
      },
      "write",
    );
  }
}

/**
 * PATCH /plans/:id: a new name, or the plan handed to the run's other organisation (`move`). A housing token may not
 * name another organisation (403); a plan moved is another organisation's from then on (its lists, its 404s).
 */
class Patch implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
    readonly move: boolean,
    readonly freshness: Freshness,
  ) {}
  toString = () =>
    `patch(${this.index}/${this.target}, ${this.who}, ${this.move ? "move" : "rename"}, ${this.freshness})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "draft");
    const ifMatch = (plan?.version ?? 0) + (this.freshness === "fresh" ? 0 : 1);
    const to: 0 | 1 = plan?.org === 0 ? 1 : 0;
    const body = this.move ? { housingOrganisation: model.orgs[to] } : { name: `Model-plan ${ifMatch}` };
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.patch(id, body, { ifMatch })),
      (current, _state, holder) => {
        // A housing token may name only its own organisation.
        if (this.move && holderRole(holder) === "housing" && holder !== `housing${to}`) return forbidden;
        if (ifMatch !== current.version) return stale;
        if (current.status !== "draft") return conflict;
        current.version += 1;
        if (this.move) current.org = to;
        return ok();
      },
      "write",
    );
  }
}

class Submit implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
  ) {}
  toString = () => `submit(${this.index}/${this.target}, ${this.who})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "draft" && each.hasBudget);
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.submit(id)),
      (current, state) => {
        if (current.status !== "draft") return conflict;
        if (!current.hasBudget) return ruleViolation;
        // A reopened plan reserves only what it asks beyond its commitment.
        const needOre = Math.max(0, current.askOre - current.committedOre - current.reservedOre);
        if (needOre > availableOre(state)) return exhausted;
        current.reservedOre += needOre;
        current.status = "submitted";
        return ok();
      },
      "status",
    );
  }
}

class Decide implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
    readonly body: "committee" | "council",
    readonly outcome: "approved" | "rejected",
  ) {}
  toString = () => `${this.body}-${this.outcome}(${this.index}/${this.target}, ${this.who})`;
  prepare(model: Model): Prepared {
    const allowedIn: Status[] =
      this.body === "committee" ? ["submitted", "committee_approved"] : ["committee_approved"];
    const plan = pick(model, this.index, this.target, (each) => allowedIn.includes(each.status));
    const decision = { body: this.body, outcome: this.outcome, decidedOn: "2014-03-06", reference: "Model" };
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      201,
      async (client, id) => void (await client.plans.decide(id, decision)),
      (current) => {
        if (!allowedIn.includes(current.status)) return conflict;
        current.decisions += 1;
        if (this.outcome === "rejected") {
          // A rejected revision leaves the earlier approval and its commitment standing.
          current.reservedOre = 0;
          current.status = current.approvedVersion === null ? "draft" : "approved";
        } else if (this.body === "committee") {
          current.status = "committee_approved";
        } else {
          current.committedOre = current.askOre;
          current.reservedOre = 0;
          current.approvedVersion = current.version;
          current.status = "approved";
        }
        return ok(201);
      },
      "decide",
    );
  }
}

class Reopen implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
  ) {}
  toString = () => `reopen(${this.index}/${this.target}, ${this.who})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "approved");
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.reopen(id)),
      (current) => {
        if (current.status !== "approved") return conflict;
        current.status = "draft";
        return ok();
      },
      "status",
    );
  }
}

/** A yearly report: `year` null writes the plan's first year without a report (outside the period when all have one). */
class Report implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
    readonly year: number | null,
    readonly receivedKroner: number,
    readonly freshness: Freshness,
  ) {}
  toString = () =>
    `report(${this.index}/${this.target}, ${this.who}, ${this.year ?? "next"}, ${this.receivedKroner} kr., ${this.freshness})`;
  prepare(model: Model): Prepared {
    const missing = (each: PlanModel) => periodYears.filter((year) => each.reports[year] === undefined);
    const plan = pick(
      model,
      this.index,
      this.target,
      (each) => each.approvedVersion !== null && each.status !== "closed" && missing(each).length > 0,
    );
    const year = this.year ?? (plan === undefined ? 2014 : (missing(plan)[0] ?? 2019));
    const ifMatch = (plan?.reports[year]?.version ?? 0) + (this.freshness === "fresh" ? 0 : 1);
    const receivedOre = ore(this.receivedKroner);
    const report = {
      year,
      spending: [],
      financingReceived: [{ source: "kommunePulje" as const, actualOre: receivedOre }],
      goals: [],
    };
    return planOp(
      `${this.toString()} → ${year}`,
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.putReport(id, report, { ifMatch })),
      (current) => {
        if (ifMatch !== (current.reports[year]?.version ?? 0)) return stale;
        if (current.approvedVersion === null || current.status === "closed") return conflict;
        if (!periodYears.includes(year)) return ruleViolation;
        current.reports[year] = { version: ifMatch + 1, receivedOre };
        return ok();
      },
      "write",
    );
  }
}

class Close implements Op {
  constructor(
    readonly index: number,
    readonly target: Target,
    readonly who: Who,
  ) {}
  toString = () => `close(${this.index}/${this.target}, ${this.who})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, this.target, (each) => each.status === "approved");
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      async (client, id) => void (await client.plans.close(id)),
      (current) => {
        if (current.status !== "approved") return conflict;
        if (periodYears.some((year) => current.reports[year] === undefined)) return conflict;
        // The commitment shrinks to the pool money received according to the reports; the rest returns to the pool.
        const receivedOre = periodYears.reduce((sum, year) => sum + (current.reports[year]?.receivedOre ?? 0), 0);
        current.committedOre = Math.min(current.committedOre, receivedOre);
        current.reservedOre = 0;
        current.status = "closed";
        return ok();
      },
      "status",
    );
  }
}

/** What a read looks at. */
type Sight = "plan" | "versions" | "decisions" | "report" | "audit" | "overview";

/**
 * A read: the plan, its versions, its decisions or its 2014 report (404 for another organisation's housing token), or
 * the plan's audit trail or the overview of approved plans (403 for housing), each compared with the model.
 */
class Read implements Op {
  constructor(
    readonly index: number,
    readonly who: Who,
    readonly sight: Sight = "plan",
  ) {}
  toString = () => `read-${this.sight}(${this.index}, ${this.who})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, "any", () => true);
    if (this.sight === "audit" || this.sight === "overview") return this.overview(model, plan);
    const count = async (items: Promise<{ items: unknown[] }>) => ({ detail: String((await items).items.length) });
    const reads: Record<typeof this.sight, (client: Client, id: string) => Promise<Partial<Outcome>>> = {
      plan: async (client, id) => {
        const { data } = await client.plans.get(id);
        return { detail: `${data.status}/${data.version}/${data.approvedVersion}` };
      },
      versions: (client, id) => count(client.plans.versions(id)),
      decisions: (client, id) => count(client.plans.decisions(id)),
      report: async (client, id) => ({ detail: `v${(await client.plans.getReport(id, 2014)).version}` }),
    };
    return planOp(
      this.toString(),
      model,
      plan,
      this.who,
      200,
      reads[this.sight],
      (current) => {
        if (this.sight === "plan")
          return { ...ok(), detail: `${current.status}/${current.version}/${current.approvedVersion}` };
        if (this.sight === "versions") return { ...ok(), detail: String(current.version) };
        if (this.sight === "decisions") return { ...ok(), detail: String(current.decisions) };
        const report = current.reports[2014];
        return report === undefined ? notFound : { ...ok(), detail: `v${report.version}` };
      },
      "read",
    );
  }

  /** The audit trail of the plan, or the overview (how many of the run's plans it lists): housing tokens get 403. */
  private overview(model: Model, plan: PlanModel | undefined): Prepared {
    const id = plan?.id ?? randomUUID();
    const org = plan?.org ?? 0;
    return {
      label: `${this.toString()} plan ${model.plans.findIndex((each) => each.id === id)}`,
      send: async (real) => {
        const path = this.sight === "audit" ? `/api/v1/audit?entity=plan&id=${id}` : "/api/v1/reports";
        const { outcome, items } = await getJson(real, holderOf(this.who, org), path);
        if (outcome.status >= 400) return outcome;
        // A plan created at the same time is not approved yet: the plans known now are all the overview can list.
        const ours = new Set(model.plans.map((each) => each.id));
        const counted =
          this.sight === "audit"
            ? items.length
            : items.filter((item) => ours.has((item as { planId: string }).planId)).length;
        return { ...outcome, detail: String(counted) };
      },
      apply: (state) => {
        if (roleOf(this.who) === "housing") return forbidden;
        const current = state.plans.find((each) => each.id === id);
        const detail =
          this.sight === "audit"
            ? (current?.audits ?? 0)
            : state.plans.filter((each) => each.approvedVersion !== null).length;
        return { ...ok(), detail: String(detail) };
      },
    };
  }
}

/**
 * The plan's next step along its lifecycle, by a role allowed to take it: a budget, submit, the committee's and the
 * council's approvals, a report for each year, close — so runs reach approvals, reports and closes, which random ops
 * alone seldom do. What it sends is fixed when it is prepared, as for any op.
 */
class Advance implements Op {
  constructor(
    readonly index: number,
    readonly choice: number,
    readonly kroner: number,
  ) {}
  toString = () => `advance(${this.index}, ${this.choice})`;
  prepare(model: Model): Prepared {
    const plan = pick(model, this.index, "fit", (each) => each.status !== "closed");
    const by = (kind: keyof typeof rolesOf): Who => {
      const allowed = anyoneList.filter(
        (each) => each !== "housing-other" && (rolesOf[kind] as Role[]).includes(roleOf(each)),
      );
      return allowed[this.choice % allowed.length] ?? "admin";
    };
    const at = plan === undefined ? this.index : model.plans.indexOf(plan);
    let next: Op;
    if (plan === undefined || plan.status === "closed") next = new Read(at, by("read"));
    else if (plan.status === "draft" && !plan.hasBudget)
      next = new PutBudget(at, "any", by("write"), this.kroner, "fresh", true);
    else if (plan.status === "draft") next = new Submit(at, "any", by("status"));
    else if (plan.status === "submitted") next = new Decide(at, "any", by("decide"), "committee", "approved");
    else if (plan.status === "committee_approved") next = new Decide(at, "any", by("decide"), "council", "approved");
    else if (periodYears.some((year) => plan.reports[year] === undefined))
      next = new Report(at, "any", by("write"), null, this.kroner / 4, "fresh");
    else next = new Close(at, "any", by("status"));
    return next.prepare(model);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The database's state, compared with the model

interface Snapshot {
  plans: Map<string, { status: string; version: number; approvedVersion: number | null }>;
  ledger: Map<string, { reservedOre: number; committedOre: number }>;
  reports: Map<string, { version: number; receivedOre: number }>;
}

async function snapshotOf(db: Db, poolId: string): Promise<Snapshot> {
  const state = await ledgerState(db, poolId);
  assertLedgerInvariant(state);
  const plans = await db
    .selectFrom("plans")
    .select(["id", "status", "version", "approved_version"])
    .where("pool_id", "=", poolId)
    .execute();
  const reports = await db
    .selectFrom("reports")
    .innerJoin("plans", "plans.id", "reports.plan_id")
    .select(["reports.plan_id", "reports.year", "reports.version", "reports.pool_received_ore"])
    .where("plans.pool_id", "=", poolId)
    .execute();
  return {
    plans: new Map(
      plans.map((row) => [row.id, { status: row.status, version: row.version, approvedVersion: row.approved_version }]),
    ),
    ledger: state.rows,
    reports: new Map(
      reports.map((row) => [
        `${row.plan_id}:${row.year}`,
        { version: row.version, receivedOre: toOre(row.pool_received_ore) },
      ]),
    ),
  };
}

/** How the database differs from the model (empty: not at all). */
function differences(model: Model, snapshot: Snapshot): string[] {
  const found: string[] = [];
  let reports = 0;
  model.plans.forEach((plan, index) => {
    const stored = snapshot.plans.get(plan.id);
    const expected = `${plan.status}/${plan.version}/${plan.approvedVersion}`;
    const actual = stored === undefined ? "absent" : `${stored.status}/${stored.version}/${stored.approvedVersion}`;
    if (expected !== actual) found.push(`plan ${index} is ${actual}, the model says ${expected}`);
    const row = snapshot.ledger.get(plan.id) ?? { reservedOre: 0, committedOre: 0 };
    if (row.reservedOre !== plan.reservedOre || row.committedOre !== plan.committedOre) {
      found.push(
        `plan ${index} holds ${row.reservedOre}/${row.committedOre} øre reserved/committed, the model says ${plan.reservedOre}/${plan.committedOre}`,
      );
    }
    for (const [year, report] of Object.entries(plan.reports)) {
      reports++;
      const storedReport = snapshot.reports.get(`${plan.id}:${year}`);
      if (storedReport?.version !== report.version || storedReport.receivedOre !== report.receivedOre) {
        found.push(
          `plan ${index}'s ${year} report is ${storedReport === undefined ? "absent" : `v${storedReport.version} ${storedReport.receivedOre} øre`}, the model says v${report.version} ${report.receivedOre} øre`,
        );
      }
    }
  });
  const known = new Set(model.plans.map((plan) => plan.id));
  for (const id of snapshot.plans.keys()) if (!known.has(id)) found.push(`plan ${id} is stored but the model has none`);
  if (snapshot.reports.size !== reports)
    found.push(`${snapshot.reports.size} reports stored, the model has ${reports}`);
  const reserved = model.plans.reduce((sum, plan) => sum + plan.reservedOre, 0);
  const committed = model.plans.reduce((sum, plan) => sum + plan.committedOre, 0);
  if (reserved + committed > model.amountOre) found.push(`the model itself overdraws the pool`);
  return found;
}

/** Every order of `0 … n-1`. */
function permutations(n: number): number[][] {
  if (n <= 1) return [[...Array(n).keys()]];
  return permutations(n - 1).flatMap((rest) =>
    Array.from({ length: n }, (_, at) => [...rest.slice(0, at), n - 1, ...rest.slice(at)]),
  );
}

const answerOf = (answer: Expected | Outcome) =>
  `${answer.status}${answer.slug === null ? "" : ` ${answer.slug}`}${answer.detail === undefined ? "" : ` [${answer.detail}]`}`;

// ---------------------------------------------------------------------------------------------------------------
// A step: one request, or several at once

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly ops: Op[],
    readonly delaysMs: number[],
  ) {}
  check = () => true;
  toString = () =>
    this.ops.length === 1
      ? String(this.ops[0])
      : `together[${this.ops.map((op, at) => `${op.toString()}+${this.delaysMs[at] ?? 0}ms`).join(" ‖ ")}]`;

  async run(model: Model, real: Real): Promise<void> {
    const { db } = real.service;
    real.ran.push(this.toString());
    const prepared = this.ops.map((op) => op.prepare(model));
    const before = await rowCounts(db);
    let observed: Outcome[];
    if (prepared.length === 1) {
      observed = [await (prepared[0] as Prepared).send(real)];
    } else {
      // The scheduler decides the order in which the requests start; each then waits its delay and they overlap.
      const spans: [number, number][] = [];
      // The order the scheduler starts them in, for the report of a failure.
      const starts: string[] = [];
      real.lastStarts = starts;
      const answers = prepared.map((each, at) =>
        real.scheduler.schedule(Promise.resolve(at), each.label).then(async () => {
          starts.push(each.label);
          const delay = this.delaysMs[at] ?? 0;
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
          const sent = performance.now();
          const answer = await each.send(real);
          spans.push([sent, performance.now()]);
          return answer;
        }),
      );
      await real.scheduler.waitNext(prepared.length);
      observed = await Promise.all(answers);
      real.stats.interleavings++;
      real.stats.requestsInterleaved += prepared.length;
      // In flight together: one was sent before another's answer came.
      if (spans.some(([sent], at) => spans.some(([, answered], other) => other !== at && sent < answered)))
        real.stats.overlapping++;
    }
    real.stats.steps++;
    real.stats.requests += prepared.length;
    for (const answer of observed) {
      const key = answerOf({ status: answer.status, slug: answer.slug });
      real.stats.byAnswer.set(key, (real.stats.byAnswer.get(key) ?? 0) + 1);
      if (answer.slug === "pool-exhausted") real.stats.poolExhausted++;
    }

    // The serial orders whose answers are the ones observed; then the one the database is in.
    const snapshot = await snapshotOf(db, model.poolId);
    real.stats.ledgerChecks++;
    const explained: { model: Model; differences: string[] }[] = [];
    const mismatches: string[] = [];
    for (const order of permutations(prepared.length)) {
      const state = structuredClone(model);
      const wrong: string[] = [];
      for (const at of order) {
        const each = prepared[at] as Prepared;
        const answer = observed[at] as Outcome;
        const expected = each.apply(state, answer);
        if (answerOf(expected) !== answerOf(answer))
          wrong.push(`${each.label} answered ${answerOf(answer)}, the model says ${answerOf(expected)}`);
      }
      if (wrong.length === 0) explained.push({ model: state, differences: differences(state, snapshot) });
      else mismatches.push(wrong.join("; "));
    }
    if (explained.length === 0) {
      throw new Error(
        prepared.length === 1
          ? `answer: ${mismatches[0]}`
          : `answers no serial order explains: ${[...new Set(mismatches)].slice(0, 2).join(" | or | ")}`,
      );
    }
    if (prepared.length > 1 && observed.filter((answer) => answer.status < 400).length > 1) real.stats.contended++;
    const matching = explained.find((each) => each.differences.length === 0);
    if (matching === undefined) {
      throw new Error(`state: after ${this.toString()}: ${(explained[0]?.differences ?? []).slice(0, 4).join("; ")}`);
    }
    real.stats.approvals += matching.model.plans.filter(
      (plan) => plan.status === "approved" && model.plans.find((each) => each.id === plan.id)?.status !== "approved",
    ).length;
    real.stats.closes += matching.model.plans.filter(
      (plan) => plan.status === "closed" && model.plans.find((each) => each.id === plan.id)?.status !== "closed",
    ).length;
    Object.assign(model, matching.model);

    // A step whose every request was refused stored nothing.
    if (observed.every((answer) => answer.status >= 400)) {
      const after = await rowCounts(db);
      const changed = Object.keys(before).filter(
        (table) => before[table as keyof typeof before] !== after[table as keyof typeof after],
      );
      if (changed.length > 0) {
        throw new Error(
          `stored by refused requests: ${this.toString()}: ${changed.map((table) => `${table} ${before[table as keyof typeof before]} → ${after[table as keyof typeof after]}`).join(", ")}`,
        );
      }
      real.stats.refusedStepsCounted++;
    }
    await checkVisibility(model, real);
  }
}

/** Each organisation's housing token lists exactly its own plans, and sees only those in the pool; others see all. */
async function checkVisibility(model: Model, real: Real): Promise<void> {
  const listed = (holder: Holder) => getJson(real, holder, "/api/v1/plans");
  const [own0, own1, all, pool0] = await Promise.all([
    listed("housing0"),
    listed("housing1"),
    listed("viewer"),
    real.clients.housing0.pools.get(model.poolId),
  ]);
  real.stats.visibilityChecks++;
  const idsOf = (org: 0 | 1) =>
    model.plans
      .filter((plan) => plan.org === org)
      .map((plan) => plan.id)
      .sort();
  for (const [org, list] of [own0, own1].entries()) {
    const seen = list.items.map((plan) => (plan as { id: string }).id).sort();
    if (list.outcome.status !== 200 || seen.join() !== idsOf(org as 0 | 1).join())
      throw new Error(
        `visibility: organisation ${org}'s housing token lists ${seen.length} plans (${list.outcome.status}), the model has ${idsOf(org as 0 | 1).length} of its own`,
      );
  }
  const statuses = new Map(all.items.map((plan) => [(plan as { id: string }).id, (plan as { status: string }).status]));
  for (const plan of model.plans) {
    if (statuses.get(plan.id) !== plan.status)
      throw new Error(
        `visibility: the viewer lists a plan as ${statuses.get(plan.id) ?? "absent"}, not ${plan.status}`,
      );
  }
  const foreign = new Set(idsOf(1));
  if (pool0.plans.some((row) => foreign.has(row.planId)))
    throw new Error("visibility: a housing token sees another organisation's plan in the pool");
}

// ---------------------------------------------------------------------------------------------------------------
// Generators

const anyoneList: Who[] = ["admin", "finance", "housing-own", "housing-other", "approver", "viewer"];
const anyone = fc.constantFrom(...anyoneList);
/** Who sends an op's request: two times in three one of the roles allowed to (so a lifecycle gets somewhere), else anyone. */
function who(kind: keyof typeof rolesOf): fc.Arbitrary<Who> {
  const allowed = anyoneList.filter(
    (each) => each !== "housing-other" && (rolesOf[kind] as Role[]).includes(roleOf(each)),
  );
  return fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...allowed) }, { weight: 1, arbitrary: anyone });
}
const index = fc.nat({ max: 3 });
const target = fc.constantFrom<Target>("fit", "fit", "any");
const freshness = fc.constantFrom<Freshness>("fresh", "fresh", "fresh", "stale");
const valid = fc.constantFrom(true, true, true, false);
const askKroner = fc.constantFrom(250_000, 1_000_000, 2_000_000, 3_000_000);

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.tuple(who("write"), fc.constantFrom<0 | 1>(0, 1)).map(([by, org]) => new Create(by, org)),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(index, target, who("write"), askKroner, freshness, valid).map((args) => new PutBudget(...args)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(index, target, who("write"), freshness, valid).map((args) => new PutGoals(...args)),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(index, target, who("write"), fc.boolean(), freshness).map((args) => new Patch(...args)),
  },
  { weight: 3, arbitrary: fc.tuple(index, target, who("status")).map((args) => new Submit(...args)) },
  {
    weight: 5,
    arbitrary: fc
      .tuple(
        index,
        target,
        who("decide"),
        fc.constantFrom<"committee" | "council">("committee", "council", "council"),
        fc.constantFrom<"approved" | "rejected">("approved", "approved", "approved", "rejected"),
      )
      .map((args) => new Decide(...args)),
  },
  { weight: 1, arbitrary: fc.tuple(index, target, who("status")).map((args) => new Reopen(...args)) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        index,
        target,
        who("write"),
        fc.constantFrom<number | null>(null, null, null, 2014, 2016, 2019),
        fc.constantFrom(0, 62_500, 250_000, 1_000_000),
        freshness,
      )
      .map((args) => new Report(...args)),
  },
  { weight: 2, arbitrary: fc.tuple(index, target, who("status")).map((args) => new Close(...args)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(index, anyone, fc.constantFrom<Sight>("plan", "versions", "decisions", "report", "audit", "overview"))
      .map((args) => new Read(...args)),
  },
  { weight: 14, arbitrary: fc.tuple(index, fc.nat({ max: 5 }), askKroner).map((args) => new Advance(...args)) },
);

const delay = fc.constantFrom(0, 0, 0, 1, 3);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: op.map((each) => new Step([each], [0])) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(op, { minLength: 2, maxLength: 4 }), fc.array(delay, { minLength: 4, maxLength: 4 }))
      .map(([ops, delays]) => new Step(ops, delays)),
  },
);

// ---------------------------------------------------------------------------------------------------------------
// The run

const integer = (name: string, fallback: number) => {
  const value = process.env[name];
  return value === undefined || value === "" ? fallback : Number.parseInt(value, 10);
};

/** Runs the phase on a database of its own on `serverUrl`'s PostgreSQL, dropped afterwards. */
export async function runLifecycle(serverUrl: string): Promise<LifecycleResult> {
  const started = performance.now();
  const seedText = process.env.RELIABILITY_LIFECYCLE_SEED;
  const path = process.env.RELIABILITY_LIFECYCLE_PATH || undefined;
  const seed =
    seedText === undefined || seedText === "" ? Date.now() ^ (Math.random() * 0x100000000) : Number(seedText);
  const numRuns = integer("RELIABILITY_LIFECYCLE_RUNS", 40);
  const maxCommands = integer("RELIABILITY_LIFECYCLE_STEPS", 60);
  const stats: LifecycleStats = {
    runs: 0,
    steps: 0,
    requests: 0,
    interleavings: 0,
    requestsInterleaved: 0,
    contended: 0,
    overlapping: 0,
    byAnswer: new Map(),
    refusedStepsCounted: 0,
    visibilityChecks: 0,
    ledgerChecks: 0,
    closes: 0,
    approvals: 0,
    poolExhausted: 0,
  };
  const findings: string[] = [];
  let failure: LifecycleResult["failure"];

  const name = `lifecycle_${randomBytes(4).toString("hex")}`;
  await createDatabase(serverUrl, name);
  const db = openDatabase({
    kind: "postgres",
    url: databaseUrl(serverUrl, name),
    statementTimeoutMs: 10_000,
    maxConnections: 10,
  });
  let service: RunningService | undefined;
  try {
    await migrateToLatest(db);
    service = await startService({
      database: { dialect: "postgres", db, close: () => db.destroy() },
      // After every plan's period, so a plan with its reports can be closed.
      clock: () => new Date("2030-01-01T12:00:00Z"),
    });
    const running = service;
    const tokens: Tokens = {
      admin: running.adminToken,
      finance: await storeToken(db, "finance"),
      approver: await storeToken(db, "approver"),
      viewer: await storeToken(db, "viewer"),
    };
    let run = 0;
    let firstFailingRun: number | undefined;
    const property = fc.asyncProperty(
      fc.constantFrom(3_000_000, 5_000_000, 30_000_000),
      fc.tuple(askKroner, askKroner),
      fc.commands([step], { maxCommands, size: "max" }),
      fc.scheduler(),
      async (poolKroner, asks, steps, scheduler) => {
        const admin = running.client(tokens.admin);
        const suffix = randomBytes(4).toString("hex");
        const orgs: [string, string] = [`Boligselskabet Model ${suffix} A`, `Boligselskabet Model ${suffix} B`];
        const secrets: Record<Holder, string> = {
          ...tokens,
          housing0: await storeToken(db, "housing", orgs[0]),
          housing1: await storeToken(db, "housing", orgs[1]),
        };
        const real: Real = {
          service: running,
          clients: {
            admin,
            finance: running.client(secrets.finance),
            approver: running.client(secrets.approver),
            viewer: running.client(secrets.viewer),
            housing0: running.client(secrets.housing0),
            housing1: running.client(secrets.housing1),
          },
          tokens: secrets,
          lastStarts: [],
          ran: [],
          scheduler,
          stats,
        };
        const pool = await newPool(admin, poolKroner);
        const model: Model = { poolId: pool.id, amountOre: ore(poolKroner), orgs, plans: [] };
        // One draft of each organisation with a budget to start from; more come from `create`.
        for (const [org, kroner] of asks.entries()) {
          const { id, version } = await draftWithPoolMoney(admin, pool.id, kroner, orgs[org]);
          model.plans.push({
            id,
            org: org as 0 | 1,
            status: "draft",
            version,
            approvedVersion: null,
            hasBudget: true,
            askOre: ore(kroner),
            reservedOre: 0,
            committedOre: 0,
            reports: {},
            decisions: 0,
            // Its creation and its budget.
            audits: 2,
          });
        }
        stats.runs++;
        try {
          await fc.asyncModelRun(() => ({ model, real }), steps);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const colon = message.indexOf(":");
          const kind = colon > 0 && colon < 60 ? message.slice(0, colon) : "error";
          const what = colon > 0 && colon < 60 ? message.slice(colon + 2) : message;
          const started = real.lastStarts.join(" → ");
          const ran = real.ran.join(", ");
          findings.push(
            `lifecycle ${kind}: run ${run}: ${what} — in step ${real.ran.length}; last interleaving started ${started || "(none yet)"} — steps run: ${ran.length > 1500 ? `… ${ran.slice(-1500)}` : ran}`,
          );
          firstFailingRun ??= run;
        }
        run++;
      },
    );
    // A replay (`path` given) runs that one run only.
    await fc.assert(property, { seed, ...(path === undefined ? { numRuns } : { path, numRuns: 1 }) });
    if (firstFailingRun !== undefined) failure = { seed, path: path ?? String(firstFailingRun) };
  } catch (error) {
    findings.push(
      `lifecycle could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    if (service === undefined) await db.destroy();
    else await service.stop();
    await dropDatabase(serverUrl, name);
  }
  return { stats, seconds: (performance.now() - started) / 1000, seed, findings, failure };
}

/** The phase's lines of the suite's report. */
export function printLifecycle(result: LifecycleResult, out: (line: string) => void): void {
  const { stats } = result;
  const answers = [...stats.byAnswer.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([answer, count]) => `${answer.replace(" ", "·")}×${count}`);
  out(
    `Lifecycle model (fc.commands, every role, two housing organisations): ${stats.runs} runs, ${stats.steps} model steps, ${stats.requests} requests, ${result.seconds.toFixed(1)} s, seed ${result.seed} (run n again: RELIABILITY_LIFECYCLE_SEED=${result.seed} RELIABILITY_LIFECYCLE_PATH=n)`,
  );
  out(
    `  concurrent interleavings: ${stats.interleavings} (${stats.requestsInterleaved} requests; ${stats.overlapping} of them in the service at the same time, ${stats.contended} with two or more accepted), each checked against every serial order`,
  );
  out(`  answers: ${answers.join(" ")}`);
  out(
    `  reached: ${stats.approvals} council approvals, ${stats.closes} closes, ${stats.poolExhausted} pool-exhausted; checked after every step: ledger ${stats.ledgerChecks}, visibility ${stats.visibilityChecks}, row counts after refused steps ${stats.refusedStepsCounted}`,
  );
  out(`  findings ${result.findings.length}`);
  if (result.failure !== undefined)
    out(
      `  replay: RELIABILITY_LIFECYCLE_SEED=${result.failure.seed} RELIABILITY_LIFECYCLE_PATH=${result.failure.path} pnpm test:reliability`,
    );
}
