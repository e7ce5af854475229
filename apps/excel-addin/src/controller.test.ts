// The controller's timing and its answers, over a workbook port that records what it is asked:
// a burst of changes is one pass, the add-in's own writes never start one, a hanging Excel is said
// plainly and the next change tries again.
import { demoPlan } from "@helhedsplan/demo";
import { defaultReference } from "@helhedsplan/rules";
import { combineGrids, goalsToGrid, planToGrid, reportToGrid, type Grids } from "@helhedsplan/workbook";
import { regnskabData } from "../test-host/regnskab";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { basisPointsOf, createController, DEBOUNCE_MS } from "./controller";
import { ExcelTimeout, type MarkWrite, type WorkbookChange, type WorkbookPort } from "./port";

function recordingPort(grids: Grids = planToGrid(demoPlan, defaultReference)) {
  let listener: ((change: WorkbookChange) => void) | null = null;
  const calls = { read: 0, writeMarks: [] as MarkWrite[] };
  let failNextRead: Error | null = null;
  const port: WorkbookPort = {
    knowsTriggerSource: true,
    read: () => {
      calls.read++;
      if (failNextRead) {
        const error = failNextRead;
        failNextRead = null;
        return Promise.reject(error);
      }
      return Promise.resolve({
        grids,
        markedTables: calls.writeMarks.length > 0 ? calls.writeMarks.flatMap((write) => write.createMarks) : [],
        markSheetExists: calls.writeMarks.length > 0,
        overview: { findings: "" },
      });
    },
    writeMarks: (write) => {
      calls.writeMarks.push(write);
      return Promise.resolve();
    },
    writeCells: () => Promise.resolve(),
    layTemplate: () => Promise.resolve(),
    select: () => Promise.resolve(),
    onChange: (handler) => {
      listener = handler;
      return Promise.resolve();
    },
    onSelection: () => Promise.resolve(),
    replacePlan: () => Promise.resolve(),
  };
  return {
    port,
    calls,
    change: (own = false) => listener?.({ address: "Budget!E7", worksheetId: "budget", own }),
    failNextRead: (error: Error) => (failNextRead = error),
  };
}

describe("the controller", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("validates on start, creating the marks once, and writes the findings count to Overblik", async () => {
    const { port, calls } = recordingPort();
    const controller = createController(port);
    await controller.start();
    expect(calls.read).toBe(1);
    expect(calls.writeMarks[0]).toMatchObject({
      createMarkSheet: true,
      createMarks: ["Stamdata", "Udgifter", "Finansiering"],
    });
    expect(calls.writeMarks[0]?.overview).toEqual({ findings: 0 });
    expect(controller.getState()).toMatchObject({ phase: "ready", problem: null, model: { hasPlan: true } });
  });

  it("a burst of changes is one pass, after the debounce; the add-in's own changes start none", async () => {
    const { port, calls, change } = recordingPort();
    const controller = createController(port);
    await controller.start();
    for (let key = 0; key < 5; key++) {
      change();
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS / 2);
    }
    expect(calls.read).toBe(1);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS);
    expect(calls.read).toBe(2);
    expect(calls.writeMarks[1]).toMatchObject({ createMarkSheet: false, createMarks: [] });
    change(true);
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS * 5);
    expect(calls.read).toBe(2);
  });

  it("Excel not answering is said plainly; the next change tries again", async () => {
    const { port, calls, change, failNextRead } = recordingPort();
    const controller = createController(port);
    await controller.start();
    failNextRead(new ExcelTimeout());
    change();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 1);
    expect(controller.getState().problem).toBe("Excel svarer ikke. Prøv igen om lidt – næste ændring forsøger igen.");
    change();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 1);
    expect(calls.read).toBe(3);
    expect(controller.getState().problem).toBeNull();
  });

  it("a workbook with a Regnskab sheet: the report's tables get their marks with the plan's, once; the pane has the report", async () => {
    const { plan, goals, report } = regnskabData();
    const grids = combineGrids(
      planToGrid(plan, defaultReference),
      goalsToGrid(goals, defaultReference),
      reportToGrid(report, defaultReference, { goals }),
    );
    const { port, calls, change } = recordingPort(grids);
    const controller = createController(port);
    await controller.start();
    expect(calls.writeMarks[0]?.createMarks).toEqual([
      "Stamdata",
      "Udgifter",
      "Finansiering",
      "Forbrug",
      "Modtaget",
      "Maalopfyldelse",
    ]);
    expect(calls.writeMarks[0]?.flags.map((block) => block.table)).toEqual(calls.writeMarks[0]?.createMarks);
    expect(controller.getState().model?.report).toMatchObject({ year: 2014, approvedFrom: { kind: "workbook" } });
    change();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS + 1);
    expect(calls.read).toBe(2);
    expect(calls.writeMarks[1]?.createMarks).toEqual([]);
    expect(calls.writeMarks[1]?.previousSizes.Forbrug).toEqual({ rows: 12, columns: 4 });
  });

  it("reads a share typed the Danish way", () => {
    expect(basisPointsOf("12,5")).toBe(1250);
    expect(basisPointsOf("12,50 %")).toBe(1250);
    expect(basisPointsOf("100")).toBe(10_000);
    expect(basisPointsOf("100,01")).toBeNull();
    expect(basisPointsOf("12,555")).toBeNull();
    expect(basisPointsOf("tolv")).toBeNull();
  });
});
