// Grids → plan. Every cell is read by what its column holds; a cell that cannot be read becomes a
// `workbook.cell-unreadable` finding and a placeholder (never a silent value), and anything the
// layout needs and cannot find becomes `workbook.layout`. Nothing here throws on bad cells.
import {
  labelKey,
  type ExpenseLine,
  type FinancingRow,
  type FindingPath,
  type PlanInput,
  type Reference,
  type Source,
} from "@helhedsplan/rules";
import type { BudgetTablePlacement, CellMap, FinancingPlacement, StamdataPlacement } from "./cell-map";
import {
  readAmountOre,
  readLabel,
  readLines,
  readOptionalLabel,
  readOptionalText,
  readText,
  readVersion,
  readYear,
  readYesNo,
  type CellRead,
} from "./cells";
import { isEmptyCell, type CellValue, type Grids } from "./grid";
import { labelsOf, type GridOptions, type Labels } from "./labels";
import { layout, periodYears, type LayoutTable, type StamdataField, type StamdataKey } from "./layout";
import {
  formatAt,
  locateTable,
  mergeKey,
  missingYears,
  namedColumns,
  tableCell,
  yearColumns,
  type LocatedTable,
} from "./locate";
import { layoutFinding, unreadableFinding, type WorkbookFinding } from "./workbook-findings";

/** What reading the grids gives: the plan as read (null when the layout is broken), the sync fields, findings, the unreadable cells' paths and the cell map. */
export interface GridRead {
  /** The plan with a placeholder in each unreadable cell; null when the layout or the period cannot be read. */
  draft: PlanInput | null;
  planId: string | null;
  version: number | null;
  findings: WorkbookFinding[];
  /** The plan path of every cell that could not be read (one finding may cover several merged cells). */
  unreadable: FindingPath[];
  map: CellMap;
}

// A placeholder that no real text or label can equal, so an unreadable cell never makes two lines look alike.
export const placeholderText = (address: string) => `«ulæselig celle ${address}»`;

/** The fallback source of a financing row whose `Kilde` cannot be read (the reader then distrusts every source-based total). */
const PLACEHOLDER_SOURCE: Source = "andre";

/** Reads cells of located tables, collecting findings and the paths of unreadable cells. */
export class CellReader {
  readonly findings: WorkbookFinding[] = [];
  readonly unreadable: FindingPath[] = [];
  private readonly reportedMerges = new Set<string>();

  /**
   * The common case without building a target: the value of a cell outside any merge that reads, else undefined
   * (then `read` with the cell's target reports it). Every cell of every pass comes through here first.
   */
  quick<T>(
    table: LocatedTable,
    gridRow: number,
    gridColumn: number,
    reader: (value: CellValue, format: string | undefined) => CellRead<T>,
  ): CellRead<T> | undefined {
    if (table.mergedCells.size > 0 && table.mergedCells.has(mergeKey(table, gridRow, gridColumn))) return undefined;
    const result = reader(table.rows[gridRow - 1]?.[gridColumn] ?? "", formatAt(table, gridRow, gridColumn));
    return result.ok ? result : undefined;
  }

  /** A data row's field (`focusArea` of line `path`), its target built only when the cell does not read. */
  field<T>(
    table: LocatedTable,
    gridRow: number,
    gridColumn: number,
    row: { path: FindingPath; key: string; column: string },
    reader: (value: CellValue, format: string | undefined) => CellRead<T>,
    placeholder: (address: string) => T,
  ): T {
    const quick = this.quick(table, gridRow, gridColumn, reader);
    if (quick?.ok === true) return quick.value;
    return this.read(
      table,
      gridRow,
      gridColumn,
      { path: [...row.path, row.key], column: row.column },
      reader,
      placeholder,
    );
  }

  read<T>(
    table: LocatedTable,
    gridRow: number,
    gridColumn: number,
    target: { path: FindingPath; column: string },
    reader: (value: CellValue, format: string | undefined) => CellRead<T>,
    placeholder: (address: string) => T,
  ): T {
    const mergeId =
      table.mergedCells.size === 0 ? undefined : table.mergedCells.get(mergeKey(table, gridRow, gridColumn));
    if (mergeId !== undefined) {
      const { address } = tableCell(table, gridRow, gridColumn);
      this.unreadable.push(target.path);
      const merge = table.merges[mergeId] ?? "";
      const key = `${table.sheet}!${merge}`;
      if (!this.reportedMerges.has(key)) {
        this.reportedMerges.add(key);
        this.findings.push(
          unreadableFinding(
            target.path,
            address,
            target.column,
            `Cellen er en del af de flettede celler ${merge}, og flettede celler i en tabel kan ikke læses entydigt; ophæv fletningen og skriv én værdi i hver celle.`,
          ),
        );
      }
      return placeholder(address);
    }
    const result = reader(table.rows[gridRow - 1]?.[gridColumn] ?? "", formatAt(table, gridRow, gridColumn));
    if (result.ok) return result.value;
    // The address is only worked out for a cell that needs it: most cells read.
    const { address } = tableCell(table, gridRow, gridColumn);
    this.unreadable.push(target.path);
    this.findings.push(unreadableFinding(target.path, address, target.column, result.problem));
    return placeholder(address);
  }
}

/** The header fields as read, keyed as the plan has them. */
type HeaderValues = {
  name: string;
  housingOrganisation: string;
  estates: string[];
  districtId: string | null;
  vulnerableArea: boolean;
  cooperation: boolean;
  periodStart: number | null;
  periodEnd: number | null;
  poolId: string | null;
  planId: string | null;
  version: number | null;
};

function readField(
  field: StamdataField,
  labels: Labels,
  reader: CellReader,
  table: LocatedTable,
  gridRow: number,
  valueColumn: number,
) {
  const target = { path: [field.key], column: field.label };
  const cell = <T>(
    read: (value: CellValue, format: string | undefined) => CellRead<T>,
    placeholder: (address: string) => T,
  ) => reader.read(table, gridRow, valueColumn, target, read, placeholder);
  switch (field.kind) {
    case "text":
      return cell(readText, placeholderText);
    case "optional-text":
      return cell(readOptionalText, () => null);
    case "lines":
      return cell(readLines, () => []);
    case "district":
      return cell(
        (value, format) => readOptionalLabel(value, labels.districts, format),
        () => null,
      );
    case "pool":
      return cell(
        (value, format) => readOptionalLabel(value, labels.pools, format),
        () => null,
      );
    case "yes-no":
      return cell(readYesNo, () => false);
    case "year":
      return cell(readYear, () => null);
    case "version":
      return cell(readVersion, () => null);
  }
}

interface StamdataRead {
  header: HeaderValues | null;
  placement: StamdataPlacement | null;
  fatal: WorkbookFinding[];
  other: WorkbookFinding[];
}

function readStamdata(grids: Grids, labels: Labels, reader: CellReader): StamdataRead {
  const located = locateTable(grids, layout.tables.stamdata);
  const table = located.value;
  if (!table) return { header: null, placement: null, fatal: located.fatal, other: located.other };
  const { columns, fatal } = namedColumns(table, layout.columns.stamdata);
  fatal.unshift(...located.fatal);
  if (columns.field === undefined || columns.value === undefined)
    return { header: null, placement: null, fatal, other: located.other };

  const rowsByLabel = new Map<string, number[]>();
  table.rows.forEach((row, index) => {
    const label = row[columns.field as number];
    if (typeof label !== "string") return;
    const key = labelKey(label);
    rowsByLabel.set(key, [...(rowsByLabel.get(key) ?? []), index + 1]);
  });
  const fieldRows: Partial<Record<StamdataKey, number>> = {};
  const values: Partial<Record<StamdataKey, unknown>> = {};
  const missing: string[] = [];
  const headerAddress = tableCell(table, 0, 0).address;
  for (const field of layout.stamdataFields) {
    const gridRows = rowsByLabel.get(labelKey(field.label)) ?? [];
    const gridRow = gridRows[0];
    if (gridRow === undefined) {
      missing.push(field.label);
      continue;
    }
    if (gridRows.length > 1) {
      fatal.push(
        layoutFinding(
          `Feltet "${field.label}" står ${gridRows.length} gange i tabellen Stamdata på arket ${table.sheet}; der må kun være én række for det.`,
          tableCell(table, gridRows[1] ?? gridRow, columns.field).address,
        ),
      );
    }
    fieldRows[field.key] = tableCell(table, gridRow, columns.value).position.row;
    values[field.key] = readField(field, labels, reader, table, gridRow, columns.value);
  }
  if (missing.length > 0) {
    fatal.push(
      layoutFinding(
        `Tabellen Stamdata på arket ${table.sheet} mangler ${missing.length === 1 ? "feltet" : "felterne"} ${missing.map((label) => `"${label}"`).join(", ")} i kolonnen Felt; tilføj ${missing.length === 1 ? "rækken" : "rækkerne"} som i skabelonen.`,
        headerAddress,
      ),
    );
  }
  const placement: StamdataPlacement = {
    sheet: table.sheet,
    header: table.origin,
    valueColumn: tableCell(table, 0, columns.value).position.column,
    fieldRows,
  };
  return { header: missing.length > 0 ? null : (values as HeaderValues), placement, fatal, other: located.other };
}

/** How the period's years bound the budget columns: the years every line has, or none when the period is not a sensible range. */
function periodOf(header: HeaderValues | null): { years: string[]; known: boolean } {
  const start = header?.periodStart ?? null;
  const end = header?.periodEnd ?? null;
  if (start === null || end === null) return { years: [], known: false };
  // A year the schema refuses (`14` for 2014) or a reversed period is for the rules to report, not for the columns.
  const sensible = start >= 1900 && end <= 2999 && start <= end;
  return { years: sensible ? periodYears(start, end) : [], known: true };
}

export interface BudgetTableRead<Row> {
  rows: Row[];
  placement: BudgetTablePlacement | null;
  fatal: WorkbookFinding[];
  other: WorkbookFinding[];
}

/** Whether every input cell of a data row is empty (such a row is no line). */
export function blankRow(cells: readonly CellValue[], inputColumns: readonly number[]): boolean {
  for (const column of inputColumns) if (!isEmptyCell(cells[column] ?? "")) return false;
  return true;
}

/** The common part of the tables with year columns (the budget's, and the report's `Forbrug` and `Modtaget`): locate, find named and year columns, and walk the non-blank data rows. */
export function readBudgetTable<K extends string, Row>(
  grids: Grids,
  spec: {
    table: LayoutTable;
    /** The named columns: the inputs, and `total` (optional, never read) where the table has one. */
    columns: Record<K, string> & { total?: string };
    inputs: readonly K[];
    /** The path of the table's rows: row `i` is `[...prefix, i]`. */
    prefix: FindingPath;
    /** The path of a row's amount for a year (default `[...row, "amountsOre", year]`). */
    amountPath?: (row: FindingPath, year: string) => FindingPath;
  },
  period: readonly string[],
  readRow: (
    table: LocatedTable,
    gridRow: number,
    columns: Record<K, number>,
    path: FindingPath,
    amountsOre: Record<string, number>,
  ) => Row,
  reader: CellReader,
): BudgetTableRead<Row> {
  const located = locateTable(grids, spec.table);
  const table = located.value;
  if (!table) return { rows: [], placement: null, fatal: located.fatal, other: located.other };
  const named = namedColumns(table, spec.columns as Record<K | "total", string>, ["total"] as (K | "total")[]);
  const years = yearColumns(table);
  const fatal = [...located.fatal, ...named.fatal, ...years.fatal, ...missingYears(table, years.years, period)];
  if (spec.inputs.some((key) => named.columns[key] === undefined))
    return { rows: [], placement: null, fatal, other: located.other };
  const columns = named.columns as Record<K, number>;
  const inputColumns = [...spec.inputs.map((key) => columns[key]), ...years.years.values()];
  const periodSet = new Set(period);

  const rows: Row[] = [];
  const sheetRows: number[] = [];
  const yearCells = [...years.years].map(([year, column]) => ({ year, column, inPeriod: periodSet.has(year) }));
  const hasMerges = table.mergedCells.size > 0;
  for (let index = 0; index < table.rows.length; index++) {
    const cells = table.rows[index] ?? [];
    if (blankRow(cells, inputColumns)) continue;
    const gridRow = index + 1;
    const path: FindingPath = [...spec.prefix, rows.length];
    const amountsOre: Record<string, number> = {};
    for (const { year, column, inPeriod } of yearCells) {
      // Outside the period an empty cell is no amount at all, so a canonical plan reads back without extra years.
      if (
        !inPeriod &&
        isEmptyCell(cells[column] ?? "") &&
        !(hasMerges && table.mergedCells.has(mergeKey(table, gridRow, column)))
      )
        continue;
      const quick = reader.quick(table, gridRow, column, readAmountOre);
      const amount =
        quick?.ok === true
          ? quick.value
          : reader.read(
              table,
              gridRow,
              column,
              { path: spec.amountPath ? spec.amountPath(path, year) : [...path, "amountsOre", year], column: year },
              readAmountOre,
              () => null,
            );
      if (amount !== null) amountsOre[year] = amount;
      else if (inPeriod) amountsOre[year] = 0;
    }
    // The row is built whole by its reader: spreading it into a new object costs as much as reading its cells.
    rows.push(readRow(table, gridRow, columns, path, amountsOre));
    sheetRows.push(table.origin.row + gridRow);
  }

  const toSheetColumn = (column: number) => tableCell(table, 0, column).position.column;
  const placement: BudgetTablePlacement = {
    sheet: table.sheet,
    header: table.origin,
    columns: Object.fromEntries(
      Object.entries<number | undefined>(named.columns).flatMap(([key, column]) =>
        column === undefined ? [] : [[key, toSheetColumn(column)]],
      ),
    ),
    yearColumns: Object.fromEntries([...years.years].map(([year, column]) => [year, toSheetColumn(column)])),
    rows: sheetRows,
    totalsRow: table.grid.totalsRow ? table.origin.row + table.grid.values.length - 1 : null,
  };
  return { rows, placement, fatal, other: located.other };
}

/** The three cells that name a line — Indsatsområde, Kategori, Aktivitet — in the budget's and the report's tables. */
export type LineNames = Pick<ExpenseLine, "focusArea" | "category" | "activity">;

/**
 * Reads the naming cells of a line (`columns` by field; `names` the column headers for findings). Made once per read:
 * the label readers are closures over the read's label sets, not made again for every row.
 */
export function lineNamesReader(
  reader: CellReader,
  labels: Labels,
  names: Record<keyof LineNames, string>,
): (table: LocatedTable, gridRow: number, columns: Record<keyof LineNames, number>, path: FindingPath) => LineNames {
  const readFocusArea = (value: CellValue, format: string | undefined) => readLabel(value, labels.focusAreas, format);
  const readCategory = (value: CellValue, format: string | undefined) => readLabel(value, labels.categories, format);
  return (table, gridRow, columns, path) => ({
    focusArea: reader.field(
      table,
      gridRow,
      columns.focusArea,
      { path, key: "focusArea", column: names.focusArea },
      readFocusArea,
      placeholderText,
    ),
    category: reader.field(
      table,
      gridRow,
      columns.category,
      { path, key: "category", column: names.category },
      readCategory,
      placeholderText,
    ),
    activity: reader.field(
      table,
      gridRow,
      columns.activity,
      { path, key: "activity", column: names.activity },
      readText,
      placeholderText,
    ),
  });
}

function readExpenses(grids: Grids, labels: Labels, period: readonly string[], reader: CellReader) {
  const names = layout.columns.expenses;
  const lineNames = lineNamesReader(reader, labels, names);
  return readBudgetTable<"focusArea" | "category" | "activity", ExpenseLine>(
    grids,
    {
      table: layout.tables.expenses,
      columns: names,
      inputs: ["focusArea", "category", "activity"],
      prefix: ["budget", "expenses"],
    },
    period,
    (table, gridRow, columns, path, amountsOre) => {
      const line = lineNames(table, gridRow, columns, path);
      // One literal with the amounts: a spread into a new object costs as much as reading the row's cells.
      return { focusArea: line.focusArea, category: line.category, activity: line.activity, amountsOre };
    },
    reader,
  );
}

/** A financing table's read with the first sheet row of each source (where findings about a source point). */
export function withSourceRows<Row extends { source: Source }>(
  read: BudgetTableRead<Row>,
): Omit<BudgetTableRead<Row>, "placement"> & { placement: FinancingPlacement | null } {
  if (!read.placement) return { ...read, placement: null };
  const sourceRows: FinancingPlacement["sourceRows"] = {};
  read.placement.rows.forEach((sheetRow, index) => {
    const source = read.rows[index]?.source;
    if (source !== undefined) sourceRows[source] ??= sheetRow;
  });
  return { ...read, placement: { ...read.placement, sourceRows } };
}

function readFinancing(grids: Grids, labels: Labels, period: readonly string[], reader: CellReader) {
  const names = layout.columns.financing;
  const readSource = (value: CellValue, format: string | undefined) =>
    readLabel(value, labels.sources, format) as CellRead<Source>;
  const read = readBudgetTable<"source", FinancingRow>(
    grids,
    { table: layout.tables.financing, columns: names, inputs: ["source"], prefix: ["budget", "financing"] },
    period,
    (table, gridRow, columns, path, amountsOre) => ({
      source: reader.field(
        table,
        gridRow,
        columns.source,
        { path, key: "source", column: names.source },
        readSource,
        () => PLACEHOLDER_SOURCE,
      ),
      amountsOre,
    }),
    reader,
  );
  return withSourceRows(read);
}

/**
 * Reads a workbook's grids: the plan as read (with placeholders in unreadable cells), findings with cells, and the cell map.
 * `options.pools` are the pools the `Pulje` cell may name (default `defaultPools`).
 * Example: `readGrids(planToGrid(demoPlan, defaultReference), defaultReference).draft` deep-equals `demoPlan`.
 */
export function readGrids(grids: Grids, reference: Reference, options: GridOptions = {}): GridRead {
  const labels = labelsOf(reference, options.pools);
  const reader = new CellReader();
  const stamdata = readStamdata(grids, labels, reader);
  const period = periodOf(stamdata.header);
  const expenses = readExpenses(grids, labels, period.years, reader);
  const financing = readFinancing(grids, labels, period.years, reader);

  const fatal = [...stamdata.fatal, ...expenses.fatal, ...financing.fatal];
  const header = stamdata.header;
  const readable = fatal.length === 0 && header !== null && period.known;
  const draft: PlanInput | null =
    readable && header.periodStart !== null && header.periodEnd !== null
      ? {
          name: header.name,
          housingOrganisation: header.housingOrganisation,
          estates: header.estates,
          districtId: header.districtId,
          vulnerableArea: header.vulnerableArea,
          cooperation: header.cooperation,
          periodStart: header.periodStart,
          periodEnd: header.periodEnd,
          poolId: header.poolId,
          budget: { expenses: expenses.rows, financing: financing.rows },
        }
      : null;
  return {
    draft,
    planId: header?.planId ?? null,
    version: header?.version ?? null,
    findings: [...fatal, ...stamdata.other, ...expenses.other, ...financing.other, ...reader.findings],
    unreadable: reader.unreadable,
    map: { stamdata: stamdata.placement, expenses: expenses.placement, financing: financing.placement },
  };
}

/** What `gridToPlan` gives: the plan (null unless every cell read), the sync fields, the reading findings (each with its cell) and the cell map. */
export interface PlanFromGrid {
  plan: PlanInput | null;
  planId: string | null;
  version: number | null;
  findings: WorkbookFinding[];
  map: CellMap;
}

/**
 * Grids → the plan they hold. `plan` is null when any cell cannot be read or the layout is broken — `findings` say
 * where; it never throws on bad cells and never turns one into a silent 0. The `Pulje` cell reads through
 * `options.pools` (a pool's name or id; default `defaultPools`); a label naming no pool is unreadable.
 * Example: `gridToPlan(planToGrid(demoPlan, defaultReference), defaultReference).plan` deep-equals `demoPlan`;
 * `gridToPlan(grids, reference, { pools: await client.pools.list() })`.
 */
export function gridToPlan(grids: Grids, reference: Reference, options: GridOptions = {}): PlanFromGrid {
  const read = readGrids(grids, reference, options);
  return {
    plan: read.findings.length === 0 ? read.draft : null,
    planId: read.planId,
    version: read.version,
    findings: read.findings,
    map: read.map,
  };
}
