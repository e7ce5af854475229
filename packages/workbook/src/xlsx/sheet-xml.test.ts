import { describe, expect, it } from "vitest";
import type { CellValue } from "../grid";
import { dateFormatsOfStyles, scanSheet, sharedStrings } from "./sheet-xml";

/** Every cell of a sheet part as `address → [value, date format]`, with the merged ranges. */
async function cellsOf(
  sheetData: string,
  options: { strings?: string[]; dateFormats?: (string | undefined)[]; tail?: string; prefix?: string } = {},
) {
  const cells: Record<string, [CellValue, string | undefined]> = {};
  const p = options.prefix ?? "";
  const xml = `<?xml version="1.0"?><${p}worksheet xmlns="x"><${p}sheetData>${sheetData}</${p}sheetData>${options.tail ?? ""}</${p}worksheet>`;
  const merged = await scanSheet(xml, options.strings ?? [], options.dateFormats ?? [], {
    wantsRow: () => true,
    cell: (row, column, value, dateFormat) =>
      (cells[`${String.fromCharCode(64 + column)}${row}`] = [value, dateFormat]),
  });
  return { cells, merged };
}

describe("sharedStrings", () => {
  it("reads plain and rich text, decodes entities and _xHHHH_, and leaves out phonetic guides", async () => {
    const xml =
      '<sst count="4"><si><t>Løn</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Børn, </t></r><r><t>unge &amp; familie</t></r></si>' +
      '<si><t/></si><si><t>Linje 1_x000D_\nLinje 2</t><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si></sst>';
    expect(await sharedStrings(xml)).toEqual(["Løn", "Børn, unge & familie", "", "Linje 1\r\nLinje 2"]);
  });
});

describe("dateFormatsOfStyles", () => {
  it("knows which cell styles show a date: built-in ids and custom codes, but not the cell style xfs", async () => {
    const xml =
      '<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="#,##0.00"/><numFmt numFmtId="165" formatCode="dd-mm-yyyy"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14"><alignment/></xf><xf numFmtId="165"/><xf/></cellXfs></styleSheet>';
    expect(await dateFormatsOfStyles(xml)).toEqual([undefined, undefined, "dd-mm-yyyy", "dd-mm-yyyy", undefined]);
  });
});

describe("scanSheet", () => {
  it("reads each cell type as Range.values gives it", async () => {
    const { cells } = await cellsOf(
      '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><v>1234.5</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#REF!</v></c>' +
        '<c r="E1" t="inlineStr"><is><t>A &lt; B</t></is></c><c r="F1" t="str"><f>A1&amp;"x"</f><v>Lønx</v></c><c r="G1"><f>1/0</f><v>#DIV/0!</v></c></row>' +
        '<row r="2"><c r="A2" t="e"><f>Z99</f><v>#REF!</v></c><c r="B2"><f>SUM(B1)</f><v>1234.5</v></c><c r="C2"><f>100*2</f></c><c r="D2" s="3"/><c r="E2" s="2"><v>42005</v></c><c r="F2" t="d"><v>2015-01-01T00:00:00Z</v></c></row>',
      { strings: ["Sundhed", "Løn"], dateFormats: [undefined, undefined, "dd-mm-yyyy"] },
    );
    expect(cells).toEqual({
      A1: ["Løn", undefined],
      B1: [1234.5, undefined],
      C1: [true, undefined],
      D1: ["#REF!", undefined],
      E1: ["A < B", undefined],
      F1: ["Lønx", undefined],
      G1: ["#DIV/0!", undefined],
      A2: ["#REF!", undefined],
      B2: [1234.5, undefined],
      C2: ["=100*2", undefined],
      E2: [42005, "dd-mm-yyyy"],
      F2: [42005, "dd-mm-yyyy"],
    });
  });

  it("places cells and rows without an r attribute after the previous one, and reads prefixed elements", async () => {
    const { cells } = await cellsOf(
      '<x:row r="3"><x:c><x:v>1</x:v></x:c><x:c r="C3"><x:v>3</x:v></x:c><x:c><x:v>4</x:v></x:c></x:row><x:row><x:c><x:v>5</x:v></x:c></x:row>',
      {
        prefix: "x:",
      },
    );
    expect(cells).toEqual({ A3: [1, undefined], C3: [3, undefined], D3: [4, undefined], A4: [5, undefined] });
  });

  it("decodes only the wanted rows and returns the merged ranges", async () => {
    const wanted: number[] = [];
    const xml =
      '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="D10:E10"/></mergeCells></worksheet>';
    const merged = await scanSheet(xml, [], [], { wantsRow: (row) => row === 2, cell: (row) => wanted.push(row) });
    expect(wanted).toEqual([2]);
    expect(merged).toEqual(["D10:E10"]);
  });

  it("reads indented XML and inline rich text: whitespace between elements is no cell text, phonetic guides are left out", async () => {
    const { cells } = await cellsOf(
      '\n  <row r="1">\n    <c r="A1" t="inlineStr">\n      <is><r><t xml:space="preserve">Børn, </t></r><r><t>unge</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is>\n    </c>' +
        '\n    <c r="B1">\n      <f>SUM(1,2)</f>\n      <v>3</v>\n    </c>\n  </row>\n',
    );
    expect(cells).toEqual({ A1: ["Børn, unge", undefined], B1: [3, undefined] });
  });

  it("keeps text that is not a number as text", async () => {
    expect((await cellsOf('<row r="1"><c r="A1"><v>abc</v></c><c r="B1"><v></v></c></row>')).cells).toEqual({
      A1: ["abc", undefined],
      B1: ["", undefined],
    });
  });
});
