// Reading one cell as what its column holds. Each reader answers a value or a Danish sentence
// saying what is wrong with the cell; the caller names the cell and turns that into a finding.
import { KronerParseError, labelKey, parseKroner } from "@helhedsplan/rules";
import { excelDateText, isDateFormat, isEmptyCell, isExcelError, type CellValue } from "./grid";
import type { LabelSet } from "./labels";
import { layout } from "./layout";

/** A cell read: its value, or what is wrong with it. */
export type CellRead<T> = { ok: true; value: T } | { ok: false; problem: string };

const ok = <T>(value: T): CellRead<T> => ({ ok: true, value });
const problem = <T>(text: string): CellRead<T> => ({ ok: false, problem: text });

/** What a value that is of the wrong kind for every column is: an error value, a boolean or a date. */
function foreignValue(value: CellValue, format: string | undefined, wanted: string): string | null {
  if (isExcelError(value)) return `Cellen indeholder fejlværdien ${value.trim()}; ret formlen eller skriv ${wanted}.`;
  if (typeof value === "boolean")
    return `Cellen indeholder sandhedsværdien ${value ? "SAND" : "FALSK"}; skriv ${wanted}.`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `Cellen indeholder en fejlværdi; skriv ${wanted}.`;
    if (format !== undefined && isDateFormat(format))
      return `Cellen indeholder datoen ${excelDateText(value)}; skriv ${wanted}.`;
  }
  return null;
}

/** An amount cell in kroner → øre: a number or Danish text; empty is 0. Example: `readAmountOre("1.234,50")` → `{ ok: true, value: 123450 }`. */
export function readAmountOre(value: CellValue, format?: string): CellRead<number> {
  if (isEmptyCell(value)) return ok(0);
  const foreign = foreignValue(value, format, "et beløb i kroner, fx 1.234,50");
  if (foreign !== null) return problem(foreign);
  try {
    return ok(parseKroner(value as string | number));
  } catch (error) {
    if (error instanceof KronerParseError) return problem(error.message);
    throw error;
  }
}

/** A text cell: text as it stands, a number as its digits. Example: `readText(42)` → `{ ok: true, value: "42" }`. */
export function readText(value: CellValue, format?: string): CellRead<string> {
  const foreign = foreignValue(value, format, "en tekst");
  if (foreign !== null) return problem(foreign);
  return ok(typeof value === "string" ? value : String(value));
}

/** A text cell that must hold something, as it stands; empty is a problem naming what to write. Example: `readFilledText("", "målet")` → `{ ok: false, problem: "Cellen er tom; skriv målet." }`. */
export function readFilledText(value: CellValue, wanted: string, format?: string): CellRead<string> {
  if (isEmptyCell(value)) return problem(`Cellen er tom; skriv ${wanted}.`);
  return readText(value, format);
}

/** A text cell whose empty value means none: trimmed, `null` when empty. Example: `readOptionalText(" p-17 ")` → `{ ok: true, value: "p-17" }`. */
export function readOptionalText(value: CellValue, format?: string): CellRead<string | null> {
  if (isEmptyCell(value)) return ok(null);
  const text = readText(value, format);
  return text.ok ? ok(text.value.trim()) : text;
}

/** A cell with one entry per line: trimmed lines, empty lines dropped. Example: `readLines("Mjølnerparken\nLundtoftegade")` → two entries. */
export function readLines(value: CellValue, format?: string): CellRead<string[]> {
  const text = readText(value, format);
  if (!text.ok) return text;
  return ok(
    text.value
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter((line) => line !== ""),
  );
}

/** The choices a refused label cell offers, built only for a refusal (every label cell of every pass is read). */
const choose = (labels: LabelSet) => (labels.names.length === 0 ? "" : ` Vælg et af: ${labels.names.join("; ")}.`);

/** A reference label (a name or an alias) → its id. Example: `readLabel("sundhed", labels.focusAreas)` → `{ ok: true, value: "sundhed" }`. */
export function readLabel(value: CellValue, labels: LabelSet, format?: string): CellRead<string> {
  if (isEmptyCell(value)) return problem(`Cellen er tom; skriv ${labels.article} ${labels.noun}.${choose(labels)}`);
  const text = readText(value, format);
  if (!text.ok) return text;
  const id = labels.idOf(text.value);
  if (id === undefined)
    return problem(`"${text.value.trim()}" er ikke ${labels.article} kendt ${labels.noun}.${choose(labels)}`);
  return ok(id);
}

/** An optional label: empty is `null`. Example: `readOptionalLabel("", labels.districts)` → `{ ok: true, value: null }`. */
export function readOptionalLabel(value: CellValue, labels: LabelSet, format?: string): CellRead<string | null> {
  return isEmptyCell(value) ? ok(null) : readLabel(value, labels, format);
}

/** A Ja/Nej cell (an Excel SAND/FALSK counts too). Example: `readYesNo(" ja ")` → `{ ok: true, value: true }`. */
export function readYesNo(value: CellValue, format?: string): CellRead<boolean> {
  if (typeof value === "boolean") return ok(value);
  const wanted = `${layout.yes} eller ${layout.no}`;
  if (isEmptyCell(value)) return problem(`Cellen er tom; skriv ${wanted}.`);
  const text = readText(value, format);
  if (!text.ok) return text;
  const answer = labelKey(text.value);
  if (answer === labelKey(layout.yes)) return ok(true);
  if (answer === labelKey(layout.no)) return ok(false);
  return problem(`"${text.value.trim()}" er hverken ${wanted}; skriv ${wanted}.`);
}

/** A whole number cell (a number, or digits as text). */
function readWhole(value: CellValue, format: string | undefined, wanted: string): CellRead<number> {
  if (isEmptyCell(value)) return problem(`Cellen er tom; skriv ${wanted}.`);
  const foreign = foreignValue(value, format, wanted);
  if (foreign !== null) return problem(foreign);
  if (typeof value === "number") {
    return Number.isSafeInteger(value)
      ? ok(value)
      : problem(`${String(value).replace(".", ",")} er ikke et helt tal; skriv ${wanted}.`);
  }
  const text = String(value).trim();
  return /^[0-9]{1,15}$/.test(text) ? ok(Number(text)) : problem(`"${text}" er ikke et helt tal; skriv ${wanted}.`);
}

/** A year cell. Example: `readYear("2014")` → `{ ok: true, value: 2014 }`. */
export function readYear(value: CellValue, format?: string): CellRead<number> {
  return readWhole(value, format, "et årstal, fx 2014");
}

/** The `Version` cell: empty until the first sync, then a whole number. Example: `readVersion(3)` → `{ ok: true, value: 3 }`. */
export function readVersion(value: CellValue, format?: string): CellRead<number | null> {
  if (isEmptyCell(value)) return ok(null);
  const wanted = "et versionsnummer (udfyldes ved synkronisering)";
  const version = readWhole(value, format, wanted);
  return version.ok && version.value < 0 ? problem(`${version.value} er negativt; skriv ${wanted}.`) : version;
}
