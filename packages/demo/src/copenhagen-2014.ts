// Copenhagen's boligsociale helhedsplaner as the fact sheet pictures them for 2014: 18 plans, 17 of them in the
// udsatte boligområder with co-financing from the Budget 2012 pool of 30 mio. kr., one outside it; contracts on
// cooperation in each of the six udsatte byområder; the fagudvalg's and Borgerrepræsentationen's decisions; goals;
// and the yearly reports of the years already over. The names of areas and organisations are real Copenhagen names,
// but every figure, goal, decision reference and report here is INVENTED (plausible, not true) — see docs/overview.md.
//
// The demo's moment is 1 April 2014 (`demoMoment`): the plans of 1 January 2014 are there, Mjølnerparken was decided
// in February and March 2014, and the yearly reports for 2012 and 2013 are in (LBF wants them by the end of March).
// Every write is dated by this calendar, not by the clock of the service that seeds it.
import {
  parseKroner,
  type AnnualReport,
  type Budget,
  type Goal,
  type GoalStatus,
  type PlanInput,
  type Source,
} from "@helhedsplan/rules";
import { demoPlan, demoPlanTingbjerg } from "./plans";

/** The demo's moment: every dated write of the demo lies before it; a year is reported once it is over by then. */
export const demoMoment = "2014-04-01";

/** A political decision as the service takes it (`POST /plans/:id/decisions`). */
export interface DemoDecision {
  body: "committee" | "council";
  outcome: "approved" | "rejected";
  decidedOn: string;
  reference: string;
}

/** One step of a plan's story after its first budget and goals, on a date (YYYY-MM-DD). */
export type DemoStep =
  | { on: string; do: "submit" }
  | { on: string; do: "decide"; decision: DemoDecision }
  | { on: string; do: "revise"; budget: Budget; why: string };

/** A plan as the demo tells it: drafted, its goals, then its steps, and its yearly reports for the years over by `demoMoment`. */
export interface DemoPlanStory {
  /** A stable key for tests and docs, e.g. `mjoelnerparken`. */
  key: string;
  plan: PlanInput;
  goals: Goal[];
  /** When the plan, its budget and goals were written. */
  drafted: string;
  steps: DemoStep[];
  /** The yearly reports, oldest first (only approved plans have them); each filed on `filed`. */
  reports: { filed: string; report: AnnualReport }[];
}

/** A contract on cooperation in a byområde, agreed on a date; `deactivated` names a later revision that ends it. */
export interface DemoContract {
  districtId: string;
  focusArea: string;
  title: string;
  text: string;
  agreed: string;
  deactivated?: { on: string; text: string };
}

const k = parseKroner;

// ---------------------------------------------------------------------------------------------------------------------
// Budgets: the expenses per year from weighted activities, financed by the pool, the housing organisation and LBF.

type Line = readonly [focusArea: string, category: string, activity: string, weight: number];

interface BudgetSpec {
  start: number;
  /** Pool money per year, in kroner (øre allowed as a decimal: 406_937.5). */
  poolPerYear: number;
  /** Expenses per year in kroner, spread over the lines by weight (whole thousands, the last line takes the rest). */
  expensesPerYear: number;
  lines: readonly Line[];
  /** The housing organisation's money per year, in kroner. */
  housingPerYear: number;
  /** A mid-term evaluation in the period's third year, in kroner (financed by LBF). */
  evaluation?: number;
}

const yearsOf = (start: number) => [start, start + 1, start + 2, start + 3];

/** A balanced budget: each year's financing equals its expenses; LBF carries what the others do not. */
function budgetOf(spec: BudgetSpec): Budget {
  const years = yearsOf(spec.start);
  const totalWeight = spec.lines.reduce((sum, line) => sum + line[3], 0);
  const perYear = k(spec.expensesPerYear);
  let given = 0;
  const amounts = spec.lines.map((line, index) => {
    if (index === spec.lines.length - 1) return perYear - given;
    const amount = Math.round((perYear * line[3]) / totalWeight / 100_000) * 100_000;
    given += amount;
    return amount;
  });
  const same = (ore: number) => Object.fromEntries(years.map((year) => [String(year), ore]));
  const expenses: Budget["expenses"] = spec.lines.map(([focusArea, category, activity], index) => ({
    focusArea,
    category,
    activity,
    amountsOre: same(amounts[index] ?? 0),
  }));
  const evaluation = spec.evaluation === undefined ? 0 : k(spec.evaluation);
  const third = String(spec.start + 2);
  if (evaluation > 0) {
    expenses.push({
      focusArea: "beboernetvaerk-inddragelse-demokrati",
      category: "evaluering",
      activity: "Midtvejsevaluering",
      amountsOre: { ...same(0), [third]: evaluation },
    });
  }
  const pool = k(spec.poolPerYear);
  const housing = k(spec.housingPerYear);
  const lbf = Object.fromEntries(
    years.map((year) => [String(year), perYear - pool - housing + (String(year) === third ? evaluation : 0)]),
  );
  return {
    expenses,
    financing: [
      { source: "lbf", amountsOre: lbf },
      { source: "kommunePulje", amountsOre: same(pool) },
      { source: "boligorganisation", amountsOre: same(housing) },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Goals: one or two per focus area the plan spends on, with success criteria.

const goalTexts: Record<string, { goal: string; successCriteria: string[] }> = {
  "boern-unge": {
    goal: "Flere børn og unge trives og klarer sig godt i skolen",
    successCriteria: [
      "80 % af lektiecaféens faste deltagere består folkeskolens afgangsprøve",
      "Halvdelen af områdets 10–17-årige bruger et fast fritidstilbud",
    ],
  },
  "uddannelse-beskaeftigelse-erhverv": {
    goal: "Flere beboere kommer i uddannelse eller job",
    successCriteria: [
      "150 beboere vejledt om job og uddannelse om året",
      "40 % af de vejledte er i job eller uddannelse et år efter",
    ],
  },
  "kultur-fritid": {
    goal: "Flere unge har et fritidsjob eller en fast fritidsaktivitet",
    successCriteria: ["60 unge i fritidsjob om året"],
  },
  "udsatte-grupper": {
    goal: "Udsatte beboere får hjælp, før problemerne vokser",
    successCriteria: ["100 opsøgende samtaler om året", "Færre udsættelser for huslejerestance end i 2011"],
  },
  sundhed: {
    goal: "Bedre sundhed blandt områdets beboere",
    successCriteria: ["200 deltagere i sundhedsaktiviteter om året"],
  },
  "beboernetvaerk-inddragelse-demokrati": {
    goal: "Flere beboere tager del i fællesskabet",
    successCriteria: ["30 frivillige beboere med en fast opgave", "Valgdeltagelse til afdelingsmødet over 20 %"],
  },
  "image-kommunikation": {
    goal: "Et bedre omdømme for boligområdet",
    successCriteria: ["En beboeravis fire gange om året", "Positiv omtale i lokalpressen hvert kvartal"],
  },
};

/** The goals of a budget: one per focus area it spends on (in the order first met), ids m1, m2, … */
function goalsOf(budget: Budget): Goal[] {
  const areas = [...new Set(budget.expenses.map((line) => line.focusArea))];
  return areas.map((focusArea, index) => ({
    id: `m${index + 1}`,
    focusArea,
    goal: goalTexts[focusArea]?.goal ?? "Indsatsen gennemføres som planlagt",
    successCriteria: goalTexts[focusArea]?.successCriteria ?? [],
  }));
}

// ---------------------------------------------------------------------------------------------------------------------
// Yearly reports: spending per line against the approved budget (in whole kroner), money received, goals' status.

interface ReportSpec {
  /** Spending as a share of the approved amount per line, in per mille (1000 = as approved); by line index, default `base`. */
  base: number;
  lines?: Record<number, number>;
  /** Goal status by goal index; the rest "opfyldt". */
  goals?: Record<number, GoalStatus>;
}

const statusComments: Record<GoalStatus, string> = {
  opfyldt: "Målet er nået for året.",
  delvist: "Målet er delvist nået; indsatsen fortsætter.",
  ikke_opfyldt: "Målet er ikke nået; indsatsen er lagt om.",
};

/** The year's report of an approved budget. Pool and housing money arrive as approved; LBF pays the rest of what was spent. */
function reportOf(budget: Budget, goals: Goal[], year: number, spec: ReportSpec): AnnualReport {
  const key = String(year);
  const spending = budget.expenses.map((line, index) => {
    const approved = line.amountsOre[key] ?? 0;
    const permille = spec.lines?.[index] ?? spec.base;
    return {
      focusArea: line.focusArea,
      category: line.category,
      activity: line.activity,
      actualOre: Math.round((approved * permille) / 1000 / 100) * 100,
    };
  });
  const spent = spending.reduce((sum, line) => sum + line.actualOre, 0);
  const approvedOf = (source: Source) =>
    budget.financing.filter((row) => row.source === source).reduce((sum, row) => sum + (row.amountsOre[key] ?? 0), 0);
  const pool = approvedOf("kommunePulje");
  const housing = approvedOf("boligorganisation");
  const received: AnnualReport["financingReceived"] = [
    { source: "lbf", actualOre: Math.max(0, spent - pool - housing) },
    { source: "kommunePulje", actualOre: pool },
    { source: "boligorganisation", actualOre: housing },
  ];
  return {
    year,
    spending,
    financingReceived: received,
    goals: goals.map((goal, index) => {
      const status = spec.goals?.[index] ?? "opfyldt";
      return { goalId: goal.id, status, comment: statusComments[status] };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The plans.

const committee = (decidedOn: string, reference: string): DemoStep => ({
  on: decidedOn,
  do: "decide",
  decision: { body: "committee", outcome: "approved", decidedOn, reference },
});
const council = (decidedOn: string, reference: string): DemoStep => ({
  on: decidedOn,
  do: "decide",
  decision: { body: "council", outcome: "approved", decidedOn, reference },
});
const submit = (on: string): DemoStep => ({ on, do: "submit" });

interface StorySpec {
  key: string;
  name: string;
  housingOrganisation: string;
  estates: string[];
  districtId: string | null;
  budget: BudgetSpec;
  drafted: string;
  steps: DemoStep[];
  /** Per reported year (those over by the demo's moment): how it went. */
  reports?: Record<number, ReportSpec>;
  /** Outside the udsatte boligområder: no pool money. */
  outsidePool?: boolean;
}

/** When a year's report was filed: by the end of March of the next year. */
const filedFor = (year: number) => `${year + 1}-03-${year === 2012 ? "27" : "28"}`;

function story(spec: StorySpec): DemoPlanStory {
  const budget = budgetOf(spec.budget);
  const goals = goalsOf(budget);
  const outside = spec.outsidePool === true;
  const plan: PlanInput = {
    name: spec.name,
    housingOrganisation: spec.housingOrganisation,
    estates: spec.estates,
    districtId: spec.districtId,
    vulnerableArea: !outside,
    cooperation: true,
    periodStart: spec.budget.start,
    periodEnd: spec.budget.start + 3,
    poolId: outside ? null : "budget-2012",
    budget,
  };
  // The approved budget is the last one written: a revision replaces the first.
  const approvedBudget = spec.steps.reduce((last, step) => (step.do === "revise" ? step.budget : last), budget);
  const reports = Object.entries(spec.reports ?? {}).map(([year, reportSpec]) => ({
    filed: filedFor(Number(year)),
    report: reportOf(approvedBudget, goals, Number(year), reportSpec),
  }));
  return { key: spec.key, plan, goals, drafted: spec.drafted, steps: spec.steps, reports };
}

/** Wraps an existing demo plan (its budget as it is) in a story. */
function storyOf(key: string, plan: PlanInput, drafted: string, steps: DemoStep[]): DemoPlanStory {
  return { key, plan, goals: goalsOf(plan.budget), drafted, steps, reports: [] };
}

const blaagaarden = story({
  key: "blaagaarden",
  name: "Helhedsplan for Blågården 2012–2015",
  housingOrganisation: "SAB",
  estates: ["Blågården", "Hans Tavsens Gade"],
  districtId: "noerrebro",
  budget: {
    start: 2012,
    poolPerYear: 550_000,
    expensesPerYear: 4_700_000,
    housingPerYear: 250_000,
    evaluation: 150_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 22],
      ["boern-unge", "aktiviteter", "Lektiecafé", 8],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 20],
      ["kultur-fritid", "aktiviteter", "Fritidsjob og klubtilbud", 12],
      ["udsatte-grupper", "loen", "Gadeplansmedarbejder", 16],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat og ledelse", 22],
    ],
  },
  drafted: "2011-10-03",
  steps: [
    submit("2011-11-01"),
    committee("2012-01-18", "Børne- og Ungdomsudvalget, møde 18.01.2012, pkt. 6"),
    council("2012-02-02", "Borgerrepræsentationen, møde 02.02.2012, pkt. 19 (BR 41/12)"),
  ],
  reports: { 2012: { base: 960 }, 2013: { base: 1000, lines: { 3: 1080 }, goals: { 1: "delvist" } } },
});

const noerrebroparken = story({
  key: "noerrebroparken",
  name: "Helhedsplan for Nørrebroparken 2013–2016",
  housingOrganisation: "3B",
  estates: ["Nørrebroparken", "Bragesgade"],
  districtId: "noerrebro",
  budget: {
    start: 2013,
    poolPerYear: 450_000,
    expensesPerYear: 3_850_000,
    housingPerYear: 200_000,
    lines: [
      ["boern-unge", "loen", "Brobygger mellem skole og hjem", 25],
      ["uddannelse-beskaeftigelse-erhverv", "aktiviteter", "Jobcafé", 20],
      ["sundhed", "aktiviteter", "Sundhedsformidlere", 10],
      ["beboernetvaerk-inddragelse-demokrati", "aktiviteter", "Beboerkurser", 10],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 25],
      ["image-kommunikation", "aktiviteter", "Beboeravis", 5],
    ],
  },
  drafted: "2012-08-20",
  steps: [
    submit("2012-09-14"),
    committee("2012-11-07", "Børne- og Ungdomsudvalget, møde 07.11.2012, pkt. 9"),
    committee("2012-11-14", "Sundheds- og Omsorgsudvalget, møde 14.11.2012, pkt. 4"),
    council("2012-12-06", "Borgerrepræsentationen, møde 06.12.2012, pkt. 31 (BR 588/12)"),
  ],
  reports: { 2013: { base: 940, goals: { 2: "delvist" } } },
});

const urbanplanen = story({
  key: "urbanplanen",
  name: "Boligsocial helhedsplan for Urbanplanen 2012–2015",
  housingOrganisation: "AKB, København",
  estates: ["Urbanplanen Nord", "Urbanplanen Syd", "Hørgården"],
  districtId: "amager-sundby",
  budget: {
    start: 2012,
    poolPerYear: 700_000,
    expensesPerYear: 6_000_000,
    housingPerYear: 300_000,
    evaluation: 200_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinatorer", 24],
      ["boern-unge", "aktiviteter", "Lektiecafé og forældrekurser", 8],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Job- og uddannelsesvejledere", 22],
      ["udsatte-grupper", "loen", "Opsøgende medarbejdere", 14],
      ["sundhed", "aktiviteter", "Motion og kost for familier", 6],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat og ledelse", 26],
    ],
  },
  drafted: "2011-09-12",
  steps: [
    submit("2011-10-17"),
    committee("2011-12-07", "Beskæftigelses- og Integrationsudvalget, møde 07.12.2011, pkt. 12"),
    committee("2011-12-14", "Børne- og Ungdomsudvalget, møde 14.12.2011, pkt. 8"),
    council("2012-01-26", "Borgerrepræsentationen, møde 26.01.2012, pkt. 14 (BR 12/12)"),
  ],
  reports: {
    2012: { base: 920, goals: { 1: "delvist" } },
    2013: { base: 1000, lines: { 2: 1120, 4: 800 }, goals: { 1: "delvist", 3: "ikke_opfyldt" } },
  },
});

const hoergaardenFirst: BudgetSpec = {
  start: 2013,
  poolPerYear: 425_000,
  expensesPerYear: 3_650_000,
  housingPerYear: 180_000,
  lines: [
    ["boern-unge", "loen", "Familiekoordinator", 30],
    ["kultur-fritid", "aktiviteter", "Klubtilbud og fritidsjob", 20],
    ["udsatte-grupper", "loen", "Opsøgende medarbejder", 20],
    ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 30],
  ],
};

const remisevaenget = story({
  key: "remisevaenget",
  name: "Helhedsplan for Remisevænget 2014–2017",
  housingOrganisation: "Lejerbo",
  estates: ["Remisevænget", "Remisevænget Øst"],
  districtId: "amager-sundby",
  budget: {
    start: 2014,
    poolPerYear: 350_000,
    expensesPerYear: 3_000_000,
    housingPerYear: 150_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé", 20],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 30],
      ["kultur-fritid", "aktiviteter", "Fritidsjob", 15],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 35],
    ],
  },
  drafted: "2013-09-02",
  steps: [
    submit("2013-10-01"),
    committee("2013-12-04", "Beskæftigelses- og Integrationsudvalget, møde 04.12.2013, pkt. 7"),
  ],
});

const bispeparken = story({
  key: "bispeparken",
  name: "Helhedsplan for Bispeparken 2012–2015",
  housingOrganisation: "3B",
  estates: ["Bispeparken"],
  districtId: "bispebjerg",
  budget: {
    start: 2012,
    poolPerYear: 575_000,
    expensesPerYear: 4_900_000,
    housingPerYear: 250_000,
    evaluation: 150_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 22],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Job- og uddannelsesvejleder", 22],
      ["kultur-fritid", "aktiviteter", "Fritidsjob og idræt", 12],
      ["sundhed", "aktiviteter", "Sundhedscafé", 8],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat og ledelse", 30],
      ["image-kommunikation", "aktiviteter", "Bispeparken i medierne", 6],
    ],
  },
  drafted: "2011-09-26",
  steps: [
    submit("2011-10-24"),
    committee("2011-12-14", "Børne- og Ungdomsudvalget, møde 14.12.2011, pkt. 9"),
    council("2012-01-26", "Borgerrepræsentationen, møde 26.01.2012, pkt. 15 (BR 13/12)"),
  ],
  reports: { 2012: { base: 990 }, 2013: { base: 970, goals: { 2: "delvist" } } },
});

const tagensbo = story({
  key: "tagensbo",
  name: "Helhedsplan for Tagensbo 2013–2016",
  housingOrganisation: "fsb",
  estates: ["Tagensbo", "Tagensbo II"],
  districtId: "bispebjerg",
  budget: {
    start: 2013,
    poolPerYear: 450_000,
    expensesPerYear: 3_850_000,
    housingPerYear: 200_000,
    lines: [
      ["boern-unge", "loen", "Brobygger til skole og fritid", 30],
      ["uddannelse-beskaeftigelse-erhverv", "aktiviteter", "Jobcafé", 20],
      ["udsatte-grupper", "loen", "Gadeplansmedarbejder", 20],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 30],
    ],
  },
  drafted: "2012-09-03",
  steps: [
    submit("2012-10-01"),
    committee("2012-11-28", "Socialudvalget, møde 28.11.2012, pkt. 5"),
    council("2012-12-13", "Borgerrepræsentationen, møde 13.12.2012, pkt. 22 (BR 612/12)"),
  ],
  reports: { 2013: { base: 1000, lines: { 2: 1150 } } },
});

const tomsgaarden = story({
  key: "tomsgaarden",
  name: "Helhedsplan for Tomsgårdskvarteret 2014–2017",
  housingOrganisation: "Lejerbo",
  estates: ["Tomsgården", "Lundehus"],
  districtId: "bispebjerg",
  budget: {
    start: 2014,
    poolPerYear: 375_000,
    expensesPerYear: 3_200_000,
    housingPerYear: 160_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé og lektiehjælp", 25],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 30],
      ["sundhed", "aktiviteter", "Sundhedsformidlere", 10],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 35],
    ],
  },
  drafted: "2013-10-14",
  steps: [submit("2013-11-18")],
});

const sydhavnen = story({
  key: "sydhavnen",
  name: "Boligsocial helhedsplan for Sydhavnen 2012–2015",
  housingOrganisation: "fsb",
  estates: ["Mozarts Plads", "Sjælør Boulevard"],
  districtId: "vesterbro-sydhavnen",
  budget: {
    start: 2012,
    poolPerYear: 600_000,
    expensesPerYear: 5_100_000,
    housingPerYear: 250_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 22],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 22],
      ["udsatte-grupper", "loen", "Opsøgende medarbejder", 18],
      ["kultur-fritid", "aktiviteter", "Sommerferieaktiviteter", 8],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat og ledelse", 30],
    ],
  },
  drafted: "2011-10-10",
  steps: [
    submit("2011-11-07"),
    committee("2012-01-11", "Socialudvalget, møde 11.01.2012, pkt. 3"),
    council("2012-02-02", "Borgerrepræsentationen, møde 02.02.2012, pkt. 20 (BR 42/12)"),
  ],
  reports: { 2012: { base: 880, goals: { 0: "delvist", 1: "delvist" } }, 2013: { base: 1010 } },
});

const kongensEnghave = story({
  key: "kongens-enghave",
  name: "Helhedsplan for Kongens Enghave 2013–2016",
  housingOrganisation: "AAB",
  estates: ["Frederiksholm", "Sydhavns Plads"],
  districtId: "vesterbro-sydhavnen",
  budget: {
    start: 2013,
    poolPerYear: 406_937.5,
    expensesPerYear: 3_500_000,
    housingPerYear: 175_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé", 20],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Job- og uddannelsesvejleder", 30],
      ["sundhed", "aktiviteter", "Sundhedsformidlere", 15],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 35],
    ],
  },
  drafted: "2012-09-10",
  steps: [
    submit("2012-10-08"),
    committee("2012-11-21", "Beskæftigelses- og Integrationsudvalget, møde 21.11.2012, pkt. 6"),
    council("2012-12-13", "Borgerrepræsentationen, møde 13.12.2012, pkt. 23 (BR 613/12)"),
  ],
  reports: { 2013: { base: 950 } },
});

const sydvest = story({
  key: "sydvestkvarteret",
  name: "Helhedsplan for Sydvestkvarteret 2014–2017",
  housingOrganisation: "KAB",
  estates: ["Vestervang", "Enghavegård"],
  districtId: "vesterbro-sydhavnen",
  budget: {
    start: 2014,
    poolPerYear: 375_000,
    expensesPerYear: 3_200_000,
    housingPerYear: 160_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 30],
      ["udsatte-grupper", "loen", "Opsøgende medarbejder", 25],
      ["kultur-fritid", "aktiviteter", "Klubtilbud", 10],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 35],
    ],
  },
  drafted: "2013-09-16",
  steps: [submit("2013-10-14"), committee("2013-12-11", "Socialudvalget, møde 11.12.2013, pkt. 8")],
});

const husum = story({
  key: "husum",
  name: "Helhedsplan for Husum 2013–2016",
  housingOrganisation: "Lejerbo",
  estates: ["Gadelandet", "Husum Park"],
  districtId: "husum-tingbjerg",
  budget: {
    start: 2013,
    poolPerYear: 475_000,
    expensesPerYear: 4_050_000,
    housingPerYear: 200_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 28],
      ["uddannelse-beskaeftigelse-erhverv", "aktiviteter", "Jobcafé", 20],
      ["kultur-fritid", "aktiviteter", "Fritidsjob", 12],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 40],
    ],
  },
  drafted: "2012-08-27",
  steps: [
    submit("2012-09-24"),
    committee("2012-11-07", "Børne- og Ungdomsudvalget, møde 07.11.2012, pkt. 10"),
    council("2012-12-06", "Borgerrepræsentationen, møde 06.12.2012, pkt. 32 (BR 589/12)"),
  ],
  reports: { 2013: { base: 1000, lines: { 1: 900 }, goals: { 1: "delvist" } } },
});

const utterslevhuse = story({
  key: "utterslevhuse",
  name: "Helhedsplan for Utterslevhuse 2012–2015",
  housingOrganisation: "fsb",
  estates: ["Utterslevhuse"],
  districtId: "husum-tingbjerg",
  budget: {
    start: 2012,
    poolPerYear: 350_000,
    expensesPerYear: 3_000_000,
    housingPerYear: 150_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé og forældrecafé", 25],
      ["udsatte-grupper", "loen", "Opsøgende medarbejder", 35],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 40],
    ],
  },
  drafted: "2011-10-17",
  steps: [
    submit("2011-11-14"),
    committee("2012-01-11", "Socialudvalget, møde 11.01.2012, pkt. 4"),
    council("2012-02-02", "Borgerrepræsentationen, møde 02.02.2012, pkt. 21 (BR 43/12)"),
  ],
  reports: { 2012: { base: 1000 }, 2013: { base: 1060, goals: { 0: "delvist" } } },
});

const folehaven = story({
  key: "folehaven",
  name: "Helhedsplan for Folehaven 2012–2015",
  housingOrganisation: "SAB",
  estates: ["Folehaven"],
  districtId: "valby-vigerslev",
  budget: {
    start: 2012,
    poolPerYear: 550_000,
    expensesPerYear: 4_700_000,
    housingPerYear: 240_000,
    evaluation: 120_000,
    lines: [
      ["boern-unge", "loen", "Familiekoordinator", 25],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 20],
      ["sundhed", "aktiviteter", "Sundhedsformidlere", 10],
      ["kultur-fritid", "aktiviteter", "Fritidsjob og klubtilbud", 10],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat og ledelse", 35],
    ],
  },
  drafted: "2011-09-19",
  steps: [
    submit("2011-10-17"),
    committee("2011-12-07", "Børne- og Ungdomsudvalget, møde 07.12.2011, pkt. 11"),
    council("2012-01-26", "Borgerrepræsentationen, møde 26.01.2012, pkt. 16 (BR 14/12)"),
  ],
  reports: { 2012: { base: 970 }, 2013: { base: 990, goals: { 3: "ikke_opfyldt" } } },
});

const akacieparken = story({
  key: "akacieparken",
  name: "Helhedsplan for Akacieparken 2013–2016",
  housingOrganisation: "DAB",
  estates: ["Akacieparken", "Lykkebo"],
  districtId: "valby-vigerslev",
  budget: {
    start: 2013,
    poolPerYear: 450_000,
    expensesPerYear: 3_850_000,
    housingPerYear: 200_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé", 20],
      ["uddannelse-beskaeftigelse-erhverv", "loen", "Job- og uddannelsesvejleder", 30],
      ["udsatte-grupper", "loen", "Opsøgende medarbejder", 15],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 35],
    ],
  },
  drafted: "2012-09-17",
  steps: [
    submit("2012-10-15"),
    committee("2012-11-28", "Børne- og Ungdomsudvalget, møde 28.11.2012, pkt. 7"),
    council("2012-12-13", "Borgerrepræsentationen, møde 13.12.2012, pkt. 24 (BR 614/12)"),
  ],
  reports: { 2013: { base: 1000 } },
});

const ryparken = story({
  key: "ryparken",
  name: "Helhedsplan for Ryparken 2013–2016",
  housingOrganisation: "AAB",
  estates: ["Ryparken"],
  districtId: null,
  outsidePool: true,
  budget: {
    start: 2013,
    poolPerYear: 0,
    expensesPerYear: 2_400_000,
    housingPerYear: 240_000,
    lines: [
      ["boern-unge", "aktiviteter", "Lektiecafé", 30],
      ["beboernetvaerk-inddragelse-demokrati", "aktiviteter", "Beboerkurser og frivillige", 30],
      ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 40],
    ],
  },
  drafted: "2012-10-01",
  steps: [
    submit("2012-10-29"),
    committee("2013-01-16", "Socialudvalget, møde 16.01.2013, pkt. 6"),
    council("2013-01-31", "Borgerrepræsentationen, møde 31.01.2013, pkt. 18 (BR 52/13)"),
  ],
  reports: { 2013: { base: 980 } },
});

// Hørgården: sent back by Socialudvalget, revised with more for employment, then approved.
const hoergaardenRevised = budgetOf({
  ...hoergaardenFirst,
  expensesPerYear: 3_650_000,
  lines: [
    ["boern-unge", "loen", "Familiekoordinator", 25],
    ["uddannelse-beskaeftigelse-erhverv", "loen", "Jobvejleder", 20],
    ["kultur-fritid", "aktiviteter", "Klubtilbud og fritidsjob", 10],
    ["udsatte-grupper", "loen", "Opsøgende medarbejder", 15],
    ["beboernetvaerk-inddragelse-demokrati", "administration", "Sekretariat", 30],
  ],
});

const hoergaarden = ((): DemoPlanStory => {
  const first = story({
    key: "hoergaarden",
    name: "Helhedsplan for Hørgården og Remiseparken 2013–2016",
    housingOrganisation: "KAB",
    estates: ["Hørgården", "Remiseparken"],
    districtId: "amager-sundby",
    budget: hoergaardenFirst,
    drafted: "2012-09-24",
    steps: [
      submit("2012-10-22"),
      {
        on: "2012-11-28",
        do: "decide",
        decision: {
          body: "committee",
          outcome: "rejected",
          decidedOn: "2012-11-28",
          reference: "Socialudvalget, møde 28.11.2012, pkt. 6: sendt tilbage – beskæftigelsesindsatsen mangler",
        },
      },
      {
        on: "2013-01-14",
        do: "revise",
        budget: hoergaardenRevised,
        why: "En jobvejleder lagt ind efter Socialudvalgets beslutning",
      },
      submit("2013-01-21"),
      committee("2013-03-06", "Socialudvalget, møde 06.03.2013, pkt. 4"),
      committee("2013-03-13", "Beskæftigelses- og Integrationsudvalget, møde 13.03.2013, pkt. 9"),
      council("2013-04-11", "Borgerrepræsentationen, møde 11.04.2013, pkt. 27 (BR 198/13)"),
    ],
    reports: { 2013: { base: 890, lines: { 1: 700 }, goals: { 1: "ikke_opfyldt", 2: "delvist" } } },
  });
  // The goals follow the approved budget, which has a focus area the first one lacked.
  const goals = goalsOf(hoergaardenRevised);
  return {
    ...first,
    goals,
    reports: first.reports.map(({ filed, report }) => ({
      filed,
      report: reportOf(hoergaardenRevised, goals, report.year, {
        base: 890,
        lines: { 1: 700 },
        goals: { 1: "ikke_opfyldt", 2: "delvist" },
      }),
    })),
  };
})();

const mjoelnerparken = storyOf("mjoelnerparken", demoPlan, "2013-10-21", [
  submit("2013-11-25"),
  committee("2014-02-12", "Børne- og Ungdomsudvalget, pkt. 7"),
  council("2014-03-06", "Borgerrepræsentationen, pkt. 23"),
]);

const tingbjerg = storyOf("tingbjerg", demoPlanTingbjerg, "2013-10-28", [submit("2013-12-02")]);

/** The 18 plans, in the order they were drafted (the order the service lists them). */
export const demoStories: DemoPlanStory[] = [
  urbanplanen,
  folehaven,
  bispeparken,
  blaagaarden,
  sydhavnen,
  utterslevhuse,
  husum,
  noerrebroparken,
  tagensbo,
  kongensEnghave,
  akacieparken,
  hoergaarden,
  ryparken,
  remisevaenget,
  sydvest,
  tomsgaarden,
  mjoelnerparken,
  tingbjerg,
].sort((a, b) => a.drafted.localeCompare(b.drafted));

// ---------------------------------------------------------------------------------------------------------------------
// Contracts on cooperation: every byområde has some, none more than five active; the gaps are real gaps.

const focusNames: Record<string, string> = {
  "boern-unge": "Børn, unge og familie",
  "uddannelse-beskaeftigelse-erhverv": "Uddannelse, beskæftigelse og erhverv",
  "kultur-fritid": "Kultur og fritid",
  "udsatte-grupper": "Udsatte grupper",
  sundhed: "Sundhed",
};
const districtNames: Record<string, string> = {
  noerrebro: "Nørrebro",
  "amager-sundby": "Amager/Sundby",
  bispebjerg: "Bispebjerg",
  "vesterbro-sydhavnen": "Vesterbro/Sydhavnen",
  "husum-tingbjerg": "Husum/Tingbjerg",
  "valby-vigerslev": "Valby/Vigerslev",
};

function contract(districtId: string, focusArea: string, agreed: string): DemoContract {
  return {
    districtId,
    focusArea,
    title: `${focusNames[focusArea]} – ${districtNames[districtId]}`,
    text: `Kontrakt om boligsocialt samarbejde om ${focusNames[focusArea]?.toLowerCase()} i ${districtNames[districtId]}, udarbejdet i arbejdsgruppen under Boligsocialt Forum og godkendt sammen med områdets helhedsplaner.`,
    agreed,
  };
}

/** The contracts, in the order they were agreed. Nørrebro has all five; Valby/Vigerslev ended one on health. */
export const demoContracts: DemoContract[] = [
  ...["boern-unge", "uddannelse-beskaeftigelse-erhverv", "kultur-fritid", "udsatte-grupper", "sundhed"].map((area) =>
    contract("noerrebro", area, "2012-02-02"),
  ),
  ...["boern-unge", "uddannelse-beskaeftigelse-erhverv", "udsatte-grupper", "kultur-fritid"].map((area) =>
    contract("amager-sundby", area, "2012-01-26"),
  ),
  ...["boern-unge", "uddannelse-beskaeftigelse-erhverv", "udsatte-grupper"].map((area) =>
    contract("bispebjerg", area, "2012-01-26"),
  ),
  ...["boern-unge", "uddannelse-beskaeftigelse-erhverv", "udsatte-grupper", "sundhed"].map((area) =>
    contract("vesterbro-sydhavnen", area, "2012-02-02"),
  ),
  ...["boern-unge", "udsatte-grupper", "kultur-fritid"].map((area) => contract("husum-tingbjerg", area, "2012-02-02")),
  ...["boern-unge", "uddannelse-beskaeftigelse-erhverv"].map((area) => contract("valby-vigerslev", area, "2012-01-26")),
  {
    ...contract("valby-vigerslev", "sundhed", "2012-01-26"),
    deactivated: {
      on: "2013-09-18",
      text: "Ophørt efter Boligsocialt Forum Valby/Vigerslevs beslutning 18.09.2013: sundhedsindsatsen er lagt ind under Børn, unge og familie.",
    },
  },
];
