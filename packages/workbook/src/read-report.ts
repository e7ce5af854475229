// The `Regnskab` sheet → one year's report, read as the budget is read: tables by name, columns by
// header text, the year from the header of the amount column, amounts with `readAmountOre`, labels
// and statuses through the reference and `goalStatusLabels`. Unreadable cells are findings with a
// placeholder (never a silent value); nothing here throws on bad cells.
import type {
  AnnualReport,
  FindingPath,
  GoalStatus,
  Reference,
  ReportFinancing,
  ReportGoal,
  ReportSpending,
  Source,
} from "@helhedsplan/rules";
import { readFilledText, readLabel, readText, type CellRead } from "./cells";
import { isEmptyCell, type CellValue, type Grids } from "./grid";
import { sheetColumns } from "./goals-grid";
import { goalStatusLabels, labelsOf, type Labels } from "./labels";
import { layout, type LayoutTable } from "./layout";
import { locateTable, namedColumns, tableCell, yearColumns, type LocatedTable } from "./locate";
import { blankRow, CellReader, lineNamesReader, placeholderText, readBudgetTable, withSourceRows } from "./read-grid";
import type { GoalStatusPlacement, ReportCellMap } from "./report-cell-map";
import { layoutFinding, type WorkbookFinding } from "./workbook-findings";

/** Options of `gridToReport`. Example: `{ year: 2015 }`. */
export interface ReportReadOptions {
  /** The year the caller expects the sheet to report on; a sheet for another year is a `workbook.layout` finding at its year. */
  year?: number;
}

/** What reading the `Regnskab` sheet gives: the report with placeholders in unreadable cells (null when the layout is broken), findings, the unreadable cells' paths and the cell map. */
export interface ReportGridRead {
  draft: AnnualReport | null;
  findings: WorkbookFinding[];
  /** The report path of every cell that could not be read. */
  unreadable: FindingPath[];
  map: ReportCellMap;
}

/** What `gridToReport` gives: the report (null unless every cell read), the reading findings (each with its cell) and the cell map. */
export interface ReportFromGrid {
  report: AnnualReport | null;
  findings: WorkbookFinding[];
  map: ReportCellMap;
}

/** The placeholder status of a row whose Mål-ID cannot be read (no rule judges a status). */
const PLACEHOLDER_STATUS: GoalStatus = "opfyldt";
const PLACEHOLDER_SOURCE: Source = "andre";

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const tableWords = (table: LocatedTable) => `tabellen ${table.layout.name} på arket ${table.sheet}`;

/**
 * The report's year: the one year column of `Forbrug`, which `Modtaget` must have too (and no other). Only the findings
 * about the year are made here; a missing table or column is reported by the table's own reading.
 */
function reportYear(grids: Grids, expected: number | undefined): { year: string | null; fatal: WorkbookFinding[] } {
  const fatal: WorkbookFinding[] = [];
  const spending = locateTable(grids, layout.tables.spending).value;
  if (!spending) return { year: null, fatal };
  const years = [...yearColumns(spending).years.keys()];
  const headerAddress = tableCell(spending, 0, 0).address;
  if (years.length !== 1) {
    fatal.push(
      layoutFinding(
        years.length === 0
          ? `${capitalised(tableWords(spending))} mangler en kolonne med redegørelsens år som overskrift (fx 2015); tilføj den som i skabelonen.`
          : `${capitalised(tableWords(spending))} har kolonner for flere år (${years.join(", ")}); regnskabsarket gælder ét år, så behold kun kolonnen for redegørelsens år.`,
        headerAddress,
      ),
    );
    return { year: null, fatal };
  }
  const year = years[0] ?? "";
  const yearAddress = tableCell(spending, 0, yearColumns(spending).years.get(year) ?? 0).address;
  if (expected !== undefined && String(expected) !== year) {
    fatal.push(
      layoutFinding(
        `Regnskabsarket gælder ${year} (overskriften i tabellen ${spending.layout.name}), men der skulle redegøres for ${expected}; læg et regnskabsark for ${expected}, eller ret årstallet.`,
        yearAddress,
      ),
    );
  }
  const received = locateTable(grids, layout.tables.received).value;
  if (received) {
    const receivedYears = [...yearColumns(received).years.keys()];
    const address = tableCell(received, 0, 0).address;
    if (!receivedYears.includes(year))
      fatal.push(
        layoutFinding(
          `${capitalised(tableWords(received))} mangler en kolonne for ${year}, redegørelsens år (overskriften i tabellen ${spending.layout.name}); tilføj en kolonne med årstallet som overskrift.`,
          address,
        ),
      );
    const others = receivedYears.filter((other) => other !== year);
    if (others.length > 0)
      fatal.push(
        layoutFinding(
          `${capitalised(tableWords(received))} har ${others.length === 1 ? "en kolonne" : "kolonner"} for ${others.join(", ")}, men redegørelsen gælder ${year} (overskriften i tabellen ${spending.layout.name}); behold kun kolonnen for ${year}.`,
          address,
        ),
      );
  }
  return { year, fatal };
}

/** The year's amounts of a table, as `readBudgetTable` reads them into `amountsOre`. */
const yearPeriod = (grids: Grids, table: LayoutTable, year: string | null): string[] => {
  const located = locateTable(grids, table).value;
  return year !== null && located && yearColumns(located).years.has(year) ? [year] : [];
};

function readSpending(grids: Grids, labels: Labels, year: string | null, reader: CellReader) {
  const names = layout.columns.spending;
  const lineNames = lineNamesReader(reader, labels, names);
  return readBudgetTable<"focusArea" | "category" | "activity", ReportSpending>(
    grids,
    {
      table: layout.tables.spending,
      columns: names,
      inputs: ["focusArea", "category", "activity"],
      prefix: ["spending"],
      amountPath: (row) => [...row, "actualOre"],
    },
    yearPeriod(grids, layout.tables.spending, year),
    (table, gridRow, columns, path, amountsOre) => {
      const line = lineNames(table, gridRow, columns, path);
      return {
        focusArea: line.focusArea,
        category: line.category,
        activity: line.activity,
        actualOre: year === null ? 0 : (amountsOre[year] ?? 0),
      };
    },
    reader,
  );
}

function readReceived(grids: Grids, labels: Labels, year: string | null, reader: CellReader) {
  const names = layout.columns.received;
  const readSource = (value: CellValue, format: string | undefined) =>
    readLabel(value, labels.sources, format) as CellRead<Source>;
  const read = readBudgetTable<"source", ReportFinancing>(
    grids,
    {
      table: layout.tables.received,
      columns: names,
      inputs: ["source"],
      prefix: ["financingReceived"],
      amountPath: (row) => [...row, "actualOre"],
    },
    yearPeriod(grids, layout.tables.received, year),
    (table, gridRow, columns, path, amountsOre) => ({
      source: reader.field(
        table,
        gridRow,
        columns.source,
        { path, key: "source", column: names.source },
        readSource,
        () => PLACEHOLDER_SOURCE,
      ),
      actualOre: year === null ? 0 : (amountsOre[year] ?? 0),
    }),
    reader,
  );
  return withSourceRows(read);
}

type StatusField = keyof typeof layout.columns.goalStatus;

/**
 * `Maalopfyldelse`: a row with a Mål-ID and neither Status nor Kommentar lists a goal not reported yet (no status, so
 * `report.goal-status-missing` speaks for it); any other non-blank row is a goal's status, and an empty Status then is unreadable.
 */
function readGoalStatuses(grids: Grids, reader: CellReader) {
  const located = locateTable(grids, layout.tables.goalStatus);
  const table = located.value;
  if (!table) return { goals: [], placement: null, fatal: located.fatal, other: located.other };
  const names = layout.columns.goalStatus;
  const named = namedColumns(table, names, ["goal"]);
  const fatal = [...located.fatal, ...named.fatal];
  const placement: GoalStatusPlacement = {
    sheet: table.sheet,
    header: table.origin,
    columns: {},
    rows: [],
    unreportedRows: {},
  };
  if (fatal.length > 0) return { goals: [], placement, fatal, other: located.other };
  const columns = named.columns as Record<StatusField, number>;
  placement.columns = sheetColumns(table, columns);

  const readId = (value: CellValue, format: string | undefined): CellRead<string> => {
    const text = readFilledText(value, "målets id som på arket Mål, fx m1", format);
    return text.ok ? { ok: true, value: text.value.trim() } : text;
  };
  const readStatus = (value: CellValue, format: string | undefined) =>
    readLabel(value, goalStatusLabels, format) as CellRead<GoalStatus>;
  const goals: ReportGoal[] = [];
  table.rows.forEach((cells, index) => {
    if (blankRow(cells, [columns.goalId, columns.status, columns.comment])) return;
    const gridRow = index + 1;
    const sheetRow = table.origin.row + gridRow;
    const path: FindingPath = ["goals", goals.length];
    const field = <T>(
      key: StatusField,
      read: (value: CellValue, format: string | undefined) => CellRead<T>,
      placeholder: (address: string) => T,
    ) => reader.field(table, gridRow, columns[key], { path, key, column: names[key] }, read, placeholder);
    const unfilled = isEmptyCell(cells[columns.status] ?? "") && isEmptyCell(cells[columns.comment] ?? "");
    if (unfilled) {
      const listed = reader.quick(table, gridRow, columns.goalId, readId);
      if (listed?.ok === true) {
        placement.unreportedRows[listed.value] ??= sheetRow;
        return;
      }
      // The Mål-ID does not read: its row is reported at that cell, with a placeholder status no rule judges.
      goals.push({ goalId: field("goalId", readId, placeholderText), status: PLACEHOLDER_STATUS, comment: "" });
      placement.rows.push(sheetRow);
      return;
    }
    goals.push({
      goalId: field("goalId", readId, placeholderText),
      status: field("status", readStatus, () => PLACEHOLDER_STATUS),
      comment: field("comment", readText, () => ""),
    });
    placement.rows.push(sheetRow);
  });
  return { goals, placement, fatal, other: located.other };
}

/**
 * Reads the `Regnskab` sheet's grids: the report with placeholders in unreadable cells, findings with cells, the
 * unreadable cells' paths and the cell map. Example: `readReportGrids(reportToGrid(report, reference), reference).draft`.
 */
export function readReportGrids(grids: Grids, reference: Reference, options: ReportReadOptions = {}): ReportGridRead {
  const labels = labelsOf(reference);
  const reader = new CellReader();
  const year = reportYear(grids, options.year);
  const spending = readSpending(grids, labels, year.year, reader);
  const received = readReceived(grids, labels, year.year, reader);
  const statuses = readGoalStatuses(grids, reader);
  const fatal = [...spending.fatal, ...year.fatal, ...received.fatal, ...statuses.fatal];
  const draft: AnnualReport | null =
    fatal.length === 0 && year.year !== null
      ? {
          year: Number(year.year),
          spending: spending.rows,
          financingReceived: received.rows,
          goals: statuses.goals,
        }
      : null;
  return {
    draft,
    findings: [...fatal, ...spending.other, ...received.other, ...statuses.other, ...reader.findings],
    unreadable: reader.unreadable,
    map: { spending: spending.placement, received: received.placement, goalStatus: statuses.placement },
  };
}

/**
 * Grids → the year's report on the `Regnskab` sheet. `report` is null when any cell cannot be read or the layout is
 * broken (a missing table or column, no or several year columns, `Modtaget` for another year, or another year than
 * `options.year`) — `findings` say where; it never throws on bad cells and never turns one into a silent 0.
 * Example: `gridToReport(reportToGrid(report, defaultReference), defaultReference).report` deep-equals `report`.
 */
export function gridToReport(grids: Grids, reference: Reference, options: ReportReadOptions = {}): ReportFromGrid {
  const read = readReportGrids(grids, reference, options);
  return { report: read.findings.length === 0 ? read.draft : null, findings: read.findings, map: read.map };
}
