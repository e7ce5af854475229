// RULES.md's yearly report rules. A report is a statement of fact: it is stored and flagged, not
// refused, so every rule but the year's is a warning. The report's lines are matched to the
// approved budget's lines as the duplicate-line rule matches lines (`expenseLineKey`), and all
// sums are exact BigInt.
import { z } from "zod";
import { finding, ruleIds, sortFindings } from "./findings";
import { formatKroner } from "./money";
import { readPlanShape } from "./plan-shape";
import { defaultReference } from "./reference";
import {
  approvedLineOre,
  approvedLines,
  approvedMunicipalOre,
  isPlanYear,
  receivedMunicipalOre,
  spentLines,
  type SpentLine,
} from "./report-variance";
import { AnnualReport, Goal, limits, type ApprovedPlan, type Finding, type PlanInput } from "./schemas";
import { parseShape, unreadableInput } from "./shape";

/** The approved plan with its plan read apart, so the plan's shape takes `validatePlan`'s fast path. */
const ApprovedWithUncheckedPlan = z.strictObject({ plan: z.unknown(), goals: z.array(Goal).max(limits.goals) });
const EarlierReports = z.array(AnnualReport);

// Messages name focus areas and categories as the seeded reference data does (the report rules take no reference).
const focusAreaNames = new Map(defaultReference.focusAreas.map(({ id, name }) => [id, name]));
const categoryNames = new Map(defaultReference.categories.map(({ id, name }) => [id, name]));

/** `input.shape` findings about an argument other than the report itself: at `[]`, the faulty field named in the message. */
function argumentFindings(invalid: string, findings: Finding[], prefix: readonly (string | number)[] = []): Finding[] {
  return findings.map((shape) => {
    const field = [...prefix, ...shape.path].join(".") || "hele værdien";
    return { ...shape, message: `${invalid} (${field}): ${shape.message}`, path: [] };
  });
}

function readApproved(approved: unknown): { data: ApprovedPlan } | { findings: Finding[] } {
  const what = "Den godkendte plan er ugyldig";
  const outer = parseShape(ApprovedWithUncheckedPlan, approved);
  if (!outer.success) return { findings: argumentFindings(what, outer.findings) };
  const plan = readPlanShape(outer.data.plan);
  if (!plan.success) return { findings: argumentFindings(what, plan.findings, ["plan"]) };
  return { data: { plan: plan.data, goals: outer.data.goals } };
}

function readEarlier(earlier: unknown): { data: AnnualReport[] } | { findings: Finding[] } {
  const read = parseShape(EarlierReports, earlier ?? []);
  if (read.success) return { data: read.data };
  return { findings: argumentFindings("De tidligere redegørelser er ugyldige", read.findings) };
}

/** How a report line is named in a message: its number(s), focus area, category and activity. */
function describeSpending(spent: Pick<SpentLine, "line" | "indices">): string {
  const { line, indices } = spent;
  const numbers = indices.map((index) => index + 1);
  const which =
    numbers.length === 1
      ? `Forbrugslinje ${numbers[0]}`
      : `Forbrugslinje ${numbers.slice(0, -1).join(", ")} og ${numbers.at(-1)}`;
  const area = focusAreaNames.get(line.focusArea) ?? line.focusArea;
  const category = categoryNames.get(line.category) ?? line.category;
  return `${which} (${area} / ${category} / "${line.activity}")`;
}

function checkYear(report: AnnualReport, plan: PlanInput, findings: Finding[]): boolean {
  if (isPlanYear(plan, report.year)) return true;
  const { periodStart: start, periodEnd: end } = plan;
  findings.push(
    finding(
      ruleIds.reportYearOutsidePeriod,
      `Redegørelsen gælder ${report.year}, men planens periode er ${start}–${end}; en redegørelse gælder et år i perioden, ${start}–${end}.`,
      ["year"],
    ),
  );
  return false;
}

function checkLines(report: AnnualReport, plan: PlanInput, yearInPeriod: boolean, findings: Finding[]): void {
  const budget = approvedLines(plan);
  let approvedTotal = 0n;
  for (const approved of budget.values()) approvedTotal += approvedLineOre(plan, approved, report.year);
  let actualTotal = 0n;
  for (const [key, spent] of spentLines(report)) {
    actualTotal += spent.actualOre;
    const approved = budget.get(key);
    if (approved === undefined) {
      // Each line with money on it: the fix (move the money to the approved line, or correct the key) is per line.
      spent.indices.forEach((index) => {
        const line = report.spending[index];
        if (line === undefined || line.actualOre <= 0) return;
        findings.push(
          finding(
            ruleIds.reportLineUnknown,
            `${describeSpending({ line, indices: [index] })}: ${formatKroner(line.actualOre)} er brugt på en linje, som det godkendte budget ikke har; ` +
              `før beløbet på den godkendte linje, det hører til, eller ret indsatsområde, kategori og aktivitet, så de svarer til budgettets linje.`,
            ["spending", index],
          ),
        );
      });
      continue;
    }
    if (!yearInPeriod) continue;
    const approvedOre = approvedLineOre(plan, approved, report.year);
    if (spent.actualOre <= approvedOre) continue;
    const last = spent.indices.at(-1) ?? 0;
    const together = spent.indices.length > 1 ? "tilsammen " : "";
    findings.push(
      finding(
        ruleIds.reportLineOverspent,
        `${describeSpending(spent)}: forbruget i ${report.year} er ${together}${formatKroner(spent.actualOre)}, men det godkendte beløb er ${formatKroner(approvedOre)} ` +
          `(${formatKroner(spent.actualOre - approvedOre)} mere); ret forbruget, hvis det er forkert, og forklar ellers merforbruget i redegørelsen.`,
        ["spending", last, "actualOre"],
      ),
    );
  }
  if (yearInPeriod && actualTotal > approvedTotal) {
    findings.push(
      finding(
        ruleIds.reportYearOverspent,
        `Det samlede forbrug i ${report.year} er ${formatKroner(actualTotal)}, men årets godkendte budget er ${formatKroner(approvedTotal)} ` +
          `(${formatKroner(actualTotal - approvedTotal)} mere); ret forbruget, hvis det er forkert, og forklar ellers merforbruget i redegørelsen.`,
        ["spending"],
      ),
    );
  }
}

function checkMunicipalMoney(
  report: AnnualReport,
  plan: PlanInput,
  earlier: AnnualReport[],
  findings: Finding[],
): void {
  // One report per year: this report replaces an earlier one of its year, and of several earlier ones the last counts.
  const byYear = new Map<number, AnnualReport>();
  for (const other of earlier) if (other.year !== report.year) byYear.set(other.year, other);
  byYear.set(report.year, report);
  let received = 0n;
  for (const counted of byYear.values()) received += receivedMunicipalOre(counted);
  const approved = approvedMunicipalOre(plan);
  if (received <= approved) return;
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const span = years.length === 1 ? `i ${years[0]}` : `i ${years.slice(0, -1).join(", ")} og ${years.at(-1)}`;
  findings.push(
    finding(
      ruleIds.reportKommuneShare,
      `Kommunens midler modtaget indtil nu (${span}) er ${formatKroner(received)}, men den godkendte kommunale medfinansiering er ${formatKroner(approved)} ` +
        `(${formatKroner(received - approved)} mere); ret beløbet, hvis det er forkert, og aftal ellers det for meget modtagne med kommunen.`,
      ["financingReceived"],
    ),
  );
}

const GOAL_TEXT_SHOWN = 80;

function checkGoals(report: AnnualReport, goals: Goal[], findings: Finding[]): void {
  const reported = new Set(report.goals.map((goal) => goal.goalId));
  for (const goal of goals) {
    if (reported.has(goal.id)) continue;
    const text = goal.goal.length > GOAL_TEXT_SHOWN ? `${goal.goal.slice(0, GOAL_TEXT_SHOWN - 1)}…` : goal.goal;
    findings.push(
      finding(
        ruleIds.reportGoalStatusMissing,
        `Målet "${text}" (${goal.id}) har ingen status i redegørelsen for ${report.year}; angiv, om det er opfyldt, delvist opfyldt eller ikke opfyldt.`,
        ["goals"],
      ),
    );
  }
}

function checkReport(report: unknown, approved: unknown, earlier: unknown): Finding[] {
  const readReport = parseShape(AnnualReport, report);
  const readPlan = readApproved(approved);
  const readOthers = readEarlier(earlier);
  const argumentErrors = [
    ...("findings" in readPlan ? readPlan.findings : []),
    ...("findings" in readOthers ? readOthers.findings : []),
  ];
  if (!readReport.success) return [...argumentErrors, ...readReport.findings];
  if (!("data" in readPlan) || !("data" in readOthers)) return argumentErrors;
  const findings: Finding[] = [];
  const { plan, goals } = readPlan.data;
  const yearInPeriod = checkYear(readReport.data, plan, findings);
  checkLines(readReport.data, plan, yearInPeriod, findings);
  checkMunicipalMoney(readReport.data, plan, readOthers.data, findings);
  checkGoals(readReport.data, goals, findings);
  return findings;
}

/**
 * Every yearly report rule of RULES.md over any input; returns sorted findings and never throws. `approved` is the
 * approved version's plan and goals; `earlier` the plan's other stored reports (for the municipal money received so far).
 * A malformed report, approved plan or list of earlier reports gives `input.shape` findings (for the latter two at `[]`,
 * naming the faulty field) and no other rule runs.
 * Example: `validateReport(report, { plan, goals })` → `[]`; `validateReport(null, approved)` → `[{ ruleId: "input.shape", path: [], … }]`.
 */
export function validateReport(report: unknown, approved: ApprovedPlan, earlier?: AnnualReport[]): Finding[] {
  try {
    return sortFindings(checkReport(report, approved, earlier));
  } catch {
    return [unreadableInput("Redegørelsen")];
  }
}
