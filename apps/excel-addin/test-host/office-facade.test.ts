// The Office.js facade: strict like Excel. The batches below are written against @types/office-js, as the adapter is.
import { describe, expect, it } from "vitest";
import { ErrorCodes, OfficeError, TestHostError } from "./errors";
import { ADDRESS_LIMIT, PAYLOAD_LIMIT_BYTES, createOfficeFacade, type WorksheetChangedEvent } from "./office-facade";
import { workbookFor } from "./host";
import type { Workbook } from "./workbook-model";

function facadeOver(workbook: Workbook, api?: string) {
  const facade = createOfficeFacade(workbook, api === undefined ? {} : { api });
  return {
    facade,
    Office: facade.Office as unknown as typeof Office,
    Excel: facade.Excel as unknown as typeof Excel,
  };
}

const demo = () => facadeOver(workbookFor("demo"));
const pause = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

async function codeOf(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === "function" ? work() : work);
  } catch (error) {
    if (error instanceof OfficeError) return error.code;
    throw error;
  }
  return "no error";
}

/** Collects the WorksheetChanged events the facade delivers. */
async function listen(Excel: typeof globalThis.Excel): Promise<WorksheetChangedEvent[]> {
  const events: WorksheetChangedEvent[] = [];
  await Excel.run(async (context) => {
    context.workbook.worksheets.onChanged.add(async (event) => {
      events.push(event as unknown as WorksheetChangedEvent);
      return Promise.resolve();
    });
    await context.sync();
  });
  return events;
}

describe("loading and syncing", () => {
  it("throws PropertyNotLoaded for a property read before load, and before the sync after load", async () => {
    const { Excel } = demo();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("D4:E5");
      expect(() => range.values).toThrow(OfficeError);
      expect(await codeOf(() => range.values)).toBe(ErrorCodes.propertyNotLoaded);
      range.load("values, address");
      expect(await codeOf(() => range.values)).toBe(ErrorCodes.propertyNotLoaded);
      await context.sync();
      expect(range.values).toEqual([
        [450000, 450000],
        [120000, 120000],
      ]);
      expect(range.address).toBe("Budget!D4:E5");
      expect(await codeOf(() => range.rowCount)).toBe(ErrorCodes.propertyNotLoaded);
      const error = (() => {
        try {
          return range.formulas;
        } catch (thrown) {
          return thrown as OfficeError;
        }
      })() as OfficeError;
      expect(error).toMatchObject({ name: "RichApi.Error", code: "PropertyNotLoaded" });
      expect(error.debugInfo.code).toBe("PropertyNotLoaded");
    });
  });

  it("loads paths, arrays, objects and everything", async () => {
    const { Excel } = demo();
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("A1");
      range.load(["format/font/bold", "numberFormat"]);
      const cell = context.workbook.worksheets.getItem("Budget").getRange("D4");
      cell.load({ format: { fill: { color: true } }, values: true });
      const table = context.workbook.tables.getItemOrNullObject("Udgifter");
      table.load();
      await context.sync();
      expect(range.format.font.bold).toBe(true);
      expect(range.numberFormat).toEqual([["General"]]);
      expect(cell.format.fill.color).toBe("#FFFFFF");
      expect(cell.values).toEqual([[450000]]);
      expect(table.name).toBe("Udgifter");
      expect(table.showTotals).toBe(true);
    });
  });

  it("applies writes only at sync, in order, and keeps a set value readable as Office.js does", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const budget = workbook.requireSheet("Budget");
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("E7");
      const before = context.workbook.worksheets.getItem("Budget").getRange("H7");
      before.load("values");
      range.values = [[1000]];
      const after = context.workbook.worksheets.getItem("Budget").getRange("H7");
      after.load("values");
      expect(workbook.value(budget, 6, 4)).toBe(150000);
      expect(range.values).toEqual([[1000]]);
      await context.sync();
      expect(workbook.value(budget, 6, 4)).toBe(1000);
      expect(before.values).toEqual([[600000]]);
      expect(after.values).toEqual([[451000]]);
    });
  });

  it("flushes queued writes with one more sync at the end of Excel.run, and counts every sync", async () => {
    const { Excel, facade } = demo();
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Budget").getRange("E7").values = [[1]];
      await context.sync();
      context.workbook.worksheets.getItem("Budget").getRange("E8").values = [[2]];
    });
    expect(facade.syncs).toBe(2);
    await Excel.run(async () => Promise.resolve());
    expect(facade.syncs).toBe(2);
    const values = await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("E7:E8");
      range.load("values");
      await context.sync();
      return range.values;
    });
    expect(values).toEqual([[1], [2]]);
    expect(facade.syncs).toBe(3);
  });

  it("refuses a request over 5 MB and applies nothing of it", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const sheet = workbook.addSheet("Stor");
    const text = "x".repeat(1000);
    const rows = Math.ceil(PAYLOAD_LIMIT_BYTES / 1000 / 10) + 1;
    const big = Array.from({ length: rows }, () => Array.from({ length: 10 }, () => text));
    const code = await codeOf(
      Excel.run(async (context) => {
        const stor = context.workbook.worksheets.getItem("Stor");
        stor.getRange("A1").values = [["først"]];
        stor.getRange(`A2:J${rows + 1}`).values = big;
        await context.sync();
      }),
    );
    expect(code).toBe(ErrorCodes.requestPayloadSizeLimitExceeded);
    expect(workbook.value(sheet, 0, 0)).toBe("");
    // Just under the limit goes through.
    const under = big.slice(0, Math.floor(rows / 2));
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Stor").getRange(`A1:J${under.length}`).values = under;
      await context.sync();
    });
    expect(workbook.value(sheet, 0, 0)).toBe(text);
  });

  it("throws InvalidArgument at the call for an address over 8,192 characters", async () => {
    const { Excel } = demo();
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("Budget");
      const cells = Array.from({ length: 2000 }, (_, index) => `A${index + 1}`).join(",");
      expect(cells.length).toBeGreaterThan(ADDRESS_LIMIT);
      expect(await codeOf(() => sheet.getRange(cells))).toBe(ErrorCodes.invalidArgument);
      expect(await codeOf(() => sheet.getRange("A1:B2"))).toBe("no error");
      await context.sync();
    });
  });

  it("answers isNullObject only after a sync, for …OrNullObject proxies", async () => {
    const { Excel } = demo();
    await Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Findes ikke");
      const present = context.workbook.tables.getItemOrNullObject("udgifter");
      const name = context.workbook.names.getItemOrNullObject("hh_mark_Udgifter");
      expect(await codeOf(() => missing.isNullObject)).toBe(ErrorCodes.propertyNotLoaded);
      present.load("name");
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
      expect(present.name).toBe("Udgifter");
      expect(name.isNullObject).toBe(true);
      // A null object's children are null too: their loads do nothing.
      const range = context.workbook.tables.getItemOrNullObject("Findes").getRange();
      range.load("values");
      await context.sync();
      expect(range.isNullObject).toBe(true);
    });
  });

  it("fails a sync on a missing sheet with ItemNotFound, after the commands before it", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const code = await codeOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Budget").getRange("E7").values = [[9]];
        context.workbook.worksheets.getItem("Findes ikke").getRange("A1").values = [[1]];
        await context.sync();
      }),
    );
    expect(code).toBe(ErrorCodes.itemNotFound);
    expect(workbook.value(workbook.requireSheet("Budget"), 6, 4)).toBe(9);
  });

  it("refuses a write whose shape does not match the range, and a formula Excel would refuse", async () => {
    const { Excel } = demo();
    const write = (address: string, formulas: unknown) =>
      codeOf(
        Excel.run(async (context) => {
          context.workbook.worksheets.getItem("Budget").getRange(address).formulas = formulas as string[][];
          await context.sync();
        }),
      );
    expect(await write("A1:B1", [["a"]])).toBe(ErrorCodes.invalidArgument);
    expect(await write("A30", [["=SUM(A1:A2"]])).toBe(ErrorCodes.invalidArgument);
    expect(await write("A30", [["=Findes[2014]"]])).toBe(ErrorCodes.invalidArgument);
    expect(await write("A30", [["=SUM(Udgifter[2014])"]])).toBe("no error");
    expect(await write("A31:B31", "samme")).toBe("no error");
  });

  it("refuses the API's writes to a protected sheet with AccessDenied", async () => {
    const { Excel } = demo();
    const code = await codeOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Overblik").getRange("B14").values = [[3]];
        await context.sync();
      }),
    );
    expect(code).toBe(ErrorCodes.accessDenied);
    await Excel.run(async (context) => {
      const overview = context.workbook.worksheets.getItem("Overblik");
      overview.protection.unprotect();
      overview.getRange("B14").values = [[3]];
      overview.protection.protect();
      await context.sync();
    });
  });

  it("does not provide members outside the subset, and leaves members above the claimed sets absent", async () => {
    const { Excel, Office } = facadeOver(workbookFor("demo"), "1.9");
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Budget").getRange("A1");
      expect(() => (range as unknown as { getUsedRange(): unknown }).getUsedRange()).toThrow(TestHostError);
      expect(() => (context as unknown as { trackedObjects: unknown }).trackedObjects).toThrow(TestHostError);
      await context.sync();
    });
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.9")).toBe(true);
    expect(Office.context.requirements.isSetSupported("ExcelApi", "1.14")).toBe(false);
    expect(Office.context.requirements.isSetSupported("WordApi", "1.1")).toBe(false);
    expect((Excel as unknown as { EventTriggerSource?: unknown }).EventTriggerSource).toBeUndefined();
    const older = facadeOver(workbookFor("demo"), "1.6");
    await older.Excel.run(async (context) => {
      expect(context.workbook.worksheets.onChanged).toBeUndefined();
      expect(context.workbook.worksheets.getItem("Budget").getRange("A1").dataValidation).toBeUndefined();
      await context.sync();
    });
    expect(await Office.onReady()).toEqual({ host: "Excel", platform: "OfficeOnline" });
  });

  it("refuses a batch while a cell is edited unless it asks to wait (delayForCellEdit)", async () => {
    const { Excel, facade } = demo();
    facade.setCellEditMode(true);
    expect(await codeOf(Excel.run(async (context) => context.sync()))).toBe(ErrorCodes.invalidOperationInCellEditMode);
    let ran = false;
    const waiting = Excel.run({ delayForCellEdit: true }, async (context) => {
      ran = true;
      await context.sync();
    });
    await pause(5);
    expect(ran).toBe(false);
    facade.setCellEditMode(false);
    await waiting;
    expect(ran).toBe(true);
  });
});

describe("events", () => {
  it("fire for the add-in's own writes after the sync, one per written range, from ThisLocalAddin", async () => {
    const { Excel, facade } = demo();
    const events = await listen(Excel);
    await Excel.run(async (context) => {
      const budget = context.workbook.worksheets.getItem("Budget");
      budget.getRange("D4:E5").values = [
        [1, 2],
        [3, 4],
      ];
      budget.getRange("G4").formulas = [["=1+1"]];
      await context.sync();
      expect(events).toEqual([]);
    });
    await pause(5);
    expect(facade.eventsInFlight).toBe(0);
    expect(events.map((event) => [event.address, event.triggerSource, event.details === undefined])).toEqual([
      ["D4:E5", "ThisLocalAddin", true],
      ["G4", "ThisLocalAddin", false],
    ]);
    expect(events[0]).toMatchObject({ type: "WorksheetChanged", changeType: "RangeEdited", source: "Local" });
  });

  it("fire for a user's edit: one event for the block, triggerSource Unknown; none below 1.14", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const events = await listen(Excel);
    const budget = workbook.requireSheet("Budget");
    facade.userChanged(budget, { row: 6, column: 4, rows: 3, columns: 4 });
    facade.userChanged(budget, { row: 6, column: 4, rows: 1, columns: 1 }, 150000);
    await pause(5);
    expect(events).toHaveLength(2);
    expect(events[0]).toEqual({
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: "Local",
      worksheetId: budget.id,
      address: "E7:H9",
      triggerSource: "Unknown",
    });
    expect(events[1]?.details).toEqual({
      valueBefore: 150000,
      valueAfter: 150000,
      valueTypeBefore: "Double",
      valueTypeAfter: "Double",
    });

    const older = facadeOver(workbookFor("demo"), "1.9");
    const olderEvents = await listen(older.Excel);
    await older.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Budget").getRange("E7").values = [[5]];
      await context.sync();
    });
    await pause(5);
    expect(olderEvents).toHaveLength(1);
    expect("triggerSource" in olderEvents[0]!).toBe(false);
  });

  it("register at sync and stop after remove (at the next sync)", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const budget = workbook.requireSheet("Budget");
    const events: unknown[] = [];
    await Excel.run(async (context) => {
      const registration = context.workbook.worksheets.onChanged.add(async (event) => {
        events.push(event);
        return Promise.resolve();
      });
      facade.userChanged(budget, { row: 0, column: 0, rows: 1, columns: 1 });
      await pause(5);
      expect(events).toHaveLength(0);
      await context.sync();
      facade.userChanged(budget, { row: 0, column: 0, rows: 1, columns: 1 });
      await pause(5);
      expect(events).toHaveLength(1);
      registration.remove();
      await context.sync();
    });
    facade.userChanged(budget, { row: 0, column: 0, rows: 1, columns: 1 });
    await pause(5);
    expect(events).toHaveLength(1);
  });

  it("fire a selection change on the collection (1.9) and on its sheet (1.7) with Office.js' shape", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const budget = workbook.requireSheet("Budget");
    const plan = workbook.requireSheet("Plan");
    const all: unknown[] = [];
    const onBudget: unknown[] = [];
    await Excel.run(async (context) => {
      context.workbook.worksheets.onSelectionChanged.add(async (event) => {
        all.push(event);
        return Promise.resolve();
      });
      context.workbook.worksheets.getItem("Budget").onSelectionChanged.add(async (event) => {
        onBudget.push(event);
        return Promise.resolve();
      });
      await context.sync();
    });
    facade.selectionChanged(budget, { row: 6, column: 4, rows: 3, columns: 4 });
    facade.selectionChanged(plan, { row: 1, column: 1, rows: 1, columns: 1 });
    await pause(5);
    expect(all).toEqual([
      { type: "WorksheetSelectionChanged", worksheetId: budget.id, address: "E7:H9" },
      { type: "WorksheetSelectionChanged", worksheetId: plan.id, address: "B2" },
    ]);
    expect(onBudget).toEqual([{ type: "WorksheetSelectionChanged", worksheetId: budget.id, address: "E7:H9" }]);
  });

  it("fire a selection change for the add-in's own range.select(), after the sync", async () => {
    const { Excel, facade } = demo();
    const budget = (facade as unknown as { workbook: Workbook }).workbook.requireSheet("Budget");
    const events: unknown[] = [];
    await Excel.run(async (context) => {
      context.workbook.worksheets.onSelectionChanged.add(async (event) => {
        events.push(event);
        return Promise.resolve();
      });
      await context.sync();
      context.workbook.worksheets.getItem("Budget").getRange("F19").select();
      await pause(5);
      expect(events).toEqual([]);
      await context.sync();
    });
    await pause(5);
    expect(events).toEqual([{ type: "WorksheetSelectionChanged", worksheetId: budget.id, address: "F19" }]);
  });

  it("leave the selection events absent below their requirement sets", async () => {
    const older = facadeOver(workbookFor("demo"), "1.8");
    await older.Excel.run(async (context) => {
      expect(context.workbook.worksheets.onSelectionChanged).toBeUndefined();
      expect(context.workbook.worksheets.getItem("Budget").onSelectionChanged).toBeDefined();
      await context.sync();
    });
    const oldest = facadeOver(workbookFor("demo"), "1.6");
    await oldest.Excel.run(async (context) => {
      expect(context.workbook.worksheets.getItem("Budget").onSelectionChanged).toBeUndefined();
      await context.sync();
    });
  });
});

describe("tables, names and conditional formats through Office.js", () => {
  it("deletes a sheet as Excel does: its tables and formats go, names and formulas into it read #REF!", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    const budgetId = workbook.requireSheet("Budget").id;
    expect(workbook.validations.filter((validation) => validation.sheetId === budgetId)).not.toEqual([]);
    await Excel.run(async (context) => {
      const names = context.workbook.names;
      names.add("hh_tbl_Udgifter", "=Udgifter[#All]");
      names.add("Beloeb", "=Budget!$E$4:$E$5");
      const notes = context.workbook.worksheets.add("Noter");
      notes.getRange("A1:B1").formulas = [["=Budget!E4", "=SUM(Udgifter[2014])"]];
      await context.sync();
      context.workbook.worksheets.getItem("Budget").delete();
      await context.sync();
      const table = context.workbook.tables.getItemOrNullObject("Udgifter");
      table.load("name");
      const reading = notes.getRange("A1:B1");
      reading.load("values");
      const name = names.getItemOrNullObject("Beloeb");
      name.load("formula");
      await context.sync();
      expect(table.isNullObject).toBe(true);
      expect(reading.values).toEqual([["#REF!", "#REF!"]]);
      expect(name.formula).toBe("=#REF!");
    });
    expect(workbook.sheet("Budget")).toBeUndefined();
    expect(workbook.name("hh_tbl_Udgifter")?.formula).toBe("=#REF!");
    expect(workbook.validations.filter((validation) => validation.sheetId === budgetId)).toEqual([]);
    // A broken name is still a name: it cannot be added again until it is deleted.
    const again = Excel.run(async (context) => {
      context.workbook.names.add("hh_tbl_Udgifter", "=Plan!$A$1");
      await context.sync();
    });
    expect(await codeOf(again)).toBe(ErrorCodes.itemAlreadyExists);
  });

  it("refuses to delete a very hidden sheet or the last visible one", async () => {
    const { Excel } = demo();
    const veryHidden = Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("hh_markeringer");
      sheet.visibility = Excel.SheetVisibility.veryHidden;
      await context.sync();
      sheet.delete();
      await context.sync();
    });
    expect(await codeOf(veryHidden)).toBe(ErrorCodes.invalidOperation);
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.getItem("hh_markeringer");
      sheet.visibility = Excel.SheetVisibility.hidden;
      sheet.delete();
      await context.sync();
    });
    const empty = facadeOver(workbookFor("empty"));
    const last = empty.Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Ark1").delete();
      await context.sync();
    });
    expect(await codeOf(last)).toBe(ErrorCodes.invalidOperation);
  });

  it("lays a table with a totals row whose structured references compute", async () => {
    const { Excel, facade } = facadeOver(workbookFor("empty"));
    const address = await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Budget");
      sheet.getRange("A3:C3").values = [["Kilde", "2014", "I alt"]];
      sheet.getRange("A4:C5").formulas = [
        ["Landsbyggefonden", 100, "=SUM(B4:B4)"],
        ["Boligorganisationen", 50.5, "=SUM(B5:B5)"],
      ];
      const table = sheet.tables.add("A3:C5", true);
      table.name = "Finansiering";
      table.showTotals = true;
      table.getTotalRowRange().formulas = [
        ["I alt", "=SUBTOTAL(109,Finansiering[2014])", "=SUBTOTAL(109,Finansiering[I alt])"],
      ];
      const range = table.getRange();
      range.load("address, values");
      const header = table.getHeaderRowRange();
      header.load("values");
      await context.sync();
      expect(header.values).toEqual([["Kilde", "2014", "I alt"]]);
      expect(range.values[3]).toEqual(["I alt", 150.5, 150.5]);
      return range.address;
    });
    expect(address).toBe("Budget!A3:C6");
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    expect(workbook.tables.map((table) => table.name)).toEqual(["Finansiering"]);
  });

  it("marks cells through a very hidden flag sheet, a name and INDEX conditional formats, never the user's fill", async () => {
    const { Excel, facade } = demo();
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    await Excel.run(async (context) => {
      const marks = context.workbook.worksheets.add("hh_markeringer");
      marks.visibility = Excel.SheetVisibility.veryHidden;
      marks.getRange("A1:H12").values = Array.from({ length: 12 }, (_, row) =>
        Array.from({ length: 8 }, (_, column) => (row === 4 && column === 4 ? 2 : row === 1 && column === 0 ? 1 : 0)),
      );
      context.workbook.names.add("hh_mark_Udgifter", "='hh_markeringer'!$A$1:$CV$5100");
      context.workbook.names.add("hh_tbl_Udgifter", "=Udgifter[#All]");
      const target = context.workbook.worksheets.getItem("Budget").getRange("A3:H14");
      for (const [flag, fill, font] of [
        [2, "#FFC7CE", "#9C0006"],
        [1, "#FFEB9C", "#9C5700"],
      ] as const) {
        const format = target.conditionalFormats.add(Excel.ConditionalFormatType.custom);
        format.custom.rule.formula = `=INDEX(hh_mark_Udgifter,ROW()-ROW(hh_tbl_Udgifter)+1,COLUMN()-COLUMN(hh_tbl_Udgifter)+1)=${flag}`;
        format.custom.format.fill.color = fill;
        format.custom.format.font.color = font;
      }
      const named = context.workbook.names.getItemOrNullObject("hh_tbl_Udgifter");
      named.load("formula");
      await context.sync();
      expect(named.formula).toBe("=Udgifter[#All]");
    });
    expect(workbook.marked()).toEqual(["Budget!A4", "Budget!E7"]);
    expect(workbook.conditionalLook(workbook.requireSheet("Budget"), 6, 4)).toEqual({
      fill: "#FFC7CE",
      fontColor: "#9C0006",
    });
    const fill = await Excel.run(async (context) => {
      const cell = context.workbook.worksheets.getItem("Budget").getRange("E7");
      cell.format.fill.load("color");
      await context.sync();
      return cell.format.fill.color;
    });
    expect(fill).toBe("#FFFFFF");
    // Conditional formats cannot use structured references.
    const code = await codeOf(
      Excel.run(async (context) => {
        const format = context.workbook.worksheets
          .getItem("Budget")
          .getRange("D4")
          .conditionalFormats.add(Excel.ConditionalFormatType.custom);
        format.custom.rule.formula = "=D4>SUM(Udgifter[2014])";
        await context.sync();
      }),
    );
    expect(code).toBe(ErrorCodes.invalidArgument);
  });

  it("sets column widths on whole columns, validation, freeze panes, selection and activation", async () => {
    const { Excel, facade } = facadeOver(workbookFor("empty"));
    const workbook = (facade as unknown as { workbook: Workbook }).workbook;
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Plan");
      sheet.getRange("B:B").format.columnWidth = 60;
      const range = sheet.getRange("B11:B12");
      range.dataValidation.rule = {
        wholeNumber: { operator: Excel.DataValidationOperator.between, formula1: 1900, formula2: 2999 },
      };
      range.dataValidation.ignoreBlanks = true;
      range.dataValidation.errorAlert = {
        showAlert: true,
        style: Excel.DataValidationAlertStyle.stop,
        title: "Årstal",
        message: "Skriv et årstal.",
      };
      sheet.freezePanes.freezeRows(3);
      sheet.activate();
      sheet.getRange("B5").select();
      const column = sheet.getRange("B:B");
      column.load("address");
      await context.sync();
      expect(column.address).toBe("Plan!B:B");
    });
    const plan = workbook.requireSheet("Plan");
    expect(workbook.columnWidth(plan, 1)).toBe(60);
    expect(plan.frozenRows).toBe(3);
    expect(workbook.validationAt(plan, 10, 1)?.rule).toEqual({
      wholeNumber: { operator: "Between", formula1: 1900, formula2: 2999 },
    });
    expect(workbook.activeSheet.name).toBe("Plan");
    expect(workbook.selection?.rect).toEqual({ row: 4, column: 1, rows: 1, columns: 1 });
    const bad = await codeOf(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Plan").getRange("A1").dataValidation.rule = {
          decimal: { formula1: 0 },
        } as Excel.DataValidationRule;
        await context.sync();
      }),
    );
    expect(bad).toBe(ErrorCodes.invalidArgument);
  });
});
