// The public face of @helhedsplan/rules: schemas and reference data, money, findings, the rules.
export * from "./schemas";
export * from "./reference";
export * from "./money";
export * from "./findings";
export { danishZodParams, parseShape, zodIssuePath, type ShapeResult } from "./shape";
export { validatePlan, validatePlanWithShares, validateShapedPlan, type PlanContext } from "./plan-rules";
export { plainBudget } from "./plan-shape";
export { validateContracts } from "./contract-rules";
export { validateReport } from "./report-rules";
export {
  reportVariance,
  varianceBasisPoints,
  varianceForContract,
  type ContractVariance,
  type FocusAreaVariance,
  type ReportVariance,
  type ReportVarianceLine,
  type VarianceFigures,
} from "./report-variance";
export { labelKey } from "./labels";
export { poolDrawOre, poolSource } from "./pool-draw";
export { expenseLineKey } from "./budget-pass";
export {
  balancingSource,
  distributeShare,
  financingShares,
  type FinancingShares,
  type MunicipalShare,
  type ShareDistribution,
  type ShareRefusal,
  type ShareRefusalReason,
  type ShareResult,
  type SourceShare,
} from "./shares";
