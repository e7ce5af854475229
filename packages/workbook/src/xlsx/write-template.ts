// Grids → a real .xlsx: Excel table objects with filter buttons, `I alt` and totals rows as
// formulas, amounts as `#,##0.00`, native data validation, frozen headers, a protected `Overblik`.
// The cell values come from `planToGrid`/`blankGrid`, so the file and the grids never disagree.
import { defaultReference, validatePlan, type PlanInput, type Reference, type Source } from "@helhedsplan/rules";
import ExcelJS from "exceljs";
import {
  columnLetters,
  formatA1,
  parseA1,
  type CellPosition,
  type CellValue,
  type Grids,
  type TableGrid,
} from "../grid";
import { labelsOf, type LabelSet } from "../labels";
import { layout, type StamdataKind } from "../layout";
import { blankGrid, planToGrid, type PlanMeta } from "../write-grid";

/** Options of `writeTemplate`. Example: `{ planId: "p-17", version: 3, lastSync: "2014-03-01T10:00:00Z" }`. */
export interface TemplateOptions extends PlanMeta {
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
}

const AMOUNT_FORMAT = "#,##0.00";
const PERCENT_FORMAT = "0.00%";
const TABLE_STYLE = { theme: "TableStyleMedium2", showRowStripes: true } as const;
const MUNICIPAL_SOURCES: readonly Source[] = ["kommunePulje", "kommuneOevrig"];

/** A table of the grids by its layout name (planToGrid always makes all three). */
function gridTable(grids: Grids, name: string): TableGrid {
  const table = grids.tables.find((candidate) => candidate.name === name);
  if (!table) throw new Error(`planToGrid made no table ${name}`);
  return table;
}

const origin = (table: TableGrid): CellPosition => parseA1(table.topLeft) ?? { row: 1, column: 1 };
/** The sheet position of a grid cell. */
const positionIn = (table: TableGrid, gridRow: number, gridColumn: number): CellPosition => ({
  row: origin(table).row + gridRow,
  column: origin(table).column + gridColumn,
});
const a1In = (table: TableGrid, gridRow: number, gridColumn: number) =>
  formatA1(positionIn(table, gridRow, gridColumn));
/** A cell value as exceljs writes it: an empty string is an empty cell. */
const written = (value: CellValue | undefined): ExcelJS.CellValue =>
  value === undefined || value === "" ? null : value;

function title(sheet: ExcelJS.Worksheet, text: string) {
  const cell = sheet.getCell(formatA1({ row: layout.placement.titleRow, column: layout.placement.firstColumn }));
  cell.value = text;
  cell.font = { bold: true, size: 14 };
}

function freezeHeader(sheet: ExcelJS.Worksheet) {
  sheet.views = [{ state: "frozen", xSplit: 0, ySplit: layout.placement.headerRow }];
}

/** exceljs' range API for validations (missing from its typings): one rule per range, where per-cell rules get merged into overlapping ranges. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

function validate(sheet: ExcelJS.Worksheet, range: string, validation: ExcelJS.DataValidation) {
  (sheet as unknown as RangeValidations).dataValidations.add(range, validation);
}

const listFrom = (range: string, what: LabelSet): ExcelJS.DataValidation => ({
  type: "list",
  allowBlank: true,
  formulae: [range],
  showErrorMessage: true,
  errorTitle: `Ukendt ${what.noun}`,
  error: `Vælg ${what.article} ${what.noun} fra listen.`,
});
const yesNoList: ExcelJS.DataValidation = {
  type: "list",
  allowBlank: true,
  formulae: [`"${layout.yes},${layout.no}"`],
  showErrorMessage: true,
  errorTitle: "Ja eller Nej",
  error: `Skriv ${layout.yes} eller ${layout.no}.`,
};
const amountRule: ExcelJS.DataValidation = {
  type: "decimal",
  operator: "greaterThanOrEqual",
  allowBlank: true,
  formulae: [0],
  showErrorMessage: true,
  errorTitle: "Beløb",
  error: "Skriv et beløb i kroner på 0,00 eller mere, med højst to decimaler.",
};
const yearRule: ExcelJS.DataValidation = {
  type: "whole",
  operator: "between",
  allowBlank: true,
  formulae: [1900, 2999],
  showErrorMessage: true,
  errorTitle: "Årstal",
  error: "Skriv et årstal med fire cifre, fx 2014.",
};

/** The reference names the list validations offer, one column each on the hidden `Lister` sheet. */
function listsOf(reference: Reference) {
  const { focusAreas, categories, sources, districts } = labelsOf(reference);
  return { focusAreas, categories, sources, districts };
}

type ListKey = keyof ReturnType<typeof listsOf>;

/** Each list's list validation, pointing at its range on `Lister`. */
function listValidations(reference: Reference): Record<ListKey, ExcelJS.DataValidation> {
  const validations = {} as Record<ListKey, ExcelJS.DataValidation>;
  Object.entries(listsOf(reference)).forEach(([key, list], index) => {
    const letters = columnLetters(index + 1);
    validations[key as ListKey] = listFrom(
      `${layout.sheets.lists}!$${letters}$2:$${letters}$${Math.max(2, list.names.length + 1)}`,
      list,
    );
  });
  return validations;
}

function writeLists(workbook: ExcelJS.Workbook, reference: Reference) {
  const sheet = workbook.addWorksheet(layout.sheets.lists, { state: "hidden" });
  Object.values(listsOf(reference)).forEach((list, index) => {
    const column = index + 1;
    sheet.getCell(1, column).value = list.noun.charAt(0).toUpperCase() + list.noun.slice(1);
    list.names.forEach((name, row) => (sheet.getCell(row + 2, column).value = name));
    sheet.getColumn(column).width = 40;
  });
}

/** A formula cell without a cached result: Excel (and LibreOffice) compute it on opening. */
const formula = (text: string): ExcelJS.CellFormulaValue => ({ formula: text, date1904: false });

/** The totals row of a column: the label in the first column, a sum under each amount column, nothing under other labels. */
function totalsOf(index: number, firstAmountColumn: number): Partial<ExcelJS.TableColumnProperties> {
  if (index === 0) return { totalsRowLabel: layout.totalsLabel };
  return { totalsRowFunction: index >= firstAmountColumn ? "sum" : "none" };
}

/** Adds a grid as an Excel table; `cells` may replace a grid value (a formula) before it is written. */
function addTable(
  sheet: ExcelJS.Worksheet,
  table: TableGrid,
  firstAmountColumn: number,
  cells: (gridRow: number, gridColumn: number, value: CellValue) => ExcelJS.CellValue,
) {
  const [header = [], ...rest] = table.values;
  const body = table.totalsRow ? rest.slice(0, -1) : rest;
  return sheet.addTable({
    name: table.name,
    displayName: table.name,
    ref: table.topLeft,
    headerRow: true,
    totalsRow: table.totalsRow,
    style: TABLE_STYLE,
    columns: header.map((name, index) => ({
      name: String(name),
      filterButton: true,
      ...(table.totalsRow ? totalsOf(index, firstAmountColumn) : {}),
    })),
    rows: body.map((row, index) => row.map((value, column) => cells(index + 1, column, value))),
  });
}

function writePlanSheet(
  workbook: ExcelJS.Workbook,
  stamdata: TableGrid,
  lists: Record<ListKey, ExcelJS.DataValidation>,
) {
  const sheet = workbook.addWorksheet(layout.sheets.plan);
  title(sheet, "Boligsocial helhedsplan – stamdata");
  addTable(sheet, stamdata, Infinity, (_row, _column, value) => written(value));
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 60;
  const validations: Partial<Record<StamdataKind, ExcelJS.DataValidation>> = {
    "yes-no": yesNoList,
    year: yearRule,
    district: lists.districts,
  };
  layout.stamdataFields.forEach((field, index) => {
    const cell = sheet.getCell(a1In(stamdata, index + 1, 1));
    cell.alignment = { wrapText: field.kind === "lines", vertical: "top" };
    const validation = validations[field.kind];
    if (validation) validate(sheet, cell.address, validation);
  });
  freezeHeader(sheet);
}

/** Writes one budget table with `I alt` formulas per row and SUBTOTAL totals; returns its last data row and `I alt` column (grid numbers). */
function writeBudgetTable(sheet: ExcelJS.Worksheet, table: TableGrid, labelColumns: number) {
  const header = table.values[0] ?? [];
  const yearCount = header.length - labelColumns - 1;
  const firstYear = labelColumns;
  const totalColumn = header.length - 1;
  // A reversed period with no amounts has no year columns, and its lines total 0.
  const rowTotal = (gridRow: number) =>
    yearCount === 0
      ? 0
      : formula(`SUM(${a1In(table, gridRow, firstYear)}:${a1In(table, gridRow, firstYear + yearCount - 1)})`);
  addTable(sheet, table, firstYear, (gridRow, gridColumn, value) =>
    gridColumn === totalColumn ? rowTotal(gridRow) : written(value),
  );
  for (let gridRow = 1; gridRow < table.values.length; gridRow++) {
    for (let gridColumn = firstYear; gridColumn <= totalColumn; gridColumn++) {
      sheet.getCell(a1In(table, gridRow, gridColumn)).numFmt = AMOUNT_FORMAT;
    }
  }
  const lastDataRow = table.values.length - (table.totalsRow ? 2 : 1);
  if (yearCount > 0)
    validate(sheet, `${a1In(table, 1, firstYear)}:${a1In(table, lastDataRow, totalColumn - 1)}`, amountRule);
  return { lastDataRow, totalColumn };
}

/** The data cells of one table column, as a range. */
function columnRange(table: TableGrid, gridColumn: number, lastDataRow: number): string {
  return `${a1In(table, 1, gridColumn)}:${a1In(table, lastDataRow, gridColumn)}`;
}

function writeBudgetSheet(
  workbook: ExcelJS.Workbook,
  expenses: TableGrid,
  financing: TableGrid,
  lists: Record<ListKey, ExcelJS.DataValidation>,
) {
  const sheet = workbook.addWorksheet(layout.sheets.budget);
  title(sheet, "Budget (kr.)");
  const expensesWritten = writeBudgetTable(sheet, expenses, 3);
  validate(sheet, columnRange(expenses, 0, expensesWritten.lastDataRow), lists.focusAreas);
  validate(sheet, columnRange(expenses, 1, expensesWritten.lastDataRow), lists.categories);
  const caption = sheet.getCell(a1In(financing, -1, 0));
  caption.value = layout.tables.financing.name;
  caption.font = { bold: true, size: 12 };
  const financingWritten = writeBudgetTable(sheet, financing, 1);
  validate(sheet, columnRange(financing, 0, financingWritten.lastDataRow), lists.sources);
  const widths = [38, 16, 36];
  for (let column = 1; column <= expensesWritten.totalColumn + 1; column++)
    sheet.getColumn(column).width = widths[column - 1] ?? 16;
  sheet.getColumn(expensesWritten.totalColumn + 1).width = 18;
  freezeHeader(sheet);
}

/** The `Overblik` sheet: formulas over the other sheets where Excel can compute the figure, values from the options otherwise. */
function writeOverview(
  workbook: ExcelJS.Workbook,
  grids: Grids,
  reference: Reference,
  values: { poolAvailableOre?: number; lastSync?: string; findingsCount?: number },
) {
  const sheet = workbook.addWorksheet(layout.sheets.overview);
  title(sheet, "Overblik");
  const stamdata = gridTable(grids, layout.tables.stamdata.name);
  const expenses = gridTable(grids, layout.tables.expenses.name);
  const financing = gridTable(grids, layout.tables.financing.name);
  const fieldCell = (key: string) =>
    `${layout.sheets.plan}!${a1In(stamdata, layout.stamdataFields.findIndex((field) => field.key === key) + 1, 1)}`;
  const totalOf = (table: TableGrid) =>
    `${layout.sheets.budget}!${a1In(table, table.values.length - 1, (table.values[0]?.length ?? 1) - 1)}`;
  const sourceNames = (ids: readonly Source[]) =>
    reference.sources.filter((source) => ids.includes(source.id)).map((source) => source.name);
  const { source, total } = layout.columns.financing;
  const sumOfSources = (names: string[]) =>
    names.length === 0
      ? "0"
      : names.map((name) => `SUMIF(${financing.name}[${source}],"${name}",${financing.name}[${total}])`).join("+");
  const row = (key: (typeof layout.overview)[number]["key"]) =>
    layout.placement.headerRow + layout.overview.findIndex((entry) => entry.key === key);
  const at = (key: (typeof layout.overview)[number]["key"]) => `B${row(key)}`;
  const capBasisPoints = reference.ruleProfile.municipalCapBasisPoints;

  const figures: Record<(typeof layout.overview)[number]["key"], { value: ExcelJS.CellValue; numFmt?: string }> = {
    name: { value: formula(`IF(${fieldCell("name")}="","",${fieldCell("name")})`) },
    period: { value: formula(`${fieldCell("periodStart")}&"–"&${fieldCell("periodEnd")}`) },
    frame: { value: formula(totalOf(expenses)), numFmt: AMOUNT_FORMAT },
    financing: { value: formula(totalOf(financing)), numFmt: AMOUNT_FORMAT },
    municipal: { value: formula(sumOfSources(sourceNames(MUNICIPAL_SOURCES))), numFmt: AMOUNT_FORMAT },
    municipalShare: {
      value: formula(`IF(${at("frame")}=0,0,${at("municipal")}/${at("frame")})`),
      numFmt: PERCENT_FORMAT,
    },
    cap: { value: capBasisPoints / 10_000, numFmt: PERCENT_FORMAT },
    withinCap: {
      value: formula(`IF(${at("municipal")}*10000<=${at("frame")}*${capBasisPoints},"${layout.yes}","${layout.no}")`),
    },
    pool: { value: formula(sumOfSources(sourceNames(["kommunePulje"]))), numFmt: AMOUNT_FORMAT },
    poolAvailable: {
      value: values.poolAvailableOre === undefined ? "Udfyldes ved synkronisering" : values.poolAvailableOre / 100,
      numFmt: AMOUNT_FORMAT,
    },
    lastSync: { value: values.lastSync ?? "Aldrig" },
    findings: { value: values.findingsCount ?? null },
  };
  for (const entry of layout.overview) {
    sheet.getCell(`A${row(entry.key)}`).value = entry.label;
    const cell = sheet.getCell(at(entry.key));
    const figure = figures[entry.key];
    cell.value = figure.value;
    if (figure.numFmt) cell.numFmt = figure.numFmt;
    cell.alignment = { horizontal: "right" };
  }
  const note = sheet.getCell(`A${layout.placement.headerRow + layout.overview.length + 1}`);
  note.value = "Arket er skrivebeskyttet uden adgangskode; tallene beregnes af arkene Plan og Budget.";
  note.font = { italic: true };
  sheet.getColumn(1).width = 42;
  sheet.getColumn(2).width = 30;
  return sheet;
}

/**
 * A real .xlsx workbook for `plan` (its period), or a blank template (the next four calendar years, one empty
 * expense line, one row per source) when `plan` is absent.
 * Example: `await writeFile("helhedsplan.xlsx", await writeTemplate(demoPlan))`.
 */
export async function writeTemplate(plan?: PlanInput, options: TemplateOptions = {}): Promise<Buffer> {
  const reference = options.reference ?? defaultReference;
  const grids = plan
    ? planToGrid(plan, reference, { planId: options.planId ?? null, version: options.version ?? null })
    : blankGrid(reference, options.firstYear === undefined ? {} : { firstYear: options.firstYear });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "helhedsplan";
  workbook.calcProperties.fullCalcOnLoad = true;

  const lists = listValidations(reference);
  writePlanSheet(workbook, gridTable(grids, layout.tables.stamdata.name), lists);
  writeBudgetSheet(
    workbook,
    gridTable(grids, layout.tables.expenses.name),
    gridTable(grids, layout.tables.financing.name),
    lists,
  );
  const overview = writeOverview(workbook, grids, reference, {
    ...(options.poolAvailableOre === undefined ? {} : { poolAvailableOre: options.poolAvailableOre }),
    ...(options.lastSync === undefined ? {} : { lastSync: options.lastSync }),
    ...(plan || options.findingsCount !== undefined
      ? { findingsCount: options.findingsCount ?? validatePlan(plan, { reference }).length }
      : {}),
  });
  await overview.protect("", {});
  writeLists(workbook, reference);
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
