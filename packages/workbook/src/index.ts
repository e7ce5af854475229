// @helhedsplan/workbook: the spreadsheet layout and the mapping between a workbook's cells and a
// plan. No I/O and no Node-only imports: it runs unchanged in the Excel add-in and in Node.
export * from "./grid";
export * from "./layout";
export { labelsOf, goalStatusLabels, type GridOptions, type LabelSet, type Labels, type PoolLabel } from "./labels";
export {
  cellOf,
  pathAt,
  type CellMap,
  type StamdataPlacement,
  type BudgetTablePlacement,
  type FinancingPlacement,
} from "./cell-map";
export { gridToPlan, type PlanFromGrid } from "./read-grid";
export { planToGrid, blankGrid, kronerCell, type PlanMeta, type PlanGridOptions } from "./write-grid";
export { checkWorkbook, validateWorkbook, type WorkbookContext } from "./validate-workbook";
export {
  goalsToGrid,
  gridToGoals,
  goalCellOf,
  type GoalsFromGrid,
  type GoalsCellMap,
  type TablePlacement,
} from "./goals-grid";
export { reportToGrid, blankReport, type ReportGridOptions } from "./write-report";
export {
  gridToReport,
  readReportGrids,
  type ReportFromGrid,
  type ReportGridRead,
  type ReportReadOptions,
} from "./read-report";
export { reportCellOf, reportPathAt, type ReportCellMap, type GoalStatusPlacement } from "./report-cell-map";
export { checkReportWorkbook, validateReportWorkbook } from "./validate-report-workbook";
export {
  templateOf,
  templateFormats,
  type TemplateOptions,
  type WorkbookTemplate,
  type TemplateSheet,
  type TemplateTable,
  type TemplateCell,
  type TemplateTableCell,
  type TemplateContent,
  type TemplateStyle,
  type TemplateFont,
  type TemplateAlignment,
  type TemplateTableStyle,
  type TemplateValidation,
  type ValidationRule,
  type ValidationOperator,
} from "./template";
export { layoutFinding, unreadableFinding, type WorkbookFinding } from "./workbook-findings";
