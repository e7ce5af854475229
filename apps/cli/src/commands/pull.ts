// `helhedsplan pull PLAN_ID -o plan.xlsx`: fetches a plan from the sync service and writes it as
// a filled workbook carrying its Plan-ID and Version, ready to edit and push again.
import { EntityId, type PlanDetail } from "@helhedsplan/api";
import type { Budget, PlanInput, Reference } from "@helhedsplan/rules";
import { writeTemplate } from "@helhedsplan/workbook/xlsx";
import { InvalidArgumentError, type Command } from "commander";
import { callService, type CallContext } from "../api-failure";
import { clientOf, connectionOf, withConnectionOptions, type ConnectionFlags } from "../connection";
import { writeOutput } from "../output-file";

interface PullOptions extends ConnectionFlags {
  output: string;
  force?: boolean;
}

const statusNames: Record<PlanDetail["status"], string> = {
  draft: "kladde",
  submitted: "indsendt",
  committee_approved: "godkendt i udvalg",
  approved: "godkendt",
  closed: "afsluttet",
};

function parsePlanId(value: string): string {
  if (!EntityId.safeParse(value).success)
    throw new InvalidArgumentError("et plan-id er et UUID, som tjenesten gav planen.");
  return value;
}

/** A plan without a budget yet gets one empty row per source, as a blank template has, for its own period. */
function emptyBudget(reference: Reference): Budget {
  return { expenses: [], financing: reference.sources.map((source) => ({ source: source.id, amountsOre: {} })) };
}

function planOf(detail: PlanDetail, reference: Reference): PlanInput {
  return {
    name: detail.name,
    housingOrganisation: detail.housingOrganisation,
    estates: detail.estates,
    districtId: detail.districtId,
    vulnerableArea: detail.vulnerableArea,
    cooperation: detail.cooperation,
    periodStart: detail.periodStart,
    periodEnd: detail.periodEnd,
    poolId: detail.poolId,
    budget: detail.budget ?? emptyBudget(reference),
  };
}

async function runPull(planId: string, options: PullOptions) {
  const connection = connectionOf(options);
  const client = clientOf(connection);
  const context: CallContext = { baseUrl: connection.baseUrl, what: "forespørgslen efter planen", planId };
  const [{ data: detail, version }, reference] = await Promise.all([
    callService(() => client.plans.get(planId), context),
    callService(() => client.reference.get(), { ...context, what: "forespørgslen efter referencedata" }),
  ]);
  const poolId = detail.poolId;
  // The pool's room only fills a figure on Overblik; without it the workbook is just as usable.
  const pool = poolId === null ? null : await client.pools.get(poolId).catch(() => null);
  const plan = planOf(detail, reference);
  const bytes = await writeTemplate(plan, {
    reference,
    planId,
    version,
    lastSync: new Date().toISOString(),
    ...(pool === null ? {} : { poolAvailableOre: pool.availableOre }),
  });
  await writeOutput(options.output, bytes, options.force === true);
  const budget = detail.budget === null ? "intet budget endnu" : `${detail.budget.expenses.length} udgiftslinjer`;
  console.log(
    `Skrev ${options.output}: "${detail.name}" (${statusNames[detail.status]}, version ${version}), ${detail.periodStart}–${detail.periodEnd}, ${budget}.`,
  );
  if (detail.status !== "draft")
    console.log(
      `Planen er ${statusNames[detail.status]}; push kan først gemme ændringer, når den er genåbnet som kladde.`,
    );
  if (detail.goals.length > 0)
    console.log(
      `Planens ${detail.goals.length} mål er ikke med i arbejdsbogen endnu; push lader dem stå uændret på tjenesten.`,
    );
}

/** Registers `pull` on the program. Example: `helhedsplan pull 6f1c1f9e-… -o plan.xlsx`. */
export function registerPullCommand(program: Command): void {
  withConnectionOptions(
    program
      .command("pull")
      .description("hent en plan fra synkroniseringstjenesten som en udfyldt arbejdsbog med Plan-ID og Version")
      .argument("<plan-id>", "planens id (et UUID)", parsePlanId)
      .requiredOption("-o, --output <fil.xlsx>", "filen der skrives")
      .option("-f, --force", "overskriv filen, hvis den findes"),
  )
    .addHelpText(
      "after",
      "\nAfslutningskoder: 0 skrevet, 2 kunne ikke gennemføres (adresse, adgangsnøgle, planen findes ikke, netværk, filen findes).",
    )
    .action(runPull);
}
