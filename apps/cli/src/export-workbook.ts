// The yearly report as a workbook an LBF officer reads without the add-in (`helhedsplan report export`):
// goals with their status, spending against approved per expense line with the variance, and the
// financing received against approved — one sheet each, in Danish, figures exactly the service's.
// Plain cells (no formulas): every figure, totals included, is what the service computed, to the øre.
import type { PlanDetail, ReportDetail } from "@helhedsplan/api";
import { kronerNumber, varianceBasisPoints, type Goal, type PlanInput, type Reference } from "@helhedsplan/rules";
import { goalStatusLabels } from "@helhedsplan/workbook";
import ExcelJS from "exceljs";

/** The number formats of the export: kroner with two decimals, percent with two (Excel shows them in the reader's locale). */
export const exportFormats = { amount: "#,##0.00", percent: "0.00%" } as const;

/** The sheets of the export, in tab order. */
export const exportSheets = { goals: "Mål", spending: "Forbrug", financing: "Finansiering" } as const;

/** What the export is made of: the plan, its approved version (plan and goals), the year's report and the names. */
export interface ExportData {
  plan: PlanDetail;
  approved: { version: number; plan: PlanInput; goals: Goal[] };
  report: ReportDetail;
  reportVersion: number;
  reference: Reference;
}

/** The row of the column headers on every sheet (rows above: the title and what the figures are). */
export const exportHeaderRow = 4;

const headerFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F4E78" } };
const totalsFill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };

const nameOf = (items: readonly { id: string; name: string }[], id: string) =>
  items.find((item) => item.id === id)?.name ?? id;

/** One sheet: title, subtitle, the header row (styled, frozen), the rows, an optional totals row, the widths. */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  subtitle: string,
  columns: { header: string; width: number; format?: string; wrap?: boolean }[],
  rows: ExcelJS.CellValue[][],
  totals: ExcelJS.CellValue[] | null,
): void {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", xSplit: 0, ySplit: exportHeaderRow }],
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.getCell("A1").value = title;
  sheet.getCell("A1").font = { bold: true, size: 14 };
  sheet.getCell("A2").value = subtitle;
  sheet.getCell("A2").font = { italic: true };
  const header = sheet.getRow(exportHeaderRow);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = { bold: true, color: { argb: "FFFFFFFF" } };
    cell.fill = headerFill;
    cell.alignment = { vertical: "middle", wrapText: true, horizontal: column.format ? "right" : "left" };
    sheet.getColumn(index + 1).width = column.width;
  });
  const all = totals === null ? rows : [...rows, totals];
  all.forEach((values, offset) => {
    const row = sheet.getRow(exportHeaderRow + 1 + offset);
    values.forEach((value, index) => {
      const cell = row.getCell(index + 1);
      cell.value = value;
      const column = columns[index];
      if (column?.format !== undefined) cell.numFmt = column.format;
      cell.alignment = { vertical: "top", wrapText: column?.wrap === true };
      if (totals !== null && offset === rows.length) {
        cell.font = { bold: true };
        cell.fill = totalsFill;
        cell.border = { top: { style: "thin" } };
      }
    });
  });
  sheet.autoFilter = {
    from: { row: exportHeaderRow, column: 1 },
    to: { row: exportHeaderRow, column: columns.length },
  };
}

/** A percentage of the service (two decimals, e.g. `12.35`) as the fraction a `0.00%` cell holds; empty where nothing was approved. */
const percentCell = (variancePct: number | null): ExcelJS.CellValue =>
  variancePct === null ? "" : Number((variancePct / 100).toFixed(6));

/**
 * The export workbook: `Mål` (each approved goal with the report's status and comment), `Forbrug` (per approved expense
 * line and spending outside the budget: approved, actual, variance in kroner and percent, the year's totals) and
 * `Finansiering` (per source: approved for the year, received, the difference). Example: `await exportWorkbook(data)`.
 */
export async function exportWorkbook(data: ExportData): Promise<Buffer> {
  const { plan, approved, report, reference } = data;
  const year = report.year;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "helhedsplan";
  workbook.title = `Redegørelse ${year} – ${plan.name}`;
  const title = (what: string) => `${what} ${year} – ${plan.name}`;
  const subtitle =
    `${plan.housingOrganisation}; godkendt version ${approved.version}, periode ${approved.plan.periodStart}–${approved.plan.periodEnd}; ` +
    `redegørelsens version ${data.reportVersion}. Beløb i kr.`;

  const statuses = new Map(report.goals.map((goal) => [goal.goalId, goal]));
  addSheet(
    workbook,
    exportSheets.goals,
    title("Målopfyldelse"),
    subtitle,
    [
      { header: "Mål-ID", width: 10 },
      { header: "Indsatsområde", width: 34, wrap: true },
      { header: "Mål", width: 50, wrap: true },
      { header: "Succeskriterier", width: 50, wrap: true },
      { header: "Status", width: 16 },
      { header: "Kommentar", width: 50, wrap: true },
    ],
    approved.goals.map((goal) => {
      const status = statuses.get(goal.id);
      return [
        goal.id,
        nameOf(reference.focusAreas, goal.focusArea),
        goal.goal,
        goal.successCriteria.join("\n"),
        status === undefined ? "Ingen status" : (goalStatusLabels.nameOf(status.status) ?? status.status),
        status?.comment ?? "",
      ];
    }),
    null,
  );

  const variance = report.variance;
  addSheet(
    workbook,
    exportSheets.spending,
    title("Forbrug mod godkendt budget"),
    `${subtitle} Afvigelse = forbrug − godkendt (positiv: merforbrug).`,
    [
      { header: "Indsatsområde", width: 34, wrap: true },
      { header: "Kategori", width: 22 },
      { header: "Aktivitet", width: 36, wrap: true },
      { header: "Godkendt (kr.)", width: 18, format: exportFormats.amount },
      { header: "Forbrug (kr.)", width: 18, format: exportFormats.amount },
      { header: "Afvigelse (kr.)", width: 18, format: exportFormats.amount },
      { header: "Afvigelse (%)", width: 14, format: exportFormats.percent },
    ],
    variance.lines.map((line) => [
      nameOf(reference.focusAreas, line.focusArea),
      nameOf(reference.categories, line.category),
      line.activity,
      kronerNumber(line.approvedOre),
      kronerNumber(line.actualOre),
      kronerNumber(line.varianceOre),
      percentCell(line.variancePct),
    ]),
    [
      "I alt",
      "",
      "",
      kronerNumber(variance.year.approvedOre),
      kronerNumber(variance.year.actualOre),
      kronerNumber(variance.year.varianceOre),
      percentCell(yearPct(variance.year)),
    ],
  );

  const yearKey = String(year);
  const sources = [
    ...new Set([
      ...approved.plan.budget.financing.map((row) => row.source),
      ...report.financingReceived.map((row) => row.source),
    ]),
  ];
  const sumOf = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);
  const financing = sources.map((source) => {
    const approvedOre = sumOf(
      approved.plan.budget.financing.filter((row) => row.source === source).map((row) => row.amountsOre[yearKey] ?? 0),
    );
    const receivedOre = sumOf(
      report.financingReceived.filter((row) => row.source === source).map((row) => row.actualOre),
    );
    return { source, approvedOre, receivedOre };
  });
  const approvedTotal = sumOf(financing.map((row) => row.approvedOre));
  const receivedTotal = sumOf(financing.map((row) => row.receivedOre));
  addSheet(
    workbook,
    exportSheets.financing,
    title("Modtaget finansiering"),
    `${subtitle} Difference = modtaget − godkendt.`,
    [
      { header: "Kilde", width: 34 },
      { header: "Godkendt (kr.)", width: 18, format: exportFormats.amount },
      { header: "Modtaget (kr.)", width: 18, format: exportFormats.amount },
      { header: "Difference (kr.)", width: 18, format: exportFormats.amount },
    ],
    financing.map((row) => [
      nameOf(reference.sources, row.source),
      kronerNumber(row.approvedOre),
      kronerNumber(row.receivedOre),
      kronerNumber(row.receivedOre - row.approvedOre),
    ]),
    ["I alt", kronerNumber(approvedTotal), kronerNumber(receivedTotal), kronerNumber(receivedTotal - approvedTotal)],
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The year's variance in percent with two decimals, rounded half away from zero as the service rounds a line's. */
function yearPct(year: { approvedOre: number; varianceOre: number }): number | null {
  const basisPoints = varianceBasisPoints(BigInt(year.varianceOre), BigInt(year.approvedOre));
  return basisPoints === null ? null : Number(basisPoints) / 100;
}
