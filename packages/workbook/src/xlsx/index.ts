// @helhedsplan/workbook/xlsx: writing .xlsx files with exceljs, reading them with JSZip and saxes (Node only).
export { writeTemplate, renderTemplate, type TemplateOptions } from "./write-template";
export { readWorkbook, readWorkbookGrids, type WorkbookRead, type ReadWorkbookOptions } from "./read-workbook";
export { WorkbookReadError, type WorkbookReadErrorReason } from "./read-error";
export { stampCells, type CellStamp } from "./stamp-cells";
