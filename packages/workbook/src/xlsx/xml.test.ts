import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { sharedStrings } from "./sheet-xml";
import { attributeNamed, decodeOoxmlEscapes, elementsNamed, locateXml, parseXml } from "./xml";

/** A part stored uncompressed in a zip, loaded back: JSZip then streams it in slices of exactly 16 KiB. */
async function storedPart(text: string): Promise<JSZip.JSZipObject> {
  const zip = new JSZip();
  zip.file("part.xml", text, { compression: "STORE" });
  const loaded = await JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer" }));
  return loaded.file("part.xml")!;
}

describe("parseXml", () => {
  it("streams a part of many chunks, with a two-byte character split across a chunk boundary", async () => {
    // "<sst><si><t>x" is 13 bytes, so the "ø" (2 bytes each) at bytes 16383–16384 straddles the 16 KiB boundary.
    const text = `x${"ø".repeat(20_000)}`;
    expect(await sharedStrings(await storedPart(`<sst><si><t>${text}</t></si></sst>`))).toEqual([text]);
  });

  it("gives elements by local name, whatever their prefix, with entities and character data decoded", async () => {
    const events: string[] = [];
    await parseXml('<x:a xmlns:x="u"><x:b k="1 &lt; 2"/><c><![CDATA[<raw>]]> &amp; &#248;</c></x:a>', {
      open: (name, attributes, selfClosing) =>
        events.push(`open ${name} ${JSON.stringify(attributes)}${selfClosing ? " /" : ""}`),
      text: (text) => events.push(`text ${text}`),
      close: (name) => events.push(`close ${name}`),
    });
    expect(events).toEqual([
      'open a {"xmlns:x":"u"}',
      'open b {"k":"1 < 2"} /',
      "close b",
      "open c {}",
      "text <raw>",
      "text  & ø",
      "close c",
      "close a",
    ]);
  });

  it.each([
    ["an unclosed element", "<sst><si><t>Løn</t></si>"],
    ["mismatched tags", "<sst><si></t></si></sst>"],
    ["an unknown entity", "<sst><si><t>&nbsp;</t></si></sst>"],
    ["no root element", ""],
    ["text that is no XML", "Indsatsområde;Kategori"],
  ])("rejects %s", async (_, xml) => {
    await expect(parseXml(xml, { open: () => {} })).rejects.toThrow();
  });

  it("rejects a part whose bytes are no UTF-8", async () => {
    const zip = new JSZip();
    zip.file("part.xml", Buffer.concat([Buffer.from("<a>"), Buffer.from([0xc3, 0x28]), Buffer.from("</a>")]));
    const loaded = await JSZip.loadAsync(await zip.generateAsync({ type: "nodebuffer" }));
    await expect(parseXml(loaded.file("part.xml")!, { open: () => {} })).rejects.toThrow();
  });
});

describe("elementsNamed and attributeNamed", () => {
  it("find a sheet's relationship id, prefixed, next to an unprefixed attribute with the same ending", async () => {
    const [sheet] = await elementsNamed(
      '<workbook xmlns:r="r"><sheets><sheet name="Plan" sheetId="1" r:id="rId3"/></sheets></workbook>',
      "sheet",
    );
    expect(sheet).toEqual({ name: "Plan", sheetId: "1", "r:id": "rId3" });
    expect(attributeNamed(sheet!, "id")).toBe("rId3");
    expect(attributeNamed(sheet!, "name")).toBe("Plan");
    expect(attributeNamed(sheet!, "ref")).toBeUndefined();
  });
});

describe("decodeOoxmlEscapes", () => {
  it("decodes _xHHHH_ and leaves other underscores alone", () => {
    expect(decodeOoxmlEscapes("Linje 1_x000D_ og _x005F_x000D_ og a_b")).toBe("Linje 1\r og _x000D_ og a_b");
  });
});

describe("locateXml", () => {
  it("gives each tag's start and end index in the string, whatever lies around and inside the tags", () => {
    const xml = `\uFEFF<?xml version="1.0"?>\r\n<x:a xmlns:x="u"><!-- <b/> --><x:b k="1 > 0"/>\r\n<c\r\n>ø<![CDATA[</c>]]></c ></x:a>`;
    const tags: string[] = [];
    locateXml(xml, {
      open: (name, _, tag) =>
        tags.push(`${name} ${tag.prefix}${tag.selfClosing ? " /" : ""}: ${xml.slice(tag.start, tag.end)}`),
      close: (name, tag) => tags.push(`/${name}: ${xml.slice(tag.start, tag.end)}`),
    });
    expect(tags).toEqual([
      'a x:: <x:a xmlns:x="u">',
      'b x: /: <x:b k="1 > 0"/>',
      '/b: <x:b k="1 > 0"/>',
      "c : <c\r\n>",
      "/c: </c >",
      "/a: </x:a>",
    ]);
  });

  it("throws on XML that is not well-formed", () => {
    expect(() => locateXml("<a><b></a>", { open: () => {}, close: () => {} })).toThrow();
  });
});
