// The test host's contract with tests and people: `window.testHost` (edit as a user, read what a user sees),
// `window.testHostOffice` (the Office.js globals the task pane takes) and `window.testHostPane` (the pane reports its
// first validation and its pending passes). No DOM: the page (main.ts) puts these on `window`; Node tests use them as is.
import { demoPlan } from "@helhedsplan/demo";
import type { PlanInput } from "@helhedsplan/rules";
import { templateOf } from "@helhedsplan/workbook";
import type { PaneControls } from "../src/office-loader";
import { flag } from "../src/pass";
import { markStyles } from "../src/excel-adapter";
import { cellsOf, sheetAddress } from "./a1";
import { createOfficeFacade, type OfficeFacade } from "./office-facade";
import { regnskabData } from "./regnskab";
import { Workbook, typedInput, type CellValue } from "./workbook-model";

export type { PaneControls };

/** `window.testHost`: what tests (and anyone's browser console) use. */
export interface TestHost {
  /** Resolves once the task pane has mounted and finished its first validation (and the add-in is quiet). */
  readonly ready: Promise<void>;
  /**
   * As a user typing one cell or pasting a block: sets the values (typed text is read as Danish Excel reads it;
   * null clears a cell), fires one worksheet change event for the block (`triggerSource: "Unknown"`), and resolves
   * once the add-in has finished handling it. Rejects on a protected or hidden sheet, or when the shape is wrong.
   */
  edit(address: string, values: (string | number | boolean | null)[][]): Promise<void>;
  /** As a user colouring cells (`"#FFFF00"`, `"yellow"`; null removes the fill); resolves once the add-in is quiet. */
  setFill(address: string, color: string | null): Promise<void>;
  /** The values of a range as `Range.values` gives them. */
  values(address: string): CellValue[][];
  /** A cell's own fill as `Range.format.fill.color` gives it (`"#FFFFFF"` for none; null when the cells differ). */
  fill(address: string): string | null;
  /** Every cell the add-in currently shows as wrong (its conditional formats' fills), as sorted `"Sheet!A1"`. */
  marked(): string[];
  /** Every cell the add-in currently shows as changed here and not yet synced (flag 3's fill), sorted like `marked()`. */
  unsynced(): string[];
  /** Every cell the add-in currently shows as just taken from the service (flag 4's fill), sorted like `marked()`. */
  fromServer(): string[];
  /** The current selection, `"Budget!E7"` (a range: `"Budget!E7:H9"`). */
  selection(): string | null;
  /**
   * As a user selecting a cell or block (a click, the arrow keys): the sheet becomes active, one selection event fires
   * (`WorksheetSelectionChanged`), and it resolves once the add-in has finished handling it. Rejects on a hidden sheet.
   */
  select(address: string): Promise<void>;
  /**
   * As a user typing the service's address and a personal token in the pane's sign-in view and pressing *Log ind*: the
   * pane's own sign-in (which keeps the session in the add-in's storage). Resolves once the pane has finished — signed in,
   * or showing why not; rejects only when the pane never handed its controls over.
   */
  settings(session: { serviceUrl: string; token: string }): Promise<void>;
  /** `context.sync()` calls so far. */
  readonly syncs: number;
  /** Resolves once the add-in is quiet: no `Excel.run` in flight, no event undelivered, no pass pending. */
  settled(): Promise<void>;
}

/** `window.testHostPane`: how the task pane tells the host about itself (optional for the pane, needed for `ready`). */
export interface TestHostPane {
  /** After the pane's first validation. */
  ready(): void;
  /** Around each pending pass: from scheduling a debounced pass until that pass's `Excel.run` has ended. */
  busy(pending: Promise<unknown>): void;
  /** Once, as the pane starts: the pane's own paths for what `testHost` does as a user of the pane (`settings`). */
  controls(controls: PaneControls): void;
}

/** `window.testHostOffice`: the globals the task pane uses instead of office.js inside the test host. */
export interface TestHostOffice {
  Office: Record<string, unknown>;
  Excel: Record<string, unknown>;
  OfficeExtension: Record<string, unknown>;
}

export interface HostOptions {
  /**
   * `demo` (default): the demo plan as `helhedsplan template --demo` writes it; `large`: with 60 expense lines; `empty`:
   * a new empty workbook; `regnskab`: the demo plan with its goals (`Mål`) and a 2014 report (`Regnskab`).
   */
  workbook?: string | null;
  /** The highest ExcelApi requirement set claimed (`"1.9"` … `"1.14"`, default `"1.14"`). */
  api?: string | null;
  /** The sheet active at the start (default: `Regnskab` for `regnskab`, else `Budget` when there is one, else the first). */
  sheet?: string | null;
  /** How long `edit` and friends wait for the add-in to become quiet before they fail (default 15 s). */
  settleTimeoutMs?: number;
  /** A plan to lay out instead of `workbook` (the benchmark's large plans). */
  plan?: PlanInput;
}

export interface Host {
  workbook: Workbook;
  facade: OfficeFacade;
  testHost: TestHost;
  testHostPane: TestHostPane;
  testHostOffice: TestHostOffice;
  /** Whether the pane has reported its first validation. */
  readonly paneReady: boolean;
  /** Applies a user's typing or paste (the grid's path and `edit`'s): throws a clear Danish error when Excel would refuse it. */
  userEdit(address: string, values: (string | number | boolean | null)[][]): void;
  /** Applies a user's selection (the grid's path and `select`'s) and fires its event; throws on a hidden sheet. */
  userSelect(address: string): void;
}

/** How many expense lines `?workbook=large` has: room for a pasted block of 200 amounts (50 lines × 4 years). */
export const LARGE_PLAN_LINES = 60;

/** The demo plan grown to `LARGE_PLAN_LINES` expense lines; the added lines hold 0 kr., so it stays valid. */
function largeDemoPlan(): PlanInput {
  const plan = structuredClone(demoPlan);
  const years = Object.keys(plan.budget.expenses[0]?.amountsOre ?? {});
  for (let line = plan.budget.expenses.length; line < LARGE_PLAN_LINES; line++) {
    plan.budget.expenses.push({
      focusArea: "boern-unge",
      category: "aktiviteter",
      activity: `Aktivitet ${line + 1}`,
      amountsOre: Object.fromEntries(years.map((year) => [year, 0])),
    });
  }
  return plan;
}

/**
 * The workbook a page address asks for: `demo` (default), `large` (the demo with 60 expense lines), `empty`, or
 * `regnskab` (the demo with its goals on `Mål` and its 2014 report on `Regnskab`).
 */
export function workbookFor(kind: string | null | undefined): Workbook {
  switch (kind ?? "demo") {
    case "demo":
      return Workbook.fromTemplate(templateOf(demoPlan));
    case "large":
      return Workbook.fromTemplate(templateOf(largeDemoPlan()));
    case "empty":
      return Workbook.empty();
    case "regnskab": {
      const { plan, goals, report } = regnskabData();
      return Workbook.fromTemplate(templateOf(plan, { goals, report }));
    }
    default:
      throw new Error(`workbook=${kind}: vælg demo, large, empty eller regnskab.`);
  }
}

/** The fills a user reads as one state of a cell: the add-in's looks for those flags. */
const fillsOf = (...flags: number[]): ReadonlySet<string> =>
  new Set(markStyles.filter((style) => flags.includes(style.flag)).map((style) => style.fill));
const WRONG_FILLS = fillsOf(flag.error, flag.warning);
const UNSYNCED_FILLS = fillsOf(flag.unsynced);
const FROM_SERVER_FILLS = fillsOf(flag.fromServer);

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

export function createHost(options: HostOptions = {}): Host {
  const workbook =
    options.plan === undefined ? workbookFor(options.workbook) : Workbook.fromTemplate(templateOf(options.plan));
  const facade = createOfficeFacade(workbook, options.api ? { api: options.api } : {});
  // The report's workbook opens on its report, the others on the budget.
  const startSheet =
    (options.sheet ? workbook.sheet(options.sheet) : undefined) ??
    (options.workbook === "regnskab" ? workbook.sheet("Regnskab") : undefined) ??
    workbook.sheet("Budget") ??
    workbook.sheets.find((sheet) => sheet.visibility === "Visible");
  if (startSheet && startSheet.visibility === "Visible")
    workbook.select(startSheet, { row: 0, column: 0, rows: 1, columns: 1 });
  const settleTimeoutMs = options.settleTimeoutMs ?? 15_000;

  let busyPasses = 0;
  let paneReady = false;
  let announceReady: () => void = () => undefined;
  const paneReadyPromise = new Promise<void>((resolve) => {
    announceReady = resolve;
  });

  let handControls: (controls: PaneControls) => void = () => undefined;
  const paneControls = new Promise<PaneControls>((resolve) => {
    handControls = resolve;
  });

  async function controls(): Promise<PaneControls> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Opgaveruden gav ikke testværten sine funktioner inden for ${settleTimeoutMs} ms.`)),
        settleTimeoutMs,
      );
    });
    try {
      return await Promise.race([paneControls, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  const quiet = () => busyPasses === 0 && facade.runsInFlight === 0 && facade.eventsInFlight === 0;

  async function settled(): Promise<void> {
    const started = Date.now();
    let calm = 0;
    while (calm < 2) {
      await tick();
      calm = quiet() ? calm + 1 : 0;
      if (Date.now() - started > settleTimeoutMs)
        throw new Error(
          `Tilføjelsesprogrammet blev ikke færdigt inden for ${settleTimeoutMs} ms (Excel.run i gang: ${facade.runsInFlight}, hændelser: ${facade.eventsInFlight}, ventende gennemløb: ${busyPasses}).`,
        );
    }
  }

  function userEdit(address: string, values: (string | number | boolean | null)[][]): void {
    const { sheet, rect } = resolveUserRange(workbook, address);
    if (
      !Array.isArray(values) ||
      values.length !== rect.rows ||
      values.some((row) => !Array.isArray(row) || row.length !== rect.columns)
    )
      throw new Error(`${address} er ${rect.rows}×${rect.columns} celler; værdierne skal have samme form.`);
    const before = rect.rows === 1 && rect.columns === 1 ? workbook.value(sheet, rect.row, rect.column) : undefined;
    const inputs = values.map((row, rowIndex) =>
      row.map((value, columnIndex) => {
        if (value !== null && !["string", "number", "boolean"].includes(typeof value))
          throw new Error(`En celle kan indeholde tekst, tal, sand/falsk eller null, ikke ${typeof value}.`);
        if (typeof value === "number" && !Number.isFinite(value)) throw new Error("Et tal skal være endeligt.");
        const input = typedInput(value, "da");
        if ("formula" in input) {
          const problem = workbook.formulaProblem(sheet, rect.row + rowIndex, rect.column + columnIndex, input.formula);
          if (problem) throw new Error(`Excel afviser formlen ${input.formula}: ${problem}.`);
        }
        return input;
      }),
    );
    inputs.forEach((row, rowIndex) =>
      row.forEach((input, columnIndex) =>
        workbook.setInput(sheet, rect.row + rowIndex, rect.column + columnIndex, input),
      ),
    );
    facade.userChanged(sheet, rect, before);
  }

  /** The cells whose conditional formats, evaluated as Excel would, give one of `fills`. */
  function shown(fills: ReadonlySet<string>): string[] {
    return workbook
      .marks()
      .filter((mark) => mark.fill !== null && fills.has(mark.fill))
      .map((mark) => sheetAddress(mark.sheet, { row: mark.row, column: mark.column, rows: 1, columns: 1 }))
      .sort();
  }

  function userSelect(address: string): void {
    const { sheet, rect } = workbook.resolve(address);
    if (sheet.visibility !== "Visible")
      throw new Error(`Arket "${sheet.name}" er skjult; en bruger kan ikke markere celler i det.`);
    workbook.select(sheet, rect);
    facade.selectionChanged(sheet, rect);
  }

  const testHost: TestHost = {
    ready: paneReadyPromise.then(settled),
    async edit(address, values) {
      userEdit(address, values);
      await settled();
    },
    async setFill(address, color) {
      const { sheet, rect } = resolveUserRange(workbook, address);
      for (const { row, column } of cellsOf(rect)) workbook.setFill(sheet, row, column, color);
      await settled();
    },
    values(address) {
      const { sheet, rect } = workbook.resolve(address);
      return Array.from({ length: rect.rows }, (_, row) =>
        Array.from({ length: rect.columns }, (_, column) =>
          workbook.value(sheet, rect.row + row, rect.column + column),
        ),
      );
    },
    fill(address) {
      const { sheet, rect } = workbook.resolve(address);
      let color: string | null = null;
      for (const { row, column } of cellsOf(rect)) {
        const each = workbook.fill(sheet, row, column);
        if (color !== null && each !== color) return null;
        color = each;
      }
      return color;
    },
    marked: () => shown(WRONG_FILLS),
    unsynced: () => shown(UNSYNCED_FILLS),
    fromServer: () => shown(FROM_SERVER_FILLS),
    selection() {
      const selection = workbook.selection;
      if (!selection) return null;
      return sheetAddress(workbook.requireSheet(selection.sheetId).name, selection.rect);
    },
    async select(address) {
      userSelect(address);
      await settled();
    },
    async settings({ serviceUrl, token }) {
      const pane = await controls();
      await pane.signIn(serviceUrl, token);
      await settled();
    },
    get syncs() {
      return facade.syncs;
    },
    settled,
  };

  const testHostPane: TestHostPane = {
    ready() {
      paneReady = true;
      announceReady();
    },
    busy(pending) {
      busyPasses++;
      const done = () => {
        busyPasses--;
      };
      Promise.resolve(pending).then(done, done);
    },
    controls(given) {
      handControls(given);
    },
  };

  return {
    workbook,
    facade,
    testHost,
    testHostPane,
    testHostOffice: { Office: facade.Office, Excel: facade.Excel, OfficeExtension: facade.OfficeExtension },
    get paneReady() {
      return paneReady;
    },
    userEdit,
    userSelect,
  };
}

/** A range a user can type into: on a visible, unprotected sheet. */
function resolveUserRange(workbook: Workbook, address: string) {
  const { sheet, rect } = workbook.resolve(address);
  if (sheet.visibility !== "Visible")
    throw new Error(`Arket "${sheet.name}" er skjult; en bruger kan ikke skrive i det.`);
  if (sheet.protected)
    throw new Error(
      `Cellen eller diagrammet, du forsøger at ændre, er i et beskyttet ark ("${sheet.name}"). Fjern beskyttelsen for at foretage en ændring.`,
    );
  return { sheet, rect };
}
