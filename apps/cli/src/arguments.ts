// Command-line arguments that more than one command takes, read once: a clear Danish line for a bad one.
import { EntityId } from "@helhedsplan/api";
import { InvalidArgumentError } from "commander";

/** A plan's id as the service gave it (a UUID). Example: `.argument("<plan-id>", "planens id", parsePlanId)`. */
export function parsePlanId(value: string): string {
  if (!EntityId.safeParse(value).success)
    throw new InvalidArgumentError("et plan-id er et UUID, som tjenesten gav planen.");
  return value;
}
