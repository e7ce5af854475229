import { demoPlan } from "@helhedsplan/demo";
import { defaultReference, parseKroner } from "@helhedsplan/rules";
import { planToGrid, type Grids } from "@helhedsplan/workbook";
import { describe, expect, it } from "vitest";
import { flag, runPass } from "./pass";

const overCap = () => {
  const plan = structuredClone(demoPlan);
  const move = parseKroner(500_000);
  plan.budget.financing.find((row) => row.source === "lbf")!.amountsOre["2015"]! -= move;
  plan.budget.financing.find((row) => row.source === "kommunePulje")!.amountsOre["2015"]! += move;
  return plan;
};

function flagged(grids: Grids, result: ReturnType<typeof runPass>, value: number): string[] {
  return result.flags.flatMap((block) => {
    const table = grids.tables.find((candidate) => candidate.name === block.table)!;
    const origin = /^([A-Z]+)(\d+)$/.exec(table.topLeft)!;
    return block.flags.flatMap((row, r) =>
      row.flatMap((cell, c) =>
        cell === value
          ? [`${block.sheet}!${String.fromCharCode(origin[1]!.charCodeAt(0) + c)}${Number(origin[2]) + r}`]
          : [],
      ),
    );
  });
}

describe("runPass", () => {
  it("the demo plan: no findings, no flags, the municipal share within the cap", () => {
    const grids = planToGrid(demoPlan, defaultReference);
    const result = runPass(grids, defaultReference);
    expect(result.findings).toEqual([]);
    expect(result.flags.map((block) => block.table)).toEqual(["Stamdata", "Udgifter", "Finansiering"]);
    expect(result.flags.every((block) => block.flags.every((row) => row.every((cell) => cell === flag.none)))).toBe(
      true,
    );
    expect(result.model).toMatchObject({
      hasPlan: true,
      plan: { name: demoPlan.name, period: "2014–2017" },
      frame: "7.700.000,00 kr.",
      municipal: { amount: "900.000,00 kr.", share: "11,68 %", cap: "12,5 %", withinCap: true },
      poolDraw: "900.000,00 kr.",
      errors: [],
      warnings: [],
    });
    expect(result.model.sourceChoices.map((choice) => choice.id)).not.toContain("lbf");
  });

  it("over the cap: the error flags the pool row's I alt cell, the pane says it in Danish, and the share rounds away from the cap", () => {
    const grids = planToGrid(overCap(), defaultReference);
    const result = runPass(grids, defaultReference);
    const cap = result.findings.find((finding) => finding.ruleId === "kommune.cap");
    expect(cap?.cell).toMatch(/^Budget!F\d+$/);
    expect(flagged(grids, result, flag.error)).toContain(cap?.cell);
    expect(result.model.municipal.withinCap).toBe(false);
    expect(result.model.municipal.share).toBe("18,19 %");
    expect(result.model.errors[0]?.message).toMatch(/^Kommunens andel er 18,19 % af rammen/);
  });

  it("a workbook without the plan's tables: no flags, and the pane offers a new plan", () => {
    const result = runPass({ sheets: ["Ark1"], tables: [] }, defaultReference);
    expect(result.flags).toEqual([]);
    expect(result.model.hasPlan).toBe(false);
  });

  it("annotations: unsynced and taken-from-the-service cells flagged where no finding is, a finding outranks both, extra findings listed", () => {
    const grids = planToGrid(overCap(), defaultReference);
    const plain = runPass(grids, defaultReference);
    const capCell = plain.findings.find((finding) => finding.ruleId === "kommune.cap")!.cell;
    const seen: { planId: string | null; rows: number }[] = [];
    const result = runPass(grids, defaultReference, {
      annotate: (read) => {
        seen.push({ planId: read.planId, rows: read.map.expenses?.rows.length ?? 0 });
        return {
          unsynced: ["Budget!D4", capCell, "Budget!E4", "Overblik!B2"],
          fromServer: ["Budget!E4", "Budget!D5"],
          extraFindings: [
            {
              ruleId: "addin.plan-locked",
              severity: "error",
              message: "Godkendt version.",
              path: [],
              cell: "Budget!D6",
            },
          ],
        };
      },
    });
    expect(seen).toEqual([{ planId: null, rows: overCap().budget.expenses.length }]);
    expect(flagged(grids, result, flag.unsynced)).toEqual(["Budget!D4"]);
    expect(flagged(grids, result, flag.fromServer)).toEqual(["Budget!E4", "Budget!D5"]);
    expect(flagged(grids, result, flag.error).sort()).toEqual([capCell, "Budget!D6"].sort());
    expect(result.model.errors.map((finding) => finding.ruleId)).toContain("addin.plan-locked");
  });
});
