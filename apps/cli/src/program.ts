// The `helhedsplan` program: every command is a module that registers itself here.
import { Command } from "commander";
import { registerTemplateCommand } from "./commands/template";
import { registerValidateCommand } from "./commands/validate";

/** The command modules, in the order `--help` lists them. */
const commands: ((program: Command) => void)[] = [registerTemplateCommand, registerValidateCommand];

/** A fresh program with every command; errors become `CommanderError`s instead of exiting, so `main` picks the exit code. */
export function createProgram(): Command {
  const program = new Command("helhedsplan")
    .description("Boligsociale helhedsplaner: Excel-skabeloner og kontrol af budgetter efter reglerne.")
    .showHelpAfterError("(brug --help for at se mulighederne)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}
