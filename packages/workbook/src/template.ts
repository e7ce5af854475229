// The template described once, as data: every sheet, title, Excel table, formula, number format,
// native validation, column width, frozen header and note a new workbook has. It is built from the
// grids of `planToGrid`/`blankGrid`, so the file and the grids never disagree, and it names nothing
// of a spreadsheet library: addresses and ranges are A1 text, formulas are Excel's formula text,
// formats are Excel number-format codes and validations are what both exceljs and Office.js'
// `DataValidation` express. `writeTemplate` (./xlsx) renders it with exceljs; the add-in renders the
// same data with Office.js.
import {
  defaultReference,
  validatePlan,
  type AnnualReport,
  type Goal,
  type PlanInput,
  type Reference,
  type Source,
} from "@helhedsplan/rules";
import {
  columnLetters,
  formatA1,
  parseA1,
  sheetAddress,
  type CellPosition,
  type CellValue,
  type Grids,
  type TableGrid,
} from "./grid";
import { labelsOf, type GridOptions, type LabelSet, type Labels } from "./labels";
import { goalsToGrid } from "./goals-grid";
import { layout, overviewCell, type OverviewKey, type StamdataKind } from "./layout";
import { blankGrid, kronerCell, planToGrid, type PlanMeta } from "./write-grid";
import { reportToGrid } from "./write-report";

/** Options of `templateOf` and `writeTemplate`. Example: `{ planId: "p-17", version: 3, lastSync: "2014-03-01T10:00:00Z", pools }`. */
export interface TemplateOptions extends PlanMeta, GridOptions {
  /** The reference data whose names the cells and lists show (default `defaultReference`). */
  reference?: Reference;
  /** A blank template's first year (default: next year). */
  firstYear?: number;
  /** The pool's room for the plan, shown on `Overblik`. */
  poolAvailableOre?: number;
  /** When the workbook was last synchronised (ISO 8601), shown on `Overblik`. */
  lastSync?: string;
  /** The number of findings at the last check, shown on `Overblik` (default: `validatePlan`'s count for a filled template). */
  findingsCount?: number;
  /** The plan's goals: when given (even `[]`), the template gains the `Mål` sheet with the `Maal` table (after the default sheets). */
  goals?: readonly Goal[];
  /**
   * A year's report: when given, the template gains the `Regnskab` sheet (last) with `Forbrug`, `Modtaget` and
   * `Maalopfyldelse` for its year; `goals` name the goals there and list those without a status. A year not reported
   * yet: `blankReport(plan, year)`.
   */
  report?: AnnualReport;
}

/** A font change from the workbook's default font. Example: `{ bold: true, size: 14 }`. */
export interface TemplateFont {
  bold?: boolean;
  italic?: boolean;
  /** In points. */
  size?: number;
}

/** A cell's alignment, in OOXML's words (Office.js: `Right`, `Top`; exceljs calls a vertical `center` `middle`). Example: `{ vertical: "top", wrapText: true }`. */
export interface TemplateAlignment {
  horizontal?: "left" | "center" | "right";
  vertical?: "top" | "center" | "bottom";
  wrapText?: boolean;
}

/**
 * What a cell holds: a value as `Range.values` holds it (`""` is an empty cell), or a formula as Excel shows it
 * in the formula bar, with its `=` (`"=SUM(D4:G4)"`; Office.js takes it as is, exceljs without the `=`).
 * Formulas come without a cached result: the file asks for a full recalculation on load.
 */
export type TemplateContent = { value: CellValue } | { formula: string };

/** How a cell looks: an Excel number-format code (`#,##0.00`), a font, an alignment. */
export interface TemplateStyle {
  numberFormat?: string;
  font?: TemplateFont;
  alignment?: TemplateAlignment;
}

/** One cell of a table: its content and its look. */
export type TemplateTableCell = TemplateContent & TemplateStyle;

/** One cell outside the tables, at an A1 address on its sheet. Example: `{ address: "A1", value: "Overblik", font: { bold: true, size: 14 } }`. */
export type TemplateCell = TemplateTableCell & { address: string };

/** An Excel table style. Example: `{ name: "TableStyleMedium2", showRowStripes: true }`. */
export interface TemplateTableStyle {
  name: string;
  /** Banded rows (Office.js `showBandedRows`). */
  showRowStripes: boolean;
}

/**
 * One Excel table (ListObject). Its range runs from the header row through the totals row (when shown).
 * Example: `{ name: "Udgifter", range: "A3:H14", columns: ["Indsatsområde", …, "I alt"], rows, totals, style, filterButtons: true }`.
 */
export interface TemplateTable {
  name: string;
  /** The table's whole range on its sheet: header, data rows and totals row (`A3:H14`). */
  range: string;
  /** The header row: the columns' names, left to right. */
  columns: string[];
  /** The data rows, cell for cell (`I alt` is `=SUM(<first year>:<last year>)` of the row). */
  rows: TemplateTableCell[][];
  /**
   * The totals row, cell for cell, or null when the table shows none: a label (`I alt`), a total as Excel's
   * totals-row function writes it (`=SUBTOTAL(109,Udgifter[2014])`, the function `sum`), or empty (`""`).
   */
  totals: TemplateTableCell[] | null;
  style: TemplateTableStyle;
  /** Whether every column shows its filter button. */
  filterButtons: boolean;
}

/** A validation operator, in OOXML's (and exceljs') words; Office.js spells them `Between`, `GreaterThanOrEqualTo`. */
export type ValidationOperator = "between" | "greaterThanOrEqual";

/**
 * A native data-validation rule:
 * - `list` from a range (`Lister!$A$2:$A$8`; exceljs `formulae: [range]`, Office.js `list.source: "=" + range`) or from
 *   values (`["Ja", "Nej"]`; exceljs `formulae: ['"Ja,Nej"']`, Office.js `list.source: "Ja,Nej"`), with an in-cell drop-down;
 * - `decimal` or `whole` (Office.js `wholeNumber`) against `min` (and `max` for `between`).
 */
export type ValidationRule =
  | { type: "list"; range: string }
  | { type: "list"; values: string[] }
  | { type: "decimal" | "whole"; operator: "greaterThanOrEqual"; min: number }
  | { type: "decimal" | "whole"; operator: "between"; min: number; max: number };

/** Native validation of a range on its sheet. Example: `{ range: "D4:G13", rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 }, allowBlank: true, error }`. */
export interface TemplateValidation {
  /** A1 range on the sheet (`D4:G13`, or one cell `B9`). */
  range: string;
  rule: ValidationRule;
  /** Whether an empty cell passes (Office.js `ignoreBlanks`). */
  allowBlank: boolean;
  /** The stop alert shown for a value the rule refuses. */
  error: { title: string; message: string };
}

/** One sheet of the template. */
export interface TemplateSheet {
  name: string;
  visibility: "visible" | "hidden";
  /** Protected without a password (the user may lift it; it guards against slips, not people). */
  protected: boolean;
  /** Column widths by column letters, in characters of the default font (Excel's column width). Example: `{ A: 34, B: 60 }`. */
  columnWidths: Record<string, number>;
  /** Frozen panes: the rows (and columns) that stay in view, or null. Example: `{ rows: 3, columns: 0 }`. */
  freeze: { rows: number; columns: number } | null;
  /** Cells outside the tables: titles, captions, the overview, the notes, the lists. */
  cells: TemplateCell[];
  tables: TemplateTable[];
  validations: TemplateValidation[];
}

/** A whole workbook as data: its sheets in tab order, the first one active. */
export interface WorkbookTemplate {
  sheets: TemplateSheet[];
  /** The formulas carry no results: the workbook asks Excel (and LibreOffice) to compute everything on opening. */
  recalculateOnLoad: boolean;
}

/** The number formats of the template: kroner with two decimals, and shares in percent. */
export const templateFormats = { amount: "#,##0.00", percent: "0.00%" } as const;

const TABLE_STYLE: TemplateTableStyle = { name: "TableStyleMedium2", showRowStripes: true };
const TITLE_FONT: TemplateFont = { bold: true, size: 14 };
const CAPTION_FONT: TemplateFont = { bold: true, size: 12 };
const MUNICIPAL_SOURCES: readonly Source[] = ["kommunePulje", "kommuneOevrig"];
const FROZEN_HEADER = { rows: layout.placement.headerRow, columns: 0 };

/** A table of the grids by its layout name (planToGrid always makes all three). */
function gridTable(grids: Grids, name: string): TableGrid {
  const table = grids.tables.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`planToGrid made no table ${name}`);
  return table;
}

const origin = (table: TableGrid): CellPosition => parseA1(table.topLeft) ?? { row: 1, column: 1 };
/** The sheet address of a grid cell (grid row 0 is the header). */
const a1In = (table: TableGrid, gridRow: number, gridColumn: number) =>
  formatA1({ row: origin(table).row + gridRow, column: origin(table).column + gridColumn });
/** A range of grid cells. */
const rangeIn = (table: TableGrid, from: [number, number], to: [number, number]) =>
  `${a1In(table, ...from)}:${a1In(table, ...to)}`;
const titleCell = (text: string): TemplateCell => ({
  address: formatA1({ row: layout.placement.titleRow, column: layout.placement.firstColumn }),
  value: text,
  font: TITLE_FONT,
});
/** A string inside an Excel formula. Example: `formulaText('Kommunen "A"') === '"Kommunen ""A"""'`. */
const formulaText = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** The table of a grid: header, data rows (with `cell` choosing each cell's content and look), and totals row. */
function tableOf(
  table: TableGrid,
  cell: (gridRow: number, gridColumn: number, value: CellValue) => TemplateTableCell,
): TemplateTable {
  const [header = [], ...rest] = table.values;
  const body = table.totalsRow ? rest.slice(0, -1) : rest;
  const last = table.values.length - 1;
  return {
    name: table.name,
    range: rangeIn(table, [0, 0], [last, header.length - 1]),
    columns: header.map(String),
    rows: body.map((row, index) => row.map((value, column) => cell(index + 1, column, value))),
    totals: table.totalsRow ? (table.values[last] ?? []).map((value, column) => cell(last, column, value)) : null,
    style: TABLE_STYLE,
    filterButtons: true,
  };
}

/** The lists the list validations offer, one column each on the hidden `Lister` sheet, in this order. */
type Lists = Labels;
type ListKey = keyof Lists;

function listValidation(range: string, what: LabelSet): Omit<TemplateValidation, "range"> {
  return {
    rule: { type: "list", range },
    allowBlank: true,
    error: { title: `Ukendt ${what.noun}`, message: `Vælg ${what.article} ${what.noun} fra listen.` },
  };
}

/** Each list's validation (without its range), pointing at its names on `Lister`. */
function listRules(lists: Lists): Record<ListKey, Omit<TemplateValidation, "range">> {
  const rules = {} as Record<ListKey, Omit<TemplateValidation, "range">>;
  (Object.entries(lists) as [ListKey, LabelSet][]).forEach(([key, list], index) => {
    const letters = columnLetters(index + 1);
    const names = `$${letters}$2:$${letters}$${Math.max(2, list.names.length + 1)}`;
    rules[key] = listValidation(sheetAddress(layout.sheets.lists, names), list);
  });
  return rules;
}

const yesNoRule: Omit<TemplateValidation, "range"> = {
  rule: { type: "list", values: [layout.yes, layout.no] },
  allowBlank: true,
  error: { title: "Ja eller Nej", message: `Skriv ${layout.yes} eller ${layout.no}.` },
};
const amountRule: Omit<TemplateValidation, "range"> = {
  rule: { type: "decimal", operator: "greaterThanOrEqual", min: 0 },
  allowBlank: true,
  error: { title: "Beløb", message: "Skriv et beløb i kroner på 0,00 eller mere, med højst to decimaler." },
};
const yearRule: Omit<TemplateValidation, "range"> = {
  rule: { type: "whole", operator: "between", min: 1900, max: 2999 },
  allowBlank: true,
  error: { title: "Årstal", message: "Skriv et årstal med fire cifre, fx 2014." },
};

function listsSheet(lists: Lists): TemplateSheet {
  const cells: TemplateCell[] = [];
  const columnWidths: Record<string, number> = {};
  (Object.values(lists) as LabelSet[]).forEach((list, index) => {
    const letters = columnLetters(index + 1);
    cells.push({ address: `${letters}1`, value: list.noun.charAt(0).toUpperCase() + list.noun.slice(1) });
    list.names.forEach((name, row) => cells.push({ address: `${letters}${row + 2}`, value: name }));
    columnWidths[letters] = 40;
  });
  return {
    name: layout.sheets.lists,
    visibility: "hidden",
    protected: false,
    columnWidths,
    freeze: null,
    cells,
    tables: [],
    validations: [],
  };
}

function planSheet(stamdata: TableGrid, lists: Record<ListKey, Omit<TemplateValidation, "range">>): TemplateSheet {
  const rules: Partial<Record<StamdataKind, Omit<TemplateValidation, "range">>> = {
    "yes-no": yesNoRule,
    year: yearRule,
    district: lists.districts,
    pool: lists.pools,
  };
  // Neighbouring fields with the same rule share one range (Udsat boligområde and Samarbejdsaftale, Startår and Slutår).
  const runs: { first: number; last: number; rule: Omit<TemplateValidation, "range"> }[] = [];
  layout.stamdataFields.forEach((field, index) => {
    const rule = rules[field.kind];
    if (!rule) return;
    const run = runs.at(-1);
    if (run && run.rule === rule && run.last === index) run.last = index + 1;
    else runs.push({ first: index + 1, last: index + 1, rule });
  });
  const validations = runs.map(({ first, last, rule }) => ({
    range: first === last ? a1In(stamdata, first, 1) : rangeIn(stamdata, [first, 1], [last, 1]),
    ...rule,
  }));
  const table = tableOf(stamdata, (gridRow, gridColumn, value) =>
    gridColumn === 1
      ? {
          value,
          alignment:
            layout.stamdataFields[gridRow - 1]?.kind === "lines"
              ? { vertical: "top", wrapText: true }
              : { vertical: "top" },
        }
      : { value },
  );
  return {
    name: layout.sheets.plan,
    visibility: "visible",
    protected: false,
    columnWidths: { A: 34, B: 60 },
    freeze: FROZEN_HEADER,
    cells: [titleCell("Boligsocial helhedsplan – stamdata")],
    tables: [table],
    validations,
  };
}

/** A budget table: `I alt` of each row as the SUM of its year cells, SUBTOTAL sums in the totals row, amounts as kroner; and its amount validation. */
function budgetTable(
  table: TableGrid,
  labelColumns: number,
): { table: TemplateTable; validations: TemplateValidation[] } {
  const header = table.values[0] ?? [];
  const yearCount = header.length - labelColumns - 1;
  const firstYear = labelColumns;
  const totalColumn = header.length - 1;
  const totalsRow = table.totalsRow ? table.values.length - 1 : -1;
  const lastDataRow = table.values.length - (table.totalsRow ? 2 : 1);
  const templateTable = tableOf(table, (gridRow, gridColumn, value): TemplateTableCell => {
    if (gridColumn < firstYear) return { value };
    const numberFormat = templateFormats.amount;
    if (gridRow === totalsRow)
      return { formula: `=SUBTOTAL(109,${table.name}[${String(header[gridColumn])}])`, numberFormat };
    if (gridColumn !== totalColumn) return { value, numberFormat };
    // A reversed period with no amounts has no year columns, and its lines total 0.
    if (yearCount === 0) return { value: 0, numberFormat };
    return { formula: `=SUM(${rangeIn(table, [gridRow, firstYear], [gridRow, totalColumn - 1])})`, numberFormat };
  });
  const validations =
    yearCount > 0 ? [{ range: rangeIn(table, [1, firstYear], [lastDataRow, totalColumn - 1]), ...amountRule }] : [];
  return { table: templateTable, validations };
}

/** The data cells of one table column, as a range. */
const columnRange = (table: TableGrid, gridColumn: number) =>
  rangeIn(table, [1, gridColumn], [table.values.length - (table.totalsRow ? 2 : 1), gridColumn]);

function budgetSheet(
  expenses: TableGrid,
  financing: TableGrid,
  lists: Record<ListKey, Omit<TemplateValidation, "range">>,
): TemplateSheet {
  const expensesTable = budgetTable(expenses, 3);
  const financingTable = budgetTable(financing, 1);
  const totalColumn = (expenses.values[0]?.length ?? 1) - 1;
  const widths = [38, 16, 36];
  const columnWidths: Record<string, number> = {};
  for (let column = 0; column <= totalColumn; column++)
    columnWidths[columnLetters(origin(expenses).column + column)] =
      column === totalColumn ? 18 : (widths[column] ?? 16);
  return {
    name: layout.sheets.budget,
    visibility: "visible",
    protected: false,
    columnWidths,
    freeze: FROZEN_HEADER,
    cells: [
      titleCell("Budget (kr.)"),
      { address: a1In(financing, -1, 0), value: layout.tables.financing.name, font: CAPTION_FONT },
    ],
    tables: [expensesTable.table, financingTable.table],
    validations: [
      ...expensesTable.validations,
      { range: columnRange(expenses, 0), ...lists.focusAreas },
      { range: columnRange(expenses, 1), ...lists.categories },
      ...financingTable.validations,
      { range: columnRange(financing, 0), ...lists.sources },
    ],
  };
}

/** The `Overblik` sheet: formulas over the other sheets where Excel can compute the figure, values from the options otherwise. */
function overviewSheet(
  grids: Grids,
  reference: Reference,
  values: { poolAvailableOre?: number; lastSync?: string; findingsCount?: number },
): TemplateSheet {
  const stamdata = gridTable(grids, layout.tables.stamdata.name);
  const expenses = gridTable(grids, layout.tables.expenses.name);
  const financing = gridTable(grids, layout.tables.financing.name);
  const fieldCell = (key: string) =>
    sheetAddress(
      layout.sheets.plan,
      a1In(stamdata, layout.stamdataFields.findIndex((field) => field.key === key) + 1, 1),
    );
  const totalOf = (table: TableGrid) =>
    sheetAddress(layout.sheets.budget, a1In(table, table.values.length - 1, (table.values[0]?.length ?? 1) - 1));
  const sourceNames = (ids: readonly Source[]) =>
    reference.sources.filter((source) => ids.includes(source.id)).map((source) => source.name);
  const { source, total } = layout.columns.financing;
  const sumOfSources = (names: string[]) =>
    names.length === 0
      ? "0"
      : names
          .map((name) => `SUMIF(${financing.name}[${source}],${formulaText(name)},${financing.name}[${total}])`)
          .join("+");
  const at = (key: OverviewKey) => overviewCell(key);
  const capBasisPoints = reference.ruleProfile.municipalCapBasisPoints;
  const { amount, percent } = templateFormats;

  const figures: Record<OverviewKey, TemplateContent & { numberFormat?: string }> = {
    name: { formula: `=IF(${fieldCell("name")}="","",${fieldCell("name")})` },
    period: { formula: `=${fieldCell("periodStart")}&"–"&${fieldCell("periodEnd")}` },
    frame: { formula: `=${totalOf(expenses)}`, numberFormat: amount },
    financing: { formula: `=${totalOf(financing)}`, numberFormat: amount },
    municipal: { formula: `=${sumOfSources(sourceNames(MUNICIPAL_SOURCES))}`, numberFormat: amount },
    municipalShare: { formula: `=IF(${at("frame")}=0,0,${at("municipal")}/${at("frame")})`, numberFormat: percent },
    // A share, not money: the cap in basis points as the fraction a percent format shows.
    cap: { value: capBasisPoints / 10_000, numberFormat: percent },
    withinCap: {
      formula: `=IF(${at("municipal")}*10000<=${at("frame")}*${capBasisPoints},${formulaText(layout.yes)},${formulaText(layout.no)})`,
    },
    pool: { formula: `=${sumOfSources(sourceNames(["kommunePulje"]))}`, numberFormat: amount },
    poolAvailable: {
      value:
        values.poolAvailableOre === undefined ? "Udfyldes ved synkronisering" : kronerCell(values.poolAvailableOre),
      numberFormat: amount,
    },
    lastSync: { value: values.lastSync ?? "Aldrig" },
    findings: { value: values.findingsCount ?? "" },
  };
  const cells: TemplateCell[] = [titleCell("Overblik")];
  for (const entry of layout.overview) {
    cells.push({ address: overviewCell(entry.key, "A"), value: entry.label });
    cells.push({ address: at(entry.key), ...figures[entry.key], alignment: { horizontal: "right" } });
  }
  cells.push({
    address: `A${layout.placement.headerRow + layout.overview.length + 1}`,
    value: "Arket er skrivebeskyttet uden adgangskode; tallene beregnes af arkene Plan og Budget.",
    font: { italic: true },
  });
  return {
    name: layout.sheets.overview,
    visibility: "visible",
    protected: true,
    columnWidths: { A: 42, B: 30 },
    freeze: null,
    cells,
    tables: [],
    validations: [],
  };
}

/** The `Mål` sheet: the `Maal` table, a focus-area list on Indsatsområde, the texts wrapped. */
function goalsSheet(maal: TableGrid, lists: Record<ListKey, Omit<TemplateValidation, "range">>): TemplateSheet {
  const wrapped: TemplateAlignment = { vertical: "top", wrapText: true };
  const table = tableOf(maal, (_gridRow, gridColumn, value) =>
    gridColumn >= 2 ? { value, alignment: wrapped } : { value, alignment: { vertical: "top" } },
  );
  return {
    name: layout.sheets.goals,
    visibility: "visible",
    protected: false,
    columnWidths: { A: 12, B: 38, C: 60, D: 60 },
    freeze: FROZEN_HEADER,
    cells: [titleCell("Mål og succeskriterier (succeskriterier ét pr. linje)")],
    tables: [table],
    validations: [{ range: columnRange(maal, 1), ...lists.focusAreas }],
  };
}

/** A table of one year's amounts (`Forbrug`, `Modtaget`): label columns, the year's amounts as kroner, a SUBTOTAL in the totals row. */
function yearAmountTable(
  table: TableGrid,
  labelColumns: number,
): { table: TemplateTable; validation: TemplateValidation } {
  const header = table.values[0] ?? [];
  const totalsRow = table.values.length - 1;
  const templateTable = tableOf(table, (gridRow, gridColumn, value): TemplateTableCell => {
    if (gridColumn < labelColumns) return { value };
    const numberFormat = templateFormats.amount;
    if (gridRow === totalsRow)
      return { formula: `=SUBTOTAL(109,${table.name}[${String(header[gridColumn])}])`, numberFormat };
    return { value, numberFormat };
  });
  return { table: templateTable, validation: { range: columnRange(table, labelColumns), ...amountRule } };
}

const statusRule: Omit<TemplateValidation, "range"> = {
  rule: { type: "list", values: layout.goalStatuses.map((status) => status.name) },
  allowBlank: true,
  error: {
    title: "Ukendt status",
    message: `Vælg ${layout.goalStatuses.map((status) => status.name).join(", ")}.`,
  },
};

/** The `Regnskab` sheet: `Forbrug`, `Modtaget` (each with a caption) and `Maalopfyldelse` with a status list. */
function accountsSheet(grids: Grids, lists: Record<ListKey, Omit<TemplateValidation, "range">>): TemplateSheet {
  const spending = gridTable(grids, layout.tables.spending.name);
  const received = gridTable(grids, layout.tables.received.name);
  const statuses = gridTable(grids, layout.tables.goalStatus.name);
  const spendingTable = yearAmountTable(spending, 3);
  const receivedTable = yearAmountTable(received, 1);
  const wrapped: TemplateAlignment = { vertical: "top", wrapText: true };
  const statusTable = tableOf(statuses, (_gridRow, gridColumn, value) =>
    gridColumn === 1 || gridColumn === 3 ? { value, alignment: wrapped } : { value, alignment: { vertical: "top" } },
  );
  const caption = (table: TableGrid): TemplateCell => ({
    address: a1In(table, -1, 0),
    value: table.name,
    font: CAPTION_FONT,
  });
  return {
    name: layout.sheets.accounts,
    visibility: "visible",
    protected: false,
    columnWidths: { A: 38, B: 40, C: 36, D: 40 },
    freeze: FROZEN_HEADER,
    cells: [titleCell("Regnskab – årlig redegørelse (kr.)"), caption(received), caption(statuses)],
    tables: [spendingTable.table, receivedTable.table, statusTable],
    validations: [
      spendingTable.validation,
      { range: columnRange(spending, 0), ...lists.focusAreas },
      { range: columnRange(spending, 1), ...lists.categories },
      receivedTable.validation,
      { range: columnRange(received, 0), ...lists.sources },
      { range: columnRange(statuses, 2), ...statusRule },
    ],
  };
}

/**
 * The template as data: a workbook for `plan` (its period), or a blank template (the next four calendar years, one empty
 * expense line, one row per source) when `plan` is absent. Cell values are `planToGrid`'s/`blankGrid`'s, the `Pulje` cell
 * shows the pool's name from `options.pools` (default `defaultPools`) and offers their names as a list.
 * With `options.goals` the `Mål` sheet follows, with `options.report` the `Regnskab` sheet (the default sheets stay first, in order).
 * Example: `templateOf(demoPlan).sheets.map((sheet) => sheet.name)` → `["Plan", "Budget", "Overblik", "Lister"]`;
 * `templateOf(plan, { goals, report })` → `[…, "Lister", "Mål", "Regnskab"]`.
 */
export function templateOf(plan?: PlanInput, options: TemplateOptions = {}): WorkbookTemplate {
  const reference = options.reference ?? defaultReference;
  const gridOptions = options.pools === undefined ? {} : { pools: options.pools };
  const grids = plan
    ? planToGrid(plan, reference, { planId: options.planId ?? null, version: options.version ?? null, ...gridOptions })
    : blankGrid(reference, options.firstYear === undefined ? {} : { firstYear: options.firstYear });
  const lists = labelsOf(reference, options.pools);
  const rules = listRules(lists);
  return {
    sheets: [
      planSheet(gridTable(grids, layout.tables.stamdata.name), rules),
      budgetSheet(gridTable(grids, layout.tables.expenses.name), gridTable(grids, layout.tables.financing.name), rules),
      overviewSheet(grids, reference, {
        ...(options.poolAvailableOre === undefined ? {} : { poolAvailableOre: options.poolAvailableOre }),
        ...(options.lastSync === undefined ? {} : { lastSync: options.lastSync }),
        ...(plan || options.findingsCount !== undefined
          ? { findingsCount: options.findingsCount ?? validatePlan(plan, { reference }).length }
          : {}),
      }),
      listsSheet(lists),
      ...(options.goals === undefined
        ? []
        : [goalsSheet(gridTable(goalsToGrid(options.goals, reference), layout.tables.goals.name), rules)]),
      ...(options.report === undefined
        ? []
        : [
            accountsSheet(
              reportToGrid(options.report, reference, options.goals === undefined ? {} : { goals: options.goals }),
              rules,
            ),
          ]),
    ],
    recalculateOnLoad: true,
  };
}
