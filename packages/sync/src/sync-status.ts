// The one sentence the pane shows under Plan-ID and Version, so a finance officer never has to guess
// what is on the service and what is only in this workbook. Saving the .xlsx feels like saving the
// plan; the sentence says it is not wherever something is only here.
import type { LocalChanges } from "./local-changes";

/** What the sentence is about. */
export interface SyncStatus {
  /** The workbook's Plan-ID; null when the plan was never sent. */
  planId: string | null;
  /** The workbook's Version: the version on the service it was synced from. */
  version: number | null;
  /** The workbook's changes since that version; null when the base is not known (offline, not signed in). */
  changes: LocalChanges | null;
  /** A sync the service did not answer, waiting to be sent again. */
  pending: boolean;
}

const SAVING_IS_NOT_SYNCING = "at gemme filen sender";

function changesInWords(changes: LocalChanges): string {
  const count = changes.count === 1 ? "1 ændring" : `${changes.count} ændringer`;
  if (changes.deleted === 0) return count;
  const deleted = changes.deleted === 1 ? "1 slettet linje" : `${changes.deleted} slettede linjer`;
  return `${count} (heraf ${deleted})`;
}

/**
 * One plain Danish sentence on what is on the service and what is only in this workbook.
 * Example: `syncStatusText({ planId, version: 3, changes, pending: false })` →
 * `"2 ændringer findes kun i denne arbejdsbog, ikke på tjenesten (version 3); at gemme filen sender dem ikke – synkroniser for at gemme dem dér."`.
 */
export function syncStatusText(status: SyncStatus): string {
  const { planId, version, changes, pending } = status;
  if (pending) {
    if (planId === null)
      return `Oprettelsen af planen venter på tjenesten, som ikke svarer lige nu; indtil da findes planen kun i denne arbejdsbog, og ${SAVING_IS_NOT_SYNCING} den ikke.`;
    const since = version === null ? "" : ` siden version ${version}`;
    return `Synkroniseringen venter på tjenesten, som ikke svarer lige nu; indtil da findes dine ændringer${since} kun i denne arbejdsbog, og ${SAVING_IS_NOT_SYNCING} dem ikke.`;
  }
  if (planId === null)
    return `Planen findes kun i denne arbejdsbog (intet Plan-ID); ${SAVING_IS_NOT_SYNCING} den ikke til tjenesten – synkroniser for at oprette den dér.`;
  if (version === null)
    return "Arbejdsbogen har et Plan-ID, men ingen Version, så det kan ikke ses, hvad der kun står her; hent planen fra tjenesten igen.";
  if (changes === null)
    return `Arbejdsbogen bygger på version ${version} på tjenesten; uden forbindelse til tjenesten (eller uden at være logget ind) kan det ikke ses, hvad der kun er ændret her, og ${SAVING_IS_NOT_SYNCING} intet.`;
  if (changes.count === 0) return `Arbejdsbogen er præcis version ${version} på tjenesten; intet er ændret kun her.`;
  const them = changes.count === 1 ? "den" : "dem";
  return `${changesInWords(changes)} findes kun i denne arbejdsbog, ikke på tjenesten (version ${version}); ${SAVING_IS_NOT_SYNCING} ${them} ikke – synkroniser for at gemme ${them} dér.`;
}
