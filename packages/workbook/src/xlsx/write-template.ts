// The template's data (`templateOf`) → a real .xlsx, rendered with exceljs: Excel table objects with
// filter buttons, formulas, number formats, native data validation, frozen headers, a protected
// `Overblik`. Everything the workbook holds is decided in `../template.ts`; this only renders it.
import type { PlanInput } from "@helhedsplan/rules";
import ExcelJS from "exceljs";
import { parseRange } from "../grid";
import {
  templateOf,
  type TemplateAlignment,
  type TemplateCell,
  type TemplateOptions,
  type TemplateSheet,
  type TemplateTable,
  type TemplateTableCell,
  type TemplateValidation,
  type WorkbookTemplate,
} from "../template";

export type { TemplateOptions } from "../template";

/** exceljs' range API for validations (missing from its typings): one rule per range, where per-cell rules get merged into overlapping ranges. */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

/** A formula as exceljs takes it: Excel's formula text without its `=`, and no cached result (computed on opening). */
const formulaValue = (formula: string): ExcelJS.CellFormulaValue => ({
  formula: formula.startsWith("=") ? formula.slice(1) : formula,
  date1904: false,
});

/** A cell's content as exceljs writes it: an empty string is an empty cell. */
function contentOf(cell: TemplateTableCell): ExcelJS.CellValue {
  if ("formula" in cell) return formulaValue(cell.formula);
  return cell.value === "" ? null : cell.value;
}

function alignmentOf(alignment: TemplateAlignment): Partial<ExcelJS.Alignment> {
  const { vertical, ...rest } = alignment;
  return vertical === undefined ? rest : { ...rest, vertical: vertical === "center" ? "middle" : vertical };
}

function styleCell(cell: ExcelJS.Cell, style: TemplateTableCell) {
  if (style.numberFormat !== undefined) cell.numFmt = style.numberFormat;
  if (style.font !== undefined) cell.font = style.font;
  if (style.alignment !== undefined) cell.alignment = alignmentOf(style.alignment);
}

function validationOf(validation: TemplateValidation): ExcelJS.DataValidation {
  const { rule } = validation;
  const alert = {
    allowBlank: validation.allowBlank,
    showErrorMessage: true,
    errorTitle: validation.error.title,
    error: validation.error.message,
  };
  if (rule.type === "list")
    return { type: "list", formulae: ["range" in rule ? rule.range : `"${rule.values.join(",")}"`], ...alert };
  if (rule.operator === "between")
    return { type: rule.type, operator: rule.operator, formulae: [rule.min, rule.max], ...alert };
  return { type: rule.type, operator: rule.operator, formulae: [rule.min], ...alert };
}

/** The totals-row entry of a column as exceljs writes it: a label, Excel's `sum` for a SUBTOTAL(109) of the column, or a formula of its own. */
function totalsOf(table: TemplateTable, column: number): Partial<ExcelJS.TableColumnProperties> {
  const cell = table.totals?.[column];
  if (!cell) return {};
  if (!("formula" in cell))
    return cell.value === "" ? { totalsRowFunction: "none" } : { totalsRowLabel: String(cell.value) };
  const name = table.columns[column] ?? "";
  if (cell.formula === `=SUBTOTAL(109,${table.name}[${name}])`) return { totalsRowFunction: "sum" };
  return { totalsRowFunction: "custom", totalsRowFormula: formulaValue(cell.formula).formula };
}

function addTable(sheet: ExcelJS.Worksheet, table: TemplateTable) {
  const range = parseRange(table.range);
  if (!range) throw new Error(`The table ${table.name} has no range: ${table.range}`);
  sheet.addTable({
    name: table.name,
    displayName: table.name,
    ref: table.range.split(":")[0] ?? "",
    headerRow: true,
    totalsRow: table.totals !== null,
    style: {
      theme: table.style.name as NonNullable<ExcelJS.TableStyleProperties["theme"]>,
      showRowStripes: table.style.showRowStripes,
    },
    columns: table.columns.map((name, column) => ({
      name,
      filterButton: table.filterButtons,
      ...totalsOf(table, column),
    })),
    rows: table.rows.map((row) => row.map(contentOf)),
  });
  // Styles after the table: exceljs writes the table's cells when it is added.
  const styled = [...table.rows, ...(table.totals ? [table.totals] : [])];
  styled.forEach((row, index) =>
    row.forEach((cell, column) => {
      if (cell.numberFormat !== undefined || cell.font !== undefined || cell.alignment !== undefined)
        styleCell(sheet.getCell(range.from.row + 1 + index, range.from.column + column), cell);
    }),
  );
}

function writeCell(sheet: ExcelJS.Worksheet, cell: TemplateCell) {
  const target = sheet.getCell(cell.address);
  target.value = contentOf(cell);
  styleCell(target, cell);
}

async function renderSheet(workbook: ExcelJS.Workbook, template: TemplateSheet) {
  const sheet = workbook.addWorksheet(template.name, { state: template.visibility });
  for (const cell of template.cells) writeCell(sheet, cell);
  for (const table of template.tables) addTable(sheet, table);
  for (const validation of template.validations)
    (sheet as unknown as RangeValidations).dataValidations.add(validation.range, validationOf(validation));
  for (const [letters, width] of Object.entries(template.columnWidths)) sheet.getColumn(letters).width = width;
  if (template.freeze)
    sheet.views = [{ state: "frozen", xSplit: template.freeze.columns, ySplit: template.freeze.rows }];
  if (template.protected) await sheet.protect("", {});
}

/**
 * Renders the template's data as an .xlsx with exceljs.
 * Example: `await renderTemplate(templateOf(demoPlan, { pools }))`.
 */
export async function renderTemplate(template: WorkbookTemplate): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "helhedsplan";
  workbook.calcProperties.fullCalcOnLoad = template.recalculateOnLoad;
  for (const sheet of template.sheets) await renderSheet(workbook, sheet);
  workbook.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: "visible" }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A real .xlsx workbook for `plan` (its period), or a blank template (the next four calendar years, one empty
 * expense line, one row per source) when `plan` is absent: `templateOf(plan, options)` rendered with exceljs.
 * Example: `await writeFile("helhedsplan.xlsx", await writeTemplate(demoPlan, { pools }))`.
 */
export async function writeTemplate(plan?: PlanInput, options: TemplateOptions = {}): Promise<Buffer> {
  return renderTemplate(templateOf(plan, options));
}
