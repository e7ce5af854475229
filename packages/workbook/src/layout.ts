// WORKBOOK.md's layout, defined once as data: the add-in, the .xlsx reader and writer and the
// template all take sheet, table and column names and header positions from here.
import type { GoalStatus } from "@helhedsplan/rules";

/** The plan header fields the `Stamdata` table holds, plus the two sync fields (`planId`, `version`). */
export type StamdataKey =
  | "planId"
  | "name"
  | "housingOrganisation"
  | "estates"
  | "districtId"
  | "vulnerableArea"
  | "cooperation"
  | "periodStart"
  | "periodEnd"
  | "poolId"
  | "version";

/** How a `Stamdata` value cell is read and written. */
export type StamdataKind = "text" | "optional-text" | "lines" | "district" | "pool" | "yes-no" | "year" | "version";

/** One row of `Stamdata`: the label in `Felt` and how its `Værdi` is read. */
export interface StamdataField {
  key: StamdataKey;
  label: string;
  kind: StamdataKind;
}

/** A table of the layout: its name and the sheet it belongs on. */
export interface LayoutTable {
  name: string;
  sheet: string;
}

/**
 * The workbook layout. Tables are found by name and columns by header text, so a user who moves a
 * table or reorders its columns still has a readable workbook; the header rows here are where a
 * new workbook puts them.
 * Example: `layout.tables.expenses.name === "Udgifter"`.
 */
export const layout = {
  sheets: {
    plan: "Plan",
    budget: "Budget",
    overview: "Overblik",
    /** The reference names the list validations point at (hidden). */
    lists: "Lister",
    /** The plan's goals: the `Maal` table (laid when the template is given goals). */
    goals: "Mål",
    /** One year's report (årlig redegørelse): the `Forbrug`, `Modtaget` and `Maalopfyldelse` tables (laid when the template is given a report). */
    accounts: "Regnskab",
  },
  tables: {
    stamdata: { name: "Stamdata", sheet: "Plan" },
    expenses: { name: "Udgifter", sheet: "Budget" },
    financing: { name: "Finansiering", sheet: "Budget" },
    goals: { name: "Maal", sheet: "Mål" },
    spending: { name: "Forbrug", sheet: "Regnskab" },
    received: { name: "Modtaget", sheet: "Regnskab" },
    goalStatus: { name: "Maalopfyldelse", sheet: "Regnskab" },
  } satisfies Record<string, LayoutTable>,
  /** Where a new workbook puts things (1-based rows): each sheet's title in row 1, `Stamdata` and `Udgifter` with their header in row 3, and `Finansiering` with its header `financingGap` rows below the totals row of `Udgifter` (a blank row and a caption between). */
  placement: { titleRow: 1, headerRow: 3, firstColumn: 1, financingGap: 3 },
  columns: {
    stamdata: { field: "Felt", value: "Værdi" },
    expenses: { focusArea: "Indsatsområde", category: "Kategori", activity: "Aktivitet", total: "I alt" },
    financing: { source: "Kilde", total: "I alt" },
    /** `Maal` on `Mål`: one goal a row, its success criteria one per line in the cell. */
    goals: { id: "Mål-ID", focusArea: "Indsatsområde", goal: "Mål", successCriteria: "Succeskriterier" },
    /** `Forbrug` on `Regnskab`: the budget's line keys and one column for the report's year (header = the year, e.g. `2015`). */
    spending: { focusArea: "Indsatsområde", category: "Kategori", activity: "Aktivitet" },
    /** `Modtaget` on `Regnskab`: the source and the same one year column. */
    received: { source: "Kilde" },
    /** `Maalopfyldelse` on `Regnskab`: a goal by its id, its text (shown, never read), its status and a comment. */
    goalStatus: { goalId: "Mål-ID", goal: "Mål", status: "Status", comment: "Kommentar" },
  },
  /** The three goal statuses as cells show them (WORKBOOK.md), with the spellings that also read. */
  goalStatuses: [
    { id: "opfyldt", name: "Opfyldt", aliases: [] },
    { id: "delvist", name: "Delvist", aliases: ["Delvist opfyldt"] },
    { id: "ikke_opfyldt", name: "Ikke opfyldt", aliases: ["ikke_opfyldt"] },
  ] as const satisfies readonly { id: GoalStatus; name: string; aliases: readonly string[] }[],
  /** The label in the first cell of a totals row. */
  totalsLabel: "I alt",
  stamdataFields: [
    { key: "planId", label: "Plan-ID", kind: "optional-text" },
    { key: "name", label: "Navn", kind: "text" },
    { key: "housingOrganisation", label: "Boligorganisation", kind: "text" },
    { key: "estates", label: "Afdelinger", kind: "lines" },
    { key: "districtId", label: "Byområde", kind: "district" },
    { key: "vulnerableArea", label: "Udsat boligområde", kind: "yes-no" },
    { key: "cooperation", label: "Samarbejdsaftale med kommunen", kind: "yes-no" },
    { key: "periodStart", label: "Startår", kind: "year" },
    { key: "periodEnd", label: "Slutår", kind: "year" },
    { key: "poolId", label: "Pulje", kind: "pool" },
    { key: "version", label: "Version", kind: "version" },
  ] as const satisfies readonly StamdataField[],
  /** The read-only `Overblik` sheet: one labelled value a row from the header row down (labels in A, values in B). */
  overview: [
    { key: "name", label: "Plan" },
    { key: "period", label: "Periode" },
    { key: "frame", label: "Samlet økonomisk ramme (udgifter i alt)" },
    { key: "financing", label: "Finansiering i alt" },
    { key: "municipal", label: "Kommunal medfinansiering" },
    { key: "municipalShare", label: "Kommunal andel af rammen" },
    { key: "cap", label: "Loft for kommunal andel" },
    { key: "withinCap", label: "Inden for loftet" },
    { key: "pool", label: "Heraf fra puljen" },
    { key: "poolAvailable", label: "Puljens ledige beløb" },
    { key: "lastSync", label: "Seneste synkronisering" },
    { key: "findings", label: "Fund ved seneste kontrol" },
  ] as const,
  yes: "Ja",
  no: "Nej",
  /** A blank template's period: the next this many calendar years. */
  blankYears: 4,
} as const;

/** A year as a column header: four digits, as a number or as text. Example: `yearOfHeader("2014") === 2014`, `yearOfHeader("I alt") === null`. */
export function yearOfHeader(header: unknown): number | null {
  if (typeof header === "number") return Number.isInteger(header) && header >= 1000 && header <= 9999 ? header : null;
  if (typeof header !== "string") return null;
  const text = header.trim();
  return /^[0-9]{4}$/.test(text) ? Number(text) : null;
}

/** The years from `start` to `end` inclusive, as the keys of `amountsOre`. Example: `periodYears(2014, 2016)` → `["2014", "2015", "2016"]`. */
export function periodYears(start: number, end: number): string[] {
  const years: string[] = [];
  for (let year = start; year <= end; year++) years.push(String(year));
  return years;
}

/** The key of a figure on `Overblik`. */
export type OverviewKey = (typeof layout.overview)[number]["key"];

/** The cell on `Overblik` that holds a figure (values in B), or its label (A); from the header row down. Example: `overviewCell("findings") === "B14"`. */
export function overviewCell(key: OverviewKey, column: "A" | "B" = "B"): string {
  return `${column}${layout.placement.headerRow + layout.overview.findIndex((entry) => entry.key === key)}`;
}
