// The test host's in-memory workbook: sheets of cells (values, formulas, the user's formats), Excel tables, workbook
// names, data validations and conditional formats, with a real formula engine. Pure TypeScript: no DOM, no Office.js.
// The Office.js facade and the page's grid both work on it; Excel's rules about who may do what live in the facade.
import type { WorkbookTemplate, TemplateCell, TemplateTableCell, TemplateValidation } from "@helhedsplan/workbook";
import {
  MAX_COLUMNS,
  MAX_ROWS,
  cellsOf,
  columnIndex,
  containsCell,
  intersects,
  parseCell,
  parseRange,
  parseRect,
  sheetAddress,
  splitSheet,
  subtract,
  type Position,
  type Rect,
} from "./a1";
import { normalizeColor } from "./colors";
import {
  ERROR_VALUES,
  FormulaEngine,
  isVolatile,
  dropSheetFromFormula,
  renameSheetInFormula,
  rewriteStructuredReferences,
  shiftFormula,
  type CellValue,
  type Reference,
  type TableGeometry,
} from "./formula-engine";

export type { CellValue } from "./formula-engine";

export type Visibility = "Visible" | "Hidden" | "VeryHidden";

/** A cell's font, as far as it differs from the workbook's default (Calibri 11, black). */
export interface Font {
  bold?: boolean;
  italic?: boolean;
  size?: number;
  color?: string;
}

/** A cell as the model keeps it. */
export interface Cell {
  /** The constant a user or the API entered (`""` is none); unused while `formula` is set. */
  input: CellValue;
  /** Formula text with its `=`. */
  formula?: string;
  /** The value shown: the input, or the formula's result. */
  value: CellValue;
  numberFormat?: string;
  /** The cell's own fill ("#RRGGBB"); none when absent. */
  fill?: string;
  font?: Font;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
}

export interface Sheet {
  /** Excel's worksheet id, a GUID in braces. */
  id: string;
  name: string;
  visibility: Visibility;
  protected: boolean;
  cells: Map<number, Cell>;
  /** Column widths in points, by 0-based column. */
  columnWidths: Map<number, number>;
  frozenRows: number;
  frozenColumns: number;
}

/** An Excel table: a header row, a data body and, when shown, a totals row right below it. */
export interface Table {
  name: string;
  sheetId: string;
  /** The header row and first column (0-based). */
  row: number;
  column: number;
  columns: number;
  bodyRows: number;
  showTotals: boolean;
  style: string;
  showBandedRows: boolean;
}

/** A workbook name: `Flags` → `=Flags!$A$1:$H$9`. */
export interface NamedItem {
  name: string;
  formula: string;
}

/** A data-validation rule in Office.js' shape (`{ list: { inCellDropDown, source } }`, `{ decimal: { formula1, operator } }`, …). */
export type ValidationRule = Record<string, unknown>;

export interface Validation {
  sheetId: string;
  rect: Rect;
  rule: ValidationRule;
  ignoreBlanks: boolean;
  errorAlert: { showAlert: boolean; style: string; title: string; message: string } | null;
}

/** A custom conditional format: its formula is read relative to `anchor`, the top-left cell of the range it was added to. */
export interface ConditionalFormat {
  id: number;
  sheetId: string;
  anchor: Position;
  areas: Rect[];
  formula: string;
  fill: string | null;
  fontColor: string | null;
}

/** A cell a conditional format colours. */
export interface Mark {
  sheet: string;
  row: number;
  column: number;
  fill: string | null;
  fontColor: string | null;
}

/** The cells a user or the API enters: a constant, or a formula. */
export type CellInput = { value: CellValue } | { formula: string };

export const DEFAULT_FILL = "#FFFFFF";
export const DEFAULT_FONT = { name: "Calibri", size: 11, color: "#000000" } as const;
/** Excel's standard column width, 8.43 characters: 64 pixels, 48 points. */
export const DEFAULT_COLUMN_WIDTH = 48;

/** A width in Excel's characters (as the template gives it) in points. Example: `8.43` → 48. */
export function charactersToPoints(characters: number): number {
  return Math.round(characters * 7 + 5) * 0.75;
}

const key = (row: number, column: number) => row * MAX_COLUMNS + column;
const positionOf = (cellKey: number): Position => ({
  row: Math.floor(cellKey / MAX_COLUMNS),
  column: cellKey % MAX_COLUMNS,
});

const INVALID_SHEET_CHARACTERS = /[:\\/?*[\]]/;

/** Why a sheet name is not one Excel accepts, or null. */
export function sheetNameProblem(name: string): string | null {
  if (name.trim() === "") return "Et arknavn kan ikke være tomt.";
  if (name.length > 31) return "Et arknavn kan højst have 31 tegn.";
  if (INVALID_SHEET_CHARACTERS.test(name)) return "Et arknavn kan ikke indeholde : \\ / ? * [ ].";
  if (name.startsWith("'") || name.endsWith("'")) return "Et arknavn kan ikke begynde eller slutte med '.";
  if (name.toLowerCase() === "history") return "Arknavnet History er reserveret.";
  return null;
}

/** Why a table or workbook name is not one Excel accepts, or null. */
export function definedNameProblem(name: string): string | null {
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) return `"${name}" er ikke et gyldigt navn.`;
  if (name.length > 255) return "Et navn kan højst have 255 tegn.";
  if (/^[A-Za-z]{1,3}[0-9]+$/.test(name) && parseCell(name)) return `"${name}" ligner en celle.`;
  if (/^(r|c|rc)$/i.test(name) || /^R[0-9]*C[0-9]*$/i.test(name)) return `"${name}" ligner en R1C1-reference.`;
  return null;
}

/**
 * A typed string as Excel stores it. `locale: "da"` reads what a user types in Danish Excel (`1.234,50` → 1234.5,
 * `12,5%` → 0.125, `SAND` → true, `'123` → the text "123"); `"api"` reads what `Range.values` is set to
 * (`123.5` → 123.5, `TRUE` → true). A leading `=` makes a formula; `""` is empty. Other text stays text.
 */
export function typedInput(input: CellValue | null, locale: "da" | "api"): CellInput {
  if (input === null) return { value: "" };
  if (typeof input !== "string") return { value: input };
  if (input.length > 1 && input.startsWith("=")) return { formula: input };
  if (locale === "da") {
    if (input.startsWith("'")) return { value: input.slice(1) };
    const text = input.trim();
    const percent = /^([+-]?[0-9.,]+)\s?%$/.exec(text);
    const number = danishNumber(percent ? (percent[1] ?? "") : text);
    if (number !== null) return { value: percent ? number / 100 : number };
    if (/^sand$/i.test(text)) return { value: true };
    if (/^falsk$/i.test(text)) return { value: false };
    return { value: input };
  }
  const text = input.trim();
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) return { value: Number(text) };
  if (/^true$/i.test(text)) return { value: true };
  if (/^false$/i.test(text)) return { value: false };
  return { value: input };
}

function danishNumber(text: string): number | null {
  if (!/^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$/.test(text)) return null;
  return Number(text.replaceAll(".", "").replace(",", "."));
}

/** The Office.js rule of a template validation: `{ list: { inCellDropDown: true, source: "=Lister!$A$2:$A$8" } }`, … */
export function officeRule(rule: TemplateValidation["rule"]): ValidationRule {
  if (rule.type === "list")
    return {
      list: { inCellDropDown: true, source: "range" in rule ? `=${rule.range}` : rule.values.join(",") },
    };
  const kind = rule.type === "whole" ? "wholeNumber" : "decimal";
  if (rule.operator === "between") return { [kind]: { formula1: rule.min, formula2: rule.max, operator: "Between" } };
  return { [kind]: { formula1: rule.min, operator: "GreaterThanOrEqualTo" } };
}

interface FormulaState {
  sheet: Sheet;
  row: number;
  column: number;
  references: Reference[];
  volatile: boolean;
}

/** The in-memory workbook. */
export class Workbook {
  readonly sheets: Sheet[] = [];
  readonly tables: Table[] = [];
  readonly names = new Map<string, NamedItem>();
  readonly validations: Validation[] = [];
  /** Highest priority first: Office.js adds a conditional format at the top. */
  readonly conditionalFormats: ConditionalFormat[] = [];
  activeSheetId = "";
  selection: { sheetId: string; rect: Rect } | null = null;
  /** Counts every change, for views that redraw. */
  version = 0;

  private nextSheetNumber = 1;
  private nextConditionalFormat = 1;
  private readonly listeners = new Set<() => void>();

  // Recalculation: every formula cell's last reads; the cells changed since; whether the structure changed.
  private readonly engine: FormulaEngine;
  /** Per sheet, its formula cells by cell key. */
  private readonly formulas = new Map<Sheet, Map<number, FormulaState>>();
  private changed: { sheet: Sheet; row: number; column: number }[] = [];
  private structural = true;
  /** Formula cells still to compute in the current recalculation, and those being computed (cycles). */
  private pending = new Set<FormulaState>();
  private readonly evaluating = new Set<FormulaState>();
  /** Sheets by lower-case name and by id. */
  private readonly sheetIndex = new Map<string, Sheet>();
  private calculating = false;
  private readonly markCache = new Map<string, { marked: boolean; references: Reference[] }>();

  constructor() {
    this.engine = new FormulaEngine({
      reader: (sheet) => this.reader(sheet),
      extent: (sheet) => this.extent(this.requireSheet(sheet)),
      sheetName: (name) => this.sheet(name)?.name,
      table: (name) => {
        const table = this.table(name);
        return table ? this.geometry(table) : undefined;
      },
      definedName: (name) => this.nameReference(name),
    });
  }

  /** A new empty workbook, as Excel makes one: one sheet, `Ark1`. */
  static empty(): Workbook {
    const workbook = new Workbook();
    workbook.addSheet("Ark1");
    return workbook;
  }

  /** A workbook laid out from the template data (`templateOf(plan)`): every sheet, cell, table, validation and format. */
  static fromTemplate(template: WorkbookTemplate): Workbook {
    const workbook = new Workbook();
    for (const source of template.sheets) {
      const sheet = workbook.addSheet(source.name);
      sheet.visibility = source.visibility === "visible" ? "Visible" : "Hidden";
      for (const [letters, width] of Object.entries(source.columnWidths))
        sheet.columnWidths.set(columnIndex(letters), charactersToPoints(width));
      sheet.frozenRows = source.freeze?.rows ?? 0;
      sheet.frozenColumns = source.freeze?.columns ?? 0;
      for (const cell of source.cells) workbook.layCell(sheet, cell);
      for (const table of source.tables) {
        const rect = parseRect(table.range);
        if (!rect) throw new Error(`template: table ${table.name} has no range ${table.range}`);
        table.columns.forEach((name, column) =>
          workbook.setInput(sheet, rect.row, rect.column + column, { value: name }),
        );
        table.rows.forEach((row, index) =>
          row.forEach((cell, column) => workbook.layTableCell(sheet, rect.row + 1 + index, rect.column + column, cell)),
        );
        table.totals?.forEach((cell, column) =>
          workbook.layTableCell(sheet, rect.row + 1 + table.rows.length, rect.column + column, cell),
        );
        workbook.tables.push({
          name: table.name,
          sheetId: sheet.id,
          row: rect.row,
          column: rect.column,
          columns: table.columns.length,
          bodyRows: table.rows.length,
          showTotals: table.totals !== null,
          style: table.style.name,
          showBandedRows: table.style.showRowStripes,
        });
      }
      for (const validation of source.validations) {
        const rect = parseRect(validation.range);
        if (!rect) throw new Error(`template: validation without a range ${validation.range}`);
        workbook.validations.push({
          sheetId: sheet.id,
          rect,
          rule: officeRule(validation.rule),
          ignoreBlanks: validation.allowBlank,
          errorAlert: {
            showAlert: true,
            style: "Stop",
            title: validation.error.title,
            message: validation.error.message,
          },
        });
      }
      sheet.protected = source.protected;
    }
    const first = workbook.sheets[0];
    if (first) workbook.activeSheetId = first.id;
    workbook.structural = true;
    return workbook;
  }

  private layTableCell(sheet: Sheet, row: number, column: number, cell: TemplateTableCell): void {
    this.setInput(sheet, row, column, "formula" in cell ? { formula: cell.formula } : { value: cell.value });
    const target = this.cellForWrite(sheet, row, column);
    if (cell.numberFormat !== undefined) target.numberFormat = cell.numberFormat;
    if (cell.font) target.font = { ...cell.font };
    const alignment = cell.alignment;
    if (alignment?.horizontal) target.horizontalAlignment = capitalize(alignment.horizontal);
    if (alignment?.vertical) target.verticalAlignment = capitalize(alignment.vertical);
    if (alignment?.wrapText !== undefined) target.wrapText = alignment.wrapText;
    this.prune(sheet, row, column);
  }

  private layCell(sheet: Sheet, cell: TemplateCell): void {
    const position = parseCell(cell.address);
    if (!position) throw new Error(`template: no cell ${cell.address}`);
    this.layTableCell(sheet, position.row, position.column, cell);
  }

  // --- listeners ------------------------------------------------------------------------------------------------------

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private touch(): void {
    this.version++;
    for (const listener of this.listeners) listener();
  }

  // --- sheets ---------------------------------------------------------------------------------------------------------

  /** A sheet by name (any case) or id. */
  sheet(nameOrId: string): Sheet | undefined {
    return this.sheetIndex.get(nameOrId.toLowerCase()) ?? this.sheetIndex.get(nameOrId);
  }

  private reindex(): void {
    this.sheetIndex.clear();
    for (const sheet of this.sheets) {
      this.sheetIndex.set(sheet.id, sheet);
      this.sheetIndex.set(sheet.name.toLowerCase(), sheet);
    }
  }

  requireSheet(nameOrId: string): Sheet {
    const sheet = this.sheet(nameOrId);
    if (!sheet) throw new Error(`Der er intet ark "${nameOrId}".`);
    return sheet;
  }

  get activeSheet(): Sheet {
    const sheet = this.sheets.find((candidate) => candidate.id === this.activeSheetId) ?? this.sheets[0];
    if (!sheet) throw new Error("The workbook has no sheets.");
    return sheet;
  }

  /** Adds a sheet at the end; without a name, Danish Excel's next free `ArkN`. Throws for a name Excel refuses. */
  addSheet(name?: string): Sheet {
    let sheetName = name;
    if (sheetName === undefined) {
      let number = this.sheets.length + 1;
      while (this.sheet(`Ark${number}`)) number++;
      sheetName = `Ark${number}`;
    }
    const problem = sheetNameProblem(sheetName);
    if (problem) throw new Error(problem);
    if (this.sheet(sheetName)) throw new Error(`Der er allerede et ark med navnet "${sheetName}".`);
    const number = this.nextSheetNumber++;
    const sheet: Sheet = {
      id: `{00000000-0001-0000-${String(number).padStart(4, "0")}-000000000000}`,
      name: sheetName,
      visibility: "Visible",
      protected: false,
      cells: new Map(),
      columnWidths: new Map(),
      frozenRows: 0,
      frozenColumns: 0,
    };
    this.sheets.push(sheet);
    this.reindex();
    if (!this.activeSheetId) this.activeSheetId = sheet.id;
    this.structural = true;
    this.touch();
    return sheet;
  }

  /** Renames a sheet; every formula and name that referred to it follows, as in Excel. */
  renameSheet(sheet: Sheet, name: string): void {
    if (name === sheet.name) return;
    const problem = sheetNameProblem(name);
    if (problem) throw new Error(problem);
    const other = this.sheet(name);
    if (other && other !== sheet) throw new Error(`Der er allerede et ark med navnet "${name}".`);
    const old = sheet.name;
    sheet.name = name;
    this.reindex();
    for (const each of this.sheets)
      for (const cell of each.cells.values())
        if (cell.formula !== undefined) cell.formula = renameSheetInFormula(cell.formula, old, name);
    for (const item of this.names.values()) item.formula = renameSheetInFormula(item.formula, old, name);
    for (const format of this.conditionalFormats) format.formula = renameSheetInFormula(format.formula, old, name);
    this.structural = true;
    this.touch();
  }

  /**
   * Deletes a sheet as Excel does: its cells, tables, validations and conditional formats go with it; every formula,
   * name and conditional format elsewhere that referred to it (or to its tables) reads `#REF!` — a name stays, broken,
   * so its name is not free again. Throws for the last visible sheet.
   */
  deleteSheet(sheet: Sheet): void {
    const visible = this.sheets.filter((each) => each.visibility === "Visible");
    if (sheet.visibility === "Visible" && visible.length === 1)
      throw new Error("En projektmappe skal have mindst ét synligt ark.");
    const index = this.sheets.indexOf(sheet);
    if (index < 0) throw new Error(`Der er intet ark "${sheet.name}".`);
    const tables = this.tables.filter((table) => table.sheetId === sheet.id).map((table) => table.name);
    const drop = (formula: string) => dropSheetFromFormula(formula, sheet.name, tables);
    this.sheets.splice(index, 1);
    this.reindex();
    const remove = <T extends { sheetId: string }>(list: T[]) => {
      for (let at = list.length - 1; at >= 0; at--) if (list[at]?.sheetId === sheet.id) list.splice(at, 1);
    };
    remove(this.tables);
    remove(this.validations);
    remove(this.conditionalFormats);
    this.formulas.delete(sheet);
    this.changed = this.changed.filter((change) => change.sheet !== sheet);
    for (const each of this.sheets)
      for (const cell of each.cells.values()) if (cell.formula !== undefined) cell.formula = drop(cell.formula);
    for (const item of this.names.values()) item.formula = drop(item.formula);
    for (const format of this.conditionalFormats) format.formula = drop(format.formula);
    if (this.activeSheetId === sheet.id) {
      // Excel shows the next visible sheet, or the one before when it was the last.
      const next =
        this.sheets.slice(index).find((each) => each.visibility === "Visible") ??
        this.sheets.slice(0, index).findLast((each) => each.visibility === "Visible");
      this.activeSheetId = next?.id ?? "";
    }
    if (this.selection?.sheetId === sheet.id)
      this.selection = this.activeSheetId
        ? { sheetId: this.activeSheetId, rect: { row: 0, column: 0, rows: 1, columns: 1 } }
        : null;
    this.structural = true;
    this.markCache.clear();
    this.touch();
  }

  setVisibility(sheet: Sheet, visibility: Visibility): void {
    if (visibility !== "Visible" && sheet.visibility === "Visible") {
      const visible = this.sheets.filter((each) => each.visibility === "Visible");
      if (visible.length === 1) throw new Error("En projektmappe skal have mindst ét synligt ark.");
    }
    sheet.visibility = visibility;
    if (visibility !== "Visible" && this.activeSheetId === sheet.id) {
      const next = this.sheets.find((each) => each.visibility === "Visible");
      if (next) this.activeSheetId = next.id;
    }
    this.touch();
  }

  activate(sheet: Sheet): void {
    if (sheet.visibility !== "Visible") throw new Error(`Arket "${sheet.name}" er skjult og kan ikke aktiveres.`);
    this.activeSheetId = sheet.id;
    this.touch();
  }

  select(sheet: Sheet, rect: Rect): void {
    this.activate(sheet);
    this.selection = { sheetId: sheet.id, rect };
    this.touch();
  }

  setProtected(sheet: Sheet, value: boolean): void {
    sheet.protected = value;
    this.touch();
  }

  freezeRows(sheet: Sheet, rows: number): void {
    sheet.frozenRows = rows;
    sheet.frozenColumns = 0;
    this.touch();
  }

  columnWidth(sheet: Sheet, column: number): number {
    return sheet.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH;
  }

  setColumnWidth(sheet: Sheet, column: number, points: number): void {
    sheet.columnWidths.set(column, points);
    this.touch();
  }

  /** The rows and columns in use (through the last non-empty cell, table or format). */
  extent(sheet: Sheet): { rows: number; columns: number } {
    let rows = 0;
    let columns = 0;
    for (const cellKey of sheet.cells.keys()) {
      const { row, column } = positionOf(cellKey);
      rows = Math.max(rows, row + 1);
      columns = Math.max(columns, column + 1);
    }
    for (const table of this.tables)
      if (table.sheetId === sheet.id) {
        const rect = this.tableRect(table);
        rows = Math.max(rows, rect.row + rect.rows);
        columns = Math.max(columns, rect.column + rect.columns);
      }
    return { rows, columns };
  }

  // --- cells ----------------------------------------------------------------------------------------------------------

  cell(sheet: Sheet, row: number, column: number): Cell | undefined {
    return sheet.cells.get(key(row, column));
  }

  private cellForWrite(sheet: Sheet, row: number, column: number): Cell {
    const cellKey = key(row, column);
    let cell = sheet.cells.get(cellKey);
    if (!cell) {
      cell = { input: "", value: "" };
      sheet.cells.set(cellKey, cell);
    }
    return cell;
  }

  /** Drops a cell that holds nothing and looks like every other. */
  private prune(sheet: Sheet, row: number, column: number): void {
    const cell = sheet.cells.get(key(row, column));
    if (
      cell &&
      cell.formula === undefined &&
      cell.input === "" &&
      cell.numberFormat === undefined &&
      cell.fill === undefined &&
      cell.font === undefined &&
      cell.horizontalAlignment === undefined &&
      cell.verticalAlignment === undefined &&
      cell.wrapText === undefined
    )
      sheet.cells.delete(key(row, column));
  }

  /** A cell's value as `Range.values` gives it (formulas computed). */
  value(sheet: Sheet, row: number, column: number): CellValue {
    this.calculate();
    return sheet.cells.get(key(row, column))?.value ?? "";
  }

  /** A cell's formula, or its constant, as `Range.formulas` gives it. */
  formula(sheet: Sheet, row: number, column: number): CellValue {
    const cell = sheet.cells.get(key(row, column));
    if (!cell) return "";
    return cell.formula ?? cell.input;
  }

  /** Why Excel would refuse this formula in this cell (a syntax error, an unknown table, column or sheet), or null. */
  formulaProblem(sheet: Sheet, row: number, column: number, formula: string): string | null {
    this.calculate();
    const wasCalculating = this.calculating;
    this.calculating = true;
    try {
      const { problems } = this.engine.evaluate(formula, { sheet: sheet.name, row, column });
      return problems[0] ?? null;
    } finally {
      this.calculating = wasCalculating;
    }
  }

  /** Sets a cell's content (a constant or a formula); formats stay. A table's header cell takes text, as in Excel. */
  setInput(sheet: Sheet, row: number, column: number, input: CellInput): void {
    if (row < 0 || column < 0 || row >= MAX_ROWS || column >= MAX_COLUMNS) throw new Error("Uden for arket.");
    const header = this.tables.find(
      (table) =>
        table.sheetId === sheet.id &&
        table.row === row &&
        column >= table.column &&
        column < table.column + table.columns,
    );
    let content = input;
    if (header) {
      const text = "formula" in content ? content.formula : content.value;
      const name =
        text === ""
          ? `Kolonne${column - header.column + 1}`
          : String(text === true ? "SAND" : text === false ? "FALSK" : text);
      content = { value: name };
    }
    const cell = this.cellForWrite(sheet, row, column);
    const cellKey = key(row, column);
    let states = this.formulas.get(sheet);
    const old = states?.get(cellKey);
    if (old) {
      states?.delete(cellKey);
      this.pending.delete(old);
    }
    if ("formula" in content) {
      cell.formula = content.formula;
      cell.input = "";
      if (!states) {
        states = new Map();
        this.formulas.set(sheet, states);
      }
      const state: FormulaState = { sheet, row, column, references: [], volatile: isVolatile(content.formula) };
      states.set(cellKey, state);
      this.pending.add(state);
    } else {
      delete cell.formula;
      cell.input = content.value;
      cell.value = content.value;
    }
    this.changed.push({ sheet, row, column });
    this.prune(sheet, row, column);
    if (header) this.structural = true;
    this.touch();
  }

  numberFormat(sheet: Sheet, row: number, column: number): string {
    return sheet.cells.get(key(row, column))?.numberFormat ?? "General";
  }

  setNumberFormat(sheet: Sheet, row: number, column: number, format: string): void {
    const cell = this.cellForWrite(sheet, row, column);
    if (format === "General" || format === "") delete cell.numberFormat;
    else cell.numberFormat = format;
    this.prune(sheet, row, column);
    this.touch();
  }

  /** A cell's own fill, as `Range.format.fill.color` gives it: `"#FFFFFF"` when it has none. */
  fill(sheet: Sheet, row: number, column: number): string {
    return sheet.cells.get(key(row, column))?.fill ?? DEFAULT_FILL;
  }

  /** Sets a cell's own fill; null removes it. */
  setFill(sheet: Sheet, row: number, column: number, color: string | null): void {
    const cell = this.cellForWrite(sheet, row, column);
    const normalized = color === null ? null : normalizeColor(color);
    if (color !== null && normalized === null) throw new Error(`"${color}" er ikke en farve.`);
    if (normalized === null) delete cell.fill;
    else cell.fill = normalized;
    this.prune(sheet, row, column);
    this.touch();
  }

  font(sheet: Sheet, row: number, column: number): Required<Font> {
    const font = sheet.cells.get(key(row, column))?.font;
    return {
      bold: font?.bold ?? false,
      italic: font?.italic ?? false,
      size: font?.size ?? DEFAULT_FONT.size,
      color: font?.color ?? DEFAULT_FONT.color,
    };
  }

  setFont(sheet: Sheet, row: number, column: number, change: Font): void {
    const cell = this.cellForWrite(sheet, row, column);
    cell.font = { ...cell.font, ...change };
    this.touch();
  }

  alignment(sheet: Sheet, row: number, column: number): { horizontal: string; vertical: string; wrapText: boolean } {
    const cell = sheet.cells.get(key(row, column));
    return {
      horizontal: cell?.horizontalAlignment ?? "General",
      vertical: cell?.verticalAlignment ?? "Bottom",
      wrapText: cell?.wrapText ?? false,
    };
  }

  setAlignment(
    sheet: Sheet,
    row: number,
    column: number,
    change: { horizontal?: string; vertical?: string; wrapText?: boolean },
  ): void {
    const cell = this.cellForWrite(sheet, row, column);
    if (change.horizontal !== undefined) cell.horizontalAlignment = change.horizontal;
    if (change.vertical !== undefined) cell.verticalAlignment = change.vertical;
    if (change.wrapText !== undefined) cell.wrapText = change.wrapText;
    this.touch();
  }

  // --- tables ---------------------------------------------------------------------------------------------------------

  table(name: string): Table | undefined {
    const lower = name.toLowerCase();
    return this.tables.find((table) => table.name.toLowerCase() === lower);
  }

  /** The whole range of a table: header, body and (when shown) totals row. */
  tableRect(table: Table): Rect {
    return {
      row: table.row,
      column: table.column,
      rows: table.bodyRows + 1 + (table.showTotals ? 1 : 0),
      columns: table.columns,
    };
  }

  headerRect(table: Table): Rect {
    return { row: table.row, column: table.column, rows: 1, columns: table.columns };
  }

  bodyRect(table: Table): Rect {
    return { row: table.row + 1, column: table.column, rows: table.bodyRows, columns: table.columns };
  }

  totalsRect(table: Table): Rect | null {
    if (!table.showTotals) return null;
    return { row: table.row + table.bodyRows + 1, column: table.column, rows: 1, columns: table.columns };
  }

  /** The table a cell belongs to, if any. */
  tableAt(sheet: Sheet, row: number, column: number): Table | undefined {
    return this.tables.find((table) => table.sheetId === sheet.id && containsCell(this.tableRect(table), row, column));
  }

  private geometry(table: Table): TableGeometry {
    const sheet = this.requireSheet(table.sheetId);
    const columns: string[] = [];
    for (let column = 0; column < table.columns; column++)
      columns.push(String(this.formula(sheet, table.row, table.column + column)));
    return {
      name: table.name,
      sheet: sheet.name,
      columns,
      left: table.column,
      headerRow: table.row,
      firstDataRow: table.row + 1,
      lastDataRow: table.row + table.bodyRows,
      totalsRow: table.showTotals ? table.row + table.bodyRows + 1 : null,
    };
  }

  private nameTaken(name: string, except?: Table): boolean {
    const lower = name.toLowerCase();
    return this.names.has(lower) || this.tables.some((table) => table !== except && table.name.toLowerCase() === lower);
  }

  /**
   * Makes a table over `rect`, its first row the header (header cells become unique text, as Excel makes them).
   * Throws when the range overlaps another table or has no data row.
   */
  addTable(sheet: Sheet, rect: Rect, name?: string): Table {
    if (rect.rows < 2) throw new Error("En tabel skal have en overskriftsrække og mindst én datarække.");
    if (this.tables.some((table) => table.sheetId === sheet.id && intersects(this.tableRect(table), rect)))
      throw new Error("En tabel kan ikke overlappe en anden tabel.");
    let tableName = name;
    if (tableName === undefined) {
      let number = 1;
      while (this.nameTaken(`Tabel${number}`)) number++;
      tableName = `Tabel${number}`;
    }
    const problem = definedNameProblem(tableName);
    if (problem) throw new Error(problem);
    if (this.nameTaken(tableName)) throw new Error(`Navnet "${tableName}" er allerede i brug.`);
    const table: Table = {
      name: tableName,
      sheetId: sheet.id,
      row: rect.row,
      column: rect.column,
      columns: rect.columns,
      bodyRows: rect.rows - 1,
      showTotals: false,
      style: "TableStyleMedium2",
      showBandedRows: true,
    };
    // Header cells: text, none empty, none repeated.
    const seen = new Set<string>();
    for (let column = 0; column < rect.columns; column++) {
      const raw = this.formula(sheet, rect.row, rect.column + column);
      let text = raw === "" ? `Kolonne${column + 1}` : String(raw === true ? "SAND" : raw === false ? "FALSK" : raw);
      const base = text;
      for (let suffix = 2; seen.has(text.toLowerCase()); suffix++) text = `${base}${suffix}`;
      seen.add(text.toLowerCase());
      this.setInput(sheet, rect.row, rect.column + column, { value: text });
    }
    this.tables.push(table);
    this.structural = true;
    this.touch();
    return table;
  }

  renameTable(table: Table, name: string): void {
    if (name === table.name) return;
    const problem = definedNameProblem(name);
    if (problem) throw new Error(problem);
    if (this.nameTaken(name, table)) throw new Error(`Navnet "${name}" er allerede i brug.`);
    const old = table.name;
    table.name = name;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_.])${old.replace(/[.\\]/g, "\\$&")}(?=\\[)`, "giu");
    for (const sheet of this.sheets)
      for (const cell of sheet.cells.values())
        if (cell.formula !== undefined) cell.formula = cell.formula.replace(pattern, name);
    this.structural = true;
    this.touch();
  }

  /**
   * Shows or hides the totals row. Shown, it is the row right below the body, which must be empty (Excel would shift
   * the cells below; the host refuses instead); Excel's default fills it: `I alt` in the first column and a SUBTOTAL
   * sum in the last. Hidden, its cells are cleared.
   */
  setShowTotals(table: Table, show: boolean): void {
    if (show === table.showTotals) return;
    const sheet = this.requireSheet(table.sheetId);
    const row = table.row + table.bodyRows + 1;
    if (show) {
      for (let column = table.column; column < table.column + table.columns; column++)
        if (this.formula(sheet, row, column) !== "")
          throw new Error(
            `Testværten kan ikke vise summeringsrækken i ${table.name}: række ${row + 1} under tabellen skal være tom (Excel ville flytte cellerne ned).`,
          );
      if (
        this.tables.some(
          (other) =>
            other !== table &&
            other.sheetId === sheet.id &&
            intersects(this.tableRect(other), { row, column: table.column, rows: 1, columns: table.columns }),
        )
      )
        throw new Error(`Summeringsrækken i ${table.name} ville overlappe en anden tabel.`);
      table.showTotals = true;
      this.setInput(sheet, row, table.column, { value: "I alt" });
      if (table.columns > 1) {
        const last = String(this.formula(sheet, table.row, table.column + table.columns - 1));
        this.setInput(sheet, row, table.column + table.columns - 1, {
          formula: `=SUBTOTAL(109,${table.name}[${last.replace(/[[\]'#@]/g, "'$&")}])`,
        });
      }
    } else {
      table.showTotals = false;
      for (let column = table.column; column < table.column + table.columns; column++)
        this.setInput(sheet, row, column, { value: "" });
    }
    this.structural = true;
    this.touch();
  }

  // --- names ----------------------------------------------------------------------------------------------------------

  name(name: string): NamedItem | undefined {
    return this.names.get(name.toLowerCase());
  }

  /** Adds a workbook-scoped name for a reference (`=Flags!$A$1:$H$9`). */
  addName(name: string, formula: string): NamedItem {
    const problem = definedNameProblem(name);
    if (problem) throw new Error(problem);
    if (this.nameTaken(name)) throw new Error(`Navnet "${name}" er allerede i brug.`);
    const item = { name, formula: formula.startsWith("=") ? formula : `=${formula}` };
    this.names.set(name.toLowerCase(), item);
    this.structural = true;
    this.touch();
    return item;
  }

  deleteName(name: string): void {
    this.names.delete(name.toLowerCase());
    this.structural = true;
    this.touch();
  }

  /** The cells a name refers to, when it is a reference (`=Flags!$A$1:$H$9`, or a table's `=Udgifter[#All]`). */
  nameReference(name: string): Reference | undefined {
    const item = this.name(name);
    if (!item) return undefined;
    let formula = item.formula.slice(1).trim();
    if (formula.includes("[")) {
      try {
        formula = rewriteStructuredReferences(formula, { sheet: "", row: -1, column: -1 }, (table) => {
          const found = this.table(table);
          return found ? this.geometry(found) : undefined;
        });
      } catch {
        return undefined;
      }
    }
    const { sheet, range } = splitSheet(formula);
    const target = sheet === null ? undefined : this.sheet(sheet);
    const rect = parseRange(range);
    if (!target || !rect) return undefined;
    return { sheet: target.name, rect };
  }

  // --- validations and conditional formats ----------------------------------------------------------------------------

  /** Sets the validation of a range: the rule replaces any other over those cells. */
  setValidation(sheet: Sheet, rect: Rect, change: Partial<Omit<Validation, "sheetId" | "rect">>): void {
    const existing = this.validations.find(
      (validation) =>
        validation.sheetId === sheet.id &&
        validation.rect.row === rect.row &&
        validation.rect.column === rect.column &&
        validation.rect.rows === rect.rows &&
        validation.rect.columns === rect.columns,
    );
    if (existing) {
      Object.assign(existing, change);
    } else {
      for (let index = this.validations.length - 1; index >= 0; index--) {
        const validation = this.validations[index];
        if (!validation || validation.sheetId !== sheet.id || !intersects(validation.rect, rect)) continue;
        this.validations.splice(
          index,
          1,
          ...subtract(validation.rect, rect).map((part) => ({ ...validation, rect: part })),
        );
      }
      this.validations.push({ sheetId: sheet.id, rect, rule: {}, ignoreBlanks: true, errorAlert: null, ...change });
    }
    this.touch();
  }

  /** The validation over a cell, if any. */
  validationAt(sheet: Sheet, row: number, column: number): Validation | undefined {
    return this.validations.find(
      (validation) => validation.sheetId === sheet.id && containsCell(validation.rect, row, column),
    );
  }

  /** Adds a custom conditional format over `rect` at the top priority. */
  addConditionalFormat(sheet: Sheet, rect: Rect): ConditionalFormat {
    const format: ConditionalFormat = {
      id: this.nextConditionalFormat++,
      sheetId: sheet.id,
      anchor: { row: rect.row, column: rect.column },
      areas: [rect],
      formula: "",
      fill: null,
      fontColor: null,
    };
    this.conditionalFormats.unshift(format);
    this.markCache.clear();
    this.touch();
    return format;
  }

  /** Changes a conditional format's formula or colours. */
  updateConditionalFormat(
    format: ConditionalFormat,
    change: Partial<Pick<ConditionalFormat, "formula" | "fill" | "fontColor">>,
  ): void {
    Object.assign(format, change);
    this.markCache.clear();
    this.touch();
  }

  /** Removes the conditional formats from a range's cells (formats reaching beyond it keep their other cells). */
  clearConditionalFormats(sheet: Sheet, rect: Rect): void {
    for (let index = this.conditionalFormats.length - 1; index >= 0; index--) {
      const format = this.conditionalFormats[index];
      if (!format || format.sheetId !== sheet.id) continue;
      format.areas = format.areas.flatMap((area) => subtract(area, rect));
      if (format.areas.length === 0) this.conditionalFormats.splice(index, 1);
    }
    this.markCache.clear();
    this.touch();
  }

  /** The conditional formats over a cell, highest priority first. */
  conditionalFormatsAt(sheet: Sheet, row: number, column: number): ConditionalFormat[] {
    return this.conditionalFormats.filter(
      (format) => format.sheetId === sheet.id && format.areas.some((area) => containsCell(area, row, column)),
    );
  }

  /** Whether a conditional format's rule holds at a cell (its formula read relative to the format's first cell). */
  conditionHolds(format: ConditionalFormat, row: number, column: number): boolean {
    this.calculate();
    const cacheKey = `${format.id}:${key(row, column)}`;
    const cached = this.markCache.get(cacheKey);
    if (cached) return cached.marked;
    const sheet = this.requireSheet(format.sheetId);
    if (format.formula === "") return false;
    const formula = shiftFormula(format.formula, row - format.anchor.row, column - format.anchor.column);
    this.calculating = true;
    let result: { value: CellValue; references: Reference[] };
    try {
      result = this.engine.evaluate(formula, { sheet: sheet.name, row, column });
    } finally {
      this.calculating = false;
    }
    const marked = result.value === true || (typeof result.value === "number" && result.value !== 0);
    this.markCache.set(cacheKey, { marked, references: result.references });
    return marked;
  }

  /** The look conditional formats give a cell: the highest-priority fill and font colour whose rule holds. */
  conditionalLook(sheet: Sheet, row: number, column: number): { fill: string | null; fontColor: string | null } {
    let fill: string | null = null;
    let fontColor: string | null = null;
    for (const format of this.conditionalFormatsAt(sheet, row, column)) {
      if ((format.fill === null || fill !== null) && (format.fontColor === null || fontColor !== null)) continue;
      if (!this.conditionHolds(format, row, column)) continue;
      if (fill === null && format.fill !== null) fill = format.fill;
      if (fontColor === null && format.fontColor !== null) fontColor = format.fontColor;
    }
    return { fill, fontColor };
  }

  /** Every cell a conditional format with a fill currently colours. */
  marks(): Mark[] {
    const marks = new Map<string, Mark>();
    for (const format of this.conditionalFormats) {
      if (format.fill === null) continue;
      const sheet = this.requireSheet(format.sheetId);
      for (const area of format.areas)
        for (const { row, column } of cellsOf(area)) {
          const id = `${sheet.id}:${key(row, column)}`;
          if (marks.has(id) || !this.conditionHolds(format, row, column)) continue;
          marks.set(id, { sheet: sheet.name, row, column, ...this.conditionalLook(sheet, row, column) });
        }
    }
    return [...marks.values()];
  }

  /** Every marked cell as `"Sheet!A1"`, sorted. */
  marked(): string[] {
    return this.marks()
      .map((mark) => sheetAddress(mark.sheet, { row: mark.row, column: mark.column, rows: 1, columns: 1 }))
      .sort();
  }

  // --- recalculation --------------------------------------------------------------------------------------------------

  /** How the engine reads a sheet's cells: formula cells still pending are computed first; a cycle reads 0. */
  private reader(sheetName: string): ((row: number, column: number) => CellValue) | undefined {
    const sheet = this.sheet(sheetName);
    if (!sheet) return undefined;
    const states = this.formulas.get(sheet);
    const cells = sheet.cells;
    return (row, column) => {
      const cellKey = key(row, column);
      const state = states?.get(cellKey);
      if (state) {
        // A circular reference: Excel shows 0 and warns.
        if (this.evaluating.has(state)) return 0;
        if (this.pending.has(state)) this.evaluateState(state);
      }
      return cells.get(cellKey)?.value ?? "";
    };
  }

  private evaluateState(state: FormulaState): void {
    this.pending.delete(state);
    const cell = state.sheet.cells.get(key(state.row, state.column));
    if (cell?.formula === undefined) return;
    this.evaluating.add(state);
    try {
      const result = this.engine.evaluate(cell.formula, {
        sheet: state.sheet.name,
        row: state.row,
        column: state.column,
      });
      cell.value = result.value;
      state.references = result.references;
    } finally {
      this.evaluating.delete(state);
    }
  }

  private *formulaStates(): Generator<FormulaState> {
    for (const states of this.formulas.values()) yield* states.values();
  }

  /**
   * Brings every formula up to date. After a change of structure (a table, a name, a sheet's name) every formula is
   * computed again; otherwise only those that read a changed cell, directly or through other formulas (and volatile
   * ones). Runs before any value is read, so values are always current.
   */
  calculate(): void {
    if (this.calculating) return;
    if (!this.structural && this.changed.length === 0 && this.pending.size === 0) return;
    this.calculating = true;
    try {
      if (this.structural) {
        this.pending = new Set(this.formulaStates());
        this.markCache.clear();
      } else {
        const dirty = new Set(this.pending);
        for (const state of this.formulaStates()) if (state.volatile) dirty.add(state);
        const touched = this.changed.map(({ sheet, row, column }) => ({ sheet: sheet.name, row, column }));
        const queue = [...touched, ...[...dirty].map(({ sheet, row, column }) => ({ sheet: sheet.name, row, column }))];
        const states = [...this.formulaStates()];
        while (queue.length > 0) {
          const changed = queue.pop();
          if (!changed) break;
          for (const state of states) {
            if (dirty.has(state) || !readsCell(state.references, changed.sheet, changed.row, changed.column)) continue;
            dirty.add(state);
            queue.push({ sheet: state.sheet.name, row: state.row, column: state.column });
          }
        }
        this.pending = dirty;
        // Conditional formats that read a changed cell are evaluated again.
        for (const { sheet, row, column } of dirty) touched.push({ sheet: sheet.name, row, column });
        for (const [cacheKey, cached] of this.markCache)
          if (touched.some((cell) => readsCell(cached.references, cell.sheet, cell.row, cell.column)))
            this.markCache.delete(cacheKey);
      }
      this.structural = false;
      this.changed = [];
      for (const state of [...this.pending]) if (this.pending.has(state)) this.evaluateState(state);
      this.pending.clear();
    } finally {
      this.calculating = false;
    }
  }

  // --- addresses ------------------------------------------------------------------------------------------------------

  /** `"Budget!E7:H9"` → the sheet and rectangle; throws a clear error for an unknown sheet or a malformed address. */
  resolve(address: string, defaultSheet?: Sheet): { sheet: Sheet; rect: Rect } {
    const { sheet: sheetName, range } = splitSheet(address);
    const sheet = sheetName === null ? defaultSheet : this.sheet(sheetName);
    if (!sheet)
      throw new Error(sheetName === null ? `"${address}" nævner intet ark.` : `Der er intet ark "${sheetName}".`);
    const rect = parseRange(range);
    if (!rect) throw new Error(`"${address}" er ikke en celle eller et område.`);
    return { sheet, rect };
  }

  /** `"Budget!E7"` for a cell. */
  address(sheet: Sheet, rect: Rect): string {
    return sheetAddress(sheet.name, rect);
  }

  /** Whether a value is one of Excel's error values. */
  static isError(value: CellValue): boolean {
    return typeof value === "string" && ERROR_VALUES.has(value);
  }
}

function readsCell(references: Reference[], sheet: string, row: number, column: number): boolean {
  for (const reference of references)
    if (reference.sheet === sheet && containsCell(reference.rect, row, column)) return true;
  return false;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
