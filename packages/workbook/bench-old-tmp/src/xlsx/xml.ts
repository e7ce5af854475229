// The little XML the .xlsx reader needs: OOXML parts are machine-written, so elements are found
// by tag and attributes read by pattern; any namespace prefix (`x:c`) is accepted.

/** Text with XML entities and OOXML's `_xHHHH_` escapes decoded. Example: `decodeXml("A &amp; B_x000D_")` → `"A & B\r"`. */
export function decodeXml(text: string): string {
  if (!text.includes("&") && !text.includes("_x")) return text;
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
      const lower = entity.toLowerCase();
      if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
      if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
      return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower] ?? "";
    });
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of an open tag's attribute text, keyed by local name (`r:id` → `id`), decoded. */
export function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const attribute of text.matchAll(ATTRIBUTE)) {
    const key = attribute[1] ?? "";
    attributes[key.includes(":") ? key.slice(key.indexOf(":") + 1) : key] = decodeXml(attribute[2] ?? attribute[3] ?? "");
  }
  return attributes;
}

/** A pattern for an element's open tag (any prefix), capturing its attribute text. */
export function openTag(name: string, flags = "g"): RegExp {
  return new RegExp(`<(?:[\\w.-]+:)?${name}\\b((?:[^>"']|"[^"]*"|'[^']*')*)>`, flags);
}

/** The attributes of every element named `name`, in document order. */
export function elements(xml: string, name: string): Record<string, string>[] {
  return [...xml.matchAll(openTag(name))].map((match) => attributesOf((match[1] ?? "").replace(/\/$/, "")));
}

/** A pattern for a whole element (any prefix): group 1 its attributes, group 2 its content (undefined when self-closing). */
export function wholeElement(name: string, flags = "g"): RegExp {
  return new RegExp(
    `<(?:[\\w.-]+:)?${name}\\b((?:[^>"'/]|"[^"]*"|'[^']*'|/(?!>))*)(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>)`,
    flags,
  );
}

const TEXT = wholeElement("t");
const PHONETIC = wholeElement("rPh");

/** The text of a string item (`<si>`, `<is>`): its `<t>` runs joined, phonetic guides left out. */
export function textOf(content: string): string {
  let text = "";
  for (const match of content.replace(PHONETIC, "").matchAll(TEXT)) text += decodeXml(match[2] ?? "");
  return text;
}
