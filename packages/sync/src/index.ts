// @helhedsplan/sync: the sync workflow every front end shares — push and pull a workbook's plan
// through the typed client, merge a colleague's concurrent change cell by cell, and answer with
// results as data, each with a Danish sentence. Browser-safe: no Node built-ins.
export * from "./merge-types";
