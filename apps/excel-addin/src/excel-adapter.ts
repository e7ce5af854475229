// The one module that talks to Excel (Microsoft's task-pane pattern): every Excel.run of the
// add-in is here, and each does its reads in one sync and its writes in one more — never a sync
// in a loop, never a proxy object per cell. Everything it returns is plain data (port.ts).
import { reportVersionCell, type CellWrite } from "@helhedsplan/sync";
import {
  columnLetters,
  layout,
  overviewCell,
  parseA1,
  sheetAddress,
  type CellValue,
  type TableGrid,
  type TemplateSheet,
  type TemplateTableCell,
  type WorkbookTemplate,
} from "@helhedsplan/workbook";
import { flag, type Flag, type TableFlags } from "./pass";
import {
  ExcelTimeout,
  markSheet,
  markedTables,
  readTables,
  type MarkWrite,
  type OverviewKey,
  type WorkbookPort,
  type WorkbookSnapshot,
} from "./port";

/** How long a sync may take before the add-in gives up on it (Excel on the web can hang for ever). */
const SYNC_TIMEOUT_MS = 10_000;

/** Each table's flag block starts this many columns after the previous one's on the mark sheet. */
const BAND_COLUMNS = 100;
/** The rows a flag block may use: a plan's 5,000 expense lines, header and totals, and room to grow. */
const BAND_ROWS = 5_100;
/**
 * The marks' looks, in one place (the test host tells what a user sees by them). Errors and warnings are Excel's own
 * cell styles *Bad* and *Neutral*, which finance users already read as "wrong" and "check"; the two sync states say
 * nothing is wrong, so they are pale fills from Excel's theme tints (Blue and Green, 20 %) that black text reads on,
 * with no font colour: the user's own font stays. `since` is the marks' version that added the style.
 */
export const markStyles = [
  { flag: flag.error, fill: "#FFC7CE", font: "#9C0006", since: 1 },
  { flag: flag.warning, fill: "#FFEB9C", font: "#9C5700", since: 1 },
  { flag: flag.unsynced, fill: "#BDD7EE", font: null, since: 2 },
  { flag: flag.fromServer, fill: "#C6EFCE", font: null, since: 2 },
] as const satisfies readonly { flag: Flag; fill: string; font: string | null; since: number }[];

/**
 * The version of a table's marks: a workbook marked by an earlier add-in has fewer styles. It is kept in the workbook
 * as the name `hh_markver_<table>` = `=2`; a table marked before the name existed has only `hh_tbl_<table>` (version 1).
 */
const MARKS_VERSION = Math.max(...markStyles.map((style) => style.since));

const markName = (table: string) => `hh_mark_${table}`;
const tableName = (table: string) => `hh_tbl_${table}`;
const versionName = (table: string) => `hh_markver_${table}`;
const bandColumn = (table: string) =>
  1 + BAND_COLUMNS * markedTables.findIndex((candidate) => candidate.name === table);
const quotedSheet = (sheet: string) => `'${sheet.replaceAll("'", "''")}'`;

/** A sync that gives up after `SYNC_TIMEOUT_MS`: `await withTimeout(context.sync())`. */
async function withTimeout(sync: Promise<void>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ExcelTimeout()), SYNC_TIMEOUT_MS);
  });
  try {
    await Promise.race([sync, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
  return Excel.run({ delayForCellEdit: true }, batch);
}

/** The sheet-local part of an Office.js address (`Budget!A3:H14` → `A3:H14`). */
const localAddress = (address: string) => address.slice(address.lastIndexOf("!") + 1);

/** The top-left cell of a selection's address (`E7:H9` → `E7`; a multi-area `A1:B2,D4` → `A1`). */
const firstCell = (address: string) => (localAddress(address).split(/[,:]/)[0] ?? "").replaceAll("$", "");

/** Office.js values as the workbook package's cell values (Excel gives numbers, strings, booleans; `""` when empty). */
const cellValues = (values: unknown[][]): CellValue[][] =>
  values.map((row) =>
    row.map((value) =>
      typeof value === "number" || typeof value === "boolean" ? value : typeof value === "string" ? value : "",
    ),
  );

/** Writes grouped into ranges: one range per run of adjacent cells in a row, so a row of amounts is one command. */
function coalesce(writes: readonly CellWrite[]): { sheet: string; address: string; values: CellValue[][] }[] {
  const byRow = new Map<string, { sheet: string; row: number; cells: Map<number, CellValue> }>();
  for (const write of writes) {
    const position = parseA1(write.address);
    if (!position) continue;
    const key = `${write.sheet}\u0000${position.row}`;
    const entry = byRow.get(key) ?? { sheet: write.sheet, row: position.row, cells: new Map<number, CellValue>() };
    entry.cells.set(position.column, write.value);
    byRow.set(key, entry);
  }
  const ranges: { sheet: string; address: string; values: CellValue[][] }[] = [];
  for (const { sheet, row, cells } of byRow.values()) {
    const columns = [...cells.keys()].sort((a, b) => a - b);
    let start = 0;
    for (let at = 1; at <= columns.length; at++) {
      if (at < columns.length && columns[at] === (columns[at - 1] ?? 0) + 1) continue;
      const first = columns[start] ?? 1;
      const last = columns[at - 1] ?? first;
      const values = [columns.slice(start, at).map((column) => cells.get(column) ?? "")];
      const address = `${columnLetters(first)}${row}:${columnLetters(last)}${row}`;
      ranges.push({ sheet, address, values });
      start = at;
    }
  }
  return ranges;
}

/** The flag values of a block padded with zeros to `rows` × `columns` (stale flags of a larger earlier block reset). */
function paddedFlags(block: TableFlags, rows: number, columns: number): number[][] {
  const values: number[][] = [];
  for (let row = 0; row < rows; row++) {
    const source = block.flags[row] ?? [];
    const line: number[] = [];
    for (let column = 0; column < columns; column++) line.push(source[column] ?? 0);
    values.push(line);
  }
  return values;
}

function blockAddress(table: string, rows: number, columns: number): string {
  const first = bandColumn(table);
  return `${columnLetters(first)}1:${columnLetters(first + columns - 1)}${rows}`;
}

/** Office.js' column width is in points; the template's in characters of the default font (about 7 px each + 5 px padding). */
const pointsOfCharacters = (characters: number) => Math.round((characters * 7 + 5) * 0.75);

const horizontal = { left: "Left", center: "Center", right: "Right" } as const;
const vertical = { top: "Top", center: "Center", bottom: "Bottom" } as const;

function styleCell(range: Excel.Range, cell: TemplateTableCell) {
  if (cell.numberFormat !== undefined) range.numberFormat = [[cell.numberFormat]];
  if (cell.font?.bold !== undefined) range.format.font.bold = cell.font.bold;
  if (cell.font?.italic !== undefined) range.format.font.italic = cell.font.italic;
  if (cell.font?.size !== undefined) range.format.font.size = cell.font.size;
  const alignment = cell.alignment;
  if (alignment?.horizontal !== undefined) range.format.horizontalAlignment = horizontal[alignment.horizontal];
  if (alignment?.vertical !== undefined) range.format.verticalAlignment = vertical[alignment.vertical];
  if (alignment?.wrapText !== undefined) range.format.wrapText = alignment.wrapText;
}

const contentOf = (cell: TemplateTableCell): string | number | boolean =>
  "formula" in cell ? cell.formula : cell.value;

/** A table's rows as one 2-D array of formulas/values (Office.js `formulas` takes both). */
const tableContent = (rows: readonly TemplateTableCell[][]) => rows.map((row) => row.map(contentOf));

function validationRule(rule: TemplateSheet["validations"][number]["rule"]): Excel.DataValidationRule {
  if (rule.type === "list") {
    return { list: { inCellDropDown: true, source: "range" in rule ? `=${rule.range}` : rule.values.join(",") } };
  }
  const basic: Excel.BasicDataValidation =
    rule.operator === "between"
      ? { operator: Excel.DataValidationOperator.between, formula1: rule.min, formula2: rule.max }
      : { operator: Excel.DataValidationOperator.greaterThanOrEqualTo, formula1: rule.min };
  return rule.type === "decimal" ? { decimal: basic } : { wholeNumber: basic };
}

/** Queues one template sheet into the workbook: cells, tables, validation, widths, freeze, protection, visibility. */
function laySheet(workbook: Excel.Workbook, spec: TemplateSheet) {
  const sheet = workbook.worksheets.add(spec.name);
  for (const cell of spec.cells) {
    const range = sheet.getRange(cell.address);
    range.formulas = [[contentOf(cell)]];
    styleCell(range, cell);
  }
  for (const table of spec.tables) {
    const corners = table.range.split(":");
    const topLeft = parseA1(corners[0] ?? "A1") ?? { row: 1, column: 1 };
    const lastColumn = topLeft.column + table.columns.length - 1;
    const bodyEnd = topLeft.row + table.rows.length;
    const created = sheet.tables.add(`${corners[0]}:${columnLetters(lastColumn)}${bodyEnd}`, true);
    created.name = table.name;
    created.getHeaderRowRange().values = [table.columns];
    created.getDataBodyRange().formulas = tableContent(table.rows);
    created.getDataBodyRange().numberFormat = table.rows.map((row) =>
      row.map((cell) => cell.numberFormat ?? "General"),
    );
    if (table.totals !== null) {
      created.showTotals = true;
      created.getTotalRowRange().formulas = [table.totals.map(contentOf)];
      created.getTotalRowRange().numberFormat = [table.totals.map((cell) => cell.numberFormat ?? "General")];
    }
  }
  for (const validation of spec.validations) {
    const range = sheet.getRange(validation.range);
    range.dataValidation.rule = validationRule(validation.rule);
    range.dataValidation.ignoreBlanks = validation.allowBlank;
    range.dataValidation.errorAlert = {
      showAlert: true,
      style: Excel.DataValidationAlertStyle.stop,
      title: validation.error.title,
      message: validation.error.message,
    };
  }
  for (const [letters, width] of Object.entries(spec.columnWidths)) {
    sheet.getRange(`${letters}:${letters}`).format.columnWidth = pointsOfCharacters(width);
  }
  if (spec.freeze !== null && spec.freeze.rows > 0) sheet.freezePanes.freezeRows(spec.freeze.rows);
  if (spec.protected) sheet.protection.protect();
  if (spec.visibility === "hidden") sheet.visibility = Excel.SheetVisibility.hidden;
}

/** Queues a whole template: its sheets in order, the first one shown. */
function layAll(workbook: Excel.Workbook, template: WorkbookTemplate) {
  for (const spec of template.sheets) laySheet(workbook, spec);
  const first = template.sheets[0];
  if (first) workbook.worksheets.getItem(first.name).activate();
}

/** The adapter: `WorkbookPort` on Office.js. Example: `const port = excelAdapter(); await port.read()`. */
export function excelAdapter(): WorkbookPort {
  const knowsTriggerSource = Office.context.requirements.isSetSupported("ExcelApi", "1.14");
  let markSheetId: string | null = null;
  let overviewSheetId: string | null = null;
  /** Per table, the version of the marks the last read found (absent: none). */
  const markVersions = new Map<string, number>();
  const overviewCells = new Set([overviewCell("findings")]);

  /** The sheet's name for an event's worksheet id: its own small run, since a selection event names only the id. */
  const sheetNameOf = (worksheetId: string) =>
    run(async (context) => {
      const sheet = context.workbook.worksheets.getItem(worksheetId);
      sheet.load("name");
      await withTimeout(context.sync());
      return sheet.name;
    });

  return {
    knowsTriggerSource,

    read: () =>
      run(async (context) => {
        const workbook = context.workbook;
        // Everything in one batch; proxies of a missing table or sheet are null objects, their loads no-ops.
        const tables = readTables.map((table) => {
          const proxy = workbook.tables.getItemOrNullObject(table.name);
          proxy.load("name,showTotals");
          const range = proxy.getRange();
          range.load("values,numberFormat,address");
          return { table, proxy, range };
        });
        const sheetNames = [
          layout.sheets.plan,
          layout.sheets.budget,
          layout.sheets.overview,
          layout.sheets.goals,
          layout.sheets.accounts,
        ];
        const sheets = sheetNames.map((name) => {
          const proxy = workbook.worksheets.getItemOrNullObject(name);
          proxy.load("name");
          return { name, proxy };
        });
        const names = markedTables.map((table) => {
          const proxy = workbook.names.getItemOrNullObject(tableName(table.name));
          proxy.load("name");
          const version = workbook.names.getItemOrNullObject(versionName(table.name));
          version.load("formula");
          return { table: table.name, proxy, version };
        });
        const marks = workbook.worksheets.getItemOrNullObject(markSheet);
        marks.load("name,id");
        const overview = sheets[2]!.proxy;
        overview.load("id");
        const findingsCell = overview.getRange(overviewCell("findings"));
        findingsCell.load("values");
        // The report's version on the service, which *Indsend redegørelse* sends as If-Match.
        const accounts = sheets[4]!.proxy;
        const reportVersion = accounts.getRange(reportVersionCell.address);
        reportVersion.load("values");
        await withTimeout(context.sync());

        const grids: TableGrid[] = tables
          .filter(({ proxy }) => !proxy.isNullObject)
          .map(({ proxy, range }) => {
            const address = range.address;
            const sheet = address
              .slice(0, address.lastIndexOf("!"))
              .replace(/^'(.*)'$/, "$1")
              .replaceAll("''", "'");
            return {
              name: proxy.name,
              sheet,
              topLeft: localAddress(address).split(":")[0] ?? "A1",
              values: cellValues(range.values),
              totalsRow: proxy.showTotals,
              numberFormats: range.numberFormat as string[][],
            };
          });
        markVersions.clear();
        for (const { table, proxy, version } of names) {
          if (proxy.isNullObject) continue;
          markVersions.set(table, version.isNullObject ? 1 : Number(String(version.formula).replace(/^=/, "")) || 1);
        }
        markSheetId = marks.isNullObject ? null : marks.id;
        overviewSheetId = overview.isNullObject ? null : overview.id;
        const snapshot: WorkbookSnapshot = {
          grids: { sheets: sheets.filter(({ proxy }) => !proxy.isNullObject).map(({ name }) => name), tables: grids },
          // Marks of an earlier version count as missing: writeMarks then adds only what they lack.
          markedTables: names
            .filter(({ table }) => (markVersions.get(table) ?? 0) >= MARKS_VERSION)
            .map(({ table }) => table),
          markSheetExists: !marks.isNullObject,
          overview: overview.isNullObject ? {} : { findings: cellValues(findingsCell.values)[0]?.[0] ?? "" },
          ...(accounts.isNullObject ? {} : { reportVersion: cellValues(reportVersion.values)[0]?.[0] ?? "" }),
        };
        return snapshot;
      }),

    writeMarks: (write: MarkWrite) =>
      run(async (context) => {
        const workbook = context.workbook;
        let marks: Excel.Worksheet;
        if (write.createMarkSheet) {
          marks = workbook.worksheets.add(markSheet);
          marks.visibility = Excel.SheetVisibility.veryHidden;
        } else {
          marks = workbook.worksheets.getItem(markSheet);
        }
        for (const block of write.flags) {
          const previous = write.previousSizes[block.table] ?? { rows: 0, columns: 0 };
          const rows = Math.min(BAND_ROWS, Math.max(previous.rows, block.flags.length));
          const columns = Math.min(BAND_COLUMNS, Math.max(previous.columns, block.flags[0]?.length ?? 0));
          if (rows === 0 || columns === 0) continue;
          marks.getRange(blockAddress(block.table, rows, columns)).values = paddedFlags(block, rows, columns);
        }
        for (const table of write.createMarks) {
          const block = write.flags.find((candidate) => candidate.table === table);
          if (!block) continue;
          const version = markVersions.get(table) ?? 0;
          if (version === 0) {
            const band = blockAddress(table, BAND_ROWS, BAND_COLUMNS).replace(/([A-Z]+)(\d+)/g, "$$$1$$$2");
            workbook.names.add(markName(table), `=${quotedSheet(markSheet)}!${band}`);
            workbook.names.add(tableName(table), `=${table}[#All]`);
          }
          // A later version's upgrade finds the name already there: it is made again with the new number.
          if (version >= 2) workbook.names.getItemOrNullObject(versionName(table)).delete();
          workbook.names.add(versionName(table), `=${MARKS_VERSION}`);
          const target = workbook.worksheets.getItem(block.sheet).getRange(block.range);
          for (const style of markStyles) {
            if (style.since <= version) continue;
            const format = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
            format.custom.rule.formula =
              `=INDEX(${markName(table)},ROW()-ROW(${tableName(table)})+1,` +
              `COLUMN()-COLUMN(${tableName(table)})+1)=${style.flag}`;
            format.custom.format.fill.color = style.fill;
            if (style.font !== null) format.custom.format.font.color = style.font;
          }
        }
        const overviewWrites = Object.entries(write.overview) as [OverviewKey, CellValue][];
        if (overviewWrites.length > 0) {
          // Overblik is protected against slips; the add-in lifts it for its own figures and puts it back in the same batch.
          const overview = workbook.worksheets.getItem(layout.sheets.overview);
          overview.protection.unprotect();
          for (const [key, value] of overviewWrites) overview.getRange(overviewCell(key)).values = [[value]];
          overview.protection.protect();
        }
        await withTimeout(context.sync());
      }),

    writeCells: (writes) =>
      run(async (context) => {
        for (const range of coalesce(writes)) {
          context.workbook.worksheets.getItem(range.sheet).getRange(range.address).values = range.values;
        }
        await withTimeout(context.sync());
      }),

    layTemplate: (template) =>
      run(async (context) => {
        layAll(context.workbook, template);
        await withTimeout(context.sync());
      }),

    replacePlan: (template) =>
      run(async (context) => {
        const workbook = context.workbook;
        const sheets = template.sheets.map((spec) => {
          const proxy = workbook.worksheets.getItemOrNullObject(spec.name);
          proxy.load("name");
          return proxy;
        });
        const laid = new Set(template.sheets.flatMap((spec) => spec.tables.map((table) => table.name)));
        const relaid = markedTables.filter((table) => laid.has(table.name)).map((table) => table.name);
        const names = relaid.flatMap((table) =>
          [markName, tableName, versionName].map((nameOf) => {
            const proxy = workbook.names.getItemOrNullObject(nameOf(table));
            proxy.load("name");
            return proxy;
          }),
        );
        // The marked tables the template leaves alone (a Regnskab sheet beside a fetched plan): their bands stay read.
        const kept = markedTables
          .filter((table) => !laid.has(table.name))
          .map((table) => {
            const proxy = workbook.names.getItemOrNullObject(tableName(table.name));
            proxy.load("name");
            return proxy;
          });
        const marks = workbook.worksheets.getItemOrNullObject(markSheet);
        marks.load("name");
        await withTimeout(context.sync());

        // Excel refuses to delete the last visible sheet: a bare sheet stands in until the template's are laid.
        const standIn = workbook.worksheets.add();
        // A deleted table leaves its names behind as #REF!, and a name cannot be added twice: they go first.
        for (const name of names) if (!name.isNullObject) name.delete();
        // With every marked table relaid, no band of the mark sheet is still read: the next pass makes it anew.
        const dropMarks = !marks.isNullObject && kept.every((name) => name.isNullObject);
        if (dropMarks) {
          // Excel refuses to delete a very hidden sheet.
          marks.visibility = Excel.SheetVisibility.hidden;
          marks.delete();
        }
        for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
        layAll(workbook, template);
        standIn.delete();
        await withTimeout(context.sync());
        for (const table of relaid) markVersions.delete(table);
        if (dropMarks) markSheetId = null;
      }),

    select: (cell) =>
      run(async (context) => {
        const bang = cell.lastIndexOf("!");
        const sheet = cell
          .slice(0, bang)
          .replace(/^'(.*)'$/, "$1")
          .replaceAll("''", "'");
        const worksheet = context.workbook.worksheets.getItem(sheet);
        worksheet.activate();
        worksheet.getRange(cell.slice(bang + 1)).select();
        await withTimeout(context.sync());
      }),

    onChange: (listener) =>
      run(async (context) => {
        context.workbook.worksheets.onChanged.add((event) => {
          const address = event.address;
          // Below ExcelApi 1.14 there is no triggerSource: the add-in's own cells tell its writes apart.
          const own =
            (knowsTriggerSource && event.triggerSource === Excel.EventTriggerSource.thisLocalAddin) ||
            event.worksheetId === markSheetId ||
            (event.worksheetId === overviewSheetId && overviewCells.has(localAddress(address)));
          listener({ address, worksheetId: event.worksheetId, own });
          return Promise.resolve();
        });
        await withTimeout(context.sync());
      }),

    onSelection: (listener) => {
      // Holding an arrow key fires a selection per cell: one look-up runs at a time and only the latest waiting
      // selection follows it, so a burst costs two small runs, not one per cell.
      let waiting: { worksheetId: string; address: string } | null = null;
      let delivering: Promise<void> | null = null;
      const deliver = (): Promise<void> => {
        const selection = waiting;
        waiting = null;
        if (selection === null) {
          delivering = null;
          return Promise.resolve();
        }
        return (
          sheetNameOf(selection.worksheetId)
            .then((sheet) => listener(sheetAddress(sheet, firstCell(selection.address))))
            // A selection is a courtesy to the pane: a sheet deleted meanwhile or a slow Excel must not stop the next one.
            .catch(() => undefined)
            .then(deliver)
        );
      };
      return run(async (context) => {
        context.workbook.worksheets.onSelectionChanged.add((event) => {
          waiting = { worksheetId: event.worksheetId, address: event.address };
          delivering ??= deliver();
          return delivering;
        });
        await withTimeout(context.sync());
      });
    },
  };
}
