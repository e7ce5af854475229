// The `helhedsplan` program: every command is a module that registers itself here.
import { Command } from "commander";
import { registerPullCommand } from "./commands/pull";
import { registerPushCommand } from "./commands/push";
import { registerReportCommand } from "./commands/report";
import { registerTemplateCommand } from "./commands/template";
import { registerValidateCommand } from "./commands/validate";

/** The command modules, in the order `--help` lists them. */
const commands: ((program: Command) => void)[] = [
  registerTemplateCommand,
  registerValidateCommand,
  registerPushCommand,
  registerPullCommand,
  registerReportCommand,
];

/** A fresh program with every command; errors become `CommanderError`s instead of exiting, so `main` picks the exit code. */
export function createProgram(): Command {
  const program = new Command("helhedsplan")
    .description(
      "Boligsociale helhedsplaner: Excel-skabeloner, kontrol af budgetter efter reglerne og synkronisering med tjenesten.",
    )
    .showHelpAfterError("(brug --help for at se mulighederne)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}
