// Reading a plan from a JSON file for `template --plan`: the rules' schema decides the shape,
// and a file that is missing, not JSON or not a plan is one clear failure (exit code 2).
import { ruleIds, validatePlan, type PlanInput } from "@helhedsplan/rules";
import { readFile } from "node:fs/promises";
import { CommandFailure } from "./exit-codes";

const SHOWN_PROBLEMS = 10;

/** The plan in a JSON file; throws `CommandFailure` naming the file and what is wrong. Example: `await readPlanFile("plan.json")`. */
export async function readPlanFile(path: string): Promise<PlanInput> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CommandFailure(
      code === "ENOENT"
        ? `${path} findes ikke (file not found).`
        : `${path} kan ikke læses (${code ?? "ukendt fejl"}).`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CommandFailure(`${path} er ikke gyldig JSON: ${(error as Error).message}`);
  }
  const shape = validatePlan(json).filter((finding) => finding.ruleId === ruleIds.inputShape);
  if (shape.length > 0) {
    const problems = shape
      .slice(0, SHOWN_PROBLEMS)
      .map((finding) => `  ${finding.path.join(".") || "(hele planen)"}: ${finding.message}`);
    const more = shape.length > SHOWN_PROBLEMS ? [`  … og ${shape.length - SHOWN_PROBLEMS} mere`] : [];
    throw new CommandFailure(
      [`${path} er ikke en plan (PlanInput), som skabelonen kan udfyldes med:`, ...problems, ...more].join("\n"),
    );
  }
  return json as PlanInput;
}
