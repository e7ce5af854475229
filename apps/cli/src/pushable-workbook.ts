// Reading a workbook for `push`: the file (unreadable → exit 2), its plan as the service's
// reference data names things, and every finding that must be fixed before anything is sent —
// the rules' errors, and a Plan-ID or Version the service could not take.
import { EntityId } from "@helhedsplan/api";
import type { PlanInput, Reference } from "@helhedsplan/rules";
import {
  cellOf,
  gridToPlan,
  unreadableFinding,
  validateWorkbook,
  type CellMap,
  type Grids,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { readWorkbookGrids, WorkbookReadError } from "@helhedsplan/workbook/xlsx";
import { readFile } from "node:fs/promises";
import { CommandFailure } from "./exit-codes";

/** A workbook file as read: its bytes (to write the new version back into) and its tables. */
export interface WorkbookFile {
  file: string;
  bytes: Buffer;
  grids: Grids;
}

/** The bytes and tables of a workbook file; a file that is no readable .xlsx is a `CommandFailure` (exit 2), as in `validate`. */
export async function readWorkbookFile(file: string): Promise<WorkbookFile> {
  try {
    const bytes = await readFile(file).catch((error: unknown) => {
      throw new WorkbookReadError(
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : "unreadable-file",
        error,
      );
    });
    return { file, bytes, grids: await readWorkbookGrids(bytes) };
  } catch (error) {
    if (error instanceof WorkbookReadError) throw new CommandFailure(`${file}: kan ikke læses – ${error.message}`);
    throw error;
  }
}

/** A workbook's plan ready to send, or the findings that stop it. */
export type PushableWorkbook =
  | {
      ok: true;
      plan: PlanInput;
      planId: string | null;
      version: number | null;
      map: CellMap;
      findings: WorkbookFinding[];
    }
  | { ok: false; findings: WorkbookFinding[] };

/** The Plan-ID and Version cells as a push needs them: an id the service gave, and with it the version pulled. */
function syncCellFindings(planId: string | null, version: number | null, map: CellMap): WorkbookFinding[] {
  if (planId === null) return [];
  const findings: WorkbookFinding[] = [];
  const idCell = cellOf(["planId"], map);
  const versionCell = cellOf(["version"], map);
  if (!EntityId.safeParse(planId).success) {
    findings.push(
      unreadableFinding(
        ["planId"],
        idCell,
        "Plan-ID",
        `"${planId}" er ikke et plan-id fra tjenesten (et UUID); tøm Plan-ID og Version for at oprette planen som ny.`,
      ),
    );
  }
  if (version === null) {
    findings.push(
      unreadableFinding(
        ["version"],
        versionCell,
        "Version",
        "Cellen er tom, men Plan-ID er udfyldt; hent planen med `helhedsplan pull`, så versionen kommer med.",
      ),
    );
  }
  return findings;
}

/** Reads the workbook's plan with the service's reference data and checks it as `validate` does, plus its sync cells. */
export function pushableWorkbook(grids: Grids, reference: Reference): PushableWorkbook {
  const read = gridToPlan(grids, reference);
  const findings = [...validateWorkbook(grids, reference), ...syncCellFindings(read.planId, read.version, read.map)];
  const hasErrors = findings.some((finding) => finding.severity === "error");
  if (hasErrors || read.plan === null) return { ok: false, findings };
  return { ok: true, plan: read.plan, planId: read.planId, version: read.version, map: read.map, findings };
}
