// `pushReport`: the workbook's `Regnskab` sheet — one year's report (årlig redegørelse) — to the
// service, for the plan whose Plan-ID the workbook's Stamdata holds. Read and checked against the
// plan's approved version as the service will judge it, then sent with `If-Match` on the report's
// own version. The workbook keeps that version in a cell of its own (`reportVersionCell`: the label
// `Regnskab!C1` and the number `Regnskab!D1`, above the year's column), stamped after every push, as
// the plan's Version is. Every expected outcome is a result value with a Danish sentence.
import { EntityId, statusName, type Client, type PlanDetail, type ReportDetail } from "@helhedsplan/api";
import {
  expenseLineKey,
  formatKroner,
  type AnnualReport,
  type ApprovedPlan,
  type Finding,
  type Reference,
} from "@helhedsplan/rules";
import {
  cellOf,
  checkReportWorkbook,
  goalStatusLabels,
  gridToPlan,
  layout,
  reportCellOf,
  unreadableFinding,
  type CellValue,
  type Grids,
  type ReportCellMap,
  type WorkbookFinding,
} from "@helhedsplan/workbook";
import { planInputOf } from "./plan-input";
import type { RetryToken } from "./push";
import { failureOf, type CallFailure, type CallWhat, type RefusalReason } from "./service-answer";
import type { CellWrite } from "./write-back";

/** Where a workbook keeps the version of its year's report on the service: the label and the number, on the `Regnskab` sheet. */
export const reportVersionCell = {
  sheet: layout.sheets.accounts,
  /** The label's cell. */
  labelAddress: "C1",
  label: "Version på tjenesten",
  /** The number's cell: empty until the report's first push. */
  address: "D1",
} as const;

/** Options of `pushReport`. Example: `{ reportVersion: 2 }`, `{ retry: earlier.retry, reportVersion: 2 }`. */
export interface ReportPushOptions {
  /** From an earlier `unavailable` answer: its Idempotency-Key is sent again with the same report, so nothing counts twice. */
  retry?: RetryToken | null;
  /** The reference data, when the front end has it (fetched otherwise). */
  reference?: Reference;
  /** New Idempotency-Keys (default `crypto.randomUUID`). */
  newKey?: () => string;
  /**
   * The value of the workbook's report version cell (`reportVersionCell`, `Regnskab!D1`) as read: a whole number, or
   * empty / absent for a report never pushed from this workbook. A front end that does not keep the cell passes nothing.
   */
  reportVersion?: CellValue | null;
  /** After a `conflict`: `"mine"` saves the workbook's report over the service's. */
  resolve?: "mine";
}

/** A cell of the report that differs between the workbook and the service's newer report. */
export interface ReportConflictCell {
  /** The workbook cell (`Regnskab!D5`), or `(ikke i arbejdsbogen)` for a line only the service's report has. */
  cell: string;
  /** The cell in words: `Lektiecafé (Børn, unge og familie), forbrug 2015`. */
  what: string;
  /** The workbook's value in words. */
  mine: string;
  /** The service's value in words. */
  theirs: string;
}

/** Why a report push did not go through: the plan push's reasons (`not-draft` aside), or the plan's state. */
export type ReportRefusalReason = Exclude<RefusalReason, "not-draft"> | "not-approved" | "closed";

interface ReportResultBase {
  /** One or more Danish sentences a finance officer understands. */
  message: string;
  /** Cells to write besides the stamps (always empty: a report push never changes the report's cells). */
  writes: CellWrite[];
  /** The report version cell and its label (`reportVersionCell`), whenever the service's report version is known anew. */
  stamps: CellWrite[];
}

/** The outcome of `pushReport`. */
export type ReportPushResult = ReportResultBase &
  (
    | {
        kind: "saved";
        planId: string;
        year: number;
        /** The report's version on the service now. */
        version: number;
        /** The service's warnings at their `Regnskab` cells. */
        findings: WorkbookFinding[];
        /** Approved against actual, as the service computed it. */
        variance: ReportDetail["variance"];
        /** The service already held exactly this report: no new version was made. */
        unchanged: boolean;
      }
    | { kind: "refused"; reason: ReportRefusalReason; findings: WorkbookFinding[] }
    | {
        kind: "conflict";
        planId: string;
        year: number;
        /** The workbook's report version (null: never pushed from this workbook). */
        baseVersion: number | null;
        serverVersion: number;
        conflicts: ReportConflictCell[];
      }
    | {
        kind: "unavailable";
        /** The write that got no answer and its key, to pass back as `retry`; null when no write was under way. */
        retry: RetryToken | null;
        planId: string | null;
        year: number | null;
      }
  );

const nothingWritten = { writes: [], stamps: [] } satisfies Omit<ReportResultBase, "message">;

/** How many rounds a push tries when the report keeps changing under it (412). */
const MAX_ROUNDS = 3;

type Call<T> = { ok: true; value: T } | { ok: false; failure: CallFailure };

async function call<T>(run: () => Promise<T>, what: CallWhat): Promise<Call<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, failure: failureOf(error, what) };
  }
}

/** The stamps of the report version cell. */
export function reportVersionStamps(version: number): CellWrite[] {
  return [
    { sheet: reportVersionCell.sheet, address: reportVersionCell.labelAddress, value: reportVersionCell.label },
    { sheet: reportVersionCell.sheet, address: reportVersionCell.address, value: version },
  ];
}

/** The report version cell's value → a version (null: empty), or why it cannot be one. Example: `readReportVersion(3)`. */
export function readReportVersion(
  value: CellValue | null | undefined,
): { ok: true; version: number | null } | { ok: false; message: string } {
  if (value === null || value === undefined) return { ok: true, version: null };
  const text = typeof value === "string" ? value.trim() : value;
  if (text === "") return { ok: true, version: null };
  const number =
    typeof text === "number" ? text : typeof text === "string" && /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(number) || number < 0) {
    return {
      ok: false,
      message: `${reportVersionCell.sheet}!${reportVersionCell.address} (${reportVersionCell.label}): "${String(value)}" er ikke et versionsnummer; tøm cellen, hvis redegørelsen aldrig er sendt fra denne arbejdsbog.`,
    };
  }
  return { ok: true, version: number };
}

function failed(failure: CallFailure, planId: string | null, year: number | null): ReportPushResult {
  if (failure.kind === "unavailable") {
    return {
      kind: "unavailable",
      retry: null,
      planId,
      year,
      message: `${failure.message} Intet er sendt; dine tal står i arbejdsbogen. Send redegørelsen igen om lidt.`,
      ...nothingWritten,
    };
  }
  if (failure.kind === "stale") throw new Error("A read cannot be stale");
  return refused(failure, []);
}

function refused(failure: Extract<CallFailure, { kind: "refused" }>, findings: WorkbookFinding[]): ReportPushResult {
  const reason: ReportRefusalReason = failure.reason === "not-draft" ? "not-approved" : failure.reason;
  const message =
    failure.reason === "not-found"
      ? "Planen findes ikke, eller du har ikke adgang til den (404); tjek arbejdsbogens Plan-ID."
      : [
          failure.message,
          ...failure.fieldErrors.map((e) => `${e.path.join(".") || "(hele forespørgslen)"}: ${e.message}`),
        ].join(" ");
  return { kind: "refused", reason, findings, message, ...nothingWritten };
}

function workbookRefusal(findings: WorkbookFinding[]): ReportPushResult {
  const errors = findings.filter((finding) => finding.severity === "error").length;
  return {
    kind: "refused",
    reason: "workbook",
    findings,
    message: `Regnskabsarket har ${errors} fejl; intet er sendt. Ret fejlene, og send redegørelsen igen.`,
    ...nothingWritten,
  };
}

/** A report as the service compares reports: its four fields, lines in a stable order. */
function canonical(report: AnnualReport): string {
  const sorted = <T>(items: readonly T[]) => items.map((item) => JSON.stringify(item)).sort();
  return JSON.stringify({
    year: report.year,
    spending: sorted(
      report.spending.map((line) => ({
        focusArea: line.focusArea,
        category: line.category,
        activity: line.activity,
        actualOre: line.actualOre,
      })),
    ),
    financingReceived: sorted(
      report.financingReceived.map((row) => ({ source: row.source, actualOre: row.actualOre })),
    ),
    goals: sorted(report.goals.map((goal) => ({ goalId: goal.goalId, status: goal.status, comment: goal.comment }))),
  });
}

const reportOf = (detail: AnnualReport): AnnualReport => ({
  year: detail.year,
  spending: detail.spending,
  financingReceived: detail.financingReceived,
  goals: detail.goals,
});

/** The cells where the workbook's report and the service's differ, by identity (line key, source, goal id). */
function differences(
  mine: AnnualReport,
  theirs: AnnualReport,
  map: ReportCellMap,
  reference: Reference,
): ReportConflictCell[] {
  const nameOf = (items: readonly { id: string; name: string }[], id: string) =>
    items.find((item) => item.id === id)?.name ?? id;
  const outside = "(ikke i arbejdsbogen)";
  const conflicts: ReportConflictCell[] = [];
  const sums = (report: AnnualReport) => {
    const lines = new Map<string, { ore: number; index: number; line: AnnualReport["spending"][number] }>();
    report.spending.forEach((line, index) => {
      const key = expenseLineKey(line);
      const known = lines.get(key);
      lines.set(key, { ore: (known?.ore ?? 0) + line.actualOre, index, line });
    });
    return lines;
  };
  const mineLines = sums(mine);
  const theirLines = sums(theirs);
  for (const key of new Set([...mineLines.keys(), ...theirLines.keys()])) {
    const a = mineLines.get(key);
    const b = theirLines.get(key);
    if ((a?.ore ?? 0) === (b?.ore ?? 0)) continue;
    const line = (a ?? b)!.line;
    conflicts.push({
      cell: a === undefined ? outside : reportCellOf(["spending", a.index, "actualOre"], map),
      what: `${line.activity} (${nameOf(reference.focusAreas, line.focusArea)}), forbrug ${mine.year}`,
      mine: a === undefined ? "(ingen linje)" : formatKroner(a.ore),
      theirs: b === undefined ? "(ingen linje)" : formatKroner(b.ore),
    });
  }
  const received = (report: AnnualReport) => {
    const rows = new Map<string, { ore: number; index: number }>();
    report.financingReceived.forEach((row, index) =>
      rows.set(row.source, { ore: (rows.get(row.source)?.ore ?? 0) + row.actualOre, index }),
    );
    return rows;
  };
  const mineRows = received(mine);
  const theirRows = received(theirs);
  for (const source of new Set([...mineRows.keys(), ...theirRows.keys()])) {
    const a = mineRows.get(source);
    const b = theirRows.get(source);
    if ((a?.ore ?? 0) === (b?.ore ?? 0)) continue;
    conflicts.push({
      cell: a === undefined ? outside : reportCellOf(["financingReceived", a.index, "actualOre"], map),
      what: `${nameOf(reference.sources, source)}, modtaget ${mine.year}`,
      mine: formatKroner(a?.ore ?? 0),
      theirs: formatKroner(b?.ore ?? 0),
    });
  }
  const statusWords = (goal: AnnualReport["goals"][number] | undefined) =>
    goal === undefined
      ? "(ingen status)"
      : `${goalStatusLabels.nameOf(goal.status) ?? goal.status}${goal.comment.trim() === "" ? "" : `: ${goal.comment.trim()}`}`;
  const mineGoals = new Map(mine.goals.map((goal, index) => [goal.goalId, { goal, index }]));
  const theirGoals = new Map(theirs.goals.map((goal) => [goal.goalId, goal]));
  for (const goalId of new Set([...mineGoals.keys(), ...theirGoals.keys()])) {
    const a = mineGoals.get(goalId);
    const b = theirGoals.get(goalId);
    if (a !== undefined && b !== undefined && a.goal.status === b.status && a.goal.comment === b.comment) continue;
    conflicts.push({
      cell: a === undefined ? outside : reportCellOf(["goals", a.index, "status"], map),
      what: `Målet ${goalId}, status ${mine.year}`,
      mine: statusWords(a?.goal),
      theirs: statusWords(b),
    });
  }
  return conflicts;
}

/**
 * Sends the workbook's `Regnskab` sheet (its year's report) to the service for the plan its Stamdata names, checked
 * against the plan's approved version first, and answers what happened with the version cell to stamp.
 * Example: `const result = await pushReport(client, grids, { reportVersion: cell("Regnskab!D1") }); show(result.message)`.
 */
export async function pushReport(
  client: Client,
  grids: Grids,
  options: ReportPushOptions = {},
): Promise<ReportPushResult> {
  const referenceCall = await call(async () => options.reference ?? (await client.reference.get()), {
    what: "forespørgslen efter referencedata",
  });
  if (!referenceCall.ok) return failed(referenceCall.failure, null, null);
  const reference = referenceCall.value;

  // The plan the report belongs to: the Plan-ID of the workbook's Stamdata.
  const planRead = gridToPlan(grids, reference);
  const planId = planRead.planId;
  if (planId === null || !EntityId.safeParse(planId).success) {
    const cell = cellOf(["planId"], planRead.map);
    return workbookRefusal([
      unreadableFinding(
        ["planId"],
        cell,
        "Plan-ID",
        planId === null
          ? "Cellen er tom; en redegørelse hører til en godkendt plan på tjenesten, så arbejdsbogen skal have planens Plan-ID (hent planen fra tjenesten)."
          : `"${planId}" er ikke et plan-id fra tjenesten (et UUID).`,
      ),
    ]);
  }
  const versionRead = readReportVersion(options.reportVersion);
  if (!versionRead.ok) {
    return workbookRefusal([
      unreadableFinding(
        ["reportVersion"],
        `${reportVersionCell.sheet}!${reportVersionCell.address}`,
        reportVersionCell.label,
        versionRead.message,
      ),
    ]);
  }
  const baseVersion = versionRead.version;

  // The approved version the report is judged against.
  const planCall = await call(() => client.plans.get(planId), { what: "forespørgslen efter planen" });
  if (!planCall.ok) return failed(planCall.failure, planId, null);
  const plan: PlanDetail = planCall.value.data;
  if (plan.approvedVersion === null) {
    return {
      kind: "refused",
      reason: "not-approved",
      findings: [],
      message: `Planen "${plan.name}" er ${statusName(plan.status)} og har ingen godkendt version; der kan først redegøres for en plan, når den er godkendt. Intet er sendt.`,
      ...nothingWritten,
    };
  }
  if (plan.status === "closed") {
    return {
      kind: "refused",
      reason: "closed",
      findings: [],
      message: `Planen "${plan.name}" er afsluttet, så dens redegørelser er endelige og kan ikke ændres. Intet er sendt.`,
      ...nothingWritten,
    };
  }
  const approvedVersionNumber = plan.approvedVersion;
  const versionCall = await call(() => client.plans.version(planId, approvedVersionNumber), {
    what: "forespørgslen efter den godkendte version",
  });
  if (!versionCall.ok) return failed(versionCall.failure, planId, null);
  const approved: ApprovedPlan = { plan: planInputOf(versionCall.value, reference), goals: versionCall.value.goals };

  // The sheet's year, then the plan's other reports (they count for `report.kommune-share`).
  const first = checkReportWorkbook(grids, reference, approved);
  const yearText = Object.keys(first.read.map.spending?.yearColumns ?? {})[0];
  const year = first.read.draft?.year ?? (yearText === undefined ? null : Number(yearText));
  if (year === null || first.read.draft === null) return workbookRefusal(first.findings);
  const earlier: AnnualReport[] = [];
  for (let other = approved.plan.periodStart; other <= approved.plan.periodEnd; other++) {
    if (other === year) continue;
    const stored = await call(() => client.plans.getReport(planId, other), {
      what: `forespørgslen efter redegørelsen for ${other}`,
    });
    if (stored.ok) earlier.push(reportOf(stored.value.data));
    else if (!(stored.failure.kind === "refused" && stored.failure.reason === "not-found"))
      return failed(stored.failure, planId, year);
  }
  const checked = checkReportWorkbook(grids, reference, approved, earlier);
  const map = checked.read.map;
  if (checked.findings.some((finding) => finding.severity === "error") || checked.read.draft === null) {
    return workbookRefusal(checked.findings);
  }
  const mine = checked.read.draft;
  const body = JSON.stringify(mine);
  const newKey = options.newKey ?? (() => crypto.randomUUID());
  const retry = options.retry ?? null;
  const key = retry !== null && retry.write === "report" && retry.body === body ? retry.idempotencyKey : newKey();
  const cellIn = (path: Finding["path"]) => reportCellOf(path, map);

  for (let round = 0; round < MAX_ROUNDS; round++) {
    const current = await call(() => client.plans.getReport(planId, year), {
      what: `forespørgslen efter redegørelsen for ${year}`,
    });
    let server: { data: ReportDetail; version: number } | null = null;
    if (current.ok) server = current.value;
    else if (!(current.failure.kind === "refused" && current.failure.reason === "not-found"))
      return failed(current.failure, planId, year);
    const serverVersion = server?.version ?? 0;

    if (baseVersion !== null && baseVersion > serverVersion) {
      return {
        kind: "refused",
        reason: "version",
        findings: [
          unreadableFinding(
            ["reportVersion"],
            `${reportVersionCell.sheet}!${reportVersionCell.address}`,
            reportVersionCell.label,
            `version ${baseVersion} af redegørelsen for ${year} findes ikke på tjenesten (${server === null ? "der er ingen endnu" : `den seneste er ${serverVersion}`}); tøm cellen for at sende redegørelsen som ny.`,
          ),
        ],
        message: `Arbejdsbogens version ${baseVersion} af redegørelsen for ${year} findes ikke på tjenesten; intet er sendt.`,
        ...nothingWritten,
      };
    }
    if (server !== null && canonical(reportOf(server.data)) === canonical(mine)) {
      return {
        kind: "saved",
        planId,
        year,
        version: serverVersion,
        findings: [],
        variance: server.data.variance,
        unchanged: true,
        message: `Intet at sende: tjenesten har allerede præcis denne redegørelse for ${year} (version ${serverVersion}).`,
        writes: [],
        stamps: baseVersion === serverVersion ? [] : reportVersionStamps(serverVersion),
      };
    }
    if (server !== null && serverVersion !== baseVersion && options.resolve !== "mine") {
      const conflicts = differences(mine, reportOf(server.data), map, reference);
      const since =
        baseVersion === null
          ? `Tjenesten har allerede en redegørelse for ${year} (version ${serverVersion}), som denne arbejdsbog ikke bygger på`
          : `Redegørelsen for ${year} er ændret på tjenesten, siden arbejdsbogen fik version ${baseVersion} (nu version ${serverVersion})`;
      return {
        kind: "conflict",
        planId,
        year,
        baseVersion,
        serverVersion,
        conflicts,
        message:
          `${since}, og ${conflicts.length} ${conflicts.length === 1 ? "celle afviger" : "celler afviger"} fra arbejdsbogens. ` +
          "Se tjenestens tal, og send igen med dine tal, hvis de skal gælde; intet er gemt eller skrevet.",
        ...nothingWritten,
      };
    }
    const ifMatch = serverVersion;
    let saved: ReportDetail;
    try {
      saved = await client.plans.putReport(planId, mine, { ifMatch, idempotencyKey: key });
    } catch (error) {
      const failure = failureOf(error, { what: `redegørelsen for ${year}` });
      if (failure.kind === "stale") continue;
      if (failure.kind === "unavailable") {
        const token: RetryToken | null = failure.outcomeUnknown ? { idempotencyKey: key, write: "report", body } : null;
        return {
          kind: "unavailable",
          retry: token,
          planId,
          year,
          message: [
            failure.message,
            failure.outcomeUnknown ? `Det vides ikke, om redegørelsen for ${year} blev gemt.` : "",
            "Intet er tabt: dine tal står i arbejdsbogen. Send redegørelsen igen om lidt" +
              (token === null ? "." : "; den samme forespørgsel sendes igen, så intet tælles dobbelt."),
          ]
            .filter((part) => part !== "")
            .join(" "),
          ...nothingWritten,
        };
      }
      return refused(failure, atCells(failure.findings, cellIn));
    }
    const findings = atCells(saved.findings, cellIn);
    const warnings = findings.length;
    const yearVariance = saved.variance.year;
    return {
      kind: "saved",
      planId,
      year,
      version: saved.version,
      findings,
      variance: saved.variance,
      unchanged: false,
      message:
        `Gemte redegørelsen for ${year} som version ${saved.version}: forbrug ${formatKroner(yearVariance.actualOre)} ` +
        `mod godkendt ${formatKroner(yearVariance.approvedOre)} (afvigelse ${formatKroner(yearVariance.varianceOre)}).` +
        (warnings === 0 ? "" : ` Tjenesten gemte den med ${warnings} ${warnings === 1 ? "advarsel" : "advarsler"}.`),
      writes: [],
      stamps: reportVersionStamps(saved.version),
    };
  }
  return {
    kind: "unavailable",
    retry: null,
    planId,
    year,
    message: `Redegørelsen for ${year} blev ændret på tjenesten igen og igen, mens den blev sendt; send den igen om lidt. Intet er tabt.`,
    ...nothingWritten,
  };
}

function atCells(findings: readonly Finding[], cell: (path: Finding["path"]) => string): WorkbookFinding[] {
  return findings.map((finding) => ({ ...finding, cell: cell(finding.path) }));
}
