// `helhedsplan push plan.xlsx`: sends a workbook's plan to the sync service. Without a Plan-ID
// it creates the plan (POST) and saves its budget; with one it saves the header (PATCH) and the
// budget (PUT), each with If-Match and an Idempotency-Key. Afterwards the workbook's Plan-ID and
// Version cells hold the server's latest version, also when only the first write got through.
import type { Client, Pool, WriteResult } from "@helhedsplan/api";
import { formatKroner, type Budget, type PlanHeader, type PlanInput } from "@helhedsplan/rules";
import { cellOf, type CellMap, type WorkbookFinding } from "@helhedsplan/workbook";
import type { Command } from "commander";
import { randomUUID } from "node:crypto";
import { callService, ServiceRefusal, tooLargeMessage, requestBodyLimitBytes, type CallContext } from "../api-failure";
import { clientOf, connectionOf, withConnectionOptions, type ConnectionFlags } from "../connection";
import { CommandFailure, exitCodes } from "../exit-codes";
import { pushableWorkbook, readWorkbookFile, type WorkbookFile } from "../pushable-workbook";
import { fileHeading, findingLines } from "../report";
import { fillByHand, writeBack, type SyncState } from "../write-back";

function printFindings(file: string, findings: readonly WorkbookFinding[]) {
  if (findings.length > 0) console.log([fileHeading(file, findings), ...findingLines(findings)].join("\n"));
}

function headerOf(plan: PlanInput): PlanHeader {
  const { budget: _budget, ...header } = plan;
  return header;
}

/** The budget must fit in one request; checked before anything is sent, so a plan is never left half-written for its size. */
function refuseOversizedBudget(file: string, budget: Budget) {
  const bytes = Buffer.byteLength(JSON.stringify(budget));
  if (bytes > requestBodyLimitBytes) throw new CommandFailure(tooLargeMessage(file, bytes), exitCodes.findings);
}

function poolLine(pool: Pool, budget: Budget): string {
  const drawn = budget.financing
    .filter((row) => row.source === "kommunePulje")
    .flatMap((row) => Object.values(row.amountsOre))
    .reduce((total, amount) => total + BigInt(amount), 0n);
  return (
    `Puljen "${pool.name}" (${pool.id}): ${formatKroner(pool.availableOre)} ledige af ${formatKroner(pool.amountOre)} ` +
    `(reserveret ${formatKroner(pool.reservedOre)}, bevilget ${formatKroner(pool.committedOre)}); ` +
    `planen søger ${formatKroner(drawn)} fra puljen, som reserveres, når planen indsendes.`
  );
}

/** What the writes of one push need. */
interface Push {
  client: Client;
  baseUrl: string;
  map: CellMap;
  plan: PlanInput;
}

/** The first write: create the plan, or save its header over the version the workbook was pulled at. */
async function writeHeader(
  push: Push,
  planId: string | null,
  version: number | null,
): Promise<{ state: SyncState; created: boolean }> {
  const { client, baseUrl, map, plan } = push;
  const context: CallContext = { baseUrl, what: "planens stamdata", cellOf: (path) => cellOf(path, map) };
  const header = headerOf(plan);
  if (planId === null || version === null) {
    const created = await callService(() => client.plans.create(header, { idempotencyKey: randomUUID() }), context);
    console.log(`Oprettede planen ${created.id} "${created.name}" som kladde.`);
    return { state: { planId: created.id, version: created.version }, created: true };
  }
  const notFoundHint = `Tøm Plan-ID (${cellOf(["planId"], map)}) og Version for at oprette planen som ny.`;
  const patched = await callService(
    () => client.plans.patch(planId, header, { ifMatch: version, idempotencyKey: randomUUID() }),
    {
      ...context,
      planId,
      ifMatch: version,
      notFoundHint,
    },
  );
  console.log(`Gemte stamdata for planen ${planId} "${plan.name}" (version ${patched.version}).`);
  return { state: { planId, version: patched.version }, created: false };
}

/** What the server holds when the budget write failed after the header write got through. */
function partialState(state: SyncState, created: boolean, refusal: ServiceRefusal): string {
  const budget = refusal.outcomeUnknown
    ? "det vides ikke, om budgettet blev gemt (melder næste push, at planen er ændret, så blev det gemt; hent planen med pull)"
    : "budgettet blev ikke gemt";
  if (created) return `Planen ${state.planId} er oprettet som kladde (version ${state.version}), men ${budget}.`;
  return `Stamdata er gemt som version ${state.version}, men ${budget}; tjenesten har budgettet fra version ${state.version - 1}.`;
}

/**
 * The second write: the budget, over the version the header write made. When it fails, the header write stands, so the
 * workbook gets that version (the server's latest) and the message says exactly what the server holds.
 */
async function writeBudget(
  push: Push,
  workbook: WorkbookFile,
  header: { state: SyncState; created: boolean },
): Promise<WriteResult> {
  const { client, baseUrl, map, plan } = push;
  const { planId, version } = header.state;
  const context: CallContext = {
    baseUrl,
    what: "budgettet",
    planId,
    ifMatch: version,
    cellOf: (path) => cellOf(path, map),
    bodyPath: ["budget"],
  };
  try {
    return await callService(
      () => client.plans.putBudget(planId, plan.budget, { ifMatch: version, idempotencyKey: randomUUID() }),
      context,
    );
  } catch (error) {
    if (!(error instanceof ServiceRefusal)) throw error;
    printFindings(workbook.file, error.findings);
    const notWritten = await writeBack(workbook, map, header.state);
    const workbookLine =
      notWritten === null
        ? `Plan-ID og Version ${version} er skrevet i ${workbook.file}, så næste push bygger videre på den.`
        : `${workbook.file} er ikke opdateret (${notWritten}); ${fillByHand(header.state, map)}, før du pusher igen.`;
    throw new CommandFailure(
      [error.message, partialState(header.state, header.created, error), workbookLine].join("\n"),
      error.exitCode,
    );
  }
}

async function runPush(file: string, flags: ConnectionFlags) {
  const connection = connectionOf(flags);
  const workbook = await readWorkbookFile(file);
  const client = clientOf(connection);
  const reference = await callService(() => client.reference.get(), {
    baseUrl: connection.baseUrl,
    what: "forespørgslen efter referencedata",
  });
  const pushable = pushableWorkbook(workbook.grids, reference);
  if (!pushable.ok) {
    printFindings(file, pushable.findings);
    throw new CommandFailure(`${file} har fejl; intet er sendt. Ret fejlene ovenfor og push igen.`, exitCodes.findings);
  }
  const { plan, map } = pushable;
  refuseOversizedBudget(file, plan.budget);
  const push: Push = { client, baseUrl: connection.baseUrl, map, plan };

  const header = await writeHeader(push, pushable.planId, pushable.version).catch((error: unknown) => {
    if (error instanceof ServiceRefusal) printFindings(file, error.findings);
    throw error;
  });
  const result = await writeBudget(push, workbook, header);
  const state: SyncState = { planId: header.state.planId, version: result.version };
  console.log(
    `Gemte budgettet (${plan.budget.expenses.length} udgiftslinjer); planen er nu i version ${state.version}.`,
  );
  printFindings(
    file,
    result.findings.map((finding) => ({ ...finding, cell: cellOf(finding.path, map) })),
  );
  if (result.pool !== null) console.log(poolLine(result.pool, plan.budget));
  const notWritten = await writeBack(workbook, map, state);
  if (notWritten !== null) {
    throw new CommandFailure(
      `Planen er gemt som version ${state.version}, men ${file} er ikke opdateret (${notWritten}); ${fillByHand(state, map)}.`,
    );
  }
  console.log(`Skrev Plan-ID og Version ${state.version} i ${file}.`);
}

/** Registers `push` on the program. Example: `helhedsplan push plan.xlsx --url http://localhost:3000`. */
export function registerPushCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("push")
      .description(
        "send arbejdsbogens plan til synkroniseringstjenesten: opret den, eller gem stamdata og budget som en ny version",
      )
      .argument("<fil.xlsx>", "arbejdsbogen; dens Plan-ID og Version opdateres bagefter"),
  )
    .addHelpText(
      "after",
      "\nUden Plan-ID oprettes planen; med Plan-ID gemmes stamdata og budget med If-Match fra arbejdsbogens Version." +
        "\nAfslutningskoder: 0 gemt, 1 arbejdsbogen eller tjenesten fandt fejl (fund, forældet version, planen er ikke en kladde, for stor)," +
        "\n2 kunne ikke gennemføres (fil, adresse, adgangsnøgle, netværk).",
    )
    .action(runPush);
}
