// A plan the service does not have, or does not show this token (another organisation's, for a housing
// token): push, pull and submit all say the same Danish sentence, through failureOf's "not-found".
import { demoPlan } from "@helhedsplan/demo";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { planToGrid } from "@helhedsplan/workbook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullPlan } from "./pull";
import { pushPlan } from "./push";
import { submitPlan } from "./submit";

const sentence = "Planen findes ikke, eller du har ikke adgang til den (404).";
const { budget, ...header } = demoPlan;

describe("a 404 on a plan", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service?.stop());

  it("an unknown Plan-ID: the same sentence from push, pull and submit", async () => {
    const planId = crypto.randomUUID();
    const reference = await service.admin.reference.get();
    const pushed = await pushPlan(service.admin, planToGrid(demoPlan, reference, { planId, version: 1 }));
    expect(pushed).toMatchObject({ kind: "refused", reason: "not-found", writes: [], stamps: [] });
    // A push can start over as a new plan; the sentence says how.
    expect(pushed.message).toBe(`${sentence} Tøm Plan-ID og Version for at oprette den som ny.`);
    expect(await pullPlan(service.admin, planId)).toEqual({ kind: "refused", reason: "not-found", message: sentence });
    expect(await submitPlan(service.admin, planId)).toEqual({
      kind: "refused",
      message: `${sentence} Tøm Plan-ID og Version for at oprette den som ny.`,
    });
  });

  it("another organisation's plan, for a housing token: not found either, the same sentence", async () => {
    const created = await service.admin.plans.create({ ...header, housingOrganisation: "FSB" });
    await service.admin.plans.putBudget(created.id, budget, { ifMatch: 0 });
    const housing = service.client(await service.token("housing", "Bo-Vita"));
    expect(await pullPlan(housing, created.id)).toEqual({ kind: "refused", reason: "not-found", message: sentence });
  });
});
