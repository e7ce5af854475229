// A workbook's plan as a push needs it: read with the service's reference data, checked as
// `validate` checks it, plus its sync cells (a Plan-ID the service gave, and with it a Version).
import { EntityId } from "@helhedsplan/api";
import type { PlanInput, Reference } from "@helhedsplan/rules";
import {
  cellOf,
  gridToPlan,
  unreadableFinding,
  validateWorkbook,
  type CellMap,
  type Grids,
  type PoolLabel,
  type WorkbookFinding,
} from "@helhedsplan/workbook";

/** A workbook's plan ready to send, or the findings that stop it. */
export type WorkbookPlan =
  | {
      ok: true;
      plan: PlanInput;
      planId: string | null;
      version: number | null;
      map: CellMap;
      findings: WorkbookFinding[];
    }
  | { ok: false; findings: WorkbookFinding[]; map: CellMap | null };

function syncCellFindings(planId: string | null, version: number | null, map: CellMap): WorkbookFinding[] {
  if (planId === null) return [];
  const findings: WorkbookFinding[] = [];
  if (!EntityId.safeParse(planId).success) {
    findings.push(
      unreadableFinding(
        ["planId"],
        cellOf(["planId"], map),
        "Plan-ID",
        `"${planId}" er ikke et plan-id fra tjenesten (et UUID); tøm Plan-ID og Version for at oprette planen som ny.`,
      ),
    );
  }
  if (version === null) {
    findings.push(
      unreadableFinding(
        ["version"],
        cellOf(["version"], map),
        "Version",
        "Cellen er tom, men Plan-ID er udfyldt; hent planen fra tjenesten, så versionen kommer med.",
      ),
    );
  }
  return findings;
}

/** Reads and checks the workbook's plan (every finding with its cell); `ok` only when nothing is an error. Example: `readWorkbookPlan(grids, reference, pools)`. */
export function readWorkbookPlan(grids: Grids, reference: Reference, pools?: readonly PoolLabel[]): WorkbookPlan {
  const options = pools === undefined ? {} : { pools };
  const read = gridToPlan(grids, reference, options);
  const findings = [
    ...validateWorkbook(grids, reference, options),
    ...syncCellFindings(read.planId, read.version, read.map),
  ];
  if (read.plan === null || findings.some((finding) => finding.severity === "error")) {
    return { ok: false, findings, map: read.map };
  }
  return { ok: true, plan: read.plan, planId: read.planId, version: read.version, map: read.map, findings };
}
