// stampCells edits only the cells it is given, in whatever shape a spreadsheet program wrote
// the sheet: cells present or absent, self-closing rows, namespace prefixes, odd sheet names,
// markup that only a parser tells apart from rows and cells.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { WorkbookReadError } from "./read-error";
import { stampCells } from "./stamp-cells";

const SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A minimal package: a workbook naming one sheet `sheetName` whose part holds `sheetData`. */
async function workbook(
  sheetName: string,
  sheetData: string,
  options: { prefix?: string; absoluteTarget?: boolean } = {},
): Promise<Buffer> {
  const p = options.prefix ?? "";
  const ns = p === "" ? `xmlns="${SHEET_NS}"` : `xmlns:${p.slice(0, -1)}="${SHEET_NS}"`;
  const zip = new JSZip();
  zip.file(
    "xl/workbook.xml",
    `<workbook xmlns="${SHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
      `<sheet name="Andet" sheetId="1" r:id="rId1"/><sheet name="${sheetName}" sheetId="2" r:id="rId2"/></sheets></workbook>`,
  );
  const target = options.absoluteTarget ? "/xl/worksheets/sheet2.xml" : "worksheets/sheet2.xml";
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="…/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="…/worksheet" Target="${target}"/></Relationships>`,
  );
  zip.file("xl/worksheets/sheet1.xml", `<worksheet ${ns}><${p}sheetData/></worksheet>`);
  zip.file(
    "xl/worksheets/sheet2.xml",
    `<${p}worksheet ${ns}><${p}sheetData>${sheetData}</${p}sheetData></${p}worksheet>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

async function part(bytes: Buffer, path: string): Promise<string> {
  return (await JSZip.loadAsync(bytes)).file(path)!.async("string");
}

/** The package with its sheet part replaced by `content`. */
async function withSheetPart(bytes: Buffer, content: string | Buffer): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  zip.file("xl/worksheets/sheet2.xml", content);
  return zip.generateAsync({ type: "nodebuffer" });
}

const sheetData = async (bytes: Buffer) =>
  /<(?:\w+:)?sheetData>([\s\S]*)<\/(?:\w+:)?sheetData>/.exec(await part(bytes, "xl/worksheets/sheet2.xml"))?.[1];

describe("stampCells", () => {
  it("replaces a cell's value, keeping its style and dropping its old type, formula and value", async () => {
    const bytes = await workbook(
      "Plan",
      `<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" s="7" t="s"><f>A4</f><v>1</v></c></row>` +
        `<row r="14"><c r="A14" t="s"><v>2</v></c><c r="B14" s="3"/></row>`,
    );
    const stamped = await stampCells(bytes, "Plan", [
      { address: "B4", value: "6f1c1f9e-8c1b-4c1e-9e1a-1a2b3c4d5e6f" },
      { address: "B14", value: 3 },
    ]);
    expect(await sheetData(stamped)).toBe(
      `<row r="4"><c r="A4" t="s"><v>0</v></c><c r="B4" s="7" t="inlineStr"><is><t>6f1c1f9e-8c1b-4c1e-9e1a-1a2b3c4d5e6f</t></is></c></row>` +
        `<row r="14"><c r="A14" t="s"><v>2</v></c><c r="B14" s="3"><v>3</v></c></row>`,
    );
  });

  it("inserts a missing cell in column order, or at the end of its row; a self-closing row gets content", async () => {
    const bytes = await workbook(
      "Plan",
      `<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row><row r="3" spans="1:2"/>`,
    );
    const stamped = await stampCells(bytes, "Plan", [
      { address: "B2", value: 2 },
      { address: "D2", value: 4 },
      { address: "B3", value: "x" },
    ]);
    expect(await sheetData(stamped)).toBe(
      `<row r="2"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c><c r="C2"><v>3</v></c><c r="D2"><v>4</v></c></row>` +
        `<row r="3" spans="1:2"><c r="B3" t="inlineStr"><is><t>x</t></is></c></row>`,
    );
  });

  it("places cells without an address after the cell before them", async () => {
    const bytes = await workbook("Plan", `<row r="5"><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row>`);
    const stamped = await stampCells(bytes, "Plan", [{ address: "B5", value: 9 }]);
    expect(await sheetData(stamped)).toBe(`<row r="5"><c><v>1</v></c><c r="B5"><v>9</v></c><c><v>3</v></c></row>`);
  });

  it("keeps a namespace prefix, finds a sheet whose name needs escaping through an absolute target, escapes text", async () => {
    const bytes = await workbook("Plan &amp; budget", `<x:row r="4"><x:c r="B4" s="2"><x:v>1</x:v></x:c></x:row>`, {
      prefix: "x:",
      absoluteTarget: true,
    });
    const stamped = await stampCells(bytes, "Plan & budget", [{ address: "B4", value: "<a & b>" }]);
    expect(await sheetData(stamped)).toBe(
      `<x:row r="4"><x:c r="B4" s="2" t="inlineStr"><x:is><x:t>&lt;a &amp; b&gt;</x:t></x:is></x:c></x:row>`,
    );
    await expect(stampCells(bytes, "Plan", [{ address: "B4", value: 1 }])).rejects.toThrow(/no sheet Plan/);
  });

  it("leaves every other part as it was and refuses a row that is not there", async () => {
    const bytes = await workbook("Plan", `<row r="4"><c r="B4"><v>1</v></c></row>`);
    const stamped = await stampCells(bytes, "Plan", [{ address: "B4", value: 2 }]);
    for (const path of ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"]) {
      expect(await part(stamped, path)).toBe(await part(bytes, path));
    }
    await expect(stampCells(bytes, "Plan", [{ address: "B9", value: 2 }])).rejects.toThrow(/no row 9/);
  });

  it("finds rows and cells as the parser does: not in comments or CDATA, with line breaks and blanks in tags, rows without a number", async () => {
    const bytes = await workbook(
      "Plan",
      `<!-- <row r="4"><c r="B4"><v>0</v></c></row> --><row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<row r="4">]]></t></is></c></row>` +
        `<row><c\r\n r="B4"\ts="5" x="a>b"><v>1</v></c\n></row ><row><c r="A5"><v>2</v></c></row>`,
    );
    const stamped = await stampCells(bytes, "Plan", [
      { address: "B4", value: 7 },
      { address: "B5", value: "ny" },
    ]);
    expect(await sheetData(stamped)).toBe(
      `<!-- <row r="4"><c r="B4"><v>0</v></c></row> --><row r="3"><c r="A3" t="inlineStr"><is><t><![CDATA[<row r="4">]]></t></is></c></row>` +
        `<row><c r="B4" s="5"><v>7</v></c></row ><row><c r="A5"><v>2</v></c><c r="B5" t="inlineStr"><is><t>ny</t></is></c></row>`,
    );
  });

  it("keeps the sheet part's declaration and byte-order mark, and gives a cell stamped twice its last value", async () => {
    const declaration = `\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n`;
    const bytes = await withSheetPart(
      await workbook("Plan", ""),
      `${declaration}<worksheet xmlns="${SHEET_NS}"><sheetData><row r="1"/></sheetData></worksheet>`,
    );
    const stamped = await stampCells(bytes, "Plan", [
      { address: "A1", value: 1 },
      { address: "A1", value: 2 },
    ]);
    const raw = await (await JSZip.loadAsync(stamped)).file("xl/worksheets/sheet2.xml")!.async("uint8array");
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw)).toBe(
      `${declaration}<worksheet xmlns="${SHEET_NS}"><sheetData><row r="1"><c r="A1"><v>2</v></c></row></sheetData></worksheet>`,
    );
  });

  it.each([
    [
      "a sheet part that is not well-formed",
      async () =>
        withSheetPart(await workbook("Plan", ""), `<worksheet><sheetData><row r="4"></sheetData></worksheet>`),
    ],
    [
      "a sheet part that is no UTF-8",
      async () =>
        withSheetPart(
          await workbook("Plan", ""),
          Buffer.concat([Buffer.from("<worksheet>"), Buffer.from([0xf8]), Buffer.from("</worksheet>")]),
        ),
    ],
    [
      "a workbook part that is not well-formed",
      async () => {
        const zip = await JSZip.loadAsync(await workbook("Plan", `<row r="4"/>`));
        zip.file("xl/workbook.xml", `<workbook><sheets><sheet name="Plan" r:id="rId2"></sheets>`);
        return zip.generateAsync({ type: "nodebuffer" });
      },
    ],
    ["bytes that are no zip", () => Promise.resolve(Buffer.from("Plan-ID;Version\n"))],
  ])("refuses %s as a corrupt workbook", async (_, bytes) => {
    const refusal = await stampCells(await bytes(), "Plan", [{ address: "B4", value: 1 }]).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(WorkbookReadError);
    expect(refusal).toMatchObject({ reason: "corrupt" });
  });
});
