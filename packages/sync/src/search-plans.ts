// The plan picker's search: what a person types against a plan's name and its byområde's name.
// Folded as labels are (labelKey), and accents dropped so "cafe" finds "Café", but æ, ø and å are
// letters of their own in Danish: "Mjølnerparken" is not found by "mjolner", as a Dane expects.
import type { Plan } from "@helhedsplan/api";
import { labelKey } from "@helhedsplan/rules";

const DANISH_LETTERS = new Set(["æ", "ø", "å"]);
const COMBINING_MARK = /\p{M}/gu;
const BEYOND_PRINTABLE_ASCII = /[^ -~]/g;

/** The text as search compares it. Example: `searchKey(" CAFÉ Åparken ") === "cafe åparken"`. */
export function searchKey(text: string): string {
  // labelKey composes first (NFC), so an "å" from a Mac paste is one letter here and survives the stripping below.
  return labelKey(text).replace(BEYOND_PRINTABLE_ASCII, (letter) =>
    DANISH_LETTERS.has(letter) ? letter : letter.normalize("NFD").replace(COMBINING_MARK, ""),
  );
}

/**
 * The plans whose name or byområde's name contains `text`, case- and accent-insensitively (æ, ø, å stay distinct);
 * empty text keeps them all; order kept. Example: `searchPlans((await client.plans.listAll()).items, "nørrebro", nameOf)`.
 */
export function searchPlans<T extends Pick<Plan, "name" | "districtId">>(
  items: readonly T[],
  text: string,
  districtName?: (id: string) => string | undefined,
): T[] {
  const wanted = searchKey(text);
  if (wanted === "") return [...items];
  const districtKeys = new Map<string, string>();
  const districtKey = (id: string) => {
    let key = districtKeys.get(id);
    if (key === undefined) districtKeys.set(id, (key = searchKey(districtName?.(id) ?? "")));
    return key;
  };
  return items.filter(
    (plan) =>
      searchKey(plan.name).includes(wanted) ||
      (plan.districtId !== null && districtKey(plan.districtId).includes(wanted)),
  );
}
