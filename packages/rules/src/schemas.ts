// The domain model, schema first: each schema and its type share one name. Write shapes are
// strict, so a misspelt key (`amountOre`) is an error instead of a silently dropped amount.
import { z } from "zod";

const NUL = "\u0000";

/** A piece of user text up to `max` characters, without NUL (PostgreSQL refuses it). Example: `Text(200).parse("Lektiecafé")`. */
export function Text(max: number) {
  return z
    .string()
    .max(max, { message: `Teksten er for lang: højst ${max} tegn.` })
    .refine((s) => !s.includes(NUL), { message: "Teksten må ikke indeholde NUL-tegn." });
}

/** Limits of API.md's 400 rules, in one place. Example: `limits.expenseLines === 5000`. */
export const limits = {
  name: 200,
  freeText: 10_000,
  estates: 100,
  expenseLines: 5_000,
  financingRows: 50,
  goals: 50,
  successCriteria: 50,
  id: 100,
} as const;

/** A stable id of reference data or an entity. Example: `Id.parse("loen")`. */
export const Id = Text(limits.id).min(1, { message: "Id mangler." });

/** A short name or title (1–200 characters). Example: `Name.parse("Mjølnerparken")`. */
export const Name = Text(limits.name).min(1, { message: "Feltet må ikke være tomt." });

/** A calendar year. Example: `Year.parse(2014)`. */
export const Year = z
  .number()
  .int({ message: "Årstallet skal være et helt tal, fx 2014." })
  .min(1900, { message: "Årstallet skal være 1900 eller senere." })
  .max(2999, { message: "Årstallet skal være 2999 eller tidligere." });
export type Year = z.infer<typeof Year>;

/** The pattern of a year as the key of `amountsOre`. Example: `yearKeyPattern.test("2014")`. */
export const yearKeyPattern = /^[0-9]{4}$/;

/** A year as the key of `amountsOre`. Example: `YearKey.parse("2014")`. */
export const YearKey = z.string().regex(yearKeyPattern, { message: "Årstal skal have fire cifre." });

/**
 * An amount in øre, checked for shape as a finite number only: negative, fractional or
 * too-large amounts are the rule `amount.invalid`, not a shape error. Example: `AmountOre.parse(100)`.
 */
export const AmountOre = z.number();

/** Øre per budget year, keyed by the year as a string. Example: `{ "2014": 125000000 }`. */
export const AmountsOre = z.record(YearKey, AmountOre);
export type AmountsOre = z.infer<typeof AmountsOre>;

/** A financing source id. Example: `Source.parse("kommunePulje")`. */
export const Source = z.enum(["lbf", "kommunePulje", "kommuneOevrig", "boligorganisation", "andre"]);
export type Source = z.infer<typeof Source>;

/**
 * The budget schemas around a given schema of `amountsOre`, so lines and rows are defined once: the
 * exported ones use `AmountsOre`; the plan rules' fast path uses `z.unknown()` (see plan-shape.ts).
 * Example: `budgetSchemas(AmountsOre).budget.parse({ expenses: [], financing: [] })`.
 */
export function budgetSchemas<Amounts extends z.ZodType>(amountsOre: Amounts) {
  const expenseLine = z.strictObject({
    focusArea: Id,
    category: Id,
    activity: Text(limits.name),
    amountsOre,
  });
  const financingRow = z.strictObject({
    source: Source,
    amountsOre,
  });
  const budget = z.strictObject({
    expenses: z.array(expenseLine).max(limits.expenseLines),
    financing: z.array(financingRow).max(limits.financingRows),
  });
  return { expenseLine, financingRow, budget };
}

const budgetParts = budgetSchemas(AmountsOre);

/** One expense line of a budget. Example: `{ focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", amountsOre: { "2014": 30000000 } }`. */
export const ExpenseLine = budgetParts.expenseLine;
export type ExpenseLine = z.infer<typeof ExpenseLine>;

/** One financing row of a budget: one source's money per year. Example: `{ source: "lbf", amountsOre: { "2014": 80000000 } }`. */
export const FinancingRow = budgetParts.financingRow;
export type FinancingRow = z.infer<typeof FinancingRow>;

/** A plan's budget: expense lines and financing rows. Example: `{ expenses: [], financing: [] }`. */
export const Budget = budgetParts.budget;
export type Budget = z.infer<typeof Budget>;

/** The plan header (the body of `POST /plans`). Example: `PlanHeader.parse(demoPlanHeader)`. */
export const PlanHeader = z.strictObject({
  name: Name,
  housingOrganisation: Name,
  estates: z.array(Name).max(limits.estates),
  districtId: Id.nullable(),
  vulnerableArea: z.boolean(),
  cooperation: z.boolean(),
  periodStart: Year,
  periodEnd: Year,
  poolId: Id.nullable(),
});
export type PlanHeader = z.infer<typeof PlanHeader>;

/** A plan as the rules check it: the header plus its budget. Example: `validatePlan(PlanInput.parse(json))`. */
export const PlanInput = PlanHeader.extend({ budget: Budget });
export type PlanInput = z.infer<typeof PlanInput>;

/** A goal of a plan with its success criteria. Example: `{ id: "m1", focusArea: "sundhed", goal: "Flere i motion", successCriteria: ["200 deltagere"] }`. */
export const Goal = z.strictObject({
  id: Id,
  focusArea: Id,
  goal: Text(limits.freeText).min(1, { message: "Målet må ikke være tomt." }),
  successCriteria: z.array(Text(limits.freeText)).max(limits.successCriteria),
});
export type Goal = z.infer<typeof Goal>;

/** A contract on cooperation within one focus area in one byområde. Example: `{ districtId: "noerrebro", focusArea: "sundhed", title: "Sundhed på Nørrebro", active: true }`. */
export const ContractInput = z.strictObject({
  id: Id.optional(),
  districtId: Id,
  focusArea: Id,
  title: Name,
  text: Text(limits.freeText).optional(),
  active: z.boolean(),
});
export type ContractInput = z.infer<typeof ContractInput>;

/** An udsat byområde with its boligsocialt forum. Example: `{ id: "noerrebro", name: "Nørrebro", forum: "Boligsocialt Forum Nørrebro", aliases: [] }`. */
export const District = z.strictObject({ id: Id, name: Name, forum: Name, aliases: z.array(Name) });
export type District = z.infer<typeof District>;

/** An LBF focus area (indsatsområde). Example: `{ id: "sundhed", name: "Sundhed", contractEligible: true, aliases: [] }`. */
export const FocusArea = z.strictObject({ id: Id, name: Name, contractEligible: z.boolean(), aliases: z.array(Name) });
export type FocusArea = z.infer<typeof FocusArea>;

/** A financing source with its label. Example: `{ id: "lbf", name: "Landsbyggefonden" }`. */
export const SourceInfo = z.strictObject({ id: Source, name: Name });
export type SourceInfo = z.infer<typeof SourceInfo>;

/** An expense category. Example: `{ id: "loen", name: "Løn" }`. */
export const Category = z.strictObject({ id: Id, name: Name });
export type Category = z.infer<typeof Category>;

/** The parameters of the rules. Example: `defaultReference.ruleProfile.municipalCapBasisPoints === 1250`. */
export const RuleProfile = z.strictObject({
  municipalCapBasisPoints: z.number().int().min(0).max(10_000),
  typicalYears: z.number().int().min(1).max(100),
  maxContractsPerDistrict: z.number().int().min(0).max(1_000),
  minLocalCofinancingBasisPoints: z.number().int().min(0).max(10_000),
});
export type RuleProfile = z.infer<typeof RuleProfile>;

/** The reference data every rule reads. Example: `validatePlan(plan, { reference: defaultReference })`. */
export const Reference = z.strictObject({
  districts: z.array(District),
  focusAreas: z.array(FocusArea),
  sources: z.array(SourceInfo),
  categories: z.array(Category),
  ruleProfile: RuleProfile,
});
export type Reference = z.infer<typeof Reference>;

/** A pool as seeded: the Budget 2012 pool. Example: `{ id: "budget-2012", name: "Budget 2012", budgetYear: 2012, amountOre: 3000000000 }`. */
export const PoolSeed = z.strictObject({
  id: Id,
  name: Name,
  budgetYear: Year,
  amountOre: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type PoolSeed = z.infer<typeof PoolSeed>;

/** How bad a finding is. Example: `Severity.parse("warning")`. */
export const Severity = z.enum(["error", "warning"]);
export type Severity = z.infer<typeof Severity>;

/** One rule broken or warned about, at a path into the checked input. Example: `{ ruleId: "kommune.cap", severity: "error", message: "…", path: ["budget", "financing", "kommune"] }`. */
export const Finding = z.strictObject({
  ruleId: z.string(),
  severity: Severity,
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
});
export type Finding = z.infer<typeof Finding>;

/**
 * An approved plan as the report rules judge a yearly report against it: the approved version's plan (header and
 * budget) and its goals. Example: `{ plan: PlanInput.parse(version.plan + budget), goals: version.goals }`.
 */
export const ApprovedPlan = z.strictObject({ plan: PlanInput, goals: z.array(Goal).max(limits.goals) });
export type ApprovedPlan = z.infer<typeof ApprovedPlan>;

/**
 * Money spent or received in a yearly report: whole, non-negative øre, checked by the shape (the HTTP contract's
 * `NonNegativeOre`, defined alike so the OpenAPI document is unchanged). Unlike a budget amount, a negative or
 * fractional report amount is `input.shape`: the report table has no `amount.invalid`. Example: `ReportOre.parse(0)`.
 */
const ReportOre = z.int().min(0, { message: "Beløbet må ikke være negativt." });

/** How far a goal was met in the year. Example: `GoalStatus.parse("delvist")`. */
export const GoalStatus = z.enum(["opfyldt", "delvist", "ikke_opfyldt"]);
export type GoalStatus = z.infer<typeof GoalStatus>;

/** Money spent on one of the budget's expense lines (its key: focus area, category, activity). Example: `{ focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler", actualOre: 29_500_000 }`. */
export const ReportSpending = z.strictObject({
  focusArea: Id,
  category: Id,
  activity: Text(limits.name),
  actualOre: ReportOre,
});
export type ReportSpending = z.infer<typeof ReportSpending>;

/** Money received from one source. Example: `{ source: "kommunePulje", actualOre: 25_000_000 }`. */
export const ReportFinancing = z.strictObject({ source: Source, actualOre: ReportOre });
export type ReportFinancing = z.infer<typeof ReportFinancing>;

/** The status of one approved goal. Example: `{ goalId: "m1", status: "opfyldt", comment: "" }`. */
export const ReportGoal = z.strictObject({ goalId: Id, status: GoalStatus, comment: Text(limits.freeText) });
export type ReportGoal = z.infer<typeof ReportGoal>;

/** One year's report (årlig redegørelse), the body of `PUT /plans/:id/reports/:year`, strict. Example: `{ year: 2014, spending: [], financingReceived: [], goals: [] }`. */
export const AnnualReport = z.strictObject({
  year: Year,
  spending: z.array(ReportSpending).max(limits.expenseLines),
  financingReceived: z.array(ReportFinancing).max(limits.financingRows),
  goals: z.array(ReportGoal).max(limits.goals),
});
export type AnnualReport = z.infer<typeof AnnualReport>;
