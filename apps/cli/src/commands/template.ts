// `helhedsplan template`: a blank template, or one filled with a plan from JSON or the demo plan.
import { demoPlan } from "@helhedsplan/demo";
import type { PlanInput } from "@helhedsplan/rules";
import { writeTemplate } from "@helhedsplan/workbook/xlsx";
import { InvalidArgumentError, Option, type Command } from "commander";
import { writeOutput } from "../output-file";
import { readPlanFile } from "../plan-file";

/** The default name of the written workbook. */
export const DEFAULT_TEMPLATE_FILE = "helhedsplan.xlsx";

interface TemplateOptions {
  plan?: string;
  demo?: boolean;
  output: string;
  firstYear?: number;
  force?: boolean;
}

function parseYear(value: string): number {
  const year = Number(value);
  if (!/^[0-9]{4}$/.test(value) || year < 1900 || year > 2999)
    throw new InvalidArgumentError("skriv et årstal som 2026.");
  return year;
}

async function runTemplate(options: TemplateOptions) {
  const plan: PlanInput | undefined = options.plan
    ? await readPlanFile(options.plan)
    : options.demo
      ? demoPlan
      : undefined;
  const bytes = await writeTemplate(plan, options.firstYear === undefined ? {} : { firstYear: options.firstYear });
  await writeOutput(options.output, bytes, options.force === true);
  const what = plan
    ? `udfyldt med "${plan.name}" (${plan.periodStart}–${plan.periodEnd}, ${plan.budget.expenses.length} udgiftslinjer)`
    : "tom skabelon";
  console.log(`Skrev ${options.output}: ${what}.`);
}

/** Registers `template` on the program. Example: `helhedsplan template --demo -o demo.xlsx`. */
export function registerTemplateCommand(program: Command): void {
  program
    .command("template")
    .description("skriv en Excel-skabelon (.xlsx): tom, eller udfyldt med en plan")
    .addOption(new Option("--plan <plan.json>", "udfyld med planen i denne JSON-fil (en PlanInput)"))
    .addOption(new Option("--demo", "udfyld med demo-planen for Mjølnerparken 2014–2017").conflicts("plan"))
    .option("-o, --output <fil.xlsx>", "filen der skrives", DEFAULT_TEMPLATE_FILE)
    .addOption(
      new Option("--first-year <år>", "første år i en tom skabelons fireårige periode (standard: næste år)")
        .argParser(parseYear)
        .conflicts(["plan", "demo"]),
    )
    .option("-f, --force", "overskriv filen, hvis den findes")
    .action(runTemplate);
}
