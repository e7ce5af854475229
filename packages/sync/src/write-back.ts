// What a front end writes into the workbook after a sync so that it holds exactly the new version
// plus the user's own edits: the cells where the synced plan differs from what the workbook holds,
// placed in the workbook's own rows (found by reading it), and the Plan-ID and Version stamps.
// When the new plan needs a table row or year column the workbook does not have, no cell list can
// say it: the answer is then the whole plan's grids, for a front end that lays the tables anew.
import {
  expenseLineKey,
  type ExpenseLine,
  type FinancingRow,
  type PlanInput,
  type Reference,
} from "@helhedsplan/rules";
import {
  formatA1,
  kronerCell,
  layout,
  planToGrid,
  type BudgetTablePlacement,
  type CellMap,
  type CellValue,
  type Grids,
  type PoolLabel,
  type StamdataKey,
} from "@helhedsplan/workbook";

/** One value to put in one cell of the workbook. Example: `{ sheet: "Budget", address: "E7", value: 450000 }`. */
export interface CellWrite {
  sheet: string;
  /** The A1 address on `sheet`. */
  address: string;
  value: CellValue;
}

/** The cells to write, or — when the plan does not fit the workbook's tables — the grids of the whole plan and why. */
export type WriteBack = { fits: true; writes: CellWrite[] } | { fits: false; grids: Grids; reason: string };

/** The sync state a workbook is stamped with. */
export interface SyncStamp {
  planId: string;
  version: number;
}

/** The Plan-ID and Version cells with `stamp`; empty when the workbook has no such rows (the front end says so). */
export function stampWrites(map: CellMap, stamp: SyncStamp): CellWrite[] {
  const stamdata = map.stamdata;
  const idRow = stamdata?.fieldRows.planId;
  const versionRow = stamdata?.fieldRows.version;
  if (!stamdata || idRow === undefined || versionRow === undefined) return [];
  const at = (row: number) => formatA1({ row, column: stamdata.valueColumn });
  return [
    { sheet: stamdata.sheet, address: at(idRow), value: stamp.planId },
    { sheet: stamdata.sheet, address: at(versionRow), value: stamp.version },
  ];
}

const HEADER_KEYS = layout.stamdataFields
  .map((field) => field.key)
  .filter((key) => key !== "planId" && key !== "version");

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

/** Lines or rows by identity (key + occurrence), keeping their index. */
function byIdentity<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, { item: T; index: number }> {
  const seen = new Map<string, number>();
  const result = new Map<string, { item: T; index: number }>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    result.set(`${key}#${occurrence}`, { item, index });
  });
  return result;
}

/** The sheet rows of a table's data area that hold no plan row (blank rows a new line can take), top first. */
function blankRows(placement: BudgetTablePlacement, grids: Grids, tableName: string): number[] {
  const table = grids.tables.find((candidate) => candidate.name === tableName);
  if (!table) return [];
  const dataRows = table.values.length - 1 - (table.totalsRow ? 1 : 0);
  const used = new Set(placement.rows);
  const rows: number[] = [];
  for (let row = placement.header.row + 1; row <= placement.header.row + dataRows; row++) {
    if (!used.has(row)) rows.push(row);
  }
  return rows;
}

interface TableDiff<T> {
  placement: BudgetTablePlacement | null;
  tableName: string;
  mine: readonly T[];
  target: readonly T[];
  keyOf: (item: T) => string;
  /** The label cells of a row of mine or of the target, by placement column name, as a grid of that plan shows them. */
  labelsOf: (side: "mine" | "target", index: number) => Record<string, CellValue>;
  amountsOf: (item: T) => Record<string, number>;
}

/** The writes that turn one budget table of the workbook into the target's rows; null when the table cannot hold them. */
function diffTable<T>(diff: TableDiff<T>, grids: Grids): CellWrite[] | string {
  const { placement } = diff;
  if (placement === null) return diff.target.length === 0 ? [] : `tabellen ${diff.tableName} findes ikke`;
  const writes: CellWrite[] = [];
  const put = (row: number, column: number, value: CellValue) =>
    writes.push({ sheet: placement.sheet, address: formatA1({ row, column }), value });
  const labelColumns = Object.entries(placement.columns).filter(([name]) => name !== "total");
  const yearColumn = (year: string) => placement.yearColumns[year];

  const writeAmounts = (row: number, from: Record<string, number>, to: Record<string, number>): string | null => {
    for (const year of new Set([...Object.keys(from), ...Object.keys(to)])) {
      if (from[year] === to[year]) continue;
      const column = yearColumn(year);
      if (column === undefined) return `tabellen ${diff.tableName} har ingen kolonne for ${year}`;
      put(row, column, kronerCell(to[year]));
    }
    return null;
  };

  const mine = byIdentity(diff.mine, diff.keyOf);
  const target = byIdentity(diff.target, diff.keyOf);
  const free = blankRows(placement, grids, diff.tableName);
  // Rows the new plan no longer has are emptied first, so a line added on the server can take one.
  for (const [identity, { item, index }] of mine) {
    if (target.has(identity)) continue;
    const row = placement.rows[index];
    if (row === undefined) continue;
    for (const [, column] of labelColumns) put(row, column, "");
    const missing = writeAmounts(row, diff.amountsOf(item), {});
    if (missing !== null) return missing;
    free.push(row);
  }
  free.sort((a, b) => a - b);
  for (const [identity, { item, index }] of target) {
    const labels = diff.labelsOf("target", index);
    const existing = mine.get(identity);
    if (existing !== undefined) {
      const row = placement.rows[existing.index];
      if (row === undefined) return `rækken for ${diff.tableName} ${existing.index + 1} blev ikke fundet`;
      const mineLabels = diff.labelsOf("mine", existing.index);
      for (const [name, column] of labelColumns) {
        if (!sameValue(mineLabels[name], labels[name])) put(row, column, labels[name] ?? "");
      }
      const missing = writeAmounts(row, diff.amountsOf(existing.item), diff.amountsOf(item));
      if (missing !== null) return missing;
      continue;
    }
    const row = free.shift();
    if (row === undefined) return `tabellen ${diff.tableName} har ingen tom række til en ny linje`;
    for (const [name, column] of labelColumns) put(row, column, labels[name] ?? "");
    const missing = writeAmounts(row, {}, diff.amountsOf(item));
    if (missing !== null) return missing;
  }
  return writes;
}

/** The grid row values of a table of `grids` by plan row index (header and totals row skipped). */
function tableRows(grids: Grids, name: string): CellValue[][] {
  const table = grids.tables.find((candidate) => candidate.name === name);
  if (!table) return [];
  return table.values.slice(1, table.totalsRow ? -1 : undefined);
}

/**
 * The cells that make a workbook holding `mine` (read into `map` from `grids`) hold `target` instead — header values,
 * expense lines and financing rows matched by identity, new lines in blank table rows; or the whole `target` as grids
 * when the tables cannot hold it. Example: `writeBack({ grids, map, mine }, merged, reference).writes`.
 */
export function writeBack(
  workbook: { grids: Grids; map: CellMap; mine: PlanInput },
  target: PlanInput,
  reference: Reference,
  pools?: readonly PoolLabel[],
): WriteBack {
  const { grids, map, mine } = workbook;
  const options = pools === undefined ? {} : { pools };
  const targetGrids = planToGrid(target, reference, options);
  const whole = (reason: string): WriteBack => ({ fits: false, grids: targetGrids, reason });
  const stamdata = map.stamdata;
  if (stamdata === null) return whole("tabellen Stamdata findes ikke");

  const writes: CellWrite[] = [];
  const stamdataValues = tableRows(targetGrids, layout.tables.stamdata.name);
  for (const key of HEADER_KEYS) {
    if (sameValue(mine[key], target[key])) continue;
    const row = stamdata.fieldRows[key as StamdataKey];
    const fieldIndex = layout.stamdataFields.findIndex((field) => field.key === key);
    if (row === undefined) return whole(`Stamdata har ingen række for ${key}`);
    writes.push({
      sheet: stamdata.sheet,
      address: formatA1({ row, column: stamdata.valueColumn }),
      value: stamdataValues[fieldIndex]?.[1] ?? "",
    });
  }

  const mineGrids = planToGrid(mine, reference, options);
  const rowsOf = (name: string) => ({ mine: tableRows(mineGrids, name), target: tableRows(targetGrids, name) });
  const expenseRows = rowsOf(layout.tables.expenses.name);
  const expenseNames = ["focusArea", "category", "activity"] as const;
  const expenses = diffTable<ExpenseLine>(
    {
      placement: map.expenses,
      tableName: layout.tables.expenses.name,
      mine: mine.budget.expenses,
      target: target.budget.expenses,
      keyOf: expenseLineKey,
      labelsOf: (side, index) =>
        Object.fromEntries(expenseNames.map((name, column) => [name, expenseRows[side][index]?.[column] ?? ""])),
      amountsOf: (line) => line.amountsOre,
    },
    grids,
  );
  if (typeof expenses === "string") return whole(expenses);

  const financingRows = rowsOf(layout.tables.financing.name);
  const financing = diffTable<FinancingRow>(
    {
      placement: map.financing,
      tableName: layout.tables.financing.name,
      mine: mine.budget.financing,
      target: target.budget.financing,
      keyOf: (row) => row.source,
      labelsOf: (side, index) => ({ source: financingRows[side][index]?.[0] ?? "" }),
      amountsOf: (row) => row.amountsOre,
    },
    grids,
  );
  if (typeof financing === "string") return whole(financing);
  return { fits: true, writes: [...writes, ...expenses, ...financing] };
}
