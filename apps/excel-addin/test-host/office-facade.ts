// The strict Office.js facade over the in-memory workbook: `Office` and `Excel` with exactly the subset of
// docs/excel-addin.md, behaving as Excel does. Proxy objects queue loads and writes; `context.sync()` applies the writes
// in order and then fulfils the loads; a property read before load + sync throws `PropertyNotLoaded`; a batch over
// 5 MB throws `RequestPayloadSizeLimitExceeded`; an address over 8,192 characters throws; members above the claimed
// requirement set are absent; `worksheets.onChanged` fires for the user's edits and for the add-in's own writes.
// No DOM here: the page, the tests and Node all use it.
import { MAX_COLUMNS, MAX_ROWS, cellsOf, formatRect, parseRange, sheetAddress, splitSheet, type Rect } from "./a1";
import { normalizeColor } from "./colors";
import { ErrorCodes, OfficeError, TestHostError, propertyNotLoaded } from "./errors";
import {
  Workbook,
  typedInput,
  type CellValue,
  type ConditionalFormat,
  type NamedItem,
  type Sheet,
  type Table,
  type ValidationRule,
  type Visibility,
} from "./workbook-model";

/** Excel on the web's limit of a request. */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
/** The longest address string Excel takes. */
export const ADDRESS_LIMIT = 8192;
/** Excel's longest cell text. */
const TEXT_LIMIT = 32_767;

export type TriggerSource = "Unknown" | "ThisLocalAddin";

/** `WorksheetSelectionChangedEventArgs` (worksheet 1.7, worksheet collection 1.9): the address is the sheet's own (`E7:H9`). */
export interface WorksheetSelectionChangedEvent {
  type: "WorksheetSelectionChanged";
  worksheetId: string;
  address: string;
}

/** `WorksheetChangedEventArgs` as the host fires it. */
export interface WorksheetChangedEvent {
  type: "WorksheetChanged";
  changeType: "RangeEdited";
  source: "Local";
  worksheetId: string;
  address: string;
  triggerSource?: TriggerSource;
  details?: { valueBefore: CellValue; valueAfter: CellValue; valueTypeBefore: string; valueTypeAfter: string };
}

export interface FacadeOptions {
  /** The highest ExcelApi requirement set claimed, `"1.1"` … `"1.14"` (default `"1.14"`). */
  api?: string;
}

/** The facade: the globals the task pane uses, and the host's view of what the add-in is doing. */
export interface OfficeFacade {
  Office: Record<string, unknown>;
  Excel: Record<string, unknown>;
  OfficeExtension: Record<string, unknown>;
  /** The ExcelApi minor version claimed (14 for 1.14). */
  readonly apiMinor: number;
  /** `context.sync()` calls so far, the implicit one at the end of `Excel.run` included. */
  readonly syncs: number;
  /** The bytes of every request so far: the JSON of each batch's commands, as Excel on the web counts a request. */
  readonly bytesSent: number;
  /** The largest single request so far, in bytes (Excel on the web refuses one over 5 MB). */
  readonly largestRequestBytes: number;
  /**
   * Milliseconds spent on Excel's side of every `context.sync()` so far: the round trip and the host's simulation of
   * Excel (applying the batch, recomputing formulas, answering loads). A measurement subtracts it to get the add-in's own time.
   */
  readonly hostMilliseconds: number;
  /** `Excel.run` batches in progress. */
  readonly runsInFlight: number;
  /** Events scheduled but not yet delivered, and handler promises not yet settled. */
  readonly eventsInFlight: number;
  /** Errors thrown by the add-in's event handlers (Office.js swallows them). */
  readonly handlerErrors: unknown[];
  /** Fires `WorksheetChanged` as for a user's edit of `rect` (one event for the block); `before` gives a single cell's old value. */
  userChanged(sheet: Sheet, rect: Rect, before?: CellValue): void;
  /** Fires `WorksheetSelectionChanged` for a selection the model already holds (a user's click, arrow key or `testHost.select`). */
  selectionChanged(sheet: Sheet, rect: Rect): void;
  /** Excel's cell-edit mode: batches wait (`delayForCellEdit`) or fail while a cell is being edited. */
  setCellEditMode(editing: boolean): void;
}

// ---------------------------------------------------------------------------------------------------------------------
// Proxy objects: a handle per object, a type description per Office.js class.

interface Scalar<T> {
  since: number;
  get: (target: T) => unknown;
  /** Applies a write at sync. Absent: the property is read-only. */
  set?: (target: T, value: unknown, batch: Batch) => void;
}

interface Navigation<T> {
  since: number;
  create: (parent: Handle<T>) => Handle<unknown>;
}

interface Method<T> {
  since: number;
  call: (self: Handle<T>, args: unknown[]) => unknown;
}

interface TypeSpec<T> {
  name: string;
  scalars: Record<string, Scalar<T>>;
  navigation: Record<string, Navigation<T>>;
  methods: Record<string, Method<T>>;
}

/** What a sync's commands report back: value writes and selections (for events). */
interface Batch {
  writes: { sheet: Sheet; rect: Rect; before: CellValue | undefined }[];
  selections: { sheet: Sheet; rect: Rect }[];
}

interface Command {
  payload: unknown;
  execute: (batch: Batch) => void;
}

/** Keys a debugger, a test runner or a promise may probe on any object; they read as absent, never as an error. */
const PROBES = new Set([
  "then",
  "toJSON",
  "asymmetricMatch",
  "nodeType",
  "tagName",
  "inspect",
  "constructor",
  "toString",
  "valueOf",
  "toLocaleString",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "length",
  "size",
  "prototype",
]);

const RESERVED = new Set(["load", "context", "isNullObject", "toJSON"]);

let nextHandleId = 1;

class Handle<T> {
  readonly id = nextHandleId++;
  /** Property values the caller may read: loaded at a sync, or set locally (Office.js keeps a set value). */
  readonly loaded = new Map<string, unknown>();
  isNull: boolean | undefined;
  readonly children = new Map<string, Handle<unknown>>();
  readonly proxy: Record<string, unknown>;

  constructor(
    readonly run: Run,
    readonly spec: TypeSpec<T>,
    /** The object this handle stands for, found at sync; null for a missing `…OrNullObject`. Throws `ItemNotFound` otherwise. */
    readonly resolve: () => T | null,
  ) {
    run.handles.push(this as Handle<unknown>);
    this.proxy = new Proxy(
      {},
      {
        get: (_target, key) => this.get(key),
        set: (_target, key, value) => {
          this.set(key, value);
          return true;
        },
        has: (_target, key) => typeof key === "string" && (RESERVED.has(key) || this.member(key) !== undefined),
        ownKeys: () => [],
        getOwnPropertyDescriptor: () => undefined,
      },
    );
  }

  /** The object, or an error when it is missing (a null object used for more than `isNullObject`). */
  target(): T {
    const target = this.resolve();
    if (target === null)
      throw new OfficeError(
        ErrorCodes.itemNotFound,
        `The requested ${this.spec.name} doesn't exist (it is a null object).`,
      );
    return target;
  }

  private member(key: string): "scalar" | "navigation" | "method" | undefined {
    const { scalars, navigation, methods } = this.spec;
    if (Object.hasOwn(scalars, key)) return "scalar";
    if (Object.hasOwn(navigation, key)) return "navigation";
    if (Object.hasOwn(methods, key)) return "method";
    return undefined;
  }

  private since(key: string): number {
    const { scalars, navigation, methods } = this.spec;
    return scalars[key]?.since ?? navigation[key]?.since ?? methods[key]?.since ?? 1;
  }

  private get(key: string | symbol): unknown {
    if (typeof key === "symbol") return key === Symbol.toStringTag ? this.spec.name : undefined;
    switch (key) {
      case "context":
        return this.run.proxy;
      case "load":
        return (spec?: unknown) => {
          this.load(spec);
          return this.proxy;
        };
      case "isNullObject":
        if (this.isNull === undefined) throw propertyNotLoaded("isNullObject", this.spec.name);
        return this.isNull;
      case "toJSON":
        return () => Object.fromEntries(this.loaded);
    }
    const kind = this.member(key);
    if (kind === undefined) {
      if (PROBES.has(key) || key.startsWith("_") || key.startsWith("@@") || key.startsWith("$$")) return undefined;
      throw new TestHostError(
        `${this.spec.name}.${key} is not in the Office.js subset the test host provides (docs/excel-addin.md). Add it to that list and to the host in the same change.`,
      );
    }
    // Above the requirement sets the host claims: absent, as in an older Excel.
    if (this.since(key) > this.run.facade.apiMinor) return undefined;
    if (kind === "navigation") return this.child(key).proxy;
    if (kind === "method") return (...args: unknown[]) => this.spec.methods[key]!.call(this, args);
    if (this.loaded.has(key)) return this.loaded.get(key);
    if (this.isNull === true) return undefined;
    throw propertyNotLoaded(key, this.spec.name);
  }

  /** The object behind a navigation property (`range.format`), made once. */
  private child(key: string): Handle<unknown> {
    let child = this.children.get(key);
    if (!child) {
      child = this.spec.navigation[key]!.create(this);
      this.children.set(key, child);
    }
    return child;
  }

  private set(key: string | symbol, value: unknown): void {
    if (typeof key === "symbol") throw new TypeError(`Cannot set a symbol on ${this.spec.name}`);
    const kind = this.member(key);
    if (kind === undefined)
      throw new TestHostError(
        `${this.spec.name}.${key} is not in the Office.js subset the test host provides (docs/excel-addin.md).`,
      );
    if (this.since(key) > this.run.facade.apiMinor)
      throw new OfficeError(
        ErrorCodes.apiNotFound,
        `${this.spec.name}.${key} needs a newer ExcelApi than this host claims.`,
      );
    const scalar = this.spec.scalars[key];
    if (kind !== "scalar" || !scalar?.set)
      throw new TypeError(`Cannot set property ${key} of ${this.spec.name} which has only a getter`);
    const setter = scalar.set;
    this.run.enqueue({ o: this.id, set: key, value: payloadOf(value) }, (batch) => setter(this.target(), value, batch));
    this.loaded.set(key, value);
  }

  /** `load("values, address")`, `load(["values"])`, `load({ select: "values" })`, `load({ format: { fill: { color: true } } })`, `load()`. */
  load(spec: unknown): void {
    for (const path of loadPaths(spec)) this.loadPath(path);
  }

  private loadPath(path: string[]): void {
    const [first, ...rest] = path;
    if (first === undefined) {
      const names = Object.entries(this.spec.scalars)
        .filter(([, scalar]) => scalar.since <= this.run.facade.apiMinor)
        .map(([name]) => name);
      this.enqueueLoad(names);
      return;
    }
    const kind = this.member(first);
    if (kind === undefined)
      throw new TestHostError(
        `${this.spec.name}.${first} is not in the Office.js subset the test host provides (docs/excel-addin.md).`,
      );
    if (kind === "method") {
      this.run.enqueue({ o: this.id, load: [first] }, () => {
        throw new OfficeError(
          ErrorCodes.invalidArgument,
          `${first} is a method of ${this.spec.name}, not a property to load.`,
        );
      });
      return;
    }
    if (this.since(first) > this.run.facade.apiMinor) {
      this.run.enqueue({ o: this.id, load: [first] }, () => {
        throw new OfficeError(
          ErrorCodes.apiNotFound,
          `${this.spec.name}.${first} needs a newer ExcelApi than this host claims.`,
        );
      });
      return;
    }
    if (kind === "navigation") {
      this.child(first).loadPath(rest);
      return;
    }
    if (rest.length > 0)
      throw new OfficeError(
        ErrorCodes.invalidArgument,
        `${this.spec.name}.${first} is a value, not an object to load ${rest.join("/")} from.`,
      );
    this.enqueueLoad([first]);
  }

  private enqueueLoad(names: string[]): void {
    this.run.enqueue({ o: this.id, load: names }, () => {
      const target = this.resolve();
      if (target === null) {
        this.run.results.push(() => {
          this.isNull = true;
        });
        return;
      }
      const values = names.map((name) => [name, this.spec.scalars[name]!.get(target)] as const);
      this.run.results.push(() => {
        this.isNull = false;
        for (const [name, value] of values) this.loaded.set(name, value);
      });
    });
  }
}

function loadPaths(spec: unknown): string[][] {
  if (spec === undefined || spec === null) return [[]];
  if (typeof spec === "string")
    return spec
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part !== "")
      .map((part) => part.split(/[/.]/).map((name) => name.trim()));
  if (Array.isArray(spec)) return spec.flatMap((part) => loadPaths(part));
  if (typeof spec === "object") {
    const record = spec as Record<string, unknown>;
    if ("select" in record || "expand" in record) {
      const paths = [
        ...loadPaths(record.select ?? []),
        ...(record.expand === undefined ? [] : loadPaths(record.expand)),
      ];
      return paths.length > 0 ? paths : [[]];
    }
    return Object.entries(record).flatMap(([name, value]) => {
      if (value === true) return [[name]];
      if (value && typeof value === "object") return loadPaths(value).map((path) => [name, ...path]);
      return [];
    });
  }
  throw new OfficeError(ErrorCodes.invalidArgument, "load takes a string, an array of strings or an object.");
}

function payloadOf(value: unknown): unknown {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const handle = handleOf(value);
    if (handle) return { ref: handle.id };
  }
  return value;
}

const handles = new WeakMap<object, Handle<unknown>>();
function handleOf(value: unknown): Handle<unknown> | undefined {
  return value !== null && typeof value === "object" ? handles.get(value) : undefined;
}

function byteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      index++;
    } else bytes += 3;
  }
  return bytes;
}

// ---------------------------------------------------------------------------------------------------------------------
// A request context: one per Excel.run.

class Run {
  readonly handles: Handle<unknown>[] = [];
  readonly queue: Command[] = [];
  /** Load results of the sync in progress, applied when it succeeds. */
  results: (() => void)[] = [];
  closed = false;
  readonly proxy: Record<string, unknown>;
  private workbookHandle: Handle<Workbook> | undefined;

  constructor(readonly facade: Facade) {
    this.proxy = new Proxy(
      {},
      {
        get: (_target, key) => {
          if (typeof key === "symbol") return undefined;
          if (key === "workbook") return this.workbook().proxy;
          if (key === "sync") return () => this.sync();
          if (PROBES.has(key) || key.startsWith("_")) return undefined;
          throw new TestHostError(
            `RequestContext.${key} is not in the Office.js subset the test host provides (docs/excel-addin.md).`,
          );
        },
        set: (_target, key) => {
          throw new TestHostError(`RequestContext.${String(key)} cannot be set in the test host.`);
        },
      },
    );
  }

  workbook(): Handle<Workbook> {
    this.workbookHandle ??= this.make(workbookType, () => this.facade.workbook);
    return this.workbookHandle;
  }

  make<T>(spec: TypeSpec<T>, resolve: () => T | null): Handle<T> {
    const handle = new Handle<T>(this, spec, resolve);
    handles.set(handle.proxy, handle as Handle<unknown>);
    return handle;
  }

  enqueue(payload: unknown, execute: (batch: Batch) => void): void {
    if (this.closed)
      throw new OfficeError(
        ErrorCodes.invalidObjectPath,
        "This object belongs to an Excel.run batch that has ended; its request context can no longer send commands.",
      );
    this.queue.push({ payload, execute });
  }

  async sync(): Promise<void> {
    this.facade.countSync();
    if (this.closed)
      throw new OfficeError(ErrorCodes.invalidObjectPath, "context.sync() after its Excel.run batch has ended.");
    const started = performance.now();
    try {
      await this.roundTrip();
    } finally {
      this.facade.hostMilliseconds += performance.now() - started;
    }
  }

  /** Excel's side of a sync: the request goes out, the batch is applied, the answers come back. */
  private async roundTrip(): Promise<void> {
    const commands = this.queue.splice(0);
    const size = byteLength(JSON.stringify(commands.map((command) => command.payload)));
    this.facade.countRequest(size);
    // One round trip: the answer comes later, as it does from Excel.
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (size > PAYLOAD_LIMIT_BYTES)
      throw new OfficeError(
        ErrorCodes.requestPayloadSizeLimitExceeded,
        `The request payload size has exceeded the limit (${size} bytes; the limit is ${PAYLOAD_LIMIT_BYTES}). Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins".`,
      );
    const batch: Batch = { writes: [], selections: [] };
    this.results = [];
    try {
      for (const command of commands) command.execute(batch);
    } finally {
      // Excel applies a batch in order up to a failing command; the add-in's writes so far raise their events.
      this.facade.writesApplied(batch.writes);
      // Taken to be as in Excel (not checked in a real one): an add-in's range.select() raises onSelectionChanged too.
      for (const { sheet, rect } of batch.selections) this.facade.selectionChanged(sheet, rect);
    }
    for (const apply of this.results) apply();
    this.results = [];
    // A handle created before this sync now knows whether it stands for a null object.
    for (const handle of this.handles)
      if (handle.isNull === undefined) {
        let isNull = false;
        try {
          isNull = handle.resolve() === null;
        } catch {
          isNull = false;
        }
        handle.isNull = isNull;
      }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Checks shared by the types.

function checkAddress(address: unknown, what = "address"): string {
  if (typeof address !== "string") throw new OfficeError(ErrorCodes.invalidArgument, `The ${what} must be a string.`);
  if (address.length > ADDRESS_LIMIT)
    throw new OfficeError(
      ErrorCodes.invalidArgument,
      `The argument is invalid or missing or has an incorrect format: the ${what} has ${address.length} characters; Excel takes at most ${ADDRESS_LIMIT}.`,
    );
  return address;
}

function rectOf(sheet: Sheet, address: string, workbook: Workbook): Rect {
  const { sheet: named, range } = splitSheet(address);
  if (named !== null && workbook.sheet(named) !== sheet)
    throw new OfficeError(
      ErrorCodes.invalidArgument,
      `The address "${address}" is not on the worksheet "${sheet.name}".`,
    );
  const rect = parseRange(range);
  if (!rect)
    throw new OfficeError(
      ErrorCodes.invalidArgument,
      `The argument is invalid or missing or has an incorrect format: "${address}".`,
    );
  return rect;
}

function guardProtected(sheet: Sheet, what: string): void {
  if (sheet.protected)
    throw new OfficeError(
      ErrorCodes.accessDenied,
      `The cell or chart you're trying to change is on a protected sheet ("${sheet.name}"): ${what} is refused. To make a change, unprotect the sheet.`,
    );
}

/** Cell-by-cell work the host does not do over whole columns or rows (it keeps no million-cell arrays). */
const CELL_LIMIT = 1_000_000;
function cellByCell(rect: Rect, what: string): Rect {
  if (rect.rows * rect.columns > CELL_LIMIT)
    throw new TestHostError(
      `The test host does not do ${what} cell by cell over ${formatRect(rect)} (more than ${CELL_LIMIT} cells).`,
    );
  return rect;
}

function invalid(message: string): OfficeError {
  return new OfficeError(ErrorCodes.invalidArgument, message);
}

/** A property of a range over all its cells: the common value, or null when the cells differ (as Office.js gives it). */
function uniform<V>(rect: Rect, read: (row: number, column: number) => V): V | null {
  cellByCell(rect, "reading a format");
  let first: V | undefined;
  let set = false;
  for (const { row, column } of cellsOf(rect)) {
    const value = read(row, column);
    if (!set) {
      first = value;
      set = true;
    } else if (value !== first) return null;
  }
  return first ?? null;
}

/** A 2-D array matching the range, or one value for every cell; each element checked by `check`. */
function grid2D<V>(rect: Rect, value: unknown, property: string, check: (element: unknown) => V): (V | null)[][] {
  cellByCell(rect, `writing ${property}`);
  if (!Array.isArray(value)) {
    const element = check(value);
    return Array.from({ length: rect.rows }, () => Array.from({ length: rect.columns }, () => element));
  }
  const rows = value as unknown[];
  if (
    rows.length !== rect.rows ||
    rows.some((row) => !Array.isArray(row) || (row as unknown[]).length !== rect.columns)
  )
    throw invalid(
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${property}: the range is ${rect.rows}×${rect.columns}).`,
    );
  return rows.map((row) => (row as unknown[]).map((element) => (element === null ? null : check(element))));
}

function cellElement(element: unknown): CellValue {
  if (typeof element === "number") {
    if (!Number.isFinite(element)) throw invalid("A cell value must be a finite number.");
    return element;
  }
  if (typeof element === "string") {
    if (element.length > TEXT_LIMIT) throw invalid(`A cell holds at most ${TEXT_LIMIT} characters.`);
    return element;
  }
  if (typeof element === "boolean") return element;
  throw invalid(
    `A cell value must be a number, a string or a boolean (got ${element === undefined ? "undefined" : typeof element}).`,
  );
}

function valueType(value: CellValue): string {
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return Workbook.isError(value) ? "Error" : "String";
}

// ---------------------------------------------------------------------------------------------------------------------
// The types.

interface RangeTarget {
  workbook: Workbook;
  sheet: Sheet;
  rect: Rect;
}

function writeCells(target: RangeTarget, value: unknown, batch: Batch, property: "values" | "formulas"): void {
  const { workbook, sheet, rect } = target;
  guardProtected(sheet, `writing ${property}`);
  const cells = grid2D(rect, value, property, cellElement);
  // Check every formula before writing any: Excel refuses the whole write.
  const inputs = cells.map((row, rowIndex) =>
    row.map((element, columnIndex) => {
      if (element === null) return null;
      const input = typedInput(element, "api");
      if ("formula" in input) {
        const problem = workbook.formulaProblem(sheet, rect.row + rowIndex, rect.column + columnIndex, input.formula);
        if (problem) throw invalid(`Excel refuses the formula ${input.formula}: ${problem}.`);
      }
      return input;
    }),
  );
  const before = rect.rows === 1 && rect.columns === 1 ? workbook.value(sheet, rect.row, rect.column) : undefined;
  inputs.forEach((row, rowIndex) =>
    row.forEach((input, columnIndex) => {
      if (input) workbook.setInput(sheet, rect.row + rowIndex, rect.column + columnIndex, input);
    }),
  );
  batch.writes.push({ sheet, rect, before });
}

function formatOf(
  target: RangeTarget,
  value: unknown,
  check: (value: unknown) => unknown,
  apply: (row: number, column: number, value: never) => void,
): void {
  guardProtected(target.sheet, "formatting");
  cellByCell(target.rect, "formatting");
  const checked = check(value);
  for (const { row, column } of cellsOf(target.rect)) apply(row, column, checked as never);
}

const booleanValue = (value: unknown) => {
  if (typeof value !== "boolean") throw invalid("The value must be true or false.");
  return value;
};
const colorValue = (value: unknown) => {
  const color = normalizeColor(value);
  if (color === null) throw invalid(`"${String(value)}" is not a color Excel takes ("#RRGGBB" or a color name).`);
  return color;
};
const HORIZONTAL = ["General", "Left", "Center", "Right", "Fill", "Justify", "CenterAcrossSelection", "Distributed"];
const VERTICAL = ["Top", "Center", "Bottom", "Justify", "Distributed"];
const oneOf = (allowed: string[]) => (value: unknown) => {
  if (typeof value !== "string" || !allowed.includes(value))
    throw invalid(`"${String(value)}" is not one of ${allowed.join(", ")}.`);
  return value;
};

const rangeFillType: TypeSpec<RangeTarget> = {
  name: "RangeFill",
  scalars: {
    color: {
      since: 1,
      get: ({ workbook, sheet, rect }) => uniform(rect, (row, column) => workbook.fill(sheet, row, column)),
      set: (target, value) =>
        formatOf(target, value, colorValue, (row, column, color: string) =>
          target.workbook.setFill(target.sheet, row, column, color),
        ),
    },
  },
  navigation: {},
  methods: {},
};

function fontScalar(
  property: "bold" | "italic" | "size" | "color",
  check: (value: unknown) => unknown,
): Scalar<RangeTarget> {
  return {
    since: 1,
    get: ({ workbook, sheet, rect }) => uniform(rect, (row, column) => workbook.font(sheet, row, column)[property]),
    set: (target, value) =>
      formatOf(target, value, check, (row, column, checked: never) =>
        target.workbook.setFont(target.sheet, row, column, { [property]: checked }),
      ),
  };
}

const rangeFontType: TypeSpec<RangeTarget> = {
  name: "RangeFont",
  scalars: {
    bold: fontScalar("bold", booleanValue),
    italic: fontScalar("italic", booleanValue),
    size: fontScalar("size", (value) => {
      if (typeof value !== "number" || !(value >= 1 && value <= 409)) throw invalid("A font size is 1–409 points.");
      return value;
    }),
    color: fontScalar("color", colorValue),
  },
  navigation: {},
  methods: {},
};

function alignmentScalar(
  property: "horizontal" | "vertical" | "wrapText",
  check: (value: unknown) => unknown,
): Scalar<RangeTarget> {
  return {
    since: 1,
    get: ({ workbook, sheet, rect }) =>
      uniform(rect, (row, column) => workbook.alignment(sheet, row, column)[property]),
    set: (target, value) =>
      formatOf(target, value, check, (row, column, checked: never) =>
        target.workbook.setAlignment(target.sheet, row, column, { [property]: checked }),
      ),
  };
}

const rangeFormatType: TypeSpec<RangeTarget> = {
  name: "RangeFormat",
  scalars: {
    horizontalAlignment: alignmentScalar("horizontal", oneOf(HORIZONTAL)),
    verticalAlignment: alignmentScalar("vertical", oneOf(VERTICAL)),
    wrapText: alignmentScalar("wrapText", booleanValue),
    columnWidth: {
      since: 2,
      get: ({ workbook, sheet, rect }) => {
        let width: number | null = null;
        for (let column = rect.column; column < rect.column + rect.columns; column++) {
          const each = workbook.columnWidth(sheet, column);
          if (width !== null && each !== width) return null;
          width = each;
        }
        return width;
      },
      set: ({ workbook, sheet, rect }, value) => {
        guardProtected(sheet, "changing a column width");
        if (typeof value !== "number" || !(value >= 0 && value <= 1638))
          throw invalid("A column width is 0–1638 points.");
        for (let column = rect.column; column < rect.column + rect.columns; column++)
          workbook.setColumnWidth(sheet, column, value);
      },
    },
  },
  navigation: {
    fill: { since: 1, create: (parent) => parent.run.make(rangeFillType, parent.resolve) as Handle<unknown> },
    font: { since: 1, create: (parent) => parent.run.make(rangeFontType, parent.resolve) as Handle<unknown> },
  },
  methods: {},
};

// Conditional formats.
const conditionalFillType: TypeSpec<ConditionalFormatTarget> = {
  name: "ConditionalRangeFill",
  scalars: {
    color: {
      since: 6,
      get: ({ format }) => format.fill,
      set: ({ workbook, format }, value) => workbook.updateConditionalFormat(format, { fill: colorValue(value) }),
    },
  },
  navigation: {},
  methods: {},
};
const conditionalFontType: TypeSpec<ConditionalFormatTarget> = {
  name: "ConditionalRangeFont",
  scalars: {
    color: {
      since: 6,
      get: ({ format }) => format.fontColor,
      set: ({ workbook, format }, value) => workbook.updateConditionalFormat(format, { fontColor: colorValue(value) }),
    },
  },
  navigation: {},
  methods: {},
};
const conditionalRangeFormatType: TypeSpec<ConditionalFormatTarget> = {
  name: "ConditionalRangeFormat",
  scalars: {},
  navigation: {
    fill: { since: 6, create: (parent) => parent.run.make(conditionalFillType, parent.resolve) as Handle<unknown> },
    font: { since: 6, create: (parent) => parent.run.make(conditionalFontType, parent.resolve) as Handle<unknown> },
  },
  methods: {},
};
const conditionalRuleType: TypeSpec<ConditionalFormatTarget> = {
  name: "ConditionalFormatRule",
  scalars: {
    formula: {
      since: 6,
      get: ({ format }) => format.formula,
      set: ({ workbook, format }, value) => {
        if (typeof value !== "string" || value.trim() === "")
          throw invalid("A conditional format's formula must be a formula text.");
        if (/[\p{L}_\\][\p{L}\p{N}_.\\]*\[/u.test(value.replace(/"(?:[^"]|"")*"/g, '""')))
          throw invalid(`A conditional format's formula cannot use structured references (${value}).`);
        const sheet = workbook.requireSheet(format.sheetId);
        const problem = workbook.formulaProblem(sheet, format.anchor.row, format.anchor.column, value);
        if (problem) throw invalid(`Excel refuses the formula ${value}: ${problem}.`);
        workbook.updateConditionalFormat(format, { formula: value.startsWith("=") ? value : `=${value}` });
      },
    },
  },
  navigation: {},
  methods: {},
};
const customConditionalFormatType: TypeSpec<ConditionalFormatTarget> = {
  name: "CustomConditionalFormat",
  scalars: {},
  navigation: {
    rule: { since: 6, create: (parent) => parent.run.make(conditionalRuleType, parent.resolve) as Handle<unknown> },
    format: {
      since: 6,
      create: (parent) => parent.run.make(conditionalRangeFormatType, parent.resolve) as Handle<unknown>,
    },
  },
  methods: {},
};

interface ConditionalFormatTarget {
  workbook: Workbook;
  format: ConditionalFormat;
}

const conditionalFormatType: TypeSpec<ConditionalFormatTarget> = {
  name: "ConditionalFormat",
  scalars: {},
  navigation: {
    custom: {
      since: 6,
      create: (parent) => parent.run.make(customConditionalFormatType, parent.resolve) as Handle<unknown>,
    },
  },
  methods: {},
};

const conditionalFormatCollectionType: TypeSpec<RangeTarget> = {
  name: "ConditionalFormatCollection",
  scalars: {},
  navigation: {},
  methods: {
    add: {
      since: 6,
      call: (self, [type]) => {
        if (type !== "Custom")
          throw new TestHostError(
            `The test host provides custom conditional formats only (Excel.ConditionalFormatType.custom), not "${String(type)}".`,
          );
        let created: ConditionalFormatTarget | null = null;
        self.run.enqueue({ o: self.id, call: "add", args: [type] }, () => {
          const { workbook, sheet, rect } = self.target();
          guardProtected(sheet, "adding a conditional format");
          cellByCell(rect, "conditional formatting");
          created = { workbook, format: workbook.addConditionalFormat(sheet, rect) };
        });
        return self.run.make(conditionalFormatType, () => {
          if (!created)
            throw new OfficeError(ErrorCodes.invalidObjectPath, "The conditional format has not been added yet.");
          return created;
        }).proxy;
      },
    },
    clearAll: {
      since: 6,
      call: (self) => {
        self.run.enqueue({ o: self.id, call: "clearAll" }, () => {
          const { workbook, sheet, rect } = self.target();
          guardProtected(sheet, "clearing conditional formats");
          workbook.clearConditionalFormats(sheet, rect);
        });
        return undefined;
      },
    },
  },
};

// Data validation.
const OPERATORS = [
  "Between",
  "NotBetween",
  "EqualTo",
  "NotEqualTo",
  "GreaterThan",
  "LessThan",
  "GreaterThanOrEqualTo",
  "LessThanOrEqualTo",
];

function checkRule(value: unknown): ValidationRule {
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw invalid("A data-validation rule must be an object.");
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, each]) => each !== undefined && each !== null,
  );
  if (entries.length !== 1)
    throw invalid("A data-validation rule has exactly one criterion (list, decimal, wholeNumber, …).");
  const [kind, criterion] = entries[0]!;
  if (!criterion || typeof criterion !== "object") throw invalid(`The ${kind} criterion must be an object.`);
  const fields = criterion as Record<string, unknown>;
  if (kind === "list") {
    if (typeof fields.source !== "string" || fields.source === "") throw invalid("A list rule needs a source.");
    if (fields.inCellDropDown !== undefined && typeof fields.inCellDropDown !== "boolean")
      throw invalid("inCellDropDown is true or false.");
  } else if (["decimal", "wholeNumber", "date", "time", "textLength"].includes(kind)) {
    if (typeof fields.operator !== "string" || !OPERATORS.includes(fields.operator))
      throw invalid(`The ${kind} rule needs an operator (${OPERATORS.join(", ")}).`);
    if (fields.formula1 === undefined || !["number", "string"].includes(typeof fields.formula1))
      throw invalid(`The ${kind} rule needs formula1.`);
    if (
      ["Between", "NotBetween"].includes(fields.operator) &&
      (fields.formula2 === undefined || !["number", "string"].includes(typeof fields.formula2))
    )
      throw invalid(`The ${kind} rule with ${fields.operator} needs formula2.`);
  } else if (kind === "custom") {
    if (typeof fields.formula !== "string") throw invalid("A custom rule needs a formula.");
  } else throw invalid(`"${kind}" is not a data-validation criterion.`);
  return { [kind]: { ...fields } };
}

function checkErrorAlert(value: unknown): { showAlert: boolean; style: string; title: string; message: string } {
  if (!value || typeof value !== "object") throw invalid("An error alert must be an object.");
  const fields = value as Record<string, unknown>;
  const style = fields.style ?? "Stop";
  if (typeof style !== "string" || !["Stop", "Warning", "Information"].includes(style))
    throw invalid("An error alert's style is Stop, Warning or Information.");
  for (const name of ["title", "message"] as const)
    if (fields[name] !== undefined && typeof fields[name] !== "string")
      throw invalid(`An error alert's ${name} is text.`);
  if (fields.showAlert !== undefined && typeof fields.showAlert !== "boolean")
    throw invalid("showAlert is true or false.");
  return {
    showAlert: fields.showAlert ?? true,
    style,
    title: (fields.title as string | undefined) ?? "",
    message: (fields.message as string | undefined) ?? "",
  };
}

const dataValidationType: TypeSpec<RangeTarget> = {
  name: "DataValidation",
  scalars: {
    rule: {
      since: 8,
      get: ({ workbook, sheet, rect }) => workbook.validationAt(sheet, rect.row, rect.column)?.rule ?? {},
      set: ({ workbook, sheet, rect }, value) => {
        guardProtected(sheet, "setting data validation");
        workbook.setValidation(sheet, rect, { rule: checkRule(value) });
      },
    },
    ignoreBlanks: {
      since: 8,
      get: ({ workbook, sheet, rect }) => workbook.validationAt(sheet, rect.row, rect.column)?.ignoreBlanks ?? true,
      set: ({ workbook, sheet, rect }, value) => {
        guardProtected(sheet, "setting data validation");
        workbook.setValidation(sheet, rect, { ignoreBlanks: booleanValue(value) });
      },
    },
    errorAlert: {
      since: 8,
      get: ({ workbook, sheet, rect }) => workbook.validationAt(sheet, rect.row, rect.column)?.errorAlert ?? null,
      set: ({ workbook, sheet, rect }, value) => {
        guardProtected(sheet, "setting data validation");
        workbook.setValidation(sheet, rect, { errorAlert: checkErrorAlert(value) });
      },
    },
  },
  navigation: {},
  methods: {},
};

function rangeHandle(run: Run, resolve: () => RangeTarget | null): Handle<RangeTarget> {
  return run.make(rangeType, resolve);
}

function checkRectOnSheet(rect: Rect): Rect {
  if (
    rect.row < 0 ||
    rect.column < 0 ||
    rect.rows < 1 ||
    rect.columns < 1 ||
    rect.row + rect.rows > MAX_ROWS ||
    rect.column + rect.columns > MAX_COLUMNS
  )
    throw invalid("The range would lie outside the worksheet.");
  return rect;
}

const integer = (value: unknown, what: string) => {
  if (typeof value !== "number" || !Number.isInteger(value)) throw invalid(`${what} must be a whole number.`);
  return value;
};

const rangeType: TypeSpec<RangeTarget> = {
  name: "Range",
  scalars: {
    values: {
      since: 1,
      get: ({ workbook, sheet, rect }) =>
        Array.from({ length: cellByCell(rect, "reading values").rows }, (_, row) =>
          Array.from({ length: rect.columns }, (_, column) =>
            workbook.value(sheet, rect.row + row, rect.column + column),
          ),
        ),
      set: (target, value, batch) => writeCells(target, value, batch, "values"),
    },
    formulas: {
      since: 1,
      get: ({ workbook, sheet, rect }) =>
        Array.from({ length: cellByCell(rect, "reading formulas").rows }, (_, row) =>
          Array.from({ length: rect.columns }, (_, column) =>
            workbook.formula(sheet, rect.row + row, rect.column + column),
          ),
        ),
      set: (target, value, batch) => writeCells(target, value, batch, "formulas"),
    },
    numberFormat: {
      since: 1,
      get: ({ workbook, sheet, rect }) =>
        Array.from({ length: cellByCell(rect, "reading number formats").rows }, (_, row) =>
          Array.from({ length: rect.columns }, (_, column) =>
            workbook.numberFormat(sheet, rect.row + row, rect.column + column),
          ),
        ),
      set: ({ workbook, sheet, rect }, value) => {
        guardProtected(sheet, "writing numberFormat");
        const formats = grid2D(rect, value, "numberFormat", (element) => {
          if (typeof element !== "string") throw invalid("A number format is text.");
          return element;
        });
        formats.forEach((row, rowIndex) =>
          row.forEach((format, columnIndex) => {
            if (format !== null)
              workbook.setNumberFormat(sheet, rect.row + rowIndex, rect.column + columnIndex, format);
          }),
        );
      },
    },
    address: { since: 1, get: ({ sheet, rect }) => sheetAddress(sheet.name, rect) },
    rowIndex: { since: 1, get: ({ rect }) => rect.row },
    columnIndex: { since: 1, get: ({ rect }) => rect.column },
    rowCount: { since: 1, get: ({ rect }) => rect.rows },
    columnCount: { since: 1, get: ({ rect }) => rect.columns },
  },
  navigation: {
    format: { since: 1, create: (parent) => parent.run.make(rangeFormatType, parent.resolve) as Handle<unknown> },
    conditionalFormats: {
      since: 6,
      create: (parent) => parent.run.make(conditionalFormatCollectionType, parent.resolve) as Handle<unknown>,
    },
    dataValidation: {
      since: 8,
      create: (parent) => parent.run.make(dataValidationType, parent.resolve) as Handle<unknown>,
    },
  },
  methods: {
    select: {
      since: 1,
      call: (self) => {
        self.run.enqueue({ o: self.id, call: "select" }, (batch) => {
          const { workbook, sheet, rect } = self.target();
          if (sheet.visibility !== "Visible")
            throw new OfficeError(
              ErrorCodes.invalidOperation,
              `A range on the hidden sheet "${sheet.name}" cannot be selected.`,
            );
          workbook.select(sheet, rect);
          batch.selections.push({ sheet, rect });
        });
        return undefined;
      },
    },
    getCell: {
      since: 1,
      call: (self, [row, column]) => {
        const rowOffset = integer(row, "The row");
        const columnOffset = integer(column, "The column");
        return rangeHandle(self.run, () => {
          const target = self.resolve();
          if (!target) return null;
          const rect = checkRectOnSheet({
            row: target.rect.row + rowOffset,
            column: target.rect.column + columnOffset,
            rows: 1,
            columns: 1,
          });
          return { ...target, rect };
        }).proxy;
      },
    },
    getResizedRange: {
      since: 7,
      call: (self, [deltaRows, deltaColumns]) => {
        const rows = integer(deltaRows, "deltaRows");
        const columns = integer(deltaColumns, "deltaColumns");
        return rangeHandle(self.run, () => {
          const target = self.resolve();
          if (!target) return null;
          const rect = checkRectOnSheet({
            ...target.rect,
            rows: target.rect.rows + rows,
            columns: target.rect.columns + columns,
          });
          return { ...target, rect };
        }).proxy;
      },
    },
  },
};

// Tables.
interface TableTarget {
  workbook: Workbook;
  table: Table;
}

function tableRange(
  self: Handle<TableTarget>,
  part: (workbook: Workbook, table: Table) => Rect | null,
  what: string,
): Record<string, unknown> {
  return rangeHandle(self.run, () => {
    const target = self.resolve();
    if (!target) return null;
    const rect = part(target.workbook, target.table);
    if (!rect) throw new OfficeError(ErrorCodes.invalidOperation, `The table "${target.table.name}" has no ${what}.`);
    return { workbook: target.workbook, sheet: target.workbook.requireSheet(target.table.sheetId), rect };
  }).proxy;
}

function modelError(error: unknown, code: string = ErrorCodes.invalidArgument): never {
  if (error instanceof OfficeError || error instanceof TestHostError) throw error;
  const message = error instanceof Error ? error.message : String(error);
  throw new OfficeError(/allerede/.test(message) ? ErrorCodes.itemAlreadyExists : code, message);
}

const tableType: TypeSpec<TableTarget> = {
  name: "Table",
  scalars: {
    name: {
      since: 1,
      get: ({ table }) => table.name,
      set: ({ workbook, table }, value) => {
        if (typeof value !== "string") throw invalid("A table name is text.");
        try {
          workbook.renameTable(table, value);
        } catch (error) {
          modelError(error);
        }
      },
    },
    showTotals: {
      since: 3,
      get: ({ table }) => table.showTotals,
      set: ({ workbook, table }, value) => {
        guardProtected(workbook.requireSheet(table.sheetId), "changing a table");
        try {
          workbook.setShowTotals(table, booleanValue(value));
        } catch (error) {
          modelError(error, ErrorCodes.invalidOperation);
        }
      },
    },
  },
  navigation: {
    worksheet: {
      since: 2,
      create: (parent) =>
        parent.run.make(worksheetType, () => {
          const target = parent.resolve();
          return target
            ? { workbook: target.workbook, sheet: target.workbook.requireSheet(target.table.sheetId) }
            : null;
        }) as Handle<unknown>,
    },
  },
  methods: {
    getRange: { since: 1, call: (self) => tableRange(self, (workbook, table) => workbook.tableRect(table), "range") },
    getHeaderRowRange: {
      since: 1,
      call: (self) => tableRange(self, (workbook, table) => workbook.headerRect(table), "header row"),
    },
    getDataBodyRange: {
      since: 1,
      call: (self) => tableRange(self, (workbook, table) => workbook.bodyRect(table), "data body"),
    },
    getTotalRowRange: {
      since: 1,
      call: (self) => tableRange(self, (workbook, table) => workbook.totalsRect(table), "totals row"),
    },
  },
};

interface SheetTarget {
  workbook: Workbook;
  sheet: Sheet;
}

function tableCollectionType(): TypeSpec<{ workbook: Workbook; sheet: Sheet | null }> {
  return {
    name: "TableCollection",
    scalars: {},
    navigation: {},
    methods: {
      getItemOrNullObject: {
        since: 4,
        call: (self, [key]) => {
          if (typeof key !== "string") throw invalid("A table's name is text.");
          return self.run.make(tableType, () => {
            const { workbook, sheet } = self.target();
            const table = workbook.table(key);
            if (!table || (sheet && table.sheetId !== sheet.id)) return null;
            return { workbook, table };
          }).proxy;
        },
      },
      add: {
        since: 1,
        call: (self, [address, hasHeaders]) => {
          const text = checkAddress(address);
          if (hasHeaders !== true)
            throw new TestHostError("The test host adds tables with headers only (tables.add(address, true)).");
          let created: TableTarget | null = null;
          self.run.enqueue({ o: self.id, call: "add", args: [text, hasHeaders] }, () => {
            const { workbook, sheet: scoped } = self.target();
            const named = splitSheet(text).sheet;
            const sheet = scoped ?? (named === null ? undefined : workbook.sheet(named));
            if (!sheet) throw invalid(`tables.add on the workbook needs a sheet-qualified address ("${text}").`);
            guardProtected(sheet, "adding a table");
            const rect = rectOf(sheet, text, workbook);
            try {
              created = { workbook, table: workbook.addTable(sheet, rect) };
            } catch (error) {
              modelError(error, ErrorCodes.invalidOperation);
            }
          });
          return self.run.make(tableType, () => {
            if (!created) throw new OfficeError(ErrorCodes.invalidObjectPath, "The table has not been added yet.");
            return created;
          }).proxy;
        },
      },
    },
  };
}
const workbookTablesType = tableCollectionType();
const worksheetTablesType = tableCollectionType();

const protectionType: TypeSpec<SheetTarget> = {
  name: "WorksheetProtection",
  scalars: {},
  navigation: {},
  methods: {
    protect: {
      since: 2,
      call: (self, [options, password]) => {
        if (password !== undefined) throw new TestHostError("The test host protects sheets without a password only.");
        self.run.enqueue({ o: self.id, call: "protect", args: [options ?? null] }, () => {
          const { workbook, sheet } = self.target();
          if (sheet.protected)
            throw new OfficeError(ErrorCodes.invalidOperation, `The worksheet "${sheet.name}" is already protected.`);
          workbook.setProtected(sheet, true);
        });
        return undefined;
      },
    },
    unprotect: {
      since: 2,
      call: (self, [password]) => {
        if (password !== undefined) throw new TestHostError("The test host protects sheets without a password only.");
        self.run.enqueue({ o: self.id, call: "unprotect" }, () => {
          const { workbook, sheet } = self.target();
          workbook.setProtected(sheet, false);
        });
        return undefined;
      },
    },
  },
};

const freezePanesType: TypeSpec<SheetTarget> = {
  name: "WorksheetFreezePanes",
  scalars: {},
  navigation: {},
  methods: {
    freezeRows: {
      since: 7,
      call: (self, [count]) => {
        const rows = count === undefined ? 1 : integer(count, "The row count");
        self.run.enqueue({ o: self.id, call: "freezeRows", args: [rows] }, () => {
          const { workbook, sheet } = self.target();
          if (rows < 0 || rows >= MAX_ROWS) throw invalid("The row count is out of range.");
          workbook.freezeRows(sheet, rows);
        });
        return undefined;
      },
    },
  },
};

const VISIBILITIES: Visibility[] = ["Visible", "Hidden", "VeryHidden"];

const worksheetType: TypeSpec<SheetTarget> = {
  name: "Worksheet",
  scalars: {
    name: {
      since: 1,
      get: ({ sheet }) => sheet.name,
      set: ({ workbook, sheet }, value) => {
        if (typeof value !== "string") throw invalid("A sheet name is text.");
        try {
          workbook.renameSheet(sheet, value);
        } catch (error) {
          modelError(error);
        }
      },
    },
    id: { since: 1, get: ({ sheet }) => sheet.id },
    visibility: {
      since: 1,
      get: ({ sheet }) => sheet.visibility,
      set: ({ workbook, sheet }, value) => {
        if (!VISIBILITIES.includes(value as Visibility))
          throw invalid(`"${String(value)}" is not a sheet visibility (Visible, Hidden, VeryHidden).`);
        try {
          workbook.setVisibility(sheet, value as Visibility);
        } catch (error) {
          modelError(error, ErrorCodes.invalidOperation);
        }
      },
    },
  },
  navigation: {
    tables: {
      since: 1,
      create: (parent) =>
        parent.run.make(worksheetTablesType, () => {
          const target = parent.resolve();
          return target ? { workbook: target.workbook, sheet: target.sheet } : null;
        }) as Handle<unknown>,
    },
    protection: { since: 2, create: (parent) => parent.run.make(protectionType, parent.resolve) as Handle<unknown> },
    freezePanes: { since: 7, create: (parent) => parent.run.make(freezePanesType, parent.resolve) as Handle<unknown> },
    onSelectionChanged: {
      since: 7,
      create: (parent) =>
        parent.run.make(
          eventHandlersType<SheetTarget>(7, (facade, { sheet }) => facade.sheetSelectionHandlers(sheet.id)),
          parent.resolve,
        ) as Handle<unknown>,
    },
  },
  methods: {
    getRange: {
      since: 1,
      call: (self, [address]) => {
        if (address === undefined)
          throw new TestHostError(
            "The test host does not model a whole worksheet's range (getRange() without an address).",
          );
        const text = checkAddress(address);
        return rangeHandle(self.run, () => {
          const target = self.resolve();
          if (!target) return null;
          return { workbook: target.workbook, sheet: target.sheet, rect: rectOf(target.sheet, text, target.workbook) };
        }).proxy;
      },
    },
    delete: {
      since: 1,
      call: (self) => {
        self.run.enqueue({ o: self.id, call: "delete" }, () => {
          const { workbook, sheet } = self.target();
          if (sheet.visibility === "VeryHidden")
            throw new OfficeError(
              ErrorCodes.invalidOperation,
              `The worksheet "${sheet.name}" is very hidden; make it hidden or visible before deleting it.`,
            );
          try {
            workbook.deleteSheet(sheet);
          } catch (error) {
            modelError(error, ErrorCodes.invalidOperation);
          }
        });
        return undefined;
      },
    },
    activate: {
      since: 1,
      call: (self) => {
        self.run.enqueue({ o: self.id, call: "activate" }, () => {
          const { workbook, sheet } = self.target();
          try {
            workbook.activate(sheet);
          } catch (error) {
            modelError(error, ErrorCodes.invalidOperation);
          }
        });
        return undefined;
      },
    },
  },
};

function sheetHandle(
  run: Run,
  find: (workbook: Workbook) => Sheet | undefined,
  nullable: boolean,
  key: string,
): Handle<SheetTarget> {
  return run.make(worksheetType, () => {
    const workbook = run.facade.workbook;
    const sheet = find(workbook);
    if (sheet) return { workbook, sheet };
    if (nullable) return null;
    throw new OfficeError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: no worksheet "${key}".`);
  });
}

const worksheetCollectionType: TypeSpec<Workbook> = {
  name: "WorksheetCollection",
  scalars: {},
  navigation: {
    onChanged: {
      since: 9,
      create: (parent) =>
        parent.run.make(
          eventHandlersType<Workbook>(9, (facade) => facade.handlers),
          () => parent.run.facade.workbook,
        ) as Handle<unknown>,
    },
    onSelectionChanged: {
      since: 9,
      create: (parent) =>
        parent.run.make(
          eventHandlersType<Workbook>(9, (facade) => facade.selectionHandlers),
          () => parent.run.facade.workbook,
        ) as Handle<unknown>,
    },
  },
  methods: {
    getItem: {
      since: 1,
      call: (self, [key]) => {
        if (typeof key !== "string") throw invalid("A worksheet's name or id is text.");
        return sheetHandle(self.run, (workbook) => workbook.sheet(key), false, key).proxy;
      },
    },
    getItemOrNullObject: {
      since: 4,
      call: (self, [key]) => {
        if (typeof key !== "string") throw invalid("A worksheet's name or id is text.");
        return sheetHandle(self.run, (workbook) => workbook.sheet(key), true, key).proxy;
      },
    },
    getActiveWorksheet: {
      since: 1,
      call: (self) => sheetHandle(self.run, (workbook) => workbook.activeSheet, false, "(active)").proxy,
    },
    add: {
      since: 1,
      call: (self, [name]) => {
        if (name !== undefined && typeof name !== "string") throw invalid("A sheet name is text.");
        let created: Sheet | null = null;
        self.run.enqueue({ o: self.id, call: "add", args: [name ?? null] }, () => {
          try {
            created = self.target().addSheet(name);
          } catch (error) {
            modelError(error);
          }
        });
        return sheetHandle(
          self.run,
          () => {
            if (!created) throw new OfficeError(ErrorCodes.invalidObjectPath, "The worksheet has not been added yet.");
            return created;
          },
          false,
          name ?? "(new)",
        ).proxy;
      },
    },
  },
};

// Event registration (`worksheets.onChanged.add(handler)`, `….onSelectionChanged.add(handler)`): takes effect at the
// next sync, as Office.js registers it.
type EventHandler = (args: never) => unknown;

function eventHandlersType<T>(since: number, handlers: (facade: Facade, target: T) => Set<EventHandler>): TypeSpec<T> {
  return {
    name: "EventHandlers",
    scalars: {},
    navigation: {},
    methods: {
      add: {
        since,
        call: (self, [handler]) => {
          if (typeof handler !== "function") throw invalid("An event handler is a function.");
          const facade = self.run.facade;
          const listener = handler as EventHandler;
          self.run.enqueue({ o: self.id, call: "add" }, () => handlers(facade, self.target()).add(listener));
          return {
            context: self.run.proxy,
            remove: () => {
              self.run.enqueue({ o: self.id, call: "remove" }, () => handlers(facade, self.target()).delete(listener));
            },
          };
        },
      },
    },
  };
}

const namedItemType: TypeSpec<{ workbook: Workbook; item: NamedItem }> = {
  name: "NamedItem",
  scalars: {
    name: { since: 1, get: ({ item }) => item.name },
    formula: { since: 7, get: ({ item }) => item.formula },
  },
  navigation: {},
  methods: {
    delete: {
      since: 4,
      call: (self) => {
        self.run.enqueue({ o: self.id, call: "delete" }, () => {
          const { workbook, item } = self.target();
          workbook.deleteName(item.name);
        });
        return undefined;
      },
    },
  },
};

const namedItemCollectionType: TypeSpec<Workbook> = {
  name: "NamedItemCollection",
  scalars: {},
  navigation: {},
  methods: {
    getItemOrNullObject: {
      since: 4,
      call: (self, [name]) => {
        if (typeof name !== "string") throw invalid("A name is text.");
        return self.run.make(namedItemType, () => {
          const workbook = self.target();
          const item = workbook.name(name);
          return item ? { workbook, item } : null;
        }).proxy;
      },
    },
    add: {
      since: 4,
      call: (self, [name, reference, comment]) => {
        if (typeof name !== "string") throw invalid("A name is text.");
        if (comment !== undefined && typeof comment !== "string") throw invalid("A name's comment is text.");
        const range = handleOf(reference);
        if (!range && typeof reference !== "string") throw invalid("names.add takes a Range or a reference string.");
        if (typeof reference === "string") checkAddress(reference.replace(/^=/, ""), "reference");
        if (range && range.spec !== (rangeType as TypeSpec<unknown>))
          throw invalid("names.add takes a Range or a reference string.");
        let created: NamedItem | null = null;
        self.run.enqueue({ o: self.id, call: "add", args: [name, range ? { ref: range.id } : reference] }, () => {
          const workbook = self.target();
          const formula = range
            ? (() => {
                const target = (range as Handle<RangeTarget>).target();
                return `=${sheetAddress(target.sheet.name, target.rect, true)}`;
              })()
            : (reference as string);
          try {
            created = workbook.addName(name, formula);
          } catch (error) {
            modelError(error);
          }
        });
        return self.run.make(namedItemType, () => {
          if (!created) throw new OfficeError(ErrorCodes.invalidObjectPath, "The name has not been added yet.");
          return { workbook: self.run.facade.workbook, item: created };
        }).proxy;
      },
    },
  },
};

const workbookType: TypeSpec<Workbook> = {
  name: "Workbook",
  scalars: {},
  navigation: {
    tables: {
      since: 1,
      create: (parent) =>
        parent.run.make(workbookTablesType, () => ({
          workbook: parent.run.facade.workbook,
          sheet: null,
        })) as Handle<unknown>,
    },
    worksheets: {
      since: 1,
      create: (parent) => parent.run.make(worksheetCollectionType, parent.resolve) as Handle<unknown>,
    },
    names: {
      since: 1,
      create: (parent) => parent.run.make(namedItemCollectionType, parent.resolve) as Handle<unknown>,
    },
  },
  methods: {},
};

// ---------------------------------------------------------------------------------------------------------------------
// The facade.

function strictNamespace(
  name: string,
  members: Record<string, unknown>,
  settable: string[] = [],
  absent: string[] = [],
): Record<string, unknown> {
  return new Proxy(members, {
    get: (target, key) => {
      if (typeof key === "symbol") return undefined;
      if (Object.hasOwn(target, key)) return target[key];
      // In the subset, but above the requirement sets claimed: absent, as in an older Excel.
      if (absent.includes(key)) return undefined;
      if (PROBES.has(key) || key.startsWith("_") || key.startsWith("@@") || key.startsWith("$$")) return undefined;
      throw new TestHostError(
        `${name}.${key} is not in the Office.js subset the test host provides (docs/excel-addin.md).`,
      );
    },
    set: (target, key, value) => {
      if (typeof key === "string" && settable.includes(key)) {
        target[key] = value;
        return true;
      }
      throw new TestHostError(`${name}.${String(key)} cannot be set in the test host.`);
    },
    has: (target, key) => typeof key === "string" && Object.hasOwn(target, key),
  });
}

function parseApi(api: string | undefined): number {
  const text = api ?? "1.14";
  const match = /^1\.([0-9]{1,2})$/.exec(text);
  const minor = match ? Number(match[1]) : Number.NaN;
  if (!(minor >= 1 && minor <= 14)) throw new Error(`api=${text}: the test host claims ExcelApi 1.1 … 1.14.`);
  return minor;
}

class Facade implements OfficeFacade {
  readonly Office: Record<string, unknown>;
  readonly Excel: Record<string, unknown>;
  readonly OfficeExtension: Record<string, unknown>;
  readonly apiMinor: number;
  readonly handlers = new Set<EventHandler>();
  readonly selectionHandlers = new Set<EventHandler>();
  private readonly sheetSelection = new Map<string, Set<EventHandler>>();
  readonly handlerErrors: unknown[] = [];
  syncs = 0;
  bytesSent = 0;
  largestRequestBytes = 0;
  hostMilliseconds = 0;
  runsInFlight = 0;
  eventsInFlight = 0;
  private editing = false;
  private readonly editWaiters: (() => void)[] = [];

  constructor(
    readonly workbook: Workbook,
    options: FacadeOptions,
  ) {
    this.apiMinor = parseApi(options.api);
    const ready = { host: "Excel", platform: "OfficeOnline" };
    const office: Record<string, unknown> = {
      HostType: Object.freeze({
        Excel: "Excel",
        Word: "Word",
        PowerPoint: "PowerPoint",
        Outlook: "Outlook",
        OneNote: "OneNote",
        Project: "Project",
        Access: "Access",
      }),
      PlatformType: Object.freeze({
        PC: "PC",
        OfficeOnline: "OfficeOnline",
        Mac: "Mac",
        iOS: "iOS",
        Android: "Android",
        Universal: "Universal",
      }),
      onReady: (callback?: (info: typeof ready) => void) =>
        new Promise<typeof ready>((resolve) =>
          setTimeout(() => {
            callback?.(ready);
            resolve(ready);
          }, 0),
        ),
      initialize: undefined,
      context: strictNamespace("Office.context", {
        requirements: strictNamespace("Office.context.requirements", {
          isSetSupported: (name: unknown, minVersion?: unknown) => this.isSetSupported(name, minVersion),
        }),
      }),
    };
    this.Office = strictNamespace("Office", office, ["initialize"]);
    const excel: Record<string, unknown> = {
      run: (...args: unknown[]) => this.run(args),
      ConditionalFormatType: Object.freeze({
        custom: "Custom",
        dataBar: "DataBar",
        colorScale: "ColorScale",
        iconSet: "IconSet",
        topBottom: "TopBottom",
        presetCriteria: "PresetCriteria",
        containsText: "ContainsText",
        cellValue: "CellValue",
      }),
      SheetVisibility: Object.freeze({ visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" }),
    };
    const absent: string[] = [];
    const since = (minor: number, key: string, value: unknown) => {
      if (this.apiMinor >= minor) excel[key] = value;
      else absent.push(key);
    };
    since(
      8,
      "DataValidationOperator",
      Object.freeze({
        between: "Between",
        notBetween: "NotBetween",
        equalTo: "EqualTo",
        notEqualTo: "NotEqualTo",
        greaterThan: "GreaterThan",
        lessThan: "LessThan",
        greaterThanOrEqualTo: "GreaterThanOrEqualTo",
        lessThanOrEqualTo: "LessThanOrEqualTo",
      }),
    );
    since(
      8,
      "DataValidationAlertStyle",
      Object.freeze({ stop: "Stop", warning: "Warning", information: "Information" }),
    );
    since(14, "EventTriggerSource", Object.freeze({ unknown: "Unknown", thisLocalAddin: "ThisLocalAddin" }));
    this.Excel = strictNamespace("Excel", excel, [], absent);
    this.OfficeExtension = strictNamespace("OfficeExtension", {
      Error: OfficeError,
      ErrorCodes: Object.freeze({ ...ErrorCodes }),
    });
  }

  isSetSupported(name: unknown, minVersion?: unknown): boolean {
    if (typeof name !== "string" || name.toLowerCase() !== "excelapi") return false;
    if (minVersion === undefined || minVersion === null || minVersion === "") return true;
    if (typeof minVersion !== "string" && typeof minVersion !== "number") return false;
    const text = String(minVersion);
    if (text === "1") return true;
    const match = /^1\.([0-9]{1,2})$/.exec(text);
    return match !== null && Number(match[1]) <= this.apiMinor;
  }

  countSync(): void {
    this.syncs++;
  }

  countRequest(bytes: number): void {
    this.bytesSent += bytes;
    this.largestRequestBytes = Math.max(this.largestRequestBytes, bytes);
  }

  setCellEditMode(editing: boolean): void {
    this.editing = editing;
    if (!editing) for (const wake of this.editWaiters.splice(0)) wake();
  }

  private async run(args: unknown[]): Promise<unknown> {
    const [options, batch] = args.length >= 2 ? [args[0], args[1]] : [undefined, args[0]];
    if (typeof batch !== "function") throw invalid("Excel.run takes a batch function.");
    if (
      options !== undefined &&
      (typeof options !== "object" || options === null || Array.isArray(options) || handleOf(options))
    )
      throw new TestHostError("The test host runs Excel.run(batch) and Excel.run({ delayForCellEdit }, batch) only.");
    const delay = (options as { delayForCellEdit?: unknown } | undefined)?.delayForCellEdit === true;
    this.runsInFlight++;
    try {
      if (this.editing) {
        if (!delay)
          throw new OfficeError(
            ErrorCodes.invalidOperationInCellEditMode,
            "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.",
          );
        await new Promise<void>((resolve) => this.editWaiters.push(resolve));
      }
      const context = new Run(this);
      try {
        const result: unknown = await (batch as (context: unknown) => unknown)(context.proxy);
        if (context.queue.length > 0) await context.sync();
        return result;
      } finally {
        context.closed = true;
      }
    } finally {
      this.runsInFlight--;
    }
  }

  /** The handlers of one worksheet's `onSelectionChanged`. */
  sheetSelectionHandlers(sheetId: string): Set<EventHandler> {
    let handlers = this.sheetSelection.get(sheetId);
    if (!handlers) {
      handlers = new Set();
      this.sheetSelection.set(sheetId, handlers);
    }
    return handlers;
  }

  selectionChanged(sheet: Sheet, rect: Rect): void {
    if (this.apiMinor < 7) return;
    const args: WorksheetSelectionChangedEvent = {
      type: "WorksheetSelectionChanged",
      worksheetId: sheet.id,
      address: formatRect(rect),
    };
    this.dispatch(
      () => [...this.sheetSelectionHandlers(sheet.id), ...(this.apiMinor >= 9 ? this.selectionHandlers : [])],
      args,
    );
  }

  /** After a sync: one `WorksheetChanged` per value write, from this add-in. */
  writesApplied(writes: Batch["writes"]): void {
    for (const write of writes) this.fire(write.sheet, write.rect, "ThisLocalAddin", write.before);
  }

  userChanged(sheet: Sheet, rect: Rect, before?: CellValue): void {
    this.fire(sheet, rect, "Unknown", before);
  }

  private fire(sheet: Sheet, rect: Rect, source: TriggerSource, before: CellValue | undefined): void {
    if (this.apiMinor < 7) return;
    const args: WorksheetChangedEvent = {
      type: "WorksheetChanged",
      changeType: "RangeEdited",
      source: "Local",
      worksheetId: sheet.id,
      address: formatRect(rect),
    };
    if (this.apiMinor >= 14) args.triggerSource = source;
    if (this.apiMinor >= 9 && rect.rows === 1 && rect.columns === 1 && before !== undefined) {
      const after = this.workbook.value(sheet, rect.row, rect.column);
      args.details = {
        valueBefore: before,
        valueAfter: after,
        valueTypeBefore: valueType(before),
        valueTypeAfter: valueType(after),
      };
    }
    this.dispatch(() => [...this.handlers], args);
  }

  /** Delivers one event to each handler after the current task, as Office.js does; each gets its own copy of the args. */
  private dispatch(handlers: () => EventHandler[], args: object): void {
    this.eventsInFlight++;
    setTimeout(() => {
      try {
        for (const handler of handlers()) this.deliver(handler, { ...args });
      } finally {
        this.eventsInFlight--;
      }
    }, 0);
  }

  private deliver(handler: EventHandler, args: object): void {
    let result: unknown;
    try {
      result = (handler as (args: object) => unknown)(args);
    } catch (error) {
      this.handlerErrors.push(error);
      return;
    }
    if (result && typeof (result as Promise<unknown>).then === "function") {
      this.eventsInFlight++;
      (result as Promise<unknown>).then(
        () => this.eventsInFlight--,
        (error: unknown) => {
          this.handlerErrors.push(error);
          this.eventsInFlight--;
        },
      );
    }
  }
}

/** The `Office`/`Excel` globals over `workbook`, claiming ExcelApi up to `options.api` (default 1.14). */
export function createOfficeFacade(workbook: Workbook, options: FacadeOptions = {}): OfficeFacade {
  return new Facade(workbook, options);
}
