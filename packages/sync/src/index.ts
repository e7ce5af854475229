// @helhedsplan/sync: the sync workflow every front end shares — push and pull a workbook's plan
// through the typed client, merge a colleague's concurrent change cell by cell, and answer with
// results as data, each with a Danish sentence. Browser-safe: no Node built-ins.
export * from "./merge-types";
export * from "./merge";
export {
  pushPlan,
  type PushOptions,
  type PushResult,
  type RetryToken,
  type ServerCell,
  type ConflictCell,
  type WriteKind,
} from "./push";
export {
  pushReport,
  readReportVersion,
  reportVersionCell,
  reportVersionStamps,
  type ReportPushOptions,
  type ReportPushResult,
  type ReportConflictCell,
  type ReportRefusalReason,
} from "./report-push";
export { pullPlan, type PullResult } from "./pull";
export { submitPlan, type SubmitResult } from "./submit";
export { planInputOf, headerOf, emptyBudget, basePlanOf } from "./plan-input";
export { localChanges, type LocalChange, type LocalChanges } from "./local-changes";
export { syncStatusText, type SyncStatus } from "./sync-status";
export { searchPlans, searchKey } from "./search-plans";
export { reopenPlan, type ReopenResult } from "./reopen";
export { checkService, type CheckServiceOptions, type ServiceCheck } from "./check-service";
export {
  cellHistory,
  historyCellOf,
  createHistoryCache,
  type CellHistory,
  type CellHistoryEntry,
  type HistoryCell,
  type HistoryCache,
} from "./history";
export { readWorkbookPlan, type WorkbookPlan } from "./read-workbook-plan";
export { writeBack, stampWrites, type CellWrite, type WriteBack, type SyncStamp } from "./write-back";
export type { RefusalReason } from "./service-answer";
export { describeActor } from "./describe";
export { goalsWriteBack, type GoalsWriteBack } from "./goals-sync";
