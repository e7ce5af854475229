// RULES.md's plan rules. The shape comes from the PlanInput schema; the header rules read the
// header, one pass over the budget checks lines, rows and amounts and adds up exact sums, and the
// rules about totals (balance, the municipal cap, local co-financing, the pool) judge those sums.
import { passBudget, type BudgetSums, type PeriodYears } from "./budget-pass";
import { finding, ruleIds, sortFindings } from "./findings";
import { formatBasisPoints, formatKroner, shareBasisPoints } from "./money";
import { oreBig } from "./ore-total";
import { readPlanShape } from "./plan-shape";
import { poolDrawOre, poolSource } from "./pool-draw";
import { readReference, type ReferenceIndex } from "./reference-index";
import type { Finding, PlanInput, Reference } from "./schemas";
import { sharesOfSums, type FinancingShares } from "./shares";
import { unreadableInput } from "./shape";

/** What `validatePlan` may know besides the plan. Example: `{ reference: defaultReference, poolAvailableOre: 3_000_000_000 }`. */
export interface PlanContext {
  /** The reference data; `defaultReference` when absent. */
  reference?: Reference;
  /** The room the pool has for this plan (for a reopened plan: the room left plus the plan's own commitment). */
  poolAvailableOre?: number;
}

function checkBalance(sums: BudgetSums, findings: Finding[]): void {
  for (const [year, totals] of sums.byYear) {
    const difference = oreBig(totals.financing) - oreBig(totals.expenses);
    if (difference === 0n) continue;
    const gap = formatKroner(difference < 0n ? -difference : difference);
    const fix =
      difference < 0n
        ? `øg finansieringen med ${gap} eller sænk udgifterne tilsvarende`
        : `sænk finansieringen med ${gap} eller øg udgifterne tilsvarende`;
    findings.push(
      finding(
        ruleIds.budgetUnbalanced,
        `I ${year} er finansieringen ${formatKroner(totals.financing)}, men udgifterne er ${formatKroner(totals.expenses)}; ${fix}, så budgettet balancerer.`,
        ["budget", "financing", year],
      ),
    );
  }
}

function checkHeader(plan: PlanInput, reference: ReferenceIndex, findings: Finding[]): PeriodYears {
  const { periodStart: start, periodEnd: end } = plan;
  const valid = end >= start;
  if (!valid) {
    findings.push(
      finding(
        ruleIds.planPeriod,
        `Slutåret ${end} ligger før startåret ${start}; slutåret skal være ${start} eller senere.`,
        ["periodEnd"],
      ),
    );
  } else {
    const years = end - start + 1;
    const typical = reference.ruleProfile.typicalYears;
    if (years !== typical) {
      findings.push(
        finding(
          ruleIds.planDuration,
          `Perioden ${start}–${end} er ${years} år; en helhedsplan løber som regel ${typical} år (fx ${start}–${start + typical - 1}).`,
          ["periodEnd"],
        ),
      );
    }
  }
  if (plan.districtId !== null && !reference.districtNames.has(plan.districtId)) {
    findings.push(
      finding(
        ruleIds.planDistrictUnknown,
        `Byområdet "${plan.districtId}" findes ikke; vælg et af: ${reference.districtChoices}.`,
        ["districtId"],
      ),
    );
  }
  if (plan.vulnerableArea && plan.districtId === null) {
    findings.push(
      finding(
        ruleIds.planDistrictRequired,
        `Planen ligger i et udsat boligområde, men intet byområde er valgt; hvert udsat boligområde ligger i et af de udsatte byområder: ${reference.districtChoices}.`,
        ["districtId"],
      ),
    );
  }
  return { valid, start, end };
}

function checkMunicipalMoney(plan: PlanInput, sums: BudgetSums, reference: ReferenceIndex, findings: Finding[]): void {
  const pool = poolDrawOre(plan);
  const municipal = pool + oreBig(sums.bySourceOre.get("kommuneOevrig") ?? 0);
  const frame = oreBig(sums.frameOre);
  const { municipalCapBasisPoints: cap, minLocalCofinancingBasisPoints: minLocal } = reference.ruleProfile;
  const capText = formatBasisPoints(cap, { trimZeros: true });

  if (municipal * 10_000n > frame * BigInt(cap)) {
    const message =
      frame === 0n
        ? `Kommunens andel er ${formatKroner(municipal)}, men rammen (udgifterne i perioden) er 0,00 kr.; højst ${capText} af rammen er tilladt, så tilføj udgifterne eller fjern kommunens midler.`
        : `Kommunens andel er ${formatBasisPoints(shareBasisPoints(municipal, frame, "up"))} af rammen (${formatKroner(municipal)} af ${formatKroner(frame)}); ` +
          `højst ${capText} = ${formatKroner((frame * BigInt(cap)) / 10_000n)} er tilladt.`;
    findings.push(finding(ruleIds.kommuneCap, message, ["budget", "financing", "kommune"]));
  }
  if (municipal > 0n && !plan.cooperation) {
    findings.push(
      finding(
        ruleIds.kommuneCooperationRequired,
        `Planen har kommunal medfinansiering (${formatKroner(municipal)}), men er ikke lavet i samarbejde med kommunen; angiv samarbejdet, eller fjern kommunens midler.`,
        ["cooperation"],
      ),
    );
  }
  const local = municipal + oreBig(sums.bySourceOre.get("boligorganisation") ?? 0);
  if (minLocal > 0 && local * 10_000n < frame * BigInt(minLocal)) {
    const required = (frame * BigInt(minLocal) + 9_999n) / 10_000n;
    findings.push(
      finding(
        ruleIds.lbfLocalCofinancing,
        `Den lokale medfinansiering (kommunen og boligorganisationen) er ${formatBasisPoints(shareBasisPoints(local, frame, "down"))} af rammen ` +
          `(${formatKroner(local)} af ${formatKroner(frame)}); mindst ${formatBasisPoints(minLocal, { trimZeros: true })} = ${formatKroner(required)} kræves.`,
        ["budget", "financing", "lokal"],
      ),
    );
  }
  if (pool > 0n && !plan.vulnerableArea) {
    findings.push(
      finding(
        ruleIds.poolNotEligible,
        `Planen har ${formatKroner(pool)} fra puljen, men ligger ikke i et udsat boligområde; puljens midler går kun til planer i udsatte boligområder. Fjern puljemidlerne, eller ret planens beliggenhed.`,
        ["vulnerableArea"],
      ),
    );
  }
  if (pool > 0n && plan.poolId === null) {
    findings.push(
      finding(
        ruleIds.poolMissing,
        `Planen har ${formatKroner(pool)} fra puljen, men ingen pulje er valgt; vælg puljen, der skal finansiere beløbet.`,
        ["poolId"],
      ),
    );
  }
}

function checkPoolCapacity(plan: PlanInput, poolAvailableOre: number, findings: Finding[]): void {
  const pool = poolDrawOre(plan);
  const available = BigInt(poolAvailableOre);
  if (pool <= available) return;
  findings.push(
    finding(
      ruleIds.poolCapacity,
      `Planen søger ${formatKroner(pool)} fra puljen, men puljen har kun ${formatKroner(available)} ledigt; sænk puljebeløbet med ${formatKroner(pool - available)}, eller find andre midler.`,
      ["budget", "financing", poolSource],
    ),
  );
}

/** The context checked: a reference index and a pool room, or the findings that make them unusable. */
function readContext(
  context: unknown,
): { index: ReferenceIndex; poolAvailableOre: number | undefined } | { findings: Finding[] } {
  if (context !== undefined && context !== null && typeof context !== "object") {
    return {
      findings: [finding(ruleIds.inputShape, "Konteksten skal være et objekt med reference og poolAvailableOre.", [])],
    };
  }
  let reference: unknown;
  let poolAvailableOre: unknown;
  try {
    ({ reference, poolAvailableOre } = (context ?? {}) as Record<string, unknown>);
  } catch {
    return { findings: [unreadableInput("Konteksten")] };
  }
  const read = readReference(reference ?? undefined);
  const findings = "findings" in read ? read.findings : [];
  if (poolAvailableOre !== undefined && !Number.isSafeInteger(poolAvailableOre)) {
    const given = typeof poolAvailableOre === "number" ? String(poolAvailableOre) : typeof poolAvailableOre;
    findings.push(
      finding(
        ruleIds.inputShape,
        `Puljens ledige beløb (poolAvailableOre) skal være et helt antal øre, fik ${given}.`,
        [],
      ),
    );
  }
  if ("index" in read && findings.length === 0)
    return { index: read.index, poolAvailableOre: poolAvailableOre as number | undefined };
  return { findings };
}

function checkRules(
  plan: PlanInput,
  setup: { index: ReferenceIndex; poolAvailableOre: number | undefined },
): { findings: Finding[]; sums: BudgetSums } {
  const findings: Finding[] = [];
  const period = checkHeader(plan, setup.index, findings);
  const sums = passBudget(plan, setup.index, period, findings);
  checkBalance(sums, findings);
  checkMunicipalMoney(plan, sums, setup.index, findings);
  if (setup.poolAvailableOre !== undefined) checkPoolCapacity(plan, setup.poolAvailableOre, findings);
  return { findings, sums };
}

/** The findings, and the rules' sums when the plan and the context could be read. */
function checkPlan(
  plan: unknown,
  context: unknown,
): { findings: Finding[]; summed?: { sums: BudgetSums; index: ReferenceIndex } } {
  const setup = readContext(context);
  const parsed = readPlanShape(plan);
  const contextFindings = "findings" in setup ? setup.findings : [];
  if (!parsed.success) return { findings: [...contextFindings, ...parsed.findings] };
  if ("findings" in setup) return { findings: setup.findings };
  const { findings, sums } = checkRules(parsed.data, setup);
  return { findings, summed: { sums, index: setup.index } };
}

/**
 * Every plan rule of RULES.md over any input; returns sorted findings and never throws.
 * Example: `validatePlan(demoPlan)` → `[]`; `validatePlan(null)` → `[{ ruleId: "input.shape", path: [], … }]`.
 */
export function validatePlan(plan: unknown, context?: PlanContext): Finding[] {
  try {
    return sortFindings(checkPlan(plan, context).findings);
  } catch {
    return [unreadableInput("Planen")];
  }
}

/**
 * `validatePlan`'s findings and `financingShares`' shares of the same plan from one pass over its budget, for a caller
 * that shows both on every keystroke (the add-in's pane). `shares` is null when the plan's shape or the context cannot
 * be read (the findings say why). Never throws.
 * Example: `validatePlanWithShares(demoPlan)` → `{ findings: [], shares: financingShares(demoPlan) }`.
 */
export function validatePlanWithShares(
  plan: unknown,
  context?: PlanContext,
): { findings: Finding[]; shares: FinancingShares | null } {
  let checked: ReturnType<typeof checkPlan>;
  try {
    checked = checkPlan(plan, context);
  } catch {
    return { findings: [unreadableInput("Planen")], shares: null };
  }
  const findings = sortFindings(checked.findings);
  return { findings, shares: checked.summed ? sharesOfSums(checked.summed.sums, checked.summed.index) : null };
}

/**
 * `validatePlan` for a plan whose shape is already read — by the PlanInput schema, or a header and
 * a budget read by their schemas or `plainBudget` — so a caller that had to read the shape first
 * (to answer it in its own format) does not pay for reading it twice. Input of another shape gets
 * no shape findings: give such input to `validatePlan`.
 * Example: `validateShapedPlan(PlanInput.parse(json), { reference })` → the same findings as `validatePlan(json, { reference })`.
 */
export function validateShapedPlan(plan: PlanInput, context?: PlanContext): Finding[] {
  try {
    const setup = readContext(context);
    return sortFindings("findings" in setup ? setup.findings : checkRules(plan, setup).findings);
  } catch {
    return [unreadableInput("Planen")];
  }
}
