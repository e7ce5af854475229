// Every case of the status sentence, word for word: what is on the service, what is only here, and
// that saving the file is not syncing wherever something is only in the workbook.
import { describe, expect, it } from "vitest";
import type { LocalChanges } from "./local-changes";
import { syncStatusText } from "./sync-status";

const planId = "3f2b8c1e-0000-4000-8000-000000000001";
const changes = (count: number, deleted = 0): LocalChanges => ({
  cells: [],
  changes: Array.from({ length: count }, (_, at) => ({ id: `c${at}`, what: "x", cell: null })),
  deleted,
  count,
});

describe("syncStatusText", () => {
  it("no Plan-ID: only in this workbook, and saving the file does not send it", () => {
    expect(syncStatusText({ planId: null, version: null, changes: null, pending: false })).toBe(
      "Planen findes kun i denne arbejdsbog (intet Plan-ID); at gemme filen sender den ikke til tjenesten – synkroniser for at oprette den dér.",
    );
  });

  it("no changes: exactly version N on the service", () => {
    expect(syncStatusText({ planId, version: 4, changes: changes(0), pending: false })).toBe(
      "Arbejdsbogen er præcis version 4 på tjenesten; intet er ændret kun her.",
    );
  });

  it("changes only here since version N, one and several, with deleted lines", () => {
    expect(syncStatusText({ planId, version: 4, changes: changes(1), pending: false })).toBe(
      "1 ændring findes kun i denne arbejdsbog, ikke på tjenesten (version 4); at gemme filen sender den ikke – synkroniser for at gemme den dér.",
    );
    expect(syncStatusText({ planId, version: 12, changes: changes(7), pending: false })).toBe(
      "7 ændringer findes kun i denne arbejdsbog, ikke på tjenesten (version 12); at gemme filen sender dem ikke – synkroniser for at gemme dem dér.",
    );
    expect(syncStatusText({ planId, version: 2, changes: changes(3, 1), pending: false })).toBe(
      "3 ændringer (heraf 1 slettet linje) findes kun i denne arbejdsbog, ikke på tjenesten (version 2); at gemme filen sender dem ikke – synkroniser for at gemme dem dér.",
    );
    expect(syncStatusText({ planId, version: 2, changes: changes(2, 2), pending: false })).toBe(
      "2 ændringer (heraf 2 slettede linjer) findes kun i denne arbejdsbog, ikke på tjenesten (version 2); at gemme filen sender dem ikke – synkroniser for at gemme dem dér.",
    );
  });

  it("base unknown (offline or not signed in)", () => {
    expect(syncStatusText({ planId, version: 5, changes: null, pending: false })).toBe(
      "Arbejdsbogen bygger på version 5 på tjenesten; uden forbindelse til tjenesten (eller uden at være logget ind) kan det ikke ses, hvad der kun er ændret her, og at gemme filen sender intet.",
    );
  });

  it("a Plan-ID without a Version", () => {
    expect(syncStatusText({ planId, version: null, changes: null, pending: false })).toBe(
      "Arbejdsbogen har et Plan-ID, men ingen Version, så det kan ikke ses, hvad der kun står her; hent planen fra tjenesten igen.",
    );
  });

  it("a pending sync waiting for the service, whatever the changes say", () => {
    const waiting =
      "Synkroniseringen venter på tjenesten, som ikke svarer lige nu; indtil da findes dine ændringer siden version 3 kun i denne arbejdsbog, og at gemme filen sender dem ikke.";
    expect(syncStatusText({ planId, version: 3, changes: null, pending: true })).toBe(waiting);
    expect(syncStatusText({ planId, version: 3, changes: changes(0), pending: true })).toBe(waiting);
    expect(syncStatusText({ planId: null, version: null, changes: null, pending: true })).toBe(
      "Oprettelsen af planen venter på tjenesten, som ikke svarer lige nu; indtil da findes planen kun i denne arbejdsbog, og at gemme filen sender den ikke.",
    );
    expect(syncStatusText({ planId, version: null, changes: null, pending: true })).toBe(
      "Synkroniseringen venter på tjenesten, som ikke svarer lige nu; indtil da findes dine ændringer kun i denne arbejdsbog, og at gemme filen sender dem ikke.",
    );
  });
});
