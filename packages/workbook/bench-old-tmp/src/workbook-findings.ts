// The two workbook rules of RULES.md, and the finding with a cell address that the workbook
// package hands to people (the add-in highlights it, the CLI prints it).
import { finding, ruleIds, type Finding, type FindingPath } from "@helhedsplan/rules";

/** A finding with the A1 address of its cell. Example: `{ ruleId: "kommune.cap", severity: "error", message: "…", path: ["budget", "financing", "kommune"], cell: "Budget!H22" }`. */
export type WorkbookFinding = Finding & { cell: string };

/** `workbook.layout`: a sheet, table, column or field the layout needs is missing or renamed. Example: `layoutFinding("Arket Budget mangler.", "Budget!A1")`. */
export function layoutFinding(message: string, cell: string): WorkbookFinding {
  return { ...finding(ruleIds.workbookLayout, message, []), cell };
}

/** `workbook.cell-unreadable`: the cell at `cell` cannot be read as what its column holds. Example: `unreadableFinding(["periodStart"], "Plan!B11", "Startår", "Cellen er tom; …")`. */
export function unreadableFinding(path: FindingPath, cell: string, column: string, problem: string): WorkbookFinding {
  return { ...finding(ruleIds.workbookCellUnreadable, `${cell} (${column}): ${problem}`, path), cell };
}
