// The rule catalogue's ids and severities in one place, and how findings are built and ordered.
import type { Finding, Severity } from "./schemas";

/** Every rule id of the catalogue, by a typo-proof name. Example: `ruleIds.kommuneCap === "kommune.cap"`. */
export const ruleIds = {
  inputShape: "input.shape",
  amountInvalid: "amount.invalid",
  planPeriod: "plan.period",
  planDuration: "plan.duration",
  planDistrictUnknown: "plan.district-unknown",
  planDistrictRequired: "plan.district-required",
  budgetYearOutsidePeriod: "budget.year-outside-period",
  budgetFocusAreaUnknown: "budget.focus-area-unknown",
  budgetCategoryUnknown: "budget.category-unknown",
  budgetDuplicateLine: "budget.duplicate-line",
  budgetDuplicateSource: "budget.duplicate-source",
  budgetUnbalanced: "budget.unbalanced",
  kommuneCap: "kommune.cap",
  kommuneCooperationRequired: "kommune.cooperation-required",
  lbfLocalCofinancing: "lbf.local-cofinancing",
  poolNotEligible: "pool.not-eligible",
  poolMissing: "pool.missing",
  poolUnknown: "pool.unknown",
  poolCapacity: "pool.capacity",
  contractDistrictUnknown: "contract.district-unknown",
  contractFocusAreaNotEligible: "contract.focus-area-not-eligible",
  contractDuplicateFocusArea: "contract.duplicate-focus-area",
  contractLimit: "contract.limit",
  workbookCellUnreadable: "workbook.cell-unreadable",
  workbookLayout: "workbook.layout",
  reportYearOutsidePeriod: "report.year-outside-period",
  reportLineUnknown: "report.line-unknown",
  reportLineOverspent: "report.line-overspent",
  reportYearOverspent: "report.year-overspent",
  reportKommuneShare: "report.kommune-share",
  reportGoalStatusMissing: "report.goal-status-missing",
} as const;

/** A rule id of the catalogue. Example: `const id: RuleId = ruleIds.poolCapacity`. */
export type RuleId = (typeof ruleIds)[keyof typeof ruleIds];

/** The severity of each rule, as RULES.md's tables give it. Example: `ruleSeverities["plan.duration"] === "warning"`. */
export const ruleSeverities: Readonly<Record<RuleId, Severity>> = {
  "input.shape": "error",
  "amount.invalid": "error",
  "plan.period": "error",
  "plan.duration": "warning",
  "plan.district-unknown": "error",
  "plan.district-required": "error",
  "budget.year-outside-period": "error",
  "budget.focus-area-unknown": "error",
  "budget.category-unknown": "error",
  "budget.duplicate-line": "error",
  "budget.duplicate-source": "error",
  "budget.unbalanced": "error",
  "kommune.cap": "error",
  "kommune.cooperation-required": "error",
  "lbf.local-cofinancing": "warning",
  "pool.not-eligible": "error",
  "pool.missing": "error",
  "pool.unknown": "error",
  "pool.capacity": "warning",
  "contract.district-unknown": "error",
  "contract.focus-area-not-eligible": "error",
  "contract.duplicate-focus-area": "error",
  "contract.limit": "error",
  "workbook.cell-unreadable": "error",
  "workbook.layout": "error",
  "report.year-outside-period": "error",
  "report.line-unknown": "warning",
  "report.line-overspent": "warning",
  "report.year-overspent": "warning",
  "report.kommune-share": "warning",
  "report.goal-status-missing": "warning",
};

/** A path into the checked input: object keys as strings, array indices as numbers. Example: `["budget", "expenses", 3, "category"]`. */
export type FindingPath = Finding["path"];

/** A finding of a catalogue rule, with the rule's own severity. Example: `finding(ruleIds.planPeriod, "Slutåret ligger før startåret.", ["periodEnd"])`. */
export function finding(ruleId: RuleId, message: string, path: FindingPath): Finding {
  return { ruleId, severity: ruleSeverities[ruleId], message, path };
}

/** The `pool.unknown` finding the service raises when `poolId` names no pool. Example: `poolUnknownFinding("budget-2099", ["budget-2012"])`. */
export function poolUnknownFinding(poolId: string, knownPoolIds: readonly string[]): Finding {
  const known = knownPoolIds.length === 0 ? "Der er ingen puljer." : `Vælg en af: ${knownPoolIds.join(", ")}.`;
  return finding(ruleIds.poolUnknown, `Puljen "${poolId}" findes ikke. ${known}`, ["poolId"]);
}

/**
 * UTF-16 code units in code-point order: surrogates (which encode code points above U+FFFF)
 * move above U+E000–U+FFFF, and that block moves down into the room they left.
 */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

function compareByCodePoint(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let at = 0; at < shorter; at++) {
    const left = a.charCodeAt(at);
    const right = b.charCodeAt(at);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

function comparePathElements(a: string | number, b: string | number): number {
  if (typeof a === "number") {
    if (typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
    return -1;
  }
  if (typeof b === "number") return 1;
  return compareByCodePoint(a, b);
}

/** Paths element by element: numbers numerically and before strings, strings by code point, a shorter path (a prefix) first. Example: `comparePaths([1], ["a"]) < 0`. */
export function comparePaths(a: FindingPath, b: FindingPath): number {
  const shorter = Math.min(a.length, b.length);
  for (let at = 0; at < shorter; at++) {
    const order = comparePathElements(a[at] as string | number, b[at] as string | number);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

const severityRank: Readonly<Record<Severity, number>> = { error: 0, warning: 1 };

/** Findings in RULES.md's order: errors, then warnings, each by path; stable, returns a new array. Example: `sortFindings(findings)[0].severity === "error"`. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => severityRank[a.severity] - severityRank[b.severity] || comparePaths(a.path, b.path),
  );
}
