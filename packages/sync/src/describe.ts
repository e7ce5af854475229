// Cells and values of the merge as a finance officer reads them: "Familiekoordinator (Børn og
// unge), 2015" and "450.000,00 kr.", never a path or an id.
import { Role, roleNames } from "@helhedsplan/api";
import { expenseLineKey, formatKroner, type PlanInput, type Reference } from "@helhedsplan/rules";
import { layout, labelsOf, type Labels } from "@helhedsplan/workbook";
import type { MergeCell, MergeValue } from "./merge-types";

/** Where the names of ids come from. */
export interface Names {
  reference: Reference;
  /** The pools' names by id (`Budget 2012`). */
  poolNames: ReadonlyMap<string, string>;
}

const EMPTY = "(tom)";

// Building the label sets costs about as much as describing 1,000 cells otherwise does, and localChanges describes
// every changed cell on every keystroke; a reference is never edited in place (a new one comes from the service).
const labelCache = new WeakMap<Reference, Labels>();

function labelsFor(reference: Reference): Labels {
  let labels = labelCache.get(reference);
  if (labels === undefined) {
    labels = labelsOf(reference);
    labelCache.set(reference, labels);
  }
  return labels;
}

function activityOf(key: string, plans: readonly PlanInput[]): string {
  for (const plan of plans) {
    const line = plan.budget.expenses.find((candidate) => expenseLineKey(candidate) === key);
    if (line !== undefined) return line.activity.trim();
  }
  return key.split("\u0000")[2] ?? key;
}

/** The cell in words. Example: `"Familiekoordinator (Børn og unge), 2015"`, `"Navn"`, `"Kommunen – puljen, 2016"`. */
export function describeCell(cell: MergeCell, plans: readonly PlanInput[], names: Names): string {
  const labels = labelsFor(names.reference);
  switch (cell.kind) {
    case "header":
      return layout.stamdataFields.find((field) => field.key === cell.field)?.label ?? cell.field;
    case "expense-line":
    case "expense-activity":
    case "expense-amount": {
      const [focusArea = ""] = cell.key.split("\u0000");
      const line = `${activityOf(cell.key, plans)} (${labels.focusAreas.nameOf(focusArea) ?? focusArea})`;
      if (cell.kind === "expense-line") return `udgiftslinjen ${line}`;
      if (cell.kind === "expense-activity") return `${line}, Aktivitet`;
      return `${line}, ${cell.year}`;
    }
    case "financing-row":
      return `finansieringsrækken ${labels.sources.nameOf(cell.source) ?? cell.source}`;
    case "financing-amount":
      return `${labels.sources.nameOf(cell.source) ?? cell.source}, ${cell.year}`;
  }
}

/** A value of a cell in words. Example: `"450.000,00 kr."`, `"Ja"`, `"(slettet)"`, `"Budget 2012"`. */
export function describeValue(cell: MergeCell, value: MergeValue, names: Names): string {
  if (cell.kind === "expense-line" || cell.kind === "financing-row") {
    if (value === undefined || typeof value !== "object" || value === null || Array.isArray(value)) return "(slettet)";
    const total = Object.values(value.amountsOre).reduce((sum, amount) => sum + BigInt(amount), 0n);
    return `${formatKroner(total)} i alt`;
  }
  if (value === undefined || value === null || value === "") return EMPTY;
  if (cell.kind === "expense-amount" || cell.kind === "financing-amount") {
    return typeof value === "number" ? formatKroner(value) : EMPTY;
  }
  if (typeof value === "boolean") return value ? layout.yes : layout.no;
  if (Array.isArray(value)) return value.join(", ");
  if (cell.kind === "header" && cell.field === "districtId" && typeof value === "string") {
    return labelsFor(names.reference).districts.nameOf(value) ?? value;
  }
  if (cell.kind === "header" && cell.field === "poolId" && typeof value === "string") {
    return names.poolNames.get(value) ?? value;
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : EMPTY;
}

// The service names who saved a version `<role>:<token id>` (its actorName); the id is a UUID.
const ACTOR = /^([a-z]+):([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Who saved a version, for a person: the role in Danish and the token's first eight characters (tokens have no names;
 * the id tells two keys of one role apart). Anything else as it stands.
 * Example: `describeActor("finance:c645c29f-0c1e-4c55-9f0a-3d1b2c4e5f60") === "økonomimedarbejder (nøgle c645c29f)"`.
 */
export function describeActor(createdBy: string): string {
  const match = ACTOR.exec(createdBy);
  const role = Role.safeParse(match?.[1]);
  if (match === null || !role.success) return createdBy;
  return `${roleNames[role.data]} (nøgle ${match[2]})`;
}
