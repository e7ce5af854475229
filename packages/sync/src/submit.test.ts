// submitPlan against the service (in this process, on PGlite): the reservation in words, and a
// pool without room said plainly with nothing reserved.
import { demoPlan } from "@helhedsplan/demo";
import { parseKroner } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitPlan } from "./submit";

const { budget, ...header } = demoPlan;
const yearly = (kroner: number) =>
  Object.fromEntries(["2014", "2015", "2016", "2017"].map((year) => [year, parseKroner(kroner)]));

describe("submitPlan", () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service?.stop());

  const storedPlan = async (name: string, planBudget = budget) => {
    const created = await service.admin.plans.create({ ...header, name });
    await service.admin.plans.putBudget(created.id, planBudget, { ifMatch: 0 });
    return created.id;
  };

  it("submits a draft and says what was reserved in the pool", async () => {
    const result = await submitPlan(service.admin, await storedPlan("Indsendes"));
    expect(result.kind).toBe("submitted");
    expect(result.message).toBe(
      'Planen er indsendt til udvalgsbehandling. 900.000,00 kr. er reserveret i puljen "Budget 2012", som nu har 29.100.000,00 kr. ledigt.',
    );
  });

  it("a pool without room: said in Danish with what it has left, nothing reserved, the plan still a draft", async () => {
    const large = await storedPlan("Stor plan", {
      expenses: [
        { focusArea: "boern-unge", category: "loen", activity: "Stor indsats", amountsOre: yearly(60_000_000) },
      ],
      financing: [
        { source: "lbf", amountsOre: yearly(52_750_000) },
        { source: "kommunePulje", amountsOre: yearly(7_250_000) },
      ],
    });
    expect((await submitPlan(service.admin, large)).kind).toBe("submitted");
    const planId = await storedPlan("For sent");
    const result = await submitPlan(service.admin, planId);
    expect(result).toMatchObject({ kind: "pool-exhausted", pool: { availableOre: parseKroner(100_000) } });
    expect(result.message).toBe(
      'Puljen "Budget 2012" har kun 100.000,00 kr. ledigt, mindre end planen søger; intet er reserveret, og planen er stadig en kladde.',
    );
    expect((await service.admin.plans.get(planId)).data.status).toBe("draft");
  });

  it("a plan that is no draft, and a service that does not answer", async () => {
    // Without pool money, so the pool's room is no matter.
    const noPool = structuredClone(budget);
    const pool = noPool.financing.find((row) => row.source === "kommunePulje")!;
    const lbf = noPool.financing.find((row) => row.source === "lbf")!;
    for (const year of Object.keys(pool.amountsOre)) {
      lbf.amountsOre[year]! += pool.amountsOre[year]!;
      pool.amountsOre[year] = 0;
    }
    const planId = await storedPlan("To gange", noPool);
    expect((await submitPlan(service.admin, planId)).kind).toBe("submitted");
    expect(await submitPlan(service.admin, planId)).toMatchObject({ kind: "refused" });
    const { createClient } = await import("@helhedsplan/api");
    const down = createClient({ baseUrl: "http://127.0.0.1:9", token: "x", timeoutMs: 2_000 });
    expect(await submitPlan(down, planId)).toMatchObject({ kind: "unavailable" });
  });
});
