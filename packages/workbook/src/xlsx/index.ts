// @helhedsplan/workbook/xlsx: reading and writing .xlsx files with exceljs (Node only).
export { writeTemplate, type TemplateOptions } from "./write-template";
export { readWorkbook, readWorkbookGrids, type WorkbookRead, type ReadWorkbookOptions } from "./read-workbook";
export { WorkbookReadError, type WorkbookReadErrorReason } from "./read-error";
