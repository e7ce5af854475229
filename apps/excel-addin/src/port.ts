// What the add-in may ask of the workbook, in plain data: the controller and the pane speak this,
// and only the adapter (excel-adapter.ts) knows Office.js. A test can implement it without Excel.
import type { CellWrite } from "@helhedsplan/sync";
import { layout, type CellValue, type Grids, type WorkbookTemplate } from "@helhedsplan/workbook";
import type { TableFlags } from "./pass";

/** The plan's tables: a workbook has a plan when it has all three. */
export const planTables = [layout.tables.stamdata, layout.tables.expenses, layout.tables.financing] as const;

/** The yearly report's tables on the `Regnskab` sheet (laid only for a report). */
export const reportTables = [layout.tables.spending, layout.tables.received, layout.tables.goalStatus] as const;

/**
 * The tables the add-in marks, in the order of their flag bands on the mark sheet: the plan's, then the report's. New
 * tables only ever go at the end, so a workbook marked by an earlier add-in keeps its bands where they are.
 */
export const markedTables = [...planTables, ...reportTables] as const;

/** Every table a pass reads: the marked ones and `Maal` (the goals the report is checked against offline). */
export const readTables = [...markedTables, layout.tables.goals] as const;

/** The add-in's own sheet: the flag blocks the marks read. Very hidden; every reader skips it (it has no tables). */
export const markSheet = "hh_markeringer";

/** What one read of the workbook gives. */
export interface WorkbookSnapshot {
  grids: Grids;
  /** The tables whose marks (conditional formats and names) are already in place. */
  markedTables: string[];
  /** Whether the add-in's mark sheet exists. */
  markSheetExists: boolean;
  /** The value of each `Overblik` cell the add-in owns, by its layout key (absent when the sheet is missing). */
  overview: Partial<Record<OverviewKey, CellValue>>;
  /** The report's version on the service as the `Regnskab` sheet keeps it (`reportVersionCell`); absent without the sheet. */
  reportVersion?: CellValue;
}

/** The `Overblik` figures the add-in keeps up to date. */
export type OverviewKey = "findings";

/** What one pass writes: the flag blocks, the marks to create, the `Overblik` cells that changed. */
export interface MarkWrite {
  flags: TableFlags[];
  /** Per table, the block size written last time: cells beyond this pass's block are reset to 0. */
  previousSizes: Record<string, { rows: number; columns: number }>;
  /** Tables whose conditional formats and names must be created (first pass on a workbook, or a new table). */
  createMarks: string[];
  createMarkSheet: boolean;
  overview: Partial<Record<OverviewKey, CellValue>>;
}

/** A change Excel reported. */
export interface WorkbookChange {
  /** The changed range, sheet-qualified when Excel gives the sheet (`Budget!E7:H9`). */
  address: string;
  worksheetId: string;
  /** The add-in's own write (`triggerSource === "ThisLocalAddin"`, or a cell only the add-in writes). */
  own: boolean;
}

/** The workbook as the add-in sees it. */
export interface WorkbookPort {
  /** Whether Excel reports who made a change (ExcelApi 1.14). */
  readonly knowsTriggerSource: boolean;
  /** Reads the plan's tables and the marks' state in one sync. */
  read(): Promise<WorkbookSnapshot>;
  /** Writes one pass's flags (and what the marks need) in one sync. */
  writeMarks(write: MarkWrite): Promise<void>;
  /** Writes values into cells, in one sync (contiguous cells of a row in one range). */
  writeCells(writes: readonly CellWrite[]): Promise<void>;
  /** Lays a whole template (sheets, tables, formulas, validation) into the open workbook. */
  layTemplate(template: WorkbookTemplate): Promise<void>;
  /**
   * Lays a template over a workbook that already has its sheets (*Hent plan*): deletes the sheets the template lays
   * that exist, with the marks of their tables, then lays it exactly as `layTemplate` does. The user's other sheets
   * stay. Two syncs: one to see what exists, one to delete and lay.
   */
  replacePlan(template: WorkbookTemplate): Promise<void>;
  /** Selects a cell (`Budget!F19`) so the user sees it. */
  select(cell: string): Promise<void>;
  /** Calls `listener` for every change Excel reports (the user's and the add-in's own, marked). */
  onChange(listener: (change: WorkbookChange) => void): Promise<void>;
  /**
   * Calls `listener` with the cell the user selects, sheet-qualified as findings name cells (`Budget!E7`,
   * `'Budget 2'!E7`); for a block, its top-left cell. A quick run of selections gives at least the last one.
   */
  onSelection(listener: (cell: string) => void): Promise<void>;
}

/** A sync that did not answer in time: Excel on the web can hang. */
export class ExcelTimeout extends Error {
  override readonly name = "ExcelTimeout";
  constructor() {
    super("Excel svarer ikke. Prøv igen om lidt – næste ændring forsøger igen.");
  }
}
