// The engine against the real service (in this process, on PGlite): the outcomes a front end
// must get right — a lost answer retried without a second plan, lines a colleague added or
// deleted written back by identity, and a version that no longer fits the workbook's tables.
import { createClient, type Client } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import { parseKroner, type PlanInput } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { gridToPlan, planToGrid, type Grids } from "@helhedsplan/workbook";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pushPlan } from "./push";
import type { CellWrite } from "./write-back";

const { budget: _budget, ...header } = demoPlan;

/** The grids with `writes` applied, as a front end writes them. */
function applied(grids: Grids, writes: readonly CellWrite[]): Grids {
  const copy = structuredClone(grids);
  for (const write of writes) {
    const match = /^([A-Z]+)([0-9]+)$/.exec(write.address);
    const table = copy.tables.find((candidate) => {
      if (candidate.sheet !== write.sheet) return false;
      const top = /^([A-Z]+)([0-9]+)$/.exec(candidate.topLeft);
      const row = Number(match?.[2]) - Number(top?.[2]);
      return row >= 0 && row < candidate.values.length;
    });
    if (!table || !match) throw new Error(`No table holds ${write.sheet}!${write.address}`);
    const top = /^([A-Z]+)([0-9]+)$/.exec(table.topLeft)!;
    const column = match[1]!.charCodeAt(0) - top[1]!.charCodeAt(0);
    table.values[Number(match[2]) - Number(top[2])]![column] = write.value;
  }
  return copy;
}

describe("pushPlan against the service", () => {
  let service: RunningService;
  let reference: Awaited<ReturnType<Client["reference"]["get"]>>;
  const grids = (plan: PlanInput, meta: { planId?: string; version?: number } = {}) =>
    planToGrid(plan, reference, meta);

  beforeAll(async () => {
    service = await startService();
    reference = await service.admin.reference.get();
  });
  afterAll(() => service?.stop());

  it("a create whose answer is lost: the retry with the same key answers the same plan, never a second one", async () => {
    let drop = true;
    const losing: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const isCreate =
        init?.method === "POST" && (input instanceof Request ? input.url : input.toString()).endsWith("/plans");
      if (isCreate && drop) {
        drop = false;
        throw new TypeError("fetch failed"); // the request reached the service; its answer did not come back
      }
      return answer;
    };
    const client = createClient({ baseUrl: service.baseUrl, token: service.adminToken, fetch: losing });
    const before = (await service.admin.plans.list()).items.length;
    const workbook = grids({ ...demoPlan, name: "Tabt svar" });
    const lost = await pushPlan(client, workbook);
    expect(lost).toMatchObject({ kind: "unavailable", planId: null, stamps: [], writes: [] });
    if (lost.kind !== "unavailable") return;
    expect(lost.retry).toMatchObject({ write: "create" });
    expect(lost.message).toContain("Intet er tabt");
    expect((await service.admin.plans.list()).items.length).toBe(before + 1);

    const retried = await pushPlan(client, workbook, { retry: lost.retry });
    expect(retried).toMatchObject({ kind: "created", version: 1 });
    expect((await service.admin.plans.list()).items.length).toBe(before + 1);
  });

  it("lines a colleague deleted and added are written back by identity; the workbook then reads as the new version", async () => {
    const created = await service.admin.plans.create(header);
    await service.admin.plans.putBudget(created.id, demoPlan.budget, { ifMatch: 0 });
    // The colleague drops the last line and adds a new one of the same cost.
    const theirs = structuredClone(demoPlan);
    const dropped = theirs.budget.expenses.pop()!;
    theirs.budget.expenses.push({ ...dropped, activity: "Ny aktivitet", category: "aktiviteter" });
    await service.admin.plans.putBudget(created.id, theirs.budget, { ifMatch: 1 });
    // Mine: the workbook at version 1 with one more empty row in Udgifter, and an amount changed on line 0.
    const mine = structuredClone(demoPlan);
    mine.budget.expenses[0]!.amountsOre["2014"]! += parseKroner(100);
    mine.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2014"]! += parseKroner(100);
    const workbook = grids(mine, { planId: created.id, version: 1 });

    const result = await pushPlan(service.admin, workbook);
    expect(result.kind).toBe("merged");
    expect(result.relayout).toBeNull();
    const after = gridToPlan(applied(workbook, [...result.writes, ...result.stamps]), reference);
    const expected = structuredClone(theirs);
    expected.budget.expenses[0]!.amountsOre["2014"]! += parseKroner(100);
    expected.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2014"]! += parseKroner(100);
    expect(after.findings).toEqual([]);
    expect(after).toMatchObject({ planId: created.id, version: 3 });
    expect(after.plan?.budget.expenses.map((line) => line.activity).sort()).toEqual(
      expected.budget.expenses.map((line) => line.activity).sort(),
    );
    const stored = await service.admin.plans.get(created.id);
    expect(stored.data.budget?.expenses.length).toBe(expected.budget.expenses.length);
  });

  it("a version with more lines than the workbook's table has rows: relayout with the whole plan, no partial write", async () => {
    const created = await service.admin.plans.create(header);
    await service.admin.plans.putBudget(created.id, demoPlan.budget, { ifMatch: 0 });
    const theirs = structuredClone(demoPlan);
    theirs.budget.expenses.push({ ...theirs.budget.expenses[0]!, activity: "Endnu en", amountsOre: {} });
    await service.admin.plans.putBudget(created.id, theirs.budget, { ifMatch: 1 });
    const result = await pushPlan(service.admin, grids(demoPlan, { planId: created.id, version: 1 }));
    expect(result).toMatchObject({ kind: "merged", version: 2, serverVersion: 2, writes: [] });
    expect(result.relayout?.reason).toContain("ingen tom række");
    expect(result.relayout?.plan).toEqual(theirs);
  });
});
