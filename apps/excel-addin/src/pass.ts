// One validation pass, pure: the workbook's tables as grids → every finding with its cell (read by
// @helhedsplan/workbook, checked by @helhedsplan/rules) → a flag block per table for the marks, and
// the pane's model. No Office here: the adapter reads and writes, this decides.
import {
  balancingSource,
  financingShares,
  formatBasisPoints,
  type FinancingShares,
  formatKroner,
  poolDrawOre,
  reportVariance,
  type AnnualReport,
  type ApprovedPlan,
  type PlanInput,
  type Reference,
  type Source,
  type VarianceFigures,
} from "@helhedsplan/rules";
import {
  checkReportWorkbook,
  checkWorkbook,
  formatA1,
  gridToGoals,
  layout,
  labelsOf,
  parseA1,
  parseRange,
  type CellMap,
  type Grids,
  type PoolLabel,
  type TableGrid,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { markedTables, planTables } from "./port";

/**
 * A cell's flag, the marks' colours: nothing, a warning, an error — and two that say nothing is wrong: changed here since
 * the last sync (`unsynced`), and just taken from the service by a merge (`fromServer`). A finding outranks both.
 */
export const flag = { none: 0, warning: 1, error: 2, unsynced: 3, fromServer: 4 } as const;
export type Flag = (typeof flag)[keyof typeof flag];

/** The flags of one table, cell for cell over its whole range (header and totals row included). */
export interface TableFlags {
  table: string;
  sheet: string;
  /** The table's range on its sheet (`A3:H14`). */
  range: string;
  flags: Flag[][];
}

/** A finding as the pane lists it. */
export interface PaneFinding {
  ruleId: string;
  severity: "error" | "warning";
  message: string;
  /** The cell to select (`Budget!F19`), as the workbook package maps it. */
  cell: string;
}

/** A financing source's part of the frame. */
export interface ShareLine {
  /** The source's Danish name, or "Kommunen i alt". */
  label: string;
  /** The amount in Danish kroner (`900.000,00 kr.`). */
  amount: string;
  /** The share of the frame in Danish percent (`11,69 %`), rounded down; empty when the frame is 0. */
  share: string;
}

/** What the pane shows after a pass. */
export interface PaneModel {
  /** Whether the workbook has the plan's sheets at all (else the pane offers *Ny plan*). */
  hasPlan: boolean;
  plan: {
    name: string;
    period: string;
    district: string;
    planId: string | null;
    version: number | null;
  };
  /** The frame: expenses in the period, Danish kroner. */
  frame: string;
  /** The municipal share against the cap, for the bar. */
  municipal: {
    amount: string;
    /** The share in basis points, rounded away from the cap (one øre over 12,5 % shows 12,51 %), as the rules round it. */
    shareBasisPoints: number;
    capBasisPoints: number;
    share: string;
    cap: string;
    withinCap: boolean;
  };
  /** What the plan draws from the pool, Danish kroner. */
  poolDraw: string;
  shares: ShareLine[];
  /** The sources *Fordel* can set (every source but Landsbyggefonden, which takes each year's difference). */
  sourceChoices: { id: Source; label: string }[];
  errors: PaneFinding[];
  warnings: PaneFinding[];
  /** The yearly report on the `Regnskab` sheet; null when the workbook has none. */
  report: ReportModel | null;
}

/** Approved against actual for a focus area or the year, as the pane shows it. */
export interface VarianceRow {
  /** The focus area's id (`"sundhed"`), or `"year"` for the year's total. */
  key: string;
  /** The focus area's Danish name, or "I alt". */
  label: string;
  approved: string;
  actual: string;
  /** Actual − approved in Danish kroner with its sign (`+0,01 kr.`, `-20.000,00 kr.`, `0,00 kr.`). */
  variance: string;
  /** The variance in percent of the approved amount (`+0,01 %`), rounded half away from zero; empty when nothing was approved. */
  percent: string;
  /** Merforbrug (over), mindreforbrug (under) or as approved (even). */
  direction: "over" | "under" | "even";
}

/** The `Regnskab` view: the year, where the approved plan came from, the variance and the report's findings. */
export interface ReportModel {
  /** The report's year as the sheet says it; null when it cannot be read. */
  year: number | null;
  /** The approved plan the report is checked against: the workbook's own sheets, or the service's approved version. */
  approvedFrom: { kind: "workbook" } | { kind: "service"; version: number };
  /** The year's total; null when the report cannot be read far enough to sum it. */
  total: VarianceRow | null;
  /** One row per focus area, in the budget's order. */
  byFocusArea: VarianceRow[];
  errors: PaneFinding[];
  warnings: PaneFinding[];
  /** The report, when every cell reads (what *Indsend redegørelse* would send); null otherwise. */
  report: AnnualReport | null;
}

/** The approved plan from the service (the plan's `approvedVersion`), and the plan's earlier yearly reports. */
export interface ApprovedFromService {
  version: number;
  approved: ApprovedPlan;
  earlier?: readonly AnnualReport[];
}

/** What a pass gives: the flags to write, the pane's model, and the plan as read (null when a cell cannot be read) with its cell map. */
export interface PassResult {
  flags: TableFlags[];
  model: PaneModel;
  findings: WorkbookFinding[];
  plan: PlanInput | null;
  map: CellMap;
}

/** What a pass read, for `annotate`. */
export interface PassRead {
  plan: PlanInput | null;
  map: CellMap;
  planId: string | null;
  version: number | null;
}

/** What a caller adds to a pass once it has read the workbook: cells to show by state, and findings of its own. */
export interface PassAnnotations {
  /** Cells changed here since the last sync. */
  unsynced?: readonly string[];
  /** Cells just taken from the service by a merge. */
  fromServer?: readonly string[];
  /** Findings of the add-in's own (an approved plan's edited cells), listed and marked with the rules'. */
  extraFindings?: readonly WorkbookFinding[];
  /** The service's approved version of the plan read (its Plan-ID), to check the `Regnskab` sheet against. */
  approved?: ApprovedFromService | null;
}

/**
 * Options of a pass: the pools the Pulje cell may name, the pool's room once the service told it, and `annotate`, which
 * sees what the pass read (the plan, its cell map, Plan-ID and Version) and adds states and findings of the caller's.
 */
export interface PassOptions {
  pools?: readonly PoolLabel[];
  poolAvailableOre?: number;
  annotate?: (read: PassRead) => PassAnnotations;
  /**
   * The approved plan to check the `Regnskab` sheet against; without it, the plan as it stands in the workbook (the
   * `Plan` and `Budget` sheets) with the goals of the `Mål` sheet.
   */
  approved?: ApprovedFromService | null;
}

/** `'Budget 2'!E7` / `Budget!E7` → sheet and A1. */
function splitCell(cell: string): { sheet: string; address: string } | null {
  const bang = cell.lastIndexOf("!");
  if (bang < 0) return null;
  const quoted = cell.slice(0, bang);
  const sheet = quoted.startsWith("'") ? quoted.slice(1, -1).replaceAll("''", "'") : quoted;
  return { sheet, address: cell.slice(bang + 1) };
}

/** The table's whole range on its sheet, from its top-left cell and the size of its grid. */
function tableRange(table: TableGrid): string {
  const local = table.topLeft.includes("!") ? table.topLeft.slice(table.topLeft.lastIndexOf("!") + 1) : table.topLeft;
  const origin = parseRange(local)?.from ?? { row: 1, column: 1 };
  const columns = Math.max(1, ...table.values.map((row) => row.length));
  const last = { row: origin.row + table.values.length - 1, column: origin.column + columns - 1 };
  return `${formatA1(origin)}:${formatA1(last)}`;
}

/** How strongly each flag speaks: an error over a warning over a cell just taken from the service over an unsynced one. */
const rank: Readonly<Record<Flag, number>> = {
  [flag.none]: 0,
  [flag.unsynced]: 1,
  [flag.fromServer]: 2,
  [flag.warning]: 3,
  [flag.error]: 4,
};

/**
 * The flag blocks: each finding's cell flagged in the table that holds it (an error outranks a warning), and the cells
 * that only say where the workbook stands against the service (`unsynced`, `fromServer`) where no finding is.
 */
export function flagsOf(
  grids: Grids,
  findings: readonly WorkbookFinding[],
  states: { unsynced?: readonly string[]; fromServer?: readonly string[] } = {},
): TableFlags[] {
  const blocks = markedTables.flatMap((layoutTable) => {
    const table = grids.tables.find((candidate) => candidate.name === layoutTable.name);
    if (!table) return [];
    const range = tableRange(table);
    const corners = parseRange(range);
    if (!corners) return [];
    const flags: Flag[][] = table.values.map((row) => row.map(() => flag.none));
    const width = corners.to.column - corners.from.column + 1;
    for (const row of flags) while (row.length < width) row.push(flag.none);
    return [{ table: table.name, sheet: table.sheet, range, corners, flags }];
  });
  const mark = (cell: string, value: Flag) => {
    const at = splitCell(cell);
    const position = at === null ? null : parseA1(at.address);
    if (at === null || position === null) return;
    for (const block of blocks) {
      if (block.sheet !== at.sheet) continue;
      const row = position.row - block.corners.from.row;
      const column = position.column - block.corners.from.column;
      const cells = block.flags[row];
      if (cells === undefined || column < 0 || column >= cells.length) continue;
      if (rank[value] > rank[cells[column] ?? flag.none]) cells[column] = value;
    }
  };
  for (const cell of states.unsynced ?? []) mark(cell, flag.unsynced);
  for (const cell of states.fromServer ?? []) mark(cell, flag.fromServer);
  for (const finding of findings) mark(finding.cell, finding.severity === "error" ? flag.error : flag.warning);
  return blocks.map(({ table, sheet, range, flags }) => ({ table, sheet, range, flags }));
}

function modelOf(
  grids: Grids,
  plan: PlanInput | null,
  meta: { planId: string | null; version: number | null },
  reference: Reference,
  findings: readonly WorkbookFinding[],
  checkedShares: FinancingShares | null,
): PaneModel {
  const hasPlan = planTables.every((table) => grids.tables.some((candidate) => candidate.name === table.name));
  const labels = labelsOf(reference);
  // The rules' pass gave the shares; a plan whose shape the rules refused still shows its sums.
  const shares = plan === null ? null : (checkedShares ?? financingShares(plan, reference));
  const municipal = shares?.municipal;
  const cap = reference.ruleProfile.municipalCapBasisPoints;
  const share = (basisPoints: bigint | null | undefined) =>
    basisPoints === null || basisPoints === undefined ? "" : formatBasisPoints(basisPoints);
  return {
    hasPlan,
    plan: {
      name: plan?.name ?? "",
      period: plan === null ? "" : `${plan.periodStart}–${plan.periodEnd}`,
      district: plan?.districtId == null ? "" : (labels.districts.nameOf(plan.districtId) ?? plan.districtId),
      planId: meta.planId,
      version: meta.version,
    },
    frame: formatKroner(shares?.frameOre ?? 0n),
    municipal: {
      amount: formatKroner(municipal?.totalOre ?? 0n),
      shareBasisPoints: Number(municipal?.basisPoints ?? 0n),
      capBasisPoints: cap,
      share: share(municipal?.basisPoints ?? 0n),
      cap: formatBasisPoints(cap, { trimZeros: true }),
      withinCap: municipal?.withinCap ?? true,
    },
    poolDraw: formatKroner(plan === null ? 0n : poolDrawOre(plan)),
    shares: [
      {
        label: "Kommunen i alt",
        amount: formatKroner(municipal?.totalOre ?? 0n),
        share: share(municipal?.basisPoints),
      },
      ...(shares?.sources ?? []).map((line) => ({
        label: line.name,
        amount: formatKroner(line.totalOre),
        share: share(line.basisPoints),
      })),
    ],
    sourceChoices: reference.sources
      .filter((source) => source.id !== balancingSource)
      .map((source) => ({ id: source.id, label: source.name })),
    errors: findings.filter((finding) => finding.severity === "error").map(paneFinding),
    warnings: findings.filter((finding) => finding.severity === "warning").map(paneFinding),
    report: null,
  };
}

/** Øre with its sign as the pane shows a variance: `+0,01 kr.`, `-20.000,00 kr.`, `0,00 kr.`. */
const signedKroner = (ore: bigint) => `${ore > 0n ? "+" : ""}${formatKroner(ore)}`;

function varianceRow(key: string, label: string, figures: VarianceFigures): VarianceRow {
  const basisPoints = figures.varianceBasisPoints;
  return {
    key,
    label,
    approved: formatKroner(figures.approvedOre),
    actual: formatKroner(figures.actualOre),
    variance: signedKroner(figures.varianceOre),
    percent: basisPoints === null ? "" : `${basisPoints > 0n ? "+" : ""}${formatBasisPoints(basisPoints)}`,
    direction: figures.varianceOre > 0n ? "over" : figures.varianceOre < 0n ? "under" : "even",
  };
}

/**
 * The `Regnskab` sheet read and checked against the approved plan — the service's approved version when given, else the
 * workbook's own plan (`planDraft`, as read) with the goals of `Mål` — its findings (each on its cell) and the variance
 * per focus area (`reportVariance`). Null when the workbook has no `Regnskab` sheet.
 */
export function checkReport(
  grids: Grids,
  reference: Reference,
  planDraft: PlanInput | null,
  fromService: ApprovedFromService | null | undefined,
): { model: ReportModel; findings: WorkbookFinding[] } | null {
  const hasSheet =
    grids.sheets.includes(layout.sheets.accounts) ||
    grids.tables.some((table) => table.name === layout.tables.spending.name);
  if (!hasSheet) return null;
  let approved: ApprovedPlan | null = fromService?.approved ?? null;
  if (approved === null && planDraft !== null) {
    const hasGoals = grids.tables.some((table) => table.name === layout.tables.goals.name);
    // Goals that cannot be read are the Mål sheet's business: the report is still checked against the budget.
    approved = { plan: planDraft, goals: hasGoals ? (gridToGoals(grids, reference).goals ?? []) : [] };
  }
  const approvedFrom: ReportModel["approvedFrom"] =
    fromService == null ? { kind: "workbook" } : { kind: "service", version: fromService.version };
  const empty = { year: null, approvedFrom, total: null, byFocusArea: [], report: null };
  if (approved === null) return { model: { ...empty, errors: [], warnings: [] }, findings: [] };
  const { read, findings } = checkReportWorkbook(grids, reference, approved, fromService?.earlier?.slice());
  const draft = read.draft;
  const labels = labelsOf(reference);
  const variance = draft === null ? null : reportVariance(draft, approved);
  const model: ReportModel = {
    ...empty,
    year: draft?.year ?? null,
    total: variance === null ? null : varianceRow("year", "I alt", variance.year),
    byFocusArea:
      variance?.byFocusArea.map((area) =>
        varianceRow(area.focusArea, labels.focusAreas.nameOf(area.focusArea) ?? area.focusArea, area),
      ) ?? [],
    errors: findings.filter((finding) => finding.severity === "error").map(paneFinding),
    warnings: findings.filter((finding) => finding.severity === "warning").map(paneFinding),
    report: draft !== null && read.unreadable.length === 0 && read.findings.length === 0 ? draft : null,
  };
  return { model, findings };
}

const paneFinding = (finding: WorkbookFinding): PaneFinding => ({
  ruleId: finding.ruleId,
  severity: finding.severity,
  message: finding.message,
  cell: finding.cell,
});

/**
 * One pass over the workbook's grids. Example: `const { flags, model } = runPass(grids, defaultReference)`.
 */
export function runPass(grids: Grids, reference: Reference, options: PassOptions = {}): PassResult {
  const context = {
    ...(options.pools === undefined ? {} : { pools: options.pools }),
    ...(options.poolAvailableOre === undefined ? {} : { poolAvailableOre: options.poolAvailableOre }),
  };
  const checked = checkWorkbook(grids, reference, context);
  const { read, shares } = checked;
  const notes =
    options.annotate?.({ plan: read.draft, map: read.map, planId: read.planId, version: read.version }) ?? {};
  const findings =
    notes.extraFindings === undefined || notes.extraFindings.length === 0
      ? checked.findings
      : [...checked.findings, ...notes.extraFindings];
  const states = {
    ...(notes.unsynced === undefined ? {} : { unsynced: notes.unsynced }),
    ...(notes.fromServer === undefined ? {} : { fromServer: notes.fromServer }),
  };
  const report = checkReport(grids, reference, read.draft, notes.approved ?? options.approved);
  const model = modelOf(grids, read.draft, { planId: read.planId, version: read.version }, reference, findings, shares);
  return {
    // The report's findings are on Regnskab's cells, the plan's on theirs: one flag block per table holds both.
    flags: flagsOf(grids, report === null ? findings : [...findings, ...report.findings], states),
    model: report === null ? model : { ...model, report: report.model },
    findings,
    plan: read.draft,
    map: read.map,
  };
}
