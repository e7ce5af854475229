import type { Role } from "@helhedsplan/api";

/** Who sends the request: the token's id, role and (for `housing`) organisation. */
export interface Caller {
  tokenId: string;
  role: Role;
  housingOrganisation: string | null;
}

/**
 * Who acts, and the moment the write happens at: what a service records in versions, decisions and the audit trail.
 * Over HTTP, the request's caller and clock; the demo seed is an admin of its own. Example:
 * `{ caller: { tokenId: "demo-seed", role: "admin", housingOrganisation: null }, now: new Date() }`.
 */
export interface Actor {
  caller: Caller;
  now: Date;
}

/** The audit trail's and versions' name for a caller: `<role>:<token id>`. */
export function actorName(caller: Caller): string {
  return `${caller.role}:${caller.tokenId}`;
}

/** Whether the caller may see a plan of this housing organisation (a housing token sees only its own). */
export function canSeeOrganisation(caller: Caller, housingOrganisation: string): boolean {
  return caller.role !== "housing" || caller.housingOrganisation === housingOrganisation;
}
