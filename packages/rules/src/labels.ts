// How a label typed by a person is compared: the one normalisation the workbook reader, the
// duplicate-line rule and the service's reference renames all use, so "Lektiecafé " typed in
// Excel, "lektiecafé" in another row and a renamed focus area's alias are compared alike.

/**
 * The comparison key of a label: trimmed, Unicode NFC (a decomposed "é" from a Mac paste equals the composed one),
 * Danish case folding. Example: `labelKey(" Lektiecafe\u0301 ") === labelKey("LEKTIECAFÉ")`.
 */
export function labelKey(text: string): string {
  // Danish has no locale-specific case mappings (æ/Æ, ø/Ø, å/Å fold the same in every locale), so the plain
  // lower-casing is exactly Danish folding and much faster than toLocaleLowerCase("da") on every cell.
  return text.normalize("NFC").trim().toLowerCase();
}
