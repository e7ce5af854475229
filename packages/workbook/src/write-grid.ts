// Plan → grids, the inverse of reading: the cell values a workbook laid out by WORKBOOK.md holds
// for a plan (and for a blank template). The .xlsx writer turns these grids into a file.
import { formatKroner, kronerNumber, type PlanInput, type Reference } from "@helhedsplan/rules";
import { formatA1, type CellValue, type Grids, type TableGrid } from "./grid";
import { labelsOf, type GridOptions, type LabelSet } from "./labels";
import { layout, periodYears, type LayoutTable, type StamdataKey } from "./layout";

/** The sync fields of the `Stamdata` table, which are no part of the plan itself. Example: `{ planId: "a1b2", version: 3 }`. */
export interface PlanMeta {
  planId?: string | null;
  version?: number | null;
}

/** What `planToGrid` may be told besides the plan: the sync fields and the pools whose names the `Pulje` cell shows. Example: `{ planId: "a1b2", version: 3, pools }`. */
export interface PlanGridOptions extends PlanMeta, GridOptions {}

/** Amounts this large have more than Excel's 15 significant digits as kroner with øre, so they are written as Danish text to stay exact. */
const LARGEST_NUMERIC_ORE = 1e15;

/** An amount in øre as its kroner cell (`kronerNumber`, exact below 10^15 øre; Danish text above); `""` for no amount. Example: `kronerCell(123450) === 1234.5`. */
export function kronerCell(ore: number | undefined): CellValue {
  if (ore === undefined) return "";
  if (Number.isSafeInteger(ore) && Math.abs(ore) >= LARGEST_NUMERIC_ORE) return formatKroner(ore).replace(/ kr\.$/, "");
  return kronerNumber(ore);
}

/** A budget row before it becomes cells: its label cells and its amount per year column (undefined: no amount). */
interface RowContent {
  labels: CellValue[];
  amountsOre: (number | undefined)[];
}

/** Everything a workbook shows, before placing it. */
interface GridContent {
  stamdata: Record<StamdataKey, CellValue>;
  years: string[];
  expenses: RowContent[];
  financing: RowContent[];
}

const sum = (amounts: readonly (number | undefined)[]) =>
  amounts.reduce<number>((total, amount) => total + (amount ?? 0), 0);

/** A budget table's grid: header, rows with their `I alt`, and the totals row (the values Excel computes from the formulas). */
function budgetTable(
  table: LayoutTable,
  topLeft: string,
  headers: { labels: string[]; total: string },
  years: string[],
  rows: RowContent[],
): TableGrid {
  const labelHeaders = headers.labels;
  const blankRow: RowContent = { labels: labelHeaders.map(() => ""), amountsOre: years.map(() => undefined) };
  const shown = rows.length > 0 ? rows : [blankRow];
  const yearTotals = years.map((_, index) => sum(shown.map((row) => row.amountsOre[index])));
  const totalsLabels = labelHeaders.map((_, index) => (index === 0 ? layout.totalsLabel : ""));
  return {
    name: table.name,
    sheet: table.sheet,
    topLeft,
    values: [
      [...labelHeaders, ...years, headers.total],
      ...shown.map((row) => [...row.labels, ...row.amountsOre.map(kronerCell), kronerCell(sum(row.amountsOre))]),
      [...totalsLabels, ...yearTotals.map(kronerCell), kronerCell(sum(yearTotals))],
    ],
    totalsRow: true,
  };
}

function gridsOf(content: GridContent): Grids {
  const { placement, tables, columns } = layout;
  const stamdata: TableGrid = {
    name: tables.stamdata.name,
    sheet: tables.stamdata.sheet,
    topLeft: formatA1({ row: placement.headerRow, column: placement.firstColumn }),
    values: [
      [columns.stamdata.field, columns.stamdata.value],
      ...layout.stamdataFields.map((field) => [field.label, content.stamdata[field.key]]),
    ],
    totalsRow: false,
  };
  const expenseHeaders = {
    labels: [columns.expenses.focusArea, columns.expenses.category, columns.expenses.activity],
    total: columns.expenses.total,
  };
  const expenses = budgetTable(
    tables.expenses,
    formatA1({ row: placement.headerRow, column: placement.firstColumn }),
    expenseHeaders,
    content.years,
    content.expenses,
  );
  const expensesTotalsRow = placement.headerRow + expenses.values.length - 1;
  const financingTopLeft = formatA1({ row: expensesTotalsRow + placement.financingGap, column: placement.firstColumn });
  const financingHeaders = { labels: [columns.financing.source], total: columns.financing.total };
  const financing = budgetTable(tables.financing, financingTopLeft, financingHeaders, content.years, content.financing);
  return {
    sheets: [layout.sheets.plan, layout.sheets.budget, layout.sheets.overview],
    tables: [stamdata, expenses, financing],
  };
}

/** The year columns of a plan: its period, plus any other year an amount names (so nothing is lost). */
function yearsOf(plan: PlanInput): string[] {
  const years = new Set(periodYears(plan.periodStart, plan.periodEnd));
  for (const row of [...plan.budget.expenses, ...plan.budget.financing])
    for (const year of Object.keys(row.amountsOre)) years.add(year);
  return [...years].sort((a, b) => Number(a) - Number(b));
}

/** A reference id as its cell shows it: its name, or the id itself when the reference has no such entry. Example: `labelOf(labels.categories, "loen") === "Løn"`. */
export const labelOf = (labels: LabelSet, id: string) => labels.nameOf(id) ?? id;
const yesNo = (value: boolean) => (value ? layout.yes : layout.no);

/**
 * The grids of a workbook holding `plan` (the inverse of `gridToPlan`): labels from the reference's names, the pool's name
 * from `options.pools` (default `defaultPools`; an id no pool has is shown as it is), kroner in cells.
 * Example: `gridToPlan(planToGrid(demoPlan, defaultReference), defaultReference).plan` deep-equals `demoPlan`;
 * `planToGrid(plan, reference, { planId, version, pools })`.
 */
export function planToGrid(plan: PlanInput, reference: Reference, options: PlanGridOptions = {}): Grids {
  const labels = labelsOf(reference, options.pools);
  const years = yearsOf(plan);
  const amountsOf = (amountsOre: Record<string, number>) => years.map((year) => amountsOre[year]);
  return gridsOf({
    stamdata: {
      planId: options.planId ?? "",
      name: plan.name,
      housingOrganisation: plan.housingOrganisation,
      estates: plan.estates.join("\n"),
      districtId: plan.districtId === null ? "" : labelOf(labels.districts, plan.districtId),
      vulnerableArea: yesNo(plan.vulnerableArea),
      cooperation: yesNo(plan.cooperation),
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      poolId: plan.poolId === null ? "" : labelOf(labels.pools, plan.poolId),
      version: options.version ?? "",
    },
    years,
    expenses: plan.budget.expenses.map((line) => ({
      labels: [labelOf(labels.focusAreas, line.focusArea), labelOf(labels.categories, line.category), line.activity],
      amountsOre: amountsOf(line.amountsOre),
    })),
    financing: plan.budget.financing.map((row) => ({
      labels: [labelOf(labels.sources, row.source)],
      amountsOre: amountsOf(row.amountsOre),
    })),
  });
}

/**
 * The grids of a blank template: the period of the `years` calendar years from `firstYear`, one empty expense line, one empty row per source.
 * Example: `blankGrid(defaultReference, { firstYear: 2026 })` has year columns 2026–2029.
 */
export function blankGrid(reference: Reference, options: { firstYear?: number } = {}): Grids {
  const firstYear = options.firstYear ?? new Date().getFullYear() + 1;
  const years = periodYears(firstYear, firstYear + layout.blankYears - 1);
  const empty = years.map(() => undefined);
  return gridsOf({
    stamdata: {
      planId: "",
      name: "",
      housingOrganisation: "",
      estates: "",
      districtId: "",
      vulnerableArea: "",
      cooperation: "",
      periodStart: firstYear,
      periodEnd: firstYear + layout.blankYears - 1,
      poolId: "",
      version: "",
    },
    years,
    expenses: [],
    financing: reference.sources.map((source) => ({ labels: [source.name], amountsOre: empty })),
  });
}
