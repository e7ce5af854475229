// The plan's goals (the `Mål` sheet) through the engine, against the real service (in this process,
// on PGlite): sent after the header and the budget, taken from a colleague into the `Maal` table,
// a conflict on the goals as one unit, a refusal at the Mål cells, a lost answer retried once, and
// a workbook without the sheet leaving the service's goals alone.
import { createClient, type Client } from "@helhedsplan/api";
import { demoPlan } from "@helhedsplan/demo";
import type { Goal, PlanInput } from "@helhedsplan/rules";
import { startService, type RunningService } from "@helhedsplan/sync-service/testing";
import { combineGrids, goalsToGrid, gridToGoals, gridToPlan, planToGrid, type Grids } from "@helhedsplan/workbook";
import { readWorkbookGrids, writeTemplate } from "@helhedsplan/workbook/xlsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pullPlan } from "./pull";
import { pushPlan } from "./push";
import type { CellWrite } from "./write-back";

const { budget: _budget, ...header } = demoPlan;

const goals: Goal[] = [
  {
    id: "M1",
    focusArea: "boern-unge",
    goal: "Flere børn klarer skolen",
    successCriteria: ["80 % består 9. klasse", "Lektiecaféen bruges af 60 børn"],
  },
  { id: "M2", focusArea: "sundhed", goal: "Bedre sundhed blandt beboerne", successCriteria: [] },
];

/** The grids with `writes` applied, as a front end writes them (single-letter columns). */
function applied(grids: Grids, writes: readonly CellWrite[]): Grids {
  const copy = structuredClone(grids);
  for (const write of writes) {
    const match = /^([A-Z])([0-9]+)$/.exec(write.address)!;
    const table = copy.tables.find((candidate) => {
      if (candidate.sheet !== write.sheet) return false;
      const row = Number(match[2]) - Number(/[0-9]+/.exec(candidate.topLeft)![0]);
      return row >= 0 && row < candidate.values.length;
    });
    if (!table) throw new Error(`No table holds ${write.sheet}!${write.address}`);
    const top = /^([A-Z])([0-9]+)$/.exec(table.topLeft)!;
    table.values[Number(match[2]) - Number(top[2])]![match[1]!.charCodeAt(0) - top[1]!.charCodeAt(0)] = write.value;
  }
  return copy;
}

describe("pushPlan and pullPlan with the plan's goals", () => {
  let service: RunningService;
  let reference: Awaited<ReturnType<Client["reference"]["get"]>>;
  const workbookOf = (plan: PlanInput, withGoals: Goal[] | null, meta: { planId?: string; version?: number } = {}) => {
    const plan_ = planToGrid(plan, reference, meta);
    return withGoals === null ? plan_ : combineGrids(plan_, goalsToGrid(withGoals, reference));
  };
  /** A plan on the service with the demo budget (version 1) and, given goals, those goals (version 2). */
  const stored = async (name: string, withGoals?: Goal[]) => {
    const created = await service.admin.plans.create({ ...header, name });
    await service.admin.plans.putBudget(created.id, demoPlan.budget, { ifMatch: 0 });
    if (withGoals !== undefined) await service.admin.plans.putGoals(created.id, { goals: withGoals }, { ifMatch: 1 });
    return { planId: created.id, version: withGoals === undefined ? 1 : 2, plan: { ...demoPlan, name } };
  };

  beforeAll(async () => {
    service = await startService();
    reference = await service.admin.reference.get();
  });
  afterAll(() => service?.stop());

  it("a new plan's goals are saved after its budget", async () => {
    const result = await pushPlan(service.admin, workbookOf({ ...demoPlan, name: "Ny med mål" }, goals));
    expect(result).toMatchObject({ kind: "created", version: 2 });
    expect(result.message).toContain("og 2 mål");
    if (result.kind !== "created") return;
    expect((await service.admin.plans.get(result.planId)).data.goals).toEqual(goals);
  });

  it("goals filled in over a synced version go with PUT /goals after the header: one version each", async () => {
    const plan = await stored("Mål udfyldt");
    const workbook = workbookOf({ ...demoPlan, name: "Mål udfyldt, omdøbt" }, goals, plan);
    const result = await pushPlan(service.admin, workbook);
    expect(result).toMatchObject({ kind: "saved", version: 3, unchanged: false, writes: [] });
    const after = await service.admin.plans.get(plan.planId);
    expect(after.data).toMatchObject({ name: "Mål udfyldt, omdøbt", goals });
    // The same workbook again (stamped): nothing to send, no empty version.
    const again = await pushPlan(service.admin, applied(workbook, [...result.writes, ...result.stamps]));
    expect(again).toMatchObject({ kind: "saved", version: 3, unchanged: true });
  });

  it("a workbook without a Mål sheet leaves the service's goals alone", async () => {
    const plan = await stored("Uden Mål-ark", goals);
    const workbook = workbookOf({ ...demoPlan, name: "Uden Mål-ark, omdøbt" }, null, plan);
    const result = await pushPlan(service.admin, workbook);
    expect(result).toMatchObject({ kind: "saved", version: 3 });
    expect((await service.admin.plans.get(plan.planId)).data.goals).toEqual(goals);
  });

  it("a colleague's goals come into the Maal table's rows and are listed as taken from the server", async () => {
    const plan = await stored("Kollegas mål", goals);
    const theirs: Goal[] = [{ ...goals[0]!, goal: "Flere børn og unge klarer skolen" }];
    await service.admin.plans.putGoals(plan.planId, { goals: theirs }, { ifMatch: 2 });
    const workbook = workbookOf(plan.plan, goals, plan);
    const result = await pushPlan(service.admin, workbook);
    expect(result).toMatchObject({ kind: "merged", version: 3, serverVersion: 3, relayout: null });
    if (result.kind !== "merged") return;
    expect(result.fromServer).toContainEqual(
      expect.objectContaining({ cell: "Mål!A3", value: "1 mål (M1); ændret: M1, M2" }),
    );
    const after = applied(workbook, [...result.writes, ...result.stamps]);
    expect(gridToGoals(after, reference).goals).toEqual(theirs);
    expect(gridToPlan(after, reference)).toMatchObject({ planId: plan.planId, version: 3 });
    expect((await service.admin.plans.versions(plan.planId)).items).toHaveLength(3);
  });

  it("more goals on the server than the table has rows: relayout with the plan and its goals", async () => {
    const plan = await stored("Flere mål", goals);
    const theirs: Goal[] = [...goals, { id: "M3", focusArea: "sundhed", goal: "Flere i motion", successCriteria: [] }];
    await service.admin.plans.putGoals(plan.planId, { goals: theirs }, { ifMatch: 2 });
    const result = await pushPlan(service.admin, workbookOf(plan.plan, goals, plan));
    expect(result).toMatchObject({ kind: "merged", version: 3, writes: [] });
    expect(result.relayout?.reason).toContain("2 rækker, men planen har 3 mål");
    expect(result.relayout?.goals).toEqual(theirs);
    expect(gridToGoals(result.relayout!.grids, reference).goals).toEqual(theirs);
  });

  it("goals changed here and there: one conflict for the goals, settled by resolve", async () => {
    const plan = await stored("Mål begge steder", goals);
    const theirs: Goal[] = [goals[0]!];
    await service.admin.plans.putGoals(plan.planId, { goals: theirs }, { ifMatch: 2 });
    const mine: Goal[] = [goals[0]!, { ...goals[1]!, successCriteria: ["50 deltagere i motion"] }];
    const workbook = workbookOf(plan.plan, mine, plan);
    const conflict = await pushPlan(service.admin, workbook);
    expect(conflict).toMatchObject({ kind: "conflict", baseVersion: 2, serverVersion: 3 });
    if (conflict.kind !== "conflict") return;
    expect(conflict.conflicts).toEqual([
      {
        id: "goals",
        cell: "Mål!A3",
        what: "Planens mål (arket Mål, som én helhed)",
        base: "2 mål (M1, M2)",
        mine: "2 mål (M1, M2); ændret: M2",
        theirs: "1 mål (M1); ændret: M2",
      },
    ]);
    expect((await service.admin.plans.versions(plan.planId)).items).toHaveLength(3);

    const settled = await pushPlan(service.admin, workbook, { resolve: { goals: "mine" } });
    expect(settled).toMatchObject({ kind: "merged", version: 4, writes: [] });
    expect((await service.admin.plans.get(plan.planId)).data.goals).toEqual(mine);

    // The other way: theirs are written into the workbook, nothing sent.
    const plan2 = await stored("Mål begge steder, tjenestens", goals);
    await service.admin.plans.putGoals(plan2.planId, { goals: theirs }, { ifMatch: 2 });
    const workbook2 = workbookOf(plan2.plan, mine, plan2);
    const theirsWon = await pushPlan(service.admin, workbook2, { resolve: "theirs" });
    expect(theirsWon).toMatchObject({ kind: "merged", version: 3 });
    expect(gridToGoals(applied(workbook2, theirsWon.writes), reference).goals).toEqual(theirs);
  });

  it("goals the service refuses (duplicate Mål-ID): findings at the Mål cells, the plan's own parts kept", async () => {
    const plan = await stored("Dobbelt mål-id");
    const duplicated: Goal[] = [goals[0]!, { ...goals[1]!, id: "M1" }];
    const onlyGoals = await pushPlan(service.admin, workbookOf(plan.plan, duplicated, plan));
    expect(onlyGoals).toMatchObject({ kind: "refused", reason: "rules" });
    expect(onlyGoals.message).toContain("målene");
    if (onlyGoals.kind !== "refused") return;
    expect(onlyGoals.findings.map((finding) => finding.ruleId)).toContain("goal.id-duplicate");
    expect(onlyGoals.findings.every((finding) => finding.cell.startsWith("Mål!"))).toBe(true);

    const withHeader = await pushPlan(
      service.admin,
      workbookOf({ ...demoPlan, name: "Dobbelt mål-id, omdøbt" }, duplicated, plan),
    );
    expect(withHeader).toMatchObject({ kind: "partly-saved", saved: "plan", refusedPart: "goals", version: 2 });
    expect(withHeader.stamps.map((stamp) => stamp.value)).toEqual([plan.planId, 2]);
    expect((await service.admin.plans.get(plan.planId)).data).toMatchObject({
      name: "Dobbelt mål-id, omdøbt",
      goals: [],
    });
  });

  it("an unreadable Mål sheet stops the push before anything is sent", async () => {
    const plan = await stored("Ulæseligt mål");
    const workbook = workbookOf(plan.plan, [{ ...goals[0]!, goal: "" }], plan);
    const result = await pushPlan(service.admin, workbook);
    expect(result).toMatchObject({ kind: "refused", reason: "workbook" });
    if (result.kind !== "refused") return;
    expect(result.findings[0]?.cell).toBe("Mål!C4");
    expect((await service.admin.plans.versions(plan.planId)).items).toHaveLength(1);
  });

  it("a goals PUT whose answer is lost: the retry sends the same key, one version only", async () => {
    const plan = await stored("Tabt mål-svar");
    let drop = true;
    const losing: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const url = input instanceof Request ? input.url : input.toString();
      if (init?.method === "PUT" && url.endsWith("/goals") && drop) {
        drop = false;
        throw new TypeError("fetch failed");
      }
      return answer;
    };
    const client = createClient({ baseUrl: service.baseUrl, token: service.adminToken, fetch: losing });
    const workbook = workbookOf(plan.plan, goals, plan);
    const lost = await pushPlan(client, workbook);
    expect(lost).toMatchObject({ kind: "unavailable" });
    if (lost.kind !== "unavailable") return;
    expect(lost.retry).toMatchObject({ write: "goals" });
    const retried = await pushPlan(client, workbook, { retry: lost.retry });
    expect(retried).toMatchObject({ kind: "merged", version: 2, fromServer: [] });
    expect((await service.admin.plans.versions(plan.planId)).items).toHaveLength(2);
    expect((await service.admin.plans.get(plan.planId)).data.goals).toEqual(goals);
  });

  it("pullPlan answers the goals and lays them in its grids", async () => {
    const plan = await stored("Hentes med mål", goals);
    const pulled = await pullPlan(service.admin, plan.planId);
    expect(pulled).toMatchObject({ kind: "pulled", version: 2, goals });
    if (pulled.kind !== "pulled") return;
    expect(pulled.message).toContain("2 mål står på arket Mål");
    expect(gridToGoals(pulled.grids, reference).goals).toEqual(goals);
    // As the CLI's pull writes it: the .xlsx with the Mål sheet; pushed unchanged, it sends nothing.
    const file = await writeTemplate(pulled.plan, { reference, planId: plan.planId, version: 2, goals: pulled.goals });
    const again = await pushPlan(service.admin, await readWorkbookGrids(file));
    expect(again).toMatchObject({ kind: "saved", version: 2, unchanged: true });
    const without = await pullPlan(service.admin, (await stored("Hentes uden mål")).planId);
    expect(without).toMatchObject({ kind: "pulled", goals: [] });
    if (without.kind === "pulled") expect(without.grids.tables.map((table) => table.name)).not.toContain("Maal");
  });
});
