import type { PlanStatus } from "@helhedsplan/api";

const statusNames: Record<PlanStatus, string> = {
  draft: "kladde",
  submitted: "indsendt",
  committee_approved: "godkendt i udvalg",
  approved: "godkendt",
  closed: "afsluttet",
};

/** The Danish name of a status, for messages. Example: `statusName("committee_approved") === "godkendt i udvalg"`. */
export function statusName(status: string): string {
  return statusNames[status as PlanStatus] ?? status;
}
