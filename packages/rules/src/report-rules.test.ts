import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expenseLine } from "./fixtures/plans";
import { approvedPlan, lektiecafe, report, sundhed } from "./fixtures/reports";
import { ruleIds, ruleSeverities } from "./findings";
import { validateReport } from "./report-rules";
import { Finding, type AnnualReport, type ApprovedPlan } from "./schemas";

const findingsOf = (ruleId: string, ...args: Parameters<typeof validateReport>) =>
  validateReport(...args).filter((f) => f.ruleId === ruleId);

describe("a report that keeps to the approved plan", () => {
  it("has no findings", () => {
    expect(validateReport(report(), approvedPlan())).toEqual([]);
  });

  it("has no findings for every year of the period, with the earlier years' reports", () => {
    const years = [2014, 2015, 2016, 2017];
    const reports = years.map((year) => report({ year }));
    reports.forEach((each, at) => expect(validateReport(each, approvedPlan(), reports.slice(0, at))).toEqual([]));
  });

  it("has the report rules in the catalogue with RULES.md's severities", () => {
    expect(ruleSeverities[ruleIds.reportYearOutsidePeriod]).toBe("error");
    for (const id of [
      ruleIds.reportLineUnknown,
      ruleIds.reportLineOverspent,
      ruleIds.reportYearOverspent,
      ruleIds.reportKommuneShare,
      ruleIds.reportGoalStatusMissing,
    ]) {
      expect(ruleSeverities[id], id).toBe("warning");
    }
  });
});

describe("input.shape", () => {
  it.each([null, undefined, "report", 42, Number.NaN, [], true])("refuses %j at the root", (input) => {
    const findings = validateReport(input, approvedPlan());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: "input.shape", severity: "error", path: [] });
    expect(findings[0]?.message).toMatch(/Ugyldigt input: forventede objekt/);
  });

  it("reports text in an amount, a negative or fractional amount, an unknown status and an unknown key at their paths", () => {
    const bad = {
      ...report(),
      spending: [{ ...lektiecafe(0), actualOre: "1.000,00" }, sundhed(-1), sundhed(0.5)],
      financingReceived: [{ source: "kommunen", actualOre: 5 }],
      goals: [{ goalId: "m1", status: "næsten", comment: "" }],
      extra: 1,
    };
    const findings = validateReport(bad, approvedPlan());
    expect(findings.every((f) => f.ruleId === "input.shape" && f.severity === "error")).toBe(true);
    expect(findings.map((f) => f.path)).toEqual([
      [],
      ["financingReceived", 0, "source"],
      ["goals", 0, "status"],
      ["spending", 0, "actualOre"],
      ["spending", 1, "actualOre"],
      ["spending", 2, "actualOre"],
    ]);
    expect(findings[0]?.message).toBe('Ukendt nøgle: "extra".');
    expect(findings[4]?.message).toBe("Beløbet må ikke være negativt.");
  });

  it("reports a malformed approved plan or earlier report at [] naming the field, and runs no other rule", () => {
    const broken = approvedPlan() as unknown as { plan: { periodEnd: unknown } };
    broken.plan.periodEnd = "2017";
    const findings = validateReport(report({ year: 2030 }), broken as unknown as ApprovedPlan);
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["input.shape", []]]);
    expect(findings[0]?.message).toMatch(/^Den godkendte plan er ugyldig \(plan\.periodEnd\): /);
    const earlier = validateReport(report(), approvedPlan(), [{ year: 2014 }] as unknown as AnnualReport[]);
    expect(earlier.length).toBeGreaterThan(0);
    expect(earlier.every((f) => f.ruleId === "input.shape" && f.path.length === 0)).toBe(true);
    expect(earlier[0]?.message).toMatch(/^De tidligere redegørelser er ugyldige \(0\.spending\): /);
  });

  it("gives both the report's and the arguments' shape findings", () => {
    const findings = validateReport({}, null as unknown as ApprovedPlan, "x" as unknown as AnnualReport[]);
    expect(findings.filter((f) => f.path.length === 0).map((f) => f.message.slice(0, 20))).toEqual(
      expect.arrayContaining(["Den godkendte plan e", "De tidligere redegør"]),
    );
    expect(findings.some((f) => f.path[0] === "year")).toBe(true);
  });

  it("reports a report that cannot be read (a throwing getter) as one finding", () => {
    const hostile = Object.defineProperty({}, "year", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    const findings = validateReport(hostile, approvedPlan());
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([["input.shape", []]]);
    expect(findings[0]?.message).toMatch(/^Redegørelsen kunne ikke læses/);
  });
});

describe("report.year-outside-period", () => {
  it.each([
    [2013, true],
    [2014, false],
    [2017, false],
    [2018, true],
  ])("fires for %i: %s", (year, fires) => {
    const findings = findingsOf("report.year-outside-period", report({ year }), approvedPlan());
    expect(findings).toHaveLength(fires ? 1 : 0);
    if (fires) {
      expect(findings[0]).toEqual({
        ruleId: "report.year-outside-period",
        severity: "error",
        message: `Redegørelsen gælder ${year}, men planens periode er 2014–2017; en redegørelse gælder et år i perioden, 2014–2017.`,
        path: ["year"],
      });
    }
  });

  it("leaves the overspending rules out for a year with nothing approved, but not the others", () => {
    const findings = validateReport(
      report({ year: 2018, spending: [lektiecafe(1), { ...sundhed(5), activity: "Ny" }], goals: [] }),
      approvedPlan(),
    );
    expect(findings.map((f) => f.ruleId)).toEqual([
      "report.year-outside-period",
      "report.goal-status-missing",
      "report.goal-status-missing",
      "report.line-unknown",
    ]);
  });
});

describe("report.line-overspent", () => {
  it("is silent at exactly the approved amount and warns at one øre more", () => {
    expect(findingsOf("report.line-overspent", report(), approvedPlan())).toEqual([]);
    const over = report({ spending: [lektiecafe(200_000_000), sundhed(50_000_001)] });
    expect(findingsOf("report.line-overspent", over, approvedPlan())).toEqual([
      {
        ruleId: "report.line-overspent",
        severity: "warning",
        message:
          'Forbrugslinje 2 (Sundhed / Løn / "Sundhedsformidler"): forbruget i 2015 er 500.000,01 kr., men det godkendte beløb er 500.000,00 kr. ' +
          "(0,01 kr. mere); ret forbruget, hvis det er forkert, og forklar ellers merforbruget i redegørelsen.",
        path: ["spending", 1, "actualOre"],
      },
    ]);
  });

  it("matches lines as the duplicate-line rule does: activity trimmed, NFC, lower case", () => {
    const spelled = report({ spending: [{ ...lektiecafe(200_000_001), activity: " LEKTIECAFE\u0301 " }, sundhed(0)] });
    expect(findingsOf("report.line-unknown", spelled, approvedPlan())).toEqual([]);
    expect(findingsOf("report.line-overspent", spelled, approvedPlan()).map((f) => f.path)).toEqual([
      ["spending", 0, "actualOre"],
    ]);
  });

  it("sums a line reported twice and warns at the later one", () => {
    const twice = report({ spending: [lektiecafe(100_000_000), sundhed(0), lektiecafe(100_000_001)] });
    const findings = findingsOf("report.line-overspent", twice, approvedPlan());
    expect(findings.map((f) => f.path)).toEqual([["spending", 2, "actualOre"]]);
    expect(findings[0]?.message).toMatch(/^Forbrugslinje 1 og 3 .*er tilsammen 2\.000\.000,01 kr\./);
    expect(
      findingsOf(
        "report.line-overspent",
        report({ spending: [lektiecafe(100_000_000), lektiecafe(100_000_000)] }),
        approvedPlan(),
      ),
    ).toEqual([]);
  });

  it("compares with the approved amount of the report's own year", () => {
    const approved = approvedPlan();
    const line = approved.plan.budget.expenses[1];
    if (line) line.amountsOre = { "2014": 0, "2015": 80_000_000, "2016": 50_000_000 };
    expect(findingsOf("report.line-overspent", report({ spending: [sundhed(80_000_000)] }), approved)).toEqual([]);
    expect(
      findingsOf("report.line-overspent", report({ year: 2016, spending: [sundhed(80_000_000)] }), approved),
    ).toHaveLength(1);
    // A year the line has no amount for reads as 0.
    expect(findingsOf("report.line-overspent", report({ year: 2017, spending: [sundhed(1)] }), approved)).toHaveLength(
      1,
    );
  });
});

describe("report.year-overspent", () => {
  it("is silent at exactly the year's approved total and warns at one øre more, even when every line is within", () => {
    const atTotal = report({
      spending: [lektiecafe(190_000_000), sundhed(50_000_000), { ...sundhed(10_000_000), activity: "Ny" }],
    });
    expect(findingsOf("report.year-overspent", atTotal, approvedPlan())).toEqual([]);
    const over = report({
      spending: [lektiecafe(190_000_000), sundhed(50_000_000), { ...sundhed(10_000_001), activity: "Ny" }],
    });
    expect(findingsOf("report.year-overspent", over, approvedPlan())).toEqual([
      {
        ruleId: "report.year-overspent",
        severity: "warning",
        message:
          "Det samlede forbrug i 2015 er 2.500.000,01 kr., men årets godkendte budget er 2.500.000,00 kr. (0,01 kr. mere); " +
          "ret forbruget, hvis det er forkert, og forklar ellers merforbruget i redegørelsen.",
        path: ["spending"],
      },
    ]);
    expect(findingsOf("report.line-overspent", over, approvedPlan())).toEqual([]);
  });

  it("adds up beyond Number.MAX_SAFE_INTEGER exactly", () => {
    const MAX = Number.MAX_SAFE_INTEGER;
    const approved = approvedPlan();
    approved.plan.budget.expenses = [
      expenseLine({ "2015": MAX }),
      expenseLine({ "2015": MAX }, { focusArea: "sundhed", category: "loen", activity: "Sundhedsformidler" }),
    ];
    const exactly = report({ spending: [lektiecafe(MAX), sundhed(MAX)] });
    expect(findingsOf("report.year-overspent", exactly, approved)).toEqual([]);
    const more = report({ spending: [lektiecafe(MAX), sundhed(MAX), { ...sundhed(1), activity: "Ny" }] });
    expect(findingsOf("report.year-overspent", more, approved)[0]?.message).toMatch(/180\.143\.985\.094\.819,83 kr\./);
  });
});

describe("report.line-unknown", () => {
  it("warns for money on a line the approved budget does not have, at the line", () => {
    const unknown = [
      { ...lektiecafe(1), category: "loen" },
      { ...lektiecafe(1), focusArea: "sundhed" },
      { ...lektiecafe(1), activity: "Lektiecafé 2" },
    ];
    const findings = findingsOf(
      "report.line-unknown",
      report({ spending: [lektiecafe(0), ...unknown] }),
      approvedPlan(),
    );
    expect(findings.map((f) => f.path)).toEqual([
      ["spending", 1],
      ["spending", 2],
      ["spending", 3],
    ]);
    expect(findings[0]).toEqual({
      ruleId: "report.line-unknown",
      severity: "warning",
      message:
        'Forbrugslinje 2 (Børn, unge og familie / Løn / "Lektiecafé"): 0,01 kr. er brugt på en linje, som det godkendte budget ikke har; ' +
        "før beløbet på den godkendte linje, det hører til, eller ret indsatsområde, kategori og aktivitet, så de svarer til budgettets linje.",
      path: ["spending", 1],
    });
  });

  it("is silent for an unknown line with nothing spent", () => {
    expect(
      findingsOf("report.line-unknown", report({ spending: [{ ...lektiecafe(0), activity: "Ny" }] }), approvedPlan()),
    ).toEqual([]);
  });
});

describe("report.kommune-share", () => {
  const received = (year: number, kommunePulje: number, kommuneOevrig = 0): AnnualReport =>
    report({
      year,
      financingReceived: [
        { source: "lbf", actualOre: 999_999_999 },
        { source: "kommunePulje", actualOre: kommunePulje },
        { source: "kommuneOevrig", actualOre: kommuneOevrig },
      ],
    });

  it("is silent when this and the earlier reports are exactly at the approved municipal co-financing, warns at one øre more", () => {
    const earlier = [received(2014, 25_000_000), received(2015, 25_000_000), received(2016, 24_000_000)];
    expect(findingsOf("report.kommune-share", received(2017, 25_000_000, 1_000_000), approvedPlan(), earlier)).toEqual(
      [],
    );
    expect(findingsOf("report.kommune-share", received(2017, 25_000_000, 1_000_001), approvedPlan(), earlier)).toEqual([
      {
        ruleId: "report.kommune-share",
        severity: "warning",
        message:
          "Kommunens midler modtaget indtil nu (i 2014, 2015, 2016 og 2017) er 1.000.000,01 kr., men den godkendte kommunale medfinansiering er 1.000.000,00 kr. " +
          "(0,01 kr. mere); ret beløbet, hvis det er forkert, og aftal ellers det for meget modtagne med kommunen.",
        path: ["financingReceived"],
      },
    ]);
  });

  it("counts this report alone without earlier reports", () => {
    expect(findingsOf("report.kommune-share", received(2014, 100_000_000), approvedPlan())).toEqual([]);
    expect(findingsOf("report.kommune-share", received(2014, 100_000_001), approvedPlan())[0]?.message).toMatch(
      /\(i 2014\)/,
    );
  });

  it("lets this report replace an earlier one of its own year, and counts the last of several for one year", () => {
    const old = received(2015, 90_000_000);
    expect(findingsOf("report.kommune-share", received(2015, 100_000_000), approvedPlan(), [old])).toEqual([]);
    const twice = [received(2014, 90_000_000), received(2014, 0)];
    expect(findingsOf("report.kommune-share", received(2015, 100_000_000), approvedPlan(), twice)).toEqual([]);
  });

  it("measures against the period's kommunePulje and kommuneOevrig only", () => {
    const approved = approvedPlan();
    approved.plan.budget.financing.push({ source: "kommuneOevrig", amountsOre: { "2014": 10, "2013": 1_000 } });
    expect(findingsOf("report.kommune-share", received(2014, 100_000_010), approved)).toEqual([]);
    expect(findingsOf("report.kommune-share", received(2014, 100_000_011), approved)).toHaveLength(1);
  });
});

describe("report.goal-status-missing", () => {
  it("warns for each approved goal without a status, at ['goals']", () => {
    const findings = findingsOf("report.goal-status-missing", report({ goals: [] }), approvedPlan());
    expect(findings).toEqual([
      {
        ruleId: "report.goal-status-missing",
        severity: "warning",
        message:
          'Målet "Flere unge i uddannelse" (m1) har ingen status i redegørelsen for 2015; angiv, om det er opfyldt, delvist opfyldt eller ikke opfyldt.',
        path: ["goals"],
      },
      {
        ruleId: "report.goal-status-missing",
        severity: "warning",
        message:
          'Målet "Bedre sundhed" (m2) har ingen status i redegørelsen for 2015; angiv, om det er opfyldt, delvist opfyldt eller ikke opfyldt.',
        path: ["goals"],
      },
    ]);
    const one = report({ goals: [{ goalId: "m2", status: "ikke_opfyldt", comment: "" }] });
    const remaining = findingsOf("report.goal-status-missing", one, approvedPlan());
    expect(remaining).toHaveLength(1);
    expect(remaining[0]?.message).toContain("(m1)");
  });

  it("shortens a long goal in the message", () => {
    const approved = approvedPlan();
    approved.goals = [{ id: "lang", focusArea: "sundhed", goal: "x".repeat(500), successCriteria: [] }];
    const [missing] = findingsOf("report.goal-status-missing", report({ goals: [] }), approved);
    expect(missing?.message).toContain(`"${"x".repeat(79)}…" (lang)`);
  });
});

describe("the findings", () => {
  it("are sorted: the error first, then the warnings by path", () => {
    const findings = validateReport(
      report({
        year: 2018,
        spending: [{ ...lektiecafe(5), activity: "Ny" }],
        financingReceived: [{ source: "kommunePulje", actualOre: 100_000_001 }],
        goals: [],
      }),
      approvedPlan(),
    );
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([
      ["report.year-outside-period", ["year"]],
      ["report.kommune-share", ["financingReceived"]],
      ["report.goal-status-missing", ["goals"]],
      ["report.goal-status-missing", ["goals"]],
      ["report.line-unknown", ["spending", 0]],
    ]);
  });
});

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withSparseArray: true,
  withTypedArray: true,
  maxDepth: 4,
});

const allValidFindings = (findings: unknown) =>
  Array.isArray(findings) && findings.every((f) => Finding.safeParse(f).success);

const spendingLine = fc.record({
  focusArea: fc.constantFrom("boern-unge", "sundhed", "beskaeftigelse"),
  category: fc.constantFrom("aktiviteter", "loen"),
  activity: fc.constantFrom("Lektiecafé", "Sundhedsformidler", " lektiecafé", "Ny"),
  actualOre: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER), fc.integer({ min: 0, max: 300_000_000 })),
});
const generatedReport = fc.record({
  year: fc.integer({ min: 2010, max: 2020 }),
  spending: fc.array(spendingLine, { maxLength: 8 }),
  financingReceived: fc.array(
    fc.record({
      source: fc.constantFrom("lbf", "kommunePulje", "kommuneOevrig", "boligorganisation", "andre"),
      actualOre: fc.nat(),
    }),
    { maxLength: 5 },
  ),
  goals: fc.array(
    fc.record({
      goalId: fc.constantFrom("m1", "m2", "m3"),
      status: fc.constantFrom("opfyldt", "delvist", "ikke_opfyldt"),
      comment: fc.string(),
    }),
    { maxLength: 3 },
  ),
});

describe("validateReport never throws", () => {
  it("on anything as the report, answering valid Finding objects", () => {
    fc.assert(
      fc.property(anything, (input) => allValidFindings(validateReport(input, approvedPlan()))),
      { numRuns: 1_000 },
    );
  });

  it("on anything as the approved plan or the earlier reports", () => {
    fc.assert(
      fc.property(anything, anything, (approved, earlier) =>
        allValidFindings(validateReport(report(), approved as ApprovedPlan, earlier as AnnualReport[])),
      ),
      { numRuns: 500 },
    );
  });

  it("on generated reports: only report rules with their catalogue severities, each path inside the report", () => {
    const reportRules = new Set<string>([
      ruleIds.reportYearOutsidePeriod,
      ruleIds.reportLineUnknown,
      ruleIds.reportLineOverspent,
      ruleIds.reportYearOverspent,
      ruleIds.reportKommuneShare,
      ruleIds.reportGoalStatusMissing,
    ]);
    fc.assert(
      fc.property(generatedReport, fc.array(generatedReport, { maxLength: 4 }), (generated, earlier) => {
        const findings = validateReport(generated, approvedPlan(), earlier);
        expect(allValidFindings(findings)).toBe(true);
        for (const f of findings) {
          expect(reportRules.has(f.ruleId)).toBe(true);
          expect(f.severity).toBe(ruleSeverities[f.ruleId as keyof typeof ruleSeverities]);
          if (f.path[0] === "spending" && typeof f.path[1] === "number") {
            expect(f.path[1]).toBeLessThan(generated.spending.length);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("scaling every approved amount up by one øre per line never adds an overspending warning", () => {
    fc.assert(
      fc.property(generatedReport, (generated) => {
        const approved = approvedPlan();
        const more = approvedPlan();
        for (const line of more.plan.budget.expenses) {
          for (const year of Object.keys(line.amountsOre)) line.amountsOre[year] = (line.amountsOre[year] ?? 0) + 1;
        }
        const overspent = (plan: ApprovedPlan) =>
          validateReport(generated, plan).filter((f) => f.ruleId.endsWith("overspent")).length;
        expect(overspent(more)).toBeLessThanOrEqual(overspent(approved));
      }),
      { numRuns: 200 },
    );
  });
});
