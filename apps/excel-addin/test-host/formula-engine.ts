// The formula engine: fast-formula-parser (MIT) evaluates Excel formula text; this module supplies what it lacks for
// the template (SUBTOTAL, structured references such as `Udgifter[2014]`, case-insensitive SUMIF and comparisons, an
// INDEX that keeps the sheet of a name on another sheet), shifts relative references for conditional formats, and
// records which cells each evaluation read, so the workbook recomputes only what a change can reach.
import FormulaParser, { type Argument, type CellRef, type RangeRef } from "fast-formula-parser";
import { MAX_COLUMNS, MAX_ROWS, columnName, quoteSheet, type Rect } from "./a1";

const { FormulaError } = FormulaParser;
type FormulaErrorValue = InstanceType<typeof FormulaError>;

/** A cell's value as `Range.values` holds it, and Excel's error values: the workbook package's, one home for both. */
import { excelErrors as ERROR_VALUES, type CellValue } from "@helhedsplan/workbook";

export { ERROR_VALUES, type CellValue };

/** Where an Excel table lies, as the engine needs it to resolve structured references (0-based rows and columns). */
export interface TableGeometry {
  name: string;
  sheet: string;
  /** The header texts, left to right. */
  columns: string[];
  left: number;
  headerRow: number;
  /** The data body's rows, first and last (inclusive). */
  firstDataRow: number;
  lastDataRow: number;
  totalsRow: number | null;
}

/** A rectangle on a named sheet. */
export interface Reference {
  sheet: string;
  rect: Rect;
}

/** What the engine asks of the workbook. Sheet names it passes are the workbook's own spelling. */
export interface EngineHost {
  /** How to read a sheet's cells (their values, formulas computed; `""` when empty); undefined for no such sheet. */
  reader(sheet: string): ((row: number, column: number) => CellValue) | undefined;
  /** The rows and columns in use on a sheet, to bound whole-column references. */
  extent(sheet: string): { rows: number; columns: number };
  /** A sheet's own spelling, for any case of its name; undefined when there is no such sheet. */
  sheetName(name: string): string | undefined;
  /** A table by name, any case. */
  table(name: string): TableGeometry | undefined;
  /** A workbook name (`Flags` → `Flags!$A$1:$H$9`) by name, any case. */
  definedName(name: string): Reference | undefined;
}

/** A cell being evaluated (0-based). */
export interface FormulaPosition {
  sheet: string;
  row: number;
  column: number;
}

export interface Evaluation {
  value: CellValue;
  /** Every cell or range the evaluation read. */
  references: Reference[];
  /** Why Excel would refuse this formula text (a syntax error, an unknown table, column or sheet); empty when it is fine. */
  problems: string[];
}

const VOLATILE = /\b(NOW|TODAY|RAND|RANDBETWEEN|OFFSET|INDIRECT)\s*\(/i;

/** Whether a formula must be recomputed on every change (it calls NOW, RAND, OFFSET, …). */
export function isVolatile(formula: string): boolean {
  return VOLATILE.test(formula);
}

// ---------------------------------------------------------------------------------------------------------------------
// Formula text: segments outside string literals and quoted sheet names.

interface Segment {
  text: string;
  /** True for formula text, false for a "string" or a 'quoted sheet'! (left as is). */
  code: boolean;
}

function segments(formula: string): Segment[] {
  const parts: Segment[] = [];
  let code = "";
  let index = 0;
  while (index < formula.length) {
    const char = formula[index];
    if (char === '"' || char === "'") {
      let end = index + 1;
      for (;;) {
        if (end >= formula.length) break;
        if (formula[end] === char) {
          if (formula[end + 1] === char) end += 2;
          else break;
        } else end++;
      }
      if (code) parts.push({ text: code, code: true });
      code = "";
      parts.push({ text: formula.slice(index, end + 1), code: false });
      index = end + 1;
    } else {
      code += char;
      index++;
    }
  }
  if (code) parts.push({ text: code, code: true });
  return parts;
}

function mapCode(formula: string, map: (code: string) => string): string {
  return segments(formula)
    .map((part) => (part.code ? map(part.text) : part.text))
    .join("");
}

const CELL_TOKEN = /(?<![\p{L}\p{N}_.$])(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![\p{L}\p{N}_.(!])/gu;

/**
 * A formula moved by `rows` and `columns`, as Excel reads a conditional format's formula at each cell of its range:
 * relative references shift, `$` parts stay. A reference shifted off the sheet becomes `#REF!`.
 * Example: `shiftFormula("=D4>0", 1, 2)` → `"=F5>0"`.
 */
export function shiftFormula(formula: string, rows: number, columns: number): string {
  if (rows === 0 && columns === 0) return formula;
  return mapCode(formula, (code) =>
    code.replace(CELL_TOKEN, (match, columnDollar: string, letters: string, rowDollar: string, digits: string) => {
      let column = 0;
      for (const letter of letters.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
      column -= 1;
      let row = Number(digits) - 1;
      if (column >= MAX_COLUMNS || row >= MAX_ROWS) return match;
      if (!columnDollar) column += columns;
      if (!rowDollar) row += rows;
      if (column < 0 || row < 0 || column >= MAX_COLUMNS || row >= MAX_ROWS) return "#REF!";
      return `${columnDollar}${columnName(column)}${rowDollar}${row + 1}`;
    }),
  );
}

/**
 * A formula with every reference to sheet `from` (any case, quoted or not) naming sheet `to`, as Excel rewrites
 * formulas when a sheet is renamed. Example: `renameSheetInFormula("=Plan!B5", "Plan", "Stamdata")` → `"=Stamdata!B5"`.
 */
export function renameSheetInFormula(formula: string, from: string, to: string): string {
  const key = from.toLowerCase();
  const parts = segments(formula);
  return parts
    .map((part, index) => {
      if (!part.code) {
        const next = parts[index + 1];
        const quoted = /^'((?:[^']|'')*)'$/.exec(part.text);
        if (
          quoted &&
          next?.code &&
          next.text.startsWith("!") &&
          (quoted[1] ?? "").replaceAll("''", "'").toLowerCase() === key
        )
          return quoteSheet(to);
        return part.text;
      }
      return part.text.replace(/(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_.]*)!/gu, (match, name: string) =>
        name.toLowerCase() === key ? `${quoteSheet(to)}!` : match,
      );
    })
    .join("");
}

/**
 * A formula with every reference into a deleted sheet — `Budget!E7`, `'Budget 2'!A1:B3`, `Budget!A:A`, and the structured
 * references of the tables that were on it — replaced by `#REF!`, as Excel rewrites formulas when a sheet is deleted
 * (Excel keeps the cell part, `#REF!E7`; the value is `#REF!` either way). Example:
 * `dropSheetFromFormula("=SUM(Budget!E7:E9)+1", "Budget", [])` → `"=SUM(#REF!)+1"`.
 */
export function dropSheetFromFormula(formula: string, sheet: string, tables: readonly string[]): string {
  const key = sheet.toLowerCase();
  const range = String.raw`(?:\$?[A-Za-z]{1,3}\$?[0-9]+(?::\$?[A-Za-z]{1,3}\$?[0-9]+)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?[0-9]+:\$?[0-9]+)`;
  const afterQuoted = new RegExp(`^!${range}`);
  const plain = new RegExp(String.raw`(?<![\p{L}\p{N}_.])([\p{L}_][\p{L}\p{N}_.]*)!${range}`, "gu");
  const tableNames = new Set(tables.map((name) => name.toLowerCase()));
  const structured = /(?<![\p{L}\p{N}_.])([\p{L}_\\][\p{L}\p{N}_.]*)\[(?:[^[\]]|\[[^[\]]*\])*\]/gu;
  const parts = segments(formula);
  let dropNext = false;
  return parts
    .map((part, index) => {
      if (!part.code) {
        const next = parts[index + 1];
        const quoted = /^'((?:[^']|'')*)'$/.exec(part.text);
        if (quoted && next?.code && (quoted[1] ?? "").replaceAll("''", "'").toLowerCase() === key) {
          dropNext = afterQuoted.test(next.text);
          return dropNext ? "" : part.text;
        }
        return part.text;
      }
      let code = part.text;
      if (dropNext) code = code.replace(afterQuoted, "#REF!");
      dropNext = false;
      code = code.replace(plain, (match, name: string) => (name.toLowerCase() === key ? "#REF!" : match));
      return code.replace(structured, (match, name: string) => (tableNames.has(name.toLowerCase()) ? "#REF!" : match));
    })
    .join("");
}

// ---------------------------------------------------------------------------------------------------------------------
// Structured references: Udgifter[2014], Finansiering[[#Totals],[I alt]], Udgifter[@[2014]:[2017]] → A1 ranges.

type Area = "#All" | "#Data" | "#Headers" | "#Totals" | "#This Row";
const AREAS: Record<string, Area> = {
  "#all": "#All",
  "#data": "#Data",
  "#headers": "#Headers",
  "#totals": "#Totals",
  "#this row": "#This Row",
};

/** The text between a `[` at `open` and its `]`, honouring nested brackets and `'` escapes; null when unbalanced. */
function bracketEnd(text: string, open: number): number | null {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index];
    if (char === "'") index++;
    else if (char === "[") depth++;
    else if (char === "]") {
      depth--;
      if (depth === 0) return index;
    }
  }
  return null;
}

const unescapeColumn = (text: string) => text.replace(/'(.)/g, "$1").trim();

/** Splits `[#Totals],[I alt]` at its top-level commas. */
function topLevelItems(content: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (let index = 0; index < content.length; index++) {
    const char = content[index] ?? "";
    if (char === "'") {
      current += char + (content[index + 1] ?? "");
      index++;
      continue;
    }
    if (char === "[") depth++;
    if (char === "]") depth--;
    if (char === "," && depth === 0) {
      items.push(current.trim());
      current = "";
    } else current += char;
  }
  items.push(current.trim());
  return items;
}

/** `[2014]` → `2014`, `[2014]:[2017]` → [`2014`, `2017`]. */
function columnSpan(item: string): [string, string] | null {
  const range = /^\[((?:[^\]']|'.)*)\]\s*:\s*\[((?:[^\]']|'.)*)\]$/.exec(item);
  if (range) return [unescapeColumn(range[1] ?? ""), unescapeColumn(range[2] ?? "")];
  const single = /^\[((?:[^\]']|'.)*)\]$/.exec(item);
  if (single) return [unescapeColumn(single[1] ?? ""), unescapeColumn(single[1] ?? "")];
  return null;
}

function resolveStructured(table: TableGeometry, content: string, at: FormulaPosition): string {
  const areas = new Set<Area>();
  let columns: [string, string] | null = null;
  const trimmed = content.trim();
  const items: string[] = [];
  if (trimmed.startsWith("@")) {
    areas.add("#This Row");
    const rest = trimmed.slice(1).trim();
    if (rest) items.push(rest.startsWith("[") ? rest : `[${rest}]`);
  } else if (trimmed.startsWith("[")) items.push(...topLevelItems(trimmed));
  else if (trimmed) items.push(`[${trimmed}]`);
  for (const item of items) {
    const special = /^\[\s*(#[A-Za-z ]+?)\s*\]$/.exec(item);
    const area = special ? AREAS[(special[1] ?? "").toLowerCase()] : undefined;
    if (special && !area) throw new Error(`ukendt område ${item} i ${table.name}[${content}]`);
    if (area) {
      areas.add(area);
      continue;
    }
    const span = columnSpan(item);
    if (!span) throw new Error(`kan ikke læse ${table.name}[${content}]`);
    columns = span;
  }
  const index = (name: string) => {
    const found = table.columns.findIndex((column) => column.toLowerCase() === name.toLowerCase());
    if (found < 0) throw new Error(`tabellen ${table.name} har ingen kolonne "${name}"`);
    return found;
  };
  const first = columns ? index(columns[0]) : 0;
  const last = columns ? index(columns[1]) : table.columns.length - 1;
  if (areas.size === 0) areas.add("#Data");
  let top: number;
  let bottom: number;
  if (areas.has("#All")) {
    top = table.headerRow;
    bottom = table.totalsRow ?? table.lastDataRow;
  } else if (areas.has("#This Row")) {
    if (
      at.sheet.toLowerCase() !== table.sheet.toLowerCase() ||
      at.row < table.firstDataRow ||
      at.row > table.lastDataRow
    )
      return "#VALUE!";
    top = bottom = at.row;
  } else {
    const rows: number[] = [];
    if (areas.has("#Headers")) rows.push(table.headerRow);
    if (areas.has("#Data")) rows.push(table.firstDataRow, table.lastDataRow);
    if (areas.has("#Totals")) {
      if (table.totalsRow === null) return "#REF!";
      rows.push(table.totalsRow);
    }
    top = Math.min(...rows);
    bottom = Math.max(...rows);
  }
  const left = table.left + Math.min(first, last);
  const right = table.left + Math.max(first, last);
  const corner = (row: number, column: number) => `$${columnName(column)}$${row + 1}`;
  const range = top === bottom && left === right ? corner(top, left) : `${corner(top, left)}:${corner(bottom, right)}`;
  return `${quoteSheet(table.sheet)}!${range}`;
}

const TABLE_NAME = /(?<![\p{L}\p{N}_.!\]])([\p{L}_\\][\p{L}\p{N}_.\\]*)\[/gu;

/**
 * A formula with its structured references written as A1 ranges of the tables as they lie now.
 * Throws when a reference names a table or column the workbook lacks (Excel refuses such a formula).
 * Example: `Udgifter[2014]` → `Budget!$D$4:$D$13`.
 */
export function rewriteStructuredReferences(
  formula: string,
  at: FormulaPosition,
  table: (name: string) => TableGeometry | undefined,
): string {
  if (!formula.includes("[")) return formula;
  return mapCode(formula, (code) => {
    let out = "";
    let from = 0;
    TABLE_NAME.lastIndex = 0;
    for (let match = TABLE_NAME.exec(code); match; match = TABLE_NAME.exec(code)) {
      const open = match.index + match[0].length - 1;
      const close = bracketEnd(code, open);
      if (close === null) throw new Error(`en [ uden ] i ${code}`);
      const name = match[1] ?? "";
      const geometry = table(name);
      if (!geometry) throw new Error(`der er ingen tabel ${name}`);
      out += code.slice(from, match.index) + resolveStructured(geometry, code.slice(open + 1, close), at);
      from = close + 1;
      TABLE_NAME.lastIndex = close + 1;
    }
    return out + code.slice(from);
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Excel's comparison and criteria, which the parser gets wrong for empty cells and letter case.

type Scalar = number | string | boolean | null;

const TYPE_RANK = { number: 0, string: 1, boolean: 2 } as const;

/** Excel's `=`, `<>`, `<`, … : an empty cell equals `""`, `0` and `FALSE`; text compares without regard to case. */
export function excelCompare(left: Scalar, operator: string, right: Scalar): boolean {
  const blankFor = (other: Scalar): Scalar => (typeof other === "string" ? "" : typeof other === "boolean" ? false : 0);
  let a = left ?? blankFor(right);
  let b = right ?? blankFor(left);
  if (a === null) a = 0;
  if (b === null) b = 0;
  let order: number;
  if (typeof a === typeof b) {
    if (typeof a === "string" && typeof b === "string") {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      order = x < y ? -1 : x > y ? 1 : 0;
    } else order = a < b ? -1 : a > b ? 1 : 0;
  } else
    order = TYPE_RANK[typeof a as keyof typeof TYPE_RANK] - TYPE_RANK[typeof b as keyof typeof TYPE_RANK] < 0 ? -1 : 1;
  switch (operator) {
    case "=":
      return order === 0;
    case "<>":
      return order !== 0;
    case "<":
      return order < 0;
    case ">":
      return order > 0;
    case "<=":
      return order <= 0;
    case ">=":
      return order >= 0;
    default:
      throw new Error(`unknown comparison ${operator}`);
  }
}

function wildcard(pattern: string): RegExp {
  let source = "";
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? "";
    if (char === "~" && index + 1 < pattern.length) {
      source += (pattern[++index] ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    } else if (char === "*") source += ".*";
    else if (char === "?") source += ".";
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "is");
}

/** SUMIF's criterion (`"Kommunen – puljen"`, `">0"`, `"<>"`, `5`, `"Kom*"`) as a test of a cell's value. */
export function criterion(value: Scalar): (cell: Scalar) => boolean {
  if (typeof value === "number" || typeof value === "boolean")
    return (cell) =>
      cell === value ||
      (typeof value === "number" && typeof cell === "string" && cell.trim() !== "" && Number(cell) === value);
  const text = value ?? "";
  const match = /^(<=|>=|<>|<|>|=)?([\s\S]*)$/.exec(text);
  const operator = match?.[1] ?? "=";
  const operand = match?.[2] ?? "";
  const number = operand.trim() === "" ? Number.NaN : Number(operand);
  if (Number.isFinite(number))
    return (cell) => {
      const cellNumber =
        typeof cell === "number" ? cell : typeof cell === "string" && cell.trim() !== "" ? Number(cell) : Number.NaN;
      if (Number.isNaN(cellNumber)) return operator === "<>";
      return excelCompare(cellNumber, operator, number);
    };
  if (/^(true|false)$/i.test(operand)) {
    const flag = operand.toLowerCase() === "true";
    return (cell) => (typeof cell === "boolean" ? excelCompare(cell, operator, flag) : operator === "<>");
  }
  if (operand === "") {
    if (operator === "=") return (cell) => cell === null || cell === "";
    if (operator === "<>") return (cell) => cell !== null && cell !== "";
  }
  if (operator === "=" || operator === "<>") {
    const pattern = wildcard(operand);
    return (cell) => {
      const matches = typeof cell === "string" && pattern.test(cell);
      return operator === "=" ? matches : !matches;
    };
  }
  return (cell) => typeof cell === "string" && excelCompare(cell, operator, operand);
}

// ---------------------------------------------------------------------------------------------------------------------
// The engine.

interface Frame {
  position: FormulaPosition;
  references: Reference[];
  problems: string[];
}

const isFormulaError = (value: unknown): value is FormulaErrorValue => value instanceof FormulaError;

/** Every value of a 2-D array (or deeper), or the value itself. */
function flatten(value: unknown): unknown[] {
  if (!Array.isArray(value)) return [value];
  const items: unknown[] = [];
  const visit = (array: unknown[]) => {
    for (const item of array) {
      if (Array.isArray(item)) visit(item as unknown[]);
      else items.push(item);
    }
  };
  visit(value as unknown[]);
  return items;
}

/** The first value of an array or range result (Excel's implicit intersection, simplified). */
function scalar(value: unknown): unknown {
  let result = value;
  while (Array.isArray(result)) result = (result as unknown[])[0];
  return result;
}

function toCellValue(result: unknown): CellValue {
  const value = scalar(result);
  if (isFormulaError(value)) return value.error === "#ERROR!" ? "#NAME?" : value.error;
  if (value === null || value === undefined) return 0;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "#VALUE!";
    if (!Number.isFinite(value)) return "#NUM!";
    return value === 0 ? 0 : value;
  }
  if (typeof value === "string" || typeof value === "boolean") return value;
  return "#VALUE!";
}

/** Evaluates Excel formulas over an `EngineHost`, recording what each evaluation read. */
export class FormulaEngine {
  private readonly parsers: FormulaParser[] = [];
  private readonly frames: Frame[] = [];

  constructor(private readonly host: EngineHost) {}

  /** Evaluates `formula` (with or without its `=`) as the formula of the cell `at`. */
  evaluate(formula: string, at: FormulaPosition): Evaluation {
    const frame: Frame = { position: at, references: [], problems: [] };
    const text = formula.startsWith("=") ? formula.slice(1) : formula;
    if (text.trim() === "") return { value: "#NAME?", references: [], problems: ["en tom formel"] };
    let rewritten: string;
    try {
      rewritten = rewriteStructuredReferences(text, at, (name) => this.host.table(name));
    } catch (error) {
      return { value: "#REF!", references: [], problems: [(error as Error).message] };
    }
    const depth = this.frames.length;
    const parser = (this.parsers[depth] ??= this.createParser());
    this.frames.push(frame);
    let value: CellValue;
    try {
      value = toCellValue(parser.parse(rewritten, { sheet: at.sheet, row: at.row + 1, col: at.column + 1 }));
    } catch (error) {
      if (isFormulaError(error)) {
        if (error.error === "#ERROR!") frame.problems.push(`formlen kan ikke læses: ${error.message.trim()}`);
        value = error.error === "#ERROR!" ? "#NAME?" : error.error;
      } else throw error;
    } finally {
      this.frames.pop();
    }
    return { value, references: frame.references, problems: frame.problems };
  }

  private frame(): Frame {
    const frame = this.frames.at(-1);
    if (!frame) throw new Error("formula engine: no evaluation in progress");
    return frame;
  }

  private sheetOf(name: string | undefined): string | undefined {
    const frame = this.frame();
    if (name === undefined) return frame.position.sheet;
    const sheet = this.host.sheetName(name);
    if (sheet === undefined) frame.problems.push(`der er intet ark ${name}`);
    return sheet;
  }

  private static asParserValue(value: CellValue): Scalar | FormulaErrorValue {
    if (value === "") return null;
    if (typeof value === "string" && value.startsWith("#") && ERROR_VALUES.has(value)) return new FormulaError(value);
    return value;
  }

  private onCell(ref: CellRef): unknown {
    const sheet = this.sheetOf(ref.sheet);
    if (sheet === undefined) return FormulaError.REF;
    const rect = { row: ref.row - 1, column: ref.col - 1, rows: 1, columns: 1 };
    this.frame().references.push({ sheet, rect });
    const read = this.host.reader(sheet);
    return read ? FormulaEngine.asParserValue(read(rect.row, rect.column)) : FormulaError.REF;
  }

  private onRange(ref: RangeRef): unknown[][] {
    const sheet = this.sheetOf(ref.sheet);
    if (sheet === undefined) return [[FormulaError.REF]];
    const top = Math.min(ref.from.row, ref.to.row) - 1;
    const left = Math.min(ref.from.col, ref.to.col) - 1;
    const bottom = Math.max(ref.from.row, ref.to.row) - 1;
    const right = Math.max(ref.from.col, ref.to.col) - 1;
    this.frame().references.push({
      sheet,
      rect: { row: top, column: left, rows: bottom - top + 1, columns: right - left + 1 },
    });
    // Whole columns and rows (A:A, 3:3) stop at the cells in use.
    let lastRow = bottom;
    let lastColumn = right;
    if (bottom - top >= 65_536 || right - left >= 1_024) {
      const extent = this.host.extent(sheet);
      lastRow = Math.min(bottom, Math.max(top, extent.rows - 1));
      lastColumn = Math.min(right, Math.max(left, extent.columns - 1));
    }
    const read = this.host.reader(sheet);
    if (!read) return [[FormulaError.REF]];
    const rows: unknown[][] = [];
    for (let row = top; row <= lastRow; row++) {
      const values: unknown[] = [];
      for (let column = left; column <= lastColumn; column++)
        values.push(FormulaEngine.asParserValue(read(row, column)));
      rows.push(values);
    }
    return rows;
  }

  private onVariable(name: string): CellRef | RangeRef | null {
    const table = this.host.table(name);
    const reference: Reference | undefined = table
      ? {
          sheet: table.sheet,
          rect: {
            row: table.firstDataRow,
            column: table.left,
            rows: table.lastDataRow - table.firstDataRow + 1,
            columns: table.columns.length,
          },
        }
      : this.host.definedName(name);
    if (!reference) return null;
    const { sheet, rect } = reference;
    if (rect.rows === 1 && rect.columns === 1) return { sheet, row: rect.row + 1, col: rect.column + 1 };
    return {
      sheet,
      from: { row: rect.row + 1, col: rect.column + 1 },
      to: { row: rect.row + rect.rows, col: rect.column + rect.columns },
    };
  }

  private createParser(): FormulaParser {
    const parser: FormulaParser = new FormulaParser({
      onCell: (ref) => this.onCell(ref),
      onRange: (ref) => this.onRange(ref),
      onVariable: (name) => this.onVariable(name),
      functions: {
        SUM: (...args: Argument[]) => sum(args),
        SUBTOTAL: (code: Argument, ...args: Argument[]) => subtotal(code, args),
      },
      functionsNeedContext: {
        SUMIF: (context: FormulaParser, range: unknown, test: unknown, sumRange?: unknown) =>
          sumIf(context, range, test, sumRange),
      },
    });
    // INDEX over a name on another sheet: the parser's INDEX drops the sheet of the cell it picks.
    const index = parser.functions.INDEX as unknown as (
      context: FormulaParser,
      ranges: unknown,
      ...rest: unknown[]
    ) => unknown;
    parser.functions.INDEX = (context: FormulaParser, ranges: unknown, ...rest: unknown[]) => {
      const result = index(context, ranges, ...rest) as { ref?: { sheet?: string } } | undefined;
      const sheet = (ranges as { ref?: { sheet?: string } } | null)?.ref?.sheet;
      if (result?.ref && sheet !== undefined && result.ref.sheet === undefined) result.ref.sheet = sheet;
      return result;
    };
    // Comparisons as Excel makes them (empty cells, letter case).
    const applyInfix = parser.utils._applyInfix.bind(parser.utils);
    parser.utils._applyInfix = (left, infix, right) => {
      if (!["=", "<>", "<", ">", "<=", ">="].includes(infix)) return applyInfix(left, infix, right);
      const a = scalar(left.val);
      const b = scalar(right.val);
      if (isFormulaError(a)) return a;
      if (isFormulaError(b)) return b;
      return excelCompare(a as Scalar, infix, b as Scalar);
    };
    return parser;
  }
}

/** The numbers of SUM-like arguments: references contribute their numbers only, literals are converted. */
function numbersOf(args: Argument[]): number[] {
  const numbers: number[] = [];
  for (const arg of args) {
    if (arg.omitted) continue;
    const reference = arg.isRangeRef === true || arg.isCellRef === true || arg.isArray;
    for (const item of flatten(arg.value)) {
      if (isFormulaError(item)) throw item;
      if (typeof item === "number") numbers.push(item);
      else if (!reference) {
        if (typeof item === "boolean") numbers.push(item ? 1 : 0);
        else if (typeof item === "string") {
          const number = item.trim() === "" ? Number.NaN : Number(item);
          if (Number.isNaN(number)) throw FormulaError.VALUE;
          numbers.push(number);
        }
      }
    }
  }
  return numbers;
}

function sum(args: Argument[]): number {
  return numbersOf(args).reduce((total, number) => total + number, 0);
}

/** SUBTOTAL(function, ref, …): 1/101 AVERAGE, 2/102 COUNT, 3/103 COUNTA, 4/104 MAX, 5/105 MIN, 9/109 SUM. No row is ever hidden here. */
function subtotal(code: Argument, args: Argument[]): number {
  const functionNumber = Math.trunc(Number(scalar(code.value)));
  const kind = functionNumber > 100 ? functionNumber - 100 : functionNumber;
  if (kind === 3)
    return args
      .flatMap((arg) => flatten(arg.value))
      .filter((item) => item !== null && item !== "" && item !== undefined).length;
  const numbers = numbersOf(args);
  switch (kind) {
    case 1:
      if (numbers.length === 0) throw FormulaError.DIV0;
      return numbers.reduce((total, number) => total + number, 0) / numbers.length;
    case 2:
      return numbers.length;
    case 4:
      return numbers.length === 0 ? 0 : Math.max(...numbers);
    case 5:
      return numbers.length === 0 ? 0 : Math.min(...numbers);
    case 9:
      return numbers.reduce((total, number) => total + number, 0);
    default:
      throw FormulaError.VALUE;
  }
}

function grid(context: FormulaParser, arg: unknown): unknown[][] {
  const { val } = context.utils.extractRefValue(arg);
  if (Array.isArray(val)) return (val as unknown[]).map((row) => (Array.isArray(row) ? (row as unknown[]) : [row]));
  return [[val]];
}

/** SUMIF(range, criterion, [sum_range]), case-insensitive as Excel's; sum_range takes range's shape from its first cell. */
function sumIf(context: FormulaParser, range: unknown, test: unknown, sumRange: unknown): number {
  const cells = grid(context, range);
  let addends = cells;
  if (sumRange !== undefined && sumRange !== null) {
    const ref = (sumRange as { ref?: CellRef | RangeRef }).ref;
    if (ref) {
      const from = "from" in ref ? ref.from : { row: ref.row, col: ref.col };
      const rows = cells.length;
      const columns = cells[0]?.length ?? 1;
      const resized: RangeRef = {
        from: { row: from.row, col: from.col },
        to: { row: from.row + rows - 1, col: from.col + columns - 1 },
        ...(ref.sheet === undefined ? {} : { sheet: ref.sheet }),
      };
      addends = grid(context, { ref: resized });
    } else addends = grid(context, sumRange);
  }
  const criterionValue = scalar(context.utils.extractRefValue(test).val);
  if (isFormulaError(criterionValue)) throw criterionValue;
  const matches = criterion(criterionValue as Scalar);
  let total = 0;
  cells.forEach((row, rowIndex) =>
    row.forEach((cell, columnIndex) => {
      if (!matches(isFormulaError(cell) ? null : (cell as Scalar))) return;
      const addend = addends[rowIndex]?.[columnIndex];
      if (isFormulaError(addend)) throw addend;
      if (typeof addend === "number") total += addend;
    }),
  );
  return total;
}
