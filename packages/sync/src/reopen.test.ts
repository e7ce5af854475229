// reopenPlan against the service (in this process, on PGlite): an approved plan back to draft, and
// the refusals a finance officer meets — a plan that is not approved, an unknown plan, a role that
// may not, a service that does not answer.
import { createClient } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reopenPlan } from "./reopen";

const { budget, ...header } = demoPlan;
const decidedOn = "2014-03-01";

describe("reopenPlan", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service?.stop());

  const draft = async (name: string) => {
    const created = await service.admin.plans.create({ ...header, name });
    await service.admin.plans.putBudget(created.id, budget, { ifMatch: 0 });
    return created.id;
  };
  const approved = async (name: string) => {
    const planId = await draft(name);
    await service.admin.plans.submit(planId);
    await service.admin.plans.decide(planId, {
      body: "committee",
      outcome: "approved",
      decidedOn,
      reference: "Udvalget, pkt. 1",
    });
    await service.admin.plans.decide(planId, {
      body: "council",
      outcome: "approved",
      decidedOn,
      reference: "BR, pkt. 2",
    });
    return planId;
  };

  it("an approved plan becomes a draft; the approved version and the commitment stand, said in Danish", async () => {
    const planId = await approved("Genåbnes");
    const result = await reopenPlan(service.admin, planId);
    expect(result).toEqual({
      kind: "reopened",
      status: "draft",
      message:
        "Planen er genåbnet som kladde til revision; version 1 og puljens tilsagn gælder, indtil revisionen er godkendt.",
    });
    const stored = (await service.admin.plans.get(planId)).data;
    expect(stored).toMatchObject({ status: "draft", approvedVersion: 1 });
  });

  it("a plan that is not approved: refused with the service's reason, nothing changed", async () => {
    const planId = await draft("Kladde");
    const result = await reopenPlan(service.admin, planId);
    expect(result).toEqual({
      kind: "refused",
      reason: "not-approved",
      message: "Tjenesten afviste genåbningen (409): Kun en godkendt plan kan genåbnes; planen er kladde.",
    });
    expect((await service.admin.plans.get(planId)).data.status).toBe("draft");
  });

  it("an unknown plan, and a role that may not reopen", async () => {
    expect(await reopenPlan(service.admin, crypto.randomUUID())).toEqual({
      kind: "refused",
      reason: "not-found",
      message: "Planen findes ikke, eller du har ikke adgang til den (404).",
    });
    const planId = await approved("Ikke for godkendere");
    const approver = service.client(await service.token("approver"));
    expect(await reopenPlan(approver, planId)).toMatchObject({ kind: "refused", reason: "forbidden" });
    expect((await service.admin.plans.get(planId)).data.status).toBe("approved");
  });

  it("a service that does not answer: unavailable, and honest that the outcome is not known", async () => {
    const down = createClient({ baseUrl: "http://127.0.0.1:9", token: "x", timeoutMs: 2_000 });
    const result = await reopenPlan(down, crypto.randomUUID());
    expect(result.kind).toBe("unavailable");
    expect(result.message).toMatch(
      /svarer ikke .*Det vides ikke, om planen blev genåbnet; hent planen for at se dens status\.$/,
    );
  });
});
