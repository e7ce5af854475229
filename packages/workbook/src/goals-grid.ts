// The plan's goals ⇄ the `Maal` table on the `Mål` sheet (WORKBOOK.md): one goal a row — Mål-ID,
// Indsatsområde (a name, read back through the reference), Mål, Succeskriterier (one per line in
// the cell). Read like the budget: by header text, unreadable cells → findings, never throwing.
import type { FindingPath, Goal, Reference } from "@helhedsplan/rules";
import { at, headerCell, sheetStart } from "./cell-map";
import { readFilledText, readLabel, readLines, type CellRead } from "./cells";
import { formatA1, type CellPosition, type CellValue, type Grids } from "./grid";
import { labelsOf } from "./labels";
import { layout } from "./layout";
import { locateTable, namedColumns, tableCell, type LocatedTable } from "./locate";
import { blankRow, CellReader, placeholderText } from "./read-grid";
import type { WorkbookFinding } from "./workbook-findings";
import { labelOf } from "./write-grid";

/** Where a table without year columns is (`Maal`, `Maalopfyldelse`): its named columns and the sheet row of each row read. */
export interface TablePlacement {
  sheet: string;
  /** The table's top-left (header) cell. */
  header: CellPosition;
  /** Named columns by field (`id`, `focusArea`, `goal`, `successCriteria`; `goalId`, `status`, `comment`) → sheet column. */
  columns: Record<string, number>;
  /** Sheet row of row `i` as read (blank rows skipped). */
  rows: number[];
}

/** Where one workbook keeps its goals; null when the `Maal` table could not be found. Example: `gridToGoals(grids, reference).map`. */
export interface GoalsCellMap {
  goals: TablePlacement | null;
}

/** What `gridToGoals` gives: the goals (null unless every cell read), the reading findings with their cells, and the cell map. */
export interface GoalsFromGrid {
  goals: Goal[] | null;
  findings: WorkbookFinding[];
  map: GoalsCellMap;
}

type GoalField = keyof typeof layout.columns.goals;

/**
 * The grids of the `Mål` sheet holding `goals` (the inverse of `gridToGoals`): the `Maal` table with its header in row 3,
 * focus areas by the reference's names, success criteria one per line; no goals → one empty row to fill in.
 * Example: `combineGrids(planToGrid(plan, reference), goalsToGrid(goals, reference))`.
 */
export function goalsToGrid(goals: readonly Goal[], reference: Reference): Grids {
  const labels = labelsOf(reference);
  const names = layout.columns.goals;
  const rows: CellValue[][] = goals.map((goal) => [
    goal.id,
    labelOf(labels.focusAreas, goal.focusArea),
    goal.goal,
    goal.successCriteria.join("\n"),
  ]);
  return {
    sheets: [layout.sheets.goals],
    tables: [
      {
        name: layout.tables.goals.name,
        sheet: layout.tables.goals.sheet,
        topLeft: formatA1({ row: layout.placement.headerRow, column: layout.placement.firstColumn }),
        values: [
          [names.id, names.focusArea, names.goal, names.successCriteria],
          ...(rows.length > 0 ? rows : [["", "", "", ""]]),
        ],
        totalsRow: false,
      },
    ],
  };
}

/** The sheet column of each located column (grid column → sheet column). */
export function sheetColumns(table: LocatedTable, columns: Partial<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(columns).flatMap(([key, column]) =>
      column === undefined ? [] : [[key, tableCell(table, 0, column).position.column]],
    ),
  );
}

/**
 * Grids → the plan's goals in the `Maal` table. `goals` is null when any cell cannot be read or the table or a column is
 * missing (a workbook without the `Mål` sheet gives one `workbook.layout` finding) — `findings` say where; never throws.
 * Blank rows are skipped; Mål-ID is trimmed; an empty Mål-ID, Indsatsområde or Mål is unreadable; Succeskriterier may be empty.
 * Example: `gridToGoals(goalsToGrid(goals, defaultReference), defaultReference).goals` deep-equals `goals`.
 */
export function gridToGoals(grids: Grids, reference: Reference): GoalsFromGrid {
  const located = locateTable(grids, layout.tables.goals);
  const table = located.value;
  if (!table) return { goals: null, findings: [...located.fatal, ...located.other], map: { goals: null } };
  const names = layout.columns.goals;
  const named = namedColumns(table, names);
  const fatal = [...located.fatal, ...named.fatal];
  const placement: TablePlacement = { sheet: table.sheet, header: table.origin, columns: {}, rows: [] };
  if (fatal.length > 0) return { goals: null, findings: [...fatal, ...located.other], map: { goals: placement } };
  const columns = named.columns as Record<GoalField, number>;
  placement.columns = sheetColumns(table, columns);

  const labels = labelsOf(reference);
  const reader = new CellReader();
  const readFocusArea = (value: CellValue, format: string | undefined) => readLabel(value, labels.focusAreas, format);
  const readId = (value: CellValue, format: string | undefined): CellRead<string> => {
    const text = readFilledText(
      value,
      "et kort id for målet, fx m1 (regnskabets målopfyldelse henviser til det)",
      format,
    );
    return text.ok ? { ok: true, value: text.value.trim() } : text;
  };
  const readGoal = (value: CellValue, format: string | undefined) => readFilledText(value, "målet", format);
  const inputs = [columns.id, columns.focusArea, columns.goal, columns.successCriteria];
  const goals: Goal[] = [];
  table.rows.forEach((cells, index) => {
    if (blankRow(cells, inputs)) return;
    const gridRow = index + 1;
    const path: FindingPath = ["goals", goals.length];
    const field = <T>(
      key: GoalField,
      read: (value: CellValue, format: string | undefined) => CellRead<T>,
      placeholder: (address: string) => T,
    ) => reader.field(table, gridRow, columns[key], { path, key, column: names[key] }, read, placeholder);
    goals.push({
      id: field("id", readId, placeholderText),
      focusArea: field("focusArea", readFocusArea, placeholderText),
      goal: field("goal", readGoal, placeholderText),
      successCriteria: field("successCriteria", readLines, () => []),
    });
    placement.rows.push(table.origin.row + gridRow);
  });
  const findings = [...located.other, ...reader.findings];
  return { goals: reader.findings.length === 0 ? goals : null, findings, map: { goals: placement } };
}

/**
 * A goal's path → its cell on `Mål`: `["goals", i, field]` → that column of goal `i`'s row (`id`, `focusArea`, `goal`,
 * `successCriteria`, a criterion `["goals", i, "successCriteria", k]` too), `["goals", i]` → its Mål cell, anything
 * else → the table's header cell (`Mål!A1` when the workbook has no `Maal`). Example: `goalCellOf(["goals", 1, "goal"], map) === "Mål!C5"`.
 */
export function goalCellOf(path: FindingPath, map: GoalsCellMap): string {
  const placement = map.goals;
  if (!placement) return sheetStart(layout.tables.goals);
  const [head, index, field] = path;
  const row = head === "goals" && typeof index === "number" ? placement.rows[index] : undefined;
  if (row === undefined) return headerCell(placement);
  const column = (typeof field === "string" ? placement.columns[field] : undefined) ?? placement.columns.goal;
  return at(placement.sheet, row, column ?? placement.header.column);
}
