// `helhedsplan pull PLAN_ID -o plan.xlsx`: the plan's latest version from the sync service
// (through @helhedsplan/sync) as a filled workbook carrying its Plan-ID and Version.
import { pullPlan } from "@helhedsplan/sync";
import { writeTemplate } from "@helhedsplan/workbook/xlsx";
import type { Command } from "commander";
import { parsePlanId } from "../arguments";
import { clientOf, connectionOf, withConnectionOptions, type ConnectionFlags } from "../connection";
import { CommandFailure } from "../exit-codes";
import { writeOutput } from "../output-file";

interface PullOptions extends ConnectionFlags {
  output: string;
  force?: boolean;
}

async function runPull(planId: string, options: PullOptions) {
  const connection = connectionOf(options);
  const result = await pullPlan(clientOf(connection), planId);
  if (result.kind !== "pulled") {
    const where = result.kind === "refused" && result.reason === "not-found" ? ` (${connection.baseUrl})` : "";
    throw new CommandFailure(`${result.message}${where}`);
  }
  const bytes = await writeTemplate(result.plan, {
    reference: result.reference,
    pools: result.pools,
    planId,
    version: result.version,
    lastSync: new Date().toISOString(),
    ...(result.pool === null ? {} : { poolAvailableOre: result.pool.availableOre }),
    ...(result.goals.length === 0 ? {} : { goals: result.goals }),
  });
  await writeOutput(options.output, bytes, options.force === true);
  console.log(`Skrev ${options.output}: ${result.message}`);
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
