// Danish figures for the overview: kroner as the finance officers write them, percentages with a comma, dates.
import { formatKroner } from "@helhedsplan/rules";

export { formatKroner };

const percent = new Intl.NumberFormat("da-DK", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Kroner without øre for chart axes: `12,3 mio.` Example: `shortKroner(1_230_000_000) === "12,3 mio."`. */
export function shortKroner(ore: number): string {
  const kroner = ore / 100;
  if (Math.abs(kroner) >= 1_000_000) return `${percent.format(kroner / 1_000_000)} mio.`;
  if (Math.abs(kroner) >= 1_000) return `${Math.round(kroner / 1_000)} t.`;
  return `${Math.round(kroner)}`;
}

/** A variance in kroner with its sign: `+1.000,00 kr.`, `-250,00 kr.`, `0,00 kr.` */
export function signedKroner(ore: number): string {
  return ore > 0 ? `+${formatKroner(ore)}` : formatKroner(ore);
}

/** `part / whole` as a Danish percentage with one decimal and its sign; `–` where nothing was approved. */
export function signedPercent(part: number, whole: number): string {
  if (whole === 0) return "–";
  const value = (part / whole) * 100;
  const text = `${percent.format(Math.abs(value))} %`;
  if (text === "0,0 %") return text;
  return value > 0 ? `+${text}` : `-${text}`;
}

/** A share of a whole as a Danish percentage with one decimal: `98,8 %`. */
export function sharePercent(part: number, whole: number): string {
  return whole === 0 ? "–" : `${percent.format((part / whole) * 100)} %`;
}

const day = new Intl.DateTimeFormat("da-DK", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const moment = new Intl.DateTimeFormat("da-DK", { dateStyle: "long", timeZone: "Europe/Copenhagen" });

/** A calendar date (`2014-03-06`) in Danish: `6. marts 2014`. */
export function danishDate(date: string): string {
  return day.format(new Date(`${date}T00:00:00Z`));
}

/** A timestamp's day in Copenhagen, in Danish. */
export function danishDay(timestamp: string): string {
  return moment.format(new Date(timestamp));
}
