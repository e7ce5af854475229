// The XML parts of an .xlsx are parsed with saxes, a streaming (SAX) XML parser: a part is inflated
// from the zip and parsed chunk by chunk, never held whole, and malformed XML is an error, never a
// guess. Elements are matched by local name (`x:c` is `c`): writers use any prefix, and the Strict
// and Transitional schemas name the same elements in different namespaces.
import type JSZip from "jszip";
import { SaxesParser } from "saxes";

/** An element's attributes by their names as written (`r:id`), entities decoded. */
export type Attributes = Record<string, string>;

/** What reading one part does with the parser's events; `name` is the element's local name (`x:c` → `c`). */
export interface XmlHandler {
  open(name: string, attributes: Attributes, selfClosing: boolean): void;
  /** Character data, entities decoded; one element's text may come in several calls. */
  text?(text: string): void;
  /** Called for every element, self-closing ones too (right after `open`). */
  close?(name: string): void;
}

/** XML as one string, or a part of the package (inflated and parsed chunk by chunk). */
export type XmlSource = string | JSZip.JSZipObject;

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Sends the events of a whole XML document to `handler`; rejects when it is not well-formed (unclosed, truncated, bad entities). */
export async function parseXml(source: XmlSource, handler: XmlHandler): Promise<void> {
  // Positions only serve error messages, and tracking them costs time on every character.
  const parser = new SaxesParser({ xmlns: false, position: false } as const);
  parser.on("opentag", (tag) => handler.open(localName(tag.name), tag.attributes, tag.isSelfClosing));
  if (handler.text) {
    parser.on("text", (data) => handler.text?.(data));
    parser.on("cdata", (data) => handler.text?.(data));
  }
  if (handler.close) parser.on("closetag", (tag) => handler.close?.(localName(tag.name)));
  if (typeof source === "string") parser.write(source);
  else await streamPart(source, (text) => parser.write(text));
  parser.close();
}

/** Where a tag lies in an XML string: from the index of its `<` to the index just after its `>`. */
export interface TagSpan {
  start: number;
  end: number;
}

/** A start tag where it lies, with the element's namespace prefix as written (`x:`, or `""`). */
export interface StartTagSpan extends TagSpan {
  prefix: string;
  selfClosing: boolean;
}

/** What locating elements in one XML string does with the parser's events; `name` is the element's local name. */
export interface LocatingXmlHandler {
  open(name: string, attributes: Attributes, tag: StartTagSpan): void;
  /** Called for every element; a self-closing one's end tag is its start tag. */
  close(name: string, tag: TagSpan): void;
}

/**
 * Sends the elements of an XML string to `handler` with where each tag lies in the string, so a caller can splice
 * the text around them; throws when it is not well-formed. Example: `locateXml(sheet, { open: (name, _, tag) => …, close: … })`.
 */
export function locateXml(xml: string, handler: LocatingXmlHandler): void {
  // Positions are what this parse is for. The parser's position is an index into the string just past what it
  // has read; at these events only the tag's name and blanks (or its `>`) lie between its `<` (or `</`) and that
  // position, so the tag starts at the last `<` before it.
  const parser = new SaxesParser({ xmlns: false, position: true } as const);
  let start = 0;
  parser.on("opentagstart", () => {
    start = xml.lastIndexOf("<", parser.position - 1);
  });
  parser.on("opentag", (tag) => {
    const colon = tag.name.indexOf(":");
    handler.open(localName(tag.name), tag.attributes, {
      start,
      end: parser.position,
      prefix: tag.name.slice(0, colon + 1),
      selfClosing: tag.isSelfClosing,
    });
  });
  parser.on("closetag", (tag) => {
    const end = parser.position;
    handler.close(localName(tag.name), { start: tag.isSelfClosing ? start : xml.lastIndexOf("</", end - 1), end });
  });
  parser.write(xml).close();
}

/** Inflates a part chunk by chunk and writes its text on as it comes; rejects on the first write that throws. */
function streamPart(part: JSZip.JSZipObject, write: (text: string) => void): Promise<void> {
  // Fatal: bytes that are no UTF-8 make the part unreadable rather than text with replacement characters.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const stream = part.nodeStream("nodebuffer");
  return new Promise((resolve, reject) => {
    const written = (text: () => string): boolean => {
      try {
        write(text());
        return true;
      } catch (error) {
        stream.pause();
        stream.removeAllListeners("data");
        reject(error instanceof Error ? error : new Error(String(error)));
        return false;
      }
    };
    stream
      .on("data", (bytes: Buffer) => written(() => decoder.decode(bytes, { stream: true })))
      .on("error", (error: Error) => reject(error))
      .on("end", () => written(() => decoder.decode()) && resolve());
  });
}

/** The attributes of every element with this local name, in document order. Example: `await elementsNamed(rels, "Relationship")`. */
export async function elementsNamed(source: XmlSource, name: string): Promise<Attributes[]> {
  const found: Attributes[] = [];
  await parseXml(source, {
    open(element, attributes) {
      if (element === name) found.push(attributes);
    },
  });
  return found;
}

/** An attribute by local name, prefixed or not (`id` finds `r:id`). Example: `attributeNamed({ "r:id": "rId1" }, "id")` → `"rId1"`. */
export function attributeNamed(attributes: Attributes, name: string): string | undefined {
  const plain = attributes[name];
  if (plain !== undefined) return plain;
  const suffix = `:${name}`;
  for (const [key, value] of Object.entries(attributes)) if (key.endsWith(suffix)) return value;
  return undefined;
}

const OOXML_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Text with OOXML's own `_xHHHH_` escapes (of characters XML cannot carry, such as a carriage return) decoded; XML's
 * entities are the parser's job. Example: `decodeOoxmlEscapes("Linje 1_x000D_")` → `"Linje 1\r"`.
 */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes("_x")) return text;
  return text.replace(OOXML_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
