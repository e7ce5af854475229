import { describe, expect, it } from "vitest";
import { expenseLine, financingRows, perYear, planYears, testPlan } from "./fixtures/plans";
import { largePlan } from "./fixtures/large-plan";
import { validatePlan } from "./plan-rules";
import { defaultReference } from "./reference";
import type { Finding, PlanInput, Reference } from "./schemas";

const MAX = Number.MAX_SAFE_INTEGER;

const ruleIdsOf = (findings: Finding[]) => findings.map((f) => f.ruleId);
const findingsOf = (ruleId: string, plan: unknown, context?: Parameters<typeof validatePlan>[1]) =>
  validatePlan(plan, context).filter((f) => f.ruleId === ruleId);

/** A copy of a plan with its budget replaced. */
const withBudget = (plan: PlanInput, budget: PlanInput["budget"]): PlanInput => ({ ...plan, budget });

/** A 2014–2017 plan whose one expense line and financing rows are given per year. */
function budgetPlan(
  expenses: Record<string, number>,
  financing: Parameters<typeof financingRows>[0],
  header: Partial<PlanInput> = {},
): PlanInput {
  return { ...testPlan(header), budget: { expenses: [expenseLine(expenses)], financing: financingRows(financing) } };
}

const referenceWith = (ruleProfile: Partial<Reference["ruleProfile"]>): Reference => ({
  ...defaultReference,
  ruleProfile: { ...defaultReference.ruleProfile, ...ruleProfile },
});

describe("a valid plan", () => {
  it("has no findings", () => {
    expect(validatePlan(testPlan())).toEqual([]);
  });

  it("has no findings for the large benchmark plan", () => {
    expect(validatePlan(largePlan())).toEqual([]);
  });
});

describe("input.shape", () => {
  it.each([null, undefined, "plan", 42, Number.NaN, Number.POSITIVE_INFINITY, 1e300, [], true])(
    "refuses %j at the root",
    (input) => {
      const findings = validatePlan(input);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ ruleId: "input.shape", severity: "error", path: [] });
      expect(findings[0]?.message).toMatch(/Ugyldigt input: forventede objekt/);
    },
  );

  it("reports each zod issue at its path with a Danish message", () => {
    const plan = testPlan() as unknown as Record<string, unknown> & { budget: { expenses: Record<string, unknown>[] } };
    const line = plan.budget.expenses[0] ?? {};
    line.activity = 5;
    line.amountOre = 1;
    delete plan.name;
    expect(validatePlan(plan)).toEqual([
      {
        ruleId: "input.shape",
        severity: "error",
        message: 'Ukendt nøgle: "amountOre".',
        path: ["budget", "expenses", 0],
      },
      {
        ruleId: "input.shape",
        severity: "error",
        message: "Ugyldigt input: forventede streng, fik tal.",
        path: ["budget", "expenses", 0, "activity"],
      },
      {
        ruleId: "input.shape",
        severity: "error",
        message: "Ugyldigt input: forventede streng, fik undefined.",
        path: ["name"],
      },
    ]);
  });

  it("refuses amounts that are not finite numbers and year keys that are not years", () => {
    const plan = budgetPlan(
      { "2014": 1, "14": 1 },
      { lbf: { "2014": "1" as unknown as number, "2015": Number.NaN, "2016": Number.POSITIVE_INFINITY } },
    );
    const findings = validatePlan(plan);
    expect(ruleIdsOf(findings)).toEqual(["input.shape", "input.shape", "input.shape", "input.shape"]);
    expect(findings.map((f) => f.path)).toEqual([
      ["budget", "expenses", 0, "amountsOre", "14"],
      ["budget", "financing", 0, "amountsOre", "2014"],
      ["budget", "financing", 0, "amountsOre", "2015"],
      ["budget", "financing", 0, "amountsOre", "2016"],
    ]);
    expect(findings[0]?.message).toBe('Nøglen "14" er ugyldig: Årstal skal have fire cifre.');
  });

  it("refuses amountsOre that is not a plain object", () => {
    const plan = withBudget(testPlan(), {
      expenses: [expenseLine([1, 2] as unknown as Record<string, number>)],
      financing: [],
    });
    expect(validatePlan(plan)).toMatchObject([
      { ruleId: "input.shape", path: ["budget", "expenses", 0, "amountsOre"] },
    ]);
  });

  it("refuses a NUL character in text", () => {
    expect(validatePlan({ ...testPlan(), name: "Mjølner\u0000parken" })).toMatchObject([
      { ruleId: "input.shape", path: ["name"], message: "Teksten må ikke indeholde NUL-tegn." },
    ]);
  });
});

describe("amount.invalid", () => {
  it.each([
    [-1, "er negativt"],
    [-(MAX + 1), "er negativt"],
    [1.5, "ikke et helt antal øre"],
    [12_345.5, "12345,5 øre"],
    [MAX + 1, "er for stort"],
    [1e300, "er for stort"],
  ])("fires for %d at the amount's path", (amount, words) => {
    const plan = budgetPlan({ ...perYear(100, planYears), "2015": amount }, { lbf: perYear(100, planYears) });
    const findings = findingsOf("amount.invalid", plan);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.path).toEqual(["budget", "expenses", 0, "amountsOre", "2015"]);
    expect(findings[0]?.message).toContain(words);
  });

  it("is silent at 0 and at Number.MAX_SAFE_INTEGER", () => {
    expect(
      findingsOf("amount.invalid", budgetPlan({ "2014": 0, "2015": MAX }, { lbf: { "2014": 0, "2015": MAX } })),
    ).toEqual([]);
  });

  it("fires in financing rows too", () => {
    const plan = budgetPlan(perYear(100, planYears), { lbf: { ...perYear(100, planYears), "2017": -100 } });
    expect(findingsOf("amount.invalid", plan).map((f) => f.path)).toEqual([
      ["budget", "financing", 0, "amountsOre", "2017"],
    ]);
  });

  it("leaves an invalid amount out of the sums, so it causes no second finding", () => {
    const plan = budgetPlan(
      { ...perYear(100, planYears), "2015": -500 },
      { lbf: { ...perYear(100, planYears), "2015": 0 } },
    );
    expect(ruleIdsOf(validatePlan(plan))).toEqual(["amount.invalid"]);
  });
});

describe("plan.period and plan.duration", () => {
  it("is an error when the end lies before the start, without a duration warning", () => {
    const findings = validatePlan({ ...testPlan(), periodStart: 2015, periodEnd: 2014 });
    expect(findings).toEqual([
      {
        ruleId: "plan.period",
        severity: "error",
        message: "Slutåret 2014 ligger før startåret 2015; slutåret skal være 2015 eller senere.",
        path: ["periodEnd"],
      },
    ]);
  });

  it("accepts a period of one year as a period (warning only about the duration)", () => {
    const plan = budgetPlan({ "2014": 100 }, { lbf: { "2014": 100 } }, { periodStart: 2014, periodEnd: 2014 });
    expect(ruleIdsOf(validatePlan(plan))).toEqual(["plan.duration"]);
  });

  it("is silent for four years, start and end inclusive", () => {
    expect(findingsOf("plan.duration", testPlan({ periodStart: 2014, periodEnd: 2017 }))).toEqual([]);
  });

  it.each([
    [2016, 3],
    [2018, 5],
  ])("warns when the period ends in %d (%d years)", (periodEnd, years) => {
    const plan = budgetPlan({ "2014": 100 }, { lbf: { "2014": 100 } }, { periodEnd });
    expect(validatePlan(plan)).toEqual([
      {
        ruleId: "plan.duration",
        severity: "warning",
        message: `Perioden 2014–${periodEnd} er ${years} år; en helhedsplan løber som regel 4 år (fx 2014–2017).`,
        path: ["periodEnd"],
      },
    ]);
  });

  it("reads the typical duration from the rule profile", () => {
    const plan = budgetPlan({ "2014": 100 }, { lbf: { "2014": 100 } }, { periodEnd: 2018 });
    expect(validatePlan(plan, { reference: referenceWith({ typicalYears: 5 }) })).toEqual([]);
  });
});

describe("plan.district-unknown and plan.district-required", () => {
  it("accepts every reference district and no district outside an udsat boligområde", () => {
    for (const district of defaultReference.districts)
      expect(validatePlan(testPlan({ districtId: district.id }))).toEqual([]);
    expect(validatePlan(testPlan({ districtId: null, vulnerableArea: false, kommunePuljeOre: 0 }))).toEqual([]);
  });

  it("fires for an id that is not a reference district, naming the valid ones", () => {
    const findings = validatePlan(testPlan({ districtId: "norrebro" }));
    expect(findings).toMatchObject([{ ruleId: "plan.district-unknown", severity: "error", path: ["districtId"] }]);
    expect(findings[0]?.message).toContain('Byområdet "norrebro" findes ikke');
    expect(findings[0]?.message).toContain("Nørrebro (noerrebro)");
  });

  it("requires a district for a plan in an udsat boligområde", () => {
    expect(validatePlan(testPlan({ districtId: null }))).toMatchObject([
      { ruleId: "plan.district-required", severity: "error", path: ["districtId"] },
    ]);
  });
});

describe("budget.year-outside-period", () => {
  it("fires for a non-zero amount before or after the period, at the amount", () => {
    const plan = budgetPlan(
      { ...perYear(100, planYears), "2013": 5, "2018": 7 },
      { lbf: { ...perYear(100, planYears), "2013": 5, "2018": 7 } },
    );
    const findings = findingsOf("budget.year-outside-period", plan);
    expect(findings.map((f) => f.path)).toEqual([
      ["budget", "expenses", 0, "amountsOre", "2013"],
      ["budget", "expenses", 0, "amountsOre", "2018"],
      ["budget", "financing", 0, "amountsOre", "2013"],
      ["budget", "financing", 0, "amountsOre", "2018"],
    ]);
    expect(findings[1]?.message).toBe(
      'Udgiftslinje 1 ("Lektiecafé"), 2018: 0,07 kr. ligger uden for planens periode 2014–2017; flyt beløbet til et år i perioden, eller sæt det til 0.',
    );
  });

  it("is silent for 0 outside the period and for amounts in its first and last year", () => {
    const plan = budgetPlan(
      { "2013": 0, "2014": 1, "2017": 1, "2018": 0 },
      { lbf: { "2013": 0, "2014": 1, "2017": 1, "2018": 0 } },
    );
    expect(validatePlan(plan)).toEqual([]);
  });
});

describe("budget.focus-area-unknown and budget.category-unknown", () => {
  it("fires at the line's field, naming the valid choices", () => {
    const plan = testPlan();
    const budget = {
      ...plan.budget,
      expenses: [
        expenseLine(perYear(250_000_000, planYears), { focusArea: "sport" }),
        expenseLine({}, { category: "husleje", activity: "Lokaler" }),
      ],
    };
    const findings = validatePlan(withBudget(plan, budget));
    expect(findings).toMatchObject([
      { ruleId: "budget.focus-area-unknown", path: ["budget", "expenses", 0, "focusArea"] },
      { ruleId: "budget.category-unknown", path: ["budget", "expenses", 1, "category"] },
    ]);
    expect(findings[0]?.message).toContain(
      'indsatsområdet "sport" findes ikke; vælg et af: Børn, unge og familie (boern-unge)',
    );
    expect(findings[1]?.message).toContain('kategorien "husleje" findes ikke; vælg en af: Løn (loen)');
  });

  it("accepts every reference focus area and category", () => {
    const plan = testPlan();
    const expenses = defaultReference.focusAreas.flatMap((area) =>
      defaultReference.categories.map((category) =>
        expenseLine({}, { focusArea: area.id, category: category.id, activity: "Sekretariat" }),
      ),
    );
    expect(
      validatePlan(withBudget(plan, { ...plan.budget, expenses: [...plan.budget.expenses, ...expenses] })),
    ).toEqual([]);
  });
});

describe("budget.duplicate-line", () => {
  const planWithLines = (...lines: PlanInput["budget"]["expenses"]) => {
    const plan = testPlan();
    return withBudget(plan, { ...plan.budget, expenses: [...plan.budget.expenses, ...lines] });
  };

  it("fires on the later of two lines with the same focus area, category and activity", () => {
    const findings = validatePlan(
      planWithLines(expenseLine({}, { activity: "Beboerkurser" }), expenseLine({}, { activity: "Lektiecafé" })),
    );
    expect(findings).toMatchObject([
      { ruleId: "budget.duplicate-line", severity: "error", path: ["budget", "expenses", 2] },
    ]);
    expect(findings[0]?.message).toContain('Udgiftslinje 3 ("Lektiecafé") gentager udgiftslinje 1');
  });

  it("compares the activity trimmed, case-insensitively and in one Unicode form", () => {
    expect(ruleIdsOf(validatePlan(planWithLines(expenseLine({}, { activity: " lektiecafé " }))))).toEqual([
      "budget.duplicate-line",
    ]);
    expect(ruleIdsOf(validatePlan(planWithLines(expenseLine({}, { activity: "LEKTIECAFE\u0301" }))))).toEqual([
      "budget.duplicate-line",
    ]);
  });

  it("is silent when the focus area, the category or the activity differs", () => {
    const lines = [
      expenseLine({}, { focusArea: "sundhed" }),
      expenseLine({}, { category: "loen" }),
      expenseLine({}, { activity: "Lektiecafé 2" }),
    ];
    expect(validatePlan(planWithLines(...lines))).toEqual([]);
  });
});

describe("budget.duplicate-source", () => {
  it("fires on the later of two rows with the same source", () => {
    const plan = testPlan();
    const rows = [...plan.budget.financing, { source: "lbf" as const, amountsOre: {} }];
    const findings = validatePlan(withBudget(plan, { ...plan.budget, financing: rows }));
    expect(findings).toEqual([
      {
        ruleId: "budget.duplicate-source",
        severity: "error",
        message: "Finansieringsrække 3 (Landsbyggefonden) gentager kilden fra række 1; saml kildens beløb i én række.",
        path: ["budget", "financing", 2],
      },
    ]);
  });
});

describe("budget.unbalanced", () => {
  it("is silent when each year's financing equals its expenses", () => {
    expect(
      findingsOf(
        "budget.unbalanced",
        budgetPlan({ "2014": 300, "2015": 0 }, { lbf: { "2014": 100, "2015": 0 }, andre: { "2014": 200 } }),
      ),
    ).toEqual([]);
  });

  it("fires per year at ['budget','financing',year], one øre out being enough", () => {
    const plan = budgetPlan(
      { "2014": 100_000, "2015": 100_000, "2016": 100_000 },
      { lbf: { "2014": 100_000, "2015": 99_999, "2016": 100_001 } },
    );
    expect(validatePlan(plan)).toEqual([
      {
        ruleId: "budget.unbalanced",
        severity: "error",
        message:
          "I 2015 er finansieringen 999,99 kr., men udgifterne er 1.000,00 kr.; øg finansieringen med 0,01 kr. eller sænk udgifterne tilsvarende, så budgettet balancerer.",
        path: ["budget", "financing", "2015"],
      },
      {
        ruleId: "budget.unbalanced",
        severity: "error",
        message:
          "I 2016 er finansieringen 1.000,01 kr., men udgifterne er 1.000,00 kr.; sænk finansieringen med 0,01 kr. eller øg udgifterne tilsvarende, så budgettet balancerer.",
        path: ["budget", "financing", "2016"],
      },
    ]);
  });

  it("checks a year outside the period too", () => {
    const findings = validatePlan(budgetPlan({ "2014": 100, "2018": 5 }, { lbf: { "2014": 100 } }));
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["budget.year-outside-period", ["budget", "expenses", 0, "amountsOre", "2018"]],
      ["budget.unbalanced", ["budget", "financing", "2018"]],
    ]);
  });

  it("reads a year missing from a row as 0", () => {
    expect(
      findingsOf("budget.unbalanced", budgetPlan({ "2014": 5 }, { lbf: { "2015": 0 } })).map((f) => f.path),
    ).toEqual([["budget", "financing", "2014"]]);
  });

  it("adds exactly beyond Number.MAX_SAFE_INTEGER", () => {
    const big = (financingExtra: number) =>
      withBudget(testPlan({ vulnerableArea: false, poolId: null, districtId: null }), {
        expenses: [expenseLine({ "2014": MAX }), expenseLine({ "2014": MAX }, { activity: "Sekretariat" })],
        financing: financingRows({ lbf: { "2014": MAX }, andre: { "2014": MAX - financingExtra } }),
      });
    expect(validatePlan(big(0))).toEqual([]);
    const findings = validatePlan(big(1));
    expect(findings).toMatchObject([{ ruleId: "budget.unbalanced", path: ["budget", "financing", "2014"] }]);
    expect(findings[0]?.message).toContain(
      "finansieringen 180.143.985.094.819,81 kr., men udgifterne er 180.143.985.094.819,82 kr.",
    );
  });
});

describe("kommune.cap", () => {
  const frameOre = 1_000_000_000;

  it("passes at exactly 12.5 % of the frame", () => {
    expect(validatePlan(testPlan({ frameOre, kommunePuljeOre: 125_000_000 }))).toEqual([]);
  });

  it("fails at one øre more, counting other municipal money too", () => {
    const plan = testPlan({ frameOre, kommunePuljeOre: 125_000_000 });
    const financing = [
      ...plan.budget.financing.map((row) =>
        row.source === "lbf" ? { ...row, amountsOre: { ...row.amountsOre, "2016": 218_749_999 } } : row,
      ),
      { source: "kommuneOevrig" as const, amountsOre: { "2016": 1 } },
    ];
    expect(validatePlan(withBudget(plan, { ...plan.budget, financing }))).toEqual([
      {
        ruleId: "kommune.cap",
        severity: "error",
        message:
          "Kommunens andel er 12,51 % af rammen (1.250.000,01 kr. af 10.000.000,00 kr.); højst 12,5 % = 1.250.000,00 kr. er tilladt.",
        path: ["budget", "financing", "kommune"],
      },
    ]);
  });

  it("says the share, both figures and the allowed maximum, as RULES.md shows", () => {
    expect(findingsOf("kommune.cap", testPlan({ frameOre, kommunePuljeOre: 132_000_000 }))[0]?.message).toBe(
      "Kommunens andel er 13,20 % af rammen (1.320.000,00 kr. af 10.000.000,00 kr.); højst 12,5 % = 1.250.000,00 kr. er tilladt.",
    );
  });

  it("fires when there is municipal money but no frame", () => {
    const plan = budgetPlan({}, { kommunePulje: { "2014": 0 }, kommuneOevrig: {} });
    expect(findingsOf("kommune.cap", plan)).toEqual([]);
    const findings = findingsOf("kommune.cap", budgetPlan({ "2014": 0 }, { kommuneOevrig: { "2014": 100 } }));
    expect(findings[0]?.message).toContain("rammen (udgifterne i perioden) er 0,00 kr.");
  });

  it("measures all the budget's money when the period is reversed", () => {
    const plan = { ...testPlan({ frameOre, kommunePuljeOre: 132_000_000 }), periodStart: 2017, periodEnd: 2014 };
    expect(ruleIdsOf(validatePlan(plan))).toEqual(["kommune.cap", "plan.period"]);
  });

  it("reads the cap from the rule profile", () => {
    const plan = testPlan({ frameOre, kommunePuljeOre: 132_000_000 });
    expect(findingsOf("kommune.cap", plan, { reference: referenceWith({ municipalCapBasisPoints: 1_320 }) })).toEqual(
      [],
    );
    expect(
      findingsOf("kommune.cap", plan, { reference: referenceWith({ municipalCapBasisPoints: 1_319 }) }),
    ).toHaveLength(1);
  });
});

describe("kommune.cooperation-required", () => {
  it("fires when there is municipal money without cooperation", () => {
    expect(validatePlan(testPlan({ cooperation: false, kommunePuljeOre: 4 }))).toEqual([
      {
        ruleId: "kommune.cooperation-required",
        severity: "error",
        message:
          "Planen har kommunal medfinansiering (0,04 kr.), men er ikke lavet i samarbejde med kommunen; angiv samarbejdet, eller fjern kommunens midler.",
        path: ["cooperation"],
      },
    ]);
  });

  it("is silent without municipal money", () => {
    expect(validatePlan(testPlan({ cooperation: false, kommunePuljeOre: 0 }))).toEqual([]);
  });
});

describe("lbf.local-cofinancing", () => {
  const reference = referenceWith({ minLocalCofinancingBasisPoints: 2_500 });
  const planWithLocal = (boligorganisationOre: number) =>
    budgetPlan(
      { "2014": 1_000_000 },
      {
        lbf: { "2014": 1_000_000 - 100_000 - boligorganisationOre },
        kommunePulje: { "2014": 100_000 },
        boligorganisation: { "2014": boligorganisationOre },
      },
      { periodEnd: 2017 },
    );

  it("is silent at exactly the minimum share", () => {
    expect(validatePlan(planWithLocal(150_000), { reference })).toEqual([]);
  });

  it("warns one øre below it, naming the share and the amount required", () => {
    expect(validatePlan(planWithLocal(149_999), { reference })).toEqual([
      {
        ruleId: "lbf.local-cofinancing",
        severity: "warning",
        message:
          "Den lokale medfinansiering (kommunen og boligorganisationen) er 24,99 % af rammen (2.499,99 kr. af 10.000,00 kr.); mindst 25 % = 2.500,00 kr. kræves.",
        path: ["budget", "financing", "lokal"],
      },
    ]);
  });

  it("is off in the Budget 2012 profile", () => {
    expect(validatePlan(planWithLocal(0))).toEqual([]);
  });
});

describe("pool.not-eligible and pool.missing", () => {
  it("refuses pool money outside an udsat boligområde", () => {
    expect(validatePlan(testPlan({ vulnerableArea: false, kommunePuljeOre: 4 }))).toMatchObject([
      { ruleId: "pool.not-eligible", severity: "error", path: ["vulnerableArea"] },
    ]);
    expect(validatePlan(testPlan({ vulnerableArea: false, kommunePuljeOre: 0 }))).toEqual([]);
  });

  it("requires a pool for pool money", () => {
    const findings = validatePlan(testPlan({ poolId: null, kommunePuljeOre: 4 }));
    expect(findings).toMatchObject([{ ruleId: "pool.missing", severity: "error", path: ["poolId"] }]);
    expect(findings[0]?.message).toContain("0,04 kr. fra puljen");
    expect(validatePlan(testPlan({ poolId: null, kommunePuljeOre: 0 }))).toEqual([]);
  });
});

describe("pool.capacity", () => {
  const plan = testPlan({ kommunePuljeOre: 100_000_000 });

  it("is silent when the pool's room is exactly the plan's pool money", () => {
    expect(validatePlan(plan, { poolAvailableOre: 100_000_000 })).toEqual([]);
  });

  it("warns when the room is one øre less", () => {
    expect(validatePlan(plan, { poolAvailableOre: 99_999_999 })).toEqual([
      {
        ruleId: "pool.capacity",
        severity: "warning",
        message:
          "Planen søger 1.000.000,00 kr. fra puljen, men puljen har kun 999.999,99 kr. ledigt; sænk puljebeløbet med 0,01 kr., eller find andre midler.",
        path: ["budget", "financing", "kommunePulje"],
      },
    ]);
  });

  it("is not checked without a room", () => {
    expect(validatePlan(plan)).toEqual([]);
  });
});

describe("the context", () => {
  it("turns an invalid reference into findings", () => {
    const findings = validatePlan(testPlan(), {
      reference: { ...defaultReference, ruleProfile: { municipalCapBasisPoints: -1 } } as unknown as Reference,
    });
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.ruleId === "input.shape" && f.path.length === 0)).toBe(true);
    expect(findings[0]?.message).toMatch(/^Referencedataene er ugyldige \(ruleProfile\./);
  });

  it("turns a room that is not whole øre into a finding", () => {
    expect(validatePlan(testPlan(), { poolAvailableOre: 1.5 })).toMatchObject([{ ruleId: "input.shape", path: [] }]);
  });

  it("reports the plan's shape and the reference's together", () => {
    const findings = validatePlan({}, { reference: null as unknown as Reference, poolAvailableOre: Number.NaN });
    expect(findings.some((f) => f.message.includes("poolAvailableOre"))).toBe(true);
    expect(findings.some((f) => f.path[0] === "name")).toBe(true);
  });
});

describe("never throws", () => {
  it("on a cyclic object", () => {
    const cyclic: Record<string, unknown> = { ...testPlan() };
    cyclic.budget = cyclic;
    expect(ruleIdsOf(validatePlan(cyclic)).every((id) => id === "input.shape")).toBe(true);
  });

  it("on a throwing getter, answering input.shape at []", () => {
    const plan = testPlan();
    Object.defineProperty(plan, "name", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(validatePlan(plan)).toMatchObject([{ ruleId: "input.shape", path: [], severity: "error" }]);
  });

  it("on a proxy that refuses everything", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no");
        },
        ownKeys() {
          throw new Error("no");
        },
        getPrototypeOf() {
          throw new Error("no");
        },
      },
    );
    expect(validatePlan(hostile)).toMatchObject([{ ruleId: "input.shape", path: [] }]);
    const context = validatePlan(testPlan(), hostile);
    expect(context).toMatchObject([{ ruleId: "input.shape", path: [] }]);
    expect(context[0]?.message).toMatch(/^Konteksten kunne ikke læses/);
    const reference = validatePlan(testPlan(), { reference: hostile as Reference });
    expect(reference).toMatchObject([{ ruleId: "input.shape", path: [] }]);
    expect(reference[0]?.message).toMatch(/^Referencedataene kunne ikke læses/);
  });

  it("on deep junk", () => {
    let deep: unknown = testPlan();
    for (let depth = 0; depth < 10_000; depth++) deep = { budget: deep };
    expect(validatePlan(deep).length).toBeGreaterThan(0);
  });
});

describe("findings order", () => {
  it("lists errors first, then warnings, each by path", () => {
    const plan = testPlan({ periodEnd: 2018, districtId: "x", cooperation: false });
    const findings = validatePlan(plan, { poolAvailableOre: 0 });
    expect(findings.map((f) => [f.severity, f.ruleId])).toEqual([
      ["error", "kommune.cooperation-required"],
      ["error", "plan.district-unknown"],
      ["warning", "pool.capacity"],
      ["warning", "plan.duration"],
    ]);
  });
});
