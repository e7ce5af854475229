// The sheet area of the test host page, plain DOM: the active sheet as a grid (column letters, row numbers, values
// in Danish number formats, the user's fills, tables in their style, marks in their conditional-format colours over
// them), sheet tabs for the visible sheets, and editing as in Excel (Enter commits through the same path as
// `testHost.edit`, so the add-in gets its change event; Tab and the arrow keys move).
import { columnName, containsCell, sheetAddress, type Rect } from "./a1";
import type { Host } from "./host";
import { editText, formatValue, isErrorText } from "./number-format";
import { DEFAULT_FONT, type Sheet, type Table, type Workbook } from "./workbook-model";

export interface GridView {
  /** Draws the active sheet again (after a change). */
  render(): void;
}

interface GridCallbacks {
  /** A sentence for the user (a refused edit), or null to clear it. */
  message(text: string | null): void;
  /** The selection changed: its address and the content of its first cell. */
  selection(address: string, content: string): void;
}

const HEADER_HEIGHT = 20;
const ROW_HEADER_WIDTH = 42;
const DEFAULT_ROW_HEIGHT = 20;
const MIN_ZOOM = 0.6;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char,
  );

/** Table style colours (Excel's TableStyleMedium2, the template's). */
const TABLE_HEADER_FILL = "#4472C4";
const TABLE_BAND_FILL = "#D9E1F2";

const pointsToPixels = (points: number) => (points * 4) / 3;

function rowHeight(workbook: Workbook, sheet: Sheet, row: number, columns: number): number {
  let height = DEFAULT_ROW_HEIGHT;
  for (let column = 0; column < columns; column++) {
    const cell = workbook.cell(sheet, row, column);
    if (!cell) continue;
    const size = cell.font?.size ?? DEFAULT_FONT.size;
    const lines = cell.wrapText ? String(workbook.value(sheet, row, column)).split("\n").length : 1;
    height = Math.max(height, Math.ceil(pointsToPixels(size) * 1.25 * lines + 4));
  }
  return height;
}

function tablePart(workbook: Workbook, table: Table, row: number): "header" | "band" | "plain" | "totals" {
  if (row === table.row) return "header";
  if (table.showTotals && row === table.row + table.bodyRows + 1) return "totals";
  return table.showBandedRows && (row - table.row) % 2 === 1 ? "band" : "plain";
}

/** Mounts the sheet area into `root`. */
export function mountGrid(root: HTMLElement, host: Host, callbacks: GridCallbacks): GridView {
  const { workbook, facade } = host;
  root.innerHTML = `
    <div class="grid-scroll" tabindex="0" aria-label="Regneark">
      <div class="grid-host"></div>
      <input class="editor" type="text" hidden aria-label="Redigér celle" autocomplete="off" spellcheck="false" />
    </div>
    <nav class="tabs" aria-label="Ark"></nav>`;
  const scroll = root.querySelector<HTMLDivElement>(".grid-scroll")!;
  const gridHost = root.querySelector<HTMLDivElement>(".grid-host")!;
  const editor = root.querySelector<HTMLInputElement>(".editor")!;
  const tabs = root.querySelector<HTMLElement>(".tabs")!;

  let anchor = { row: 0, column: 0 };
  let editing: { sheet: Sheet; row: number; column: number } | null = null;

  const activeSheet = () => workbook.activeSheet;

  function selectionRect(sheet: Sheet): Rect {
    const selection = workbook.selection;
    if (selection && selection.sheetId === sheet.id) return selection.rect;
    return { row: 0, column: 0, rows: 1, columns: 1 };
  }

  let shownSelection = "";
  function announceSelection(): void {
    const sheet = activeSheet();
    const rect = selectionRect(sheet);
    const address = sheetAddress(sheet.name, rect);
    callbacks.selection(address, editText(workbook.formula(sheet, rect.row, rect.column)));
    if (address === shownSelection) return;
    // Selected elsewhere (the add-in's range.select()): follow it.
    const extended =
      anchor.row >= rect.row &&
      anchor.row < rect.row + rect.rows &&
      anchor.column >= rect.column &&
      anchor.column < rect.column + rect.columns;
    if (!extended) anchor = { row: rect.row, column: rect.column };
    shownSelection = address;
    cellElement(rect.row, rect.column)?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function select(row: number, column: number, extend = false): void {
    const sheet = activeSheet();
    const r = Math.max(0, row);
    const c = Math.max(0, column);
    if (!extend) anchor = { row: r, column: c };
    const rect: Rect = {
      row: Math.min(anchor.row, r),
      column: Math.min(anchor.column, c),
      rows: Math.abs(anchor.row - r) + 1,
      columns: Math.abs(anchor.column - c) + 1,
    };
    // The host's path, so the add-in gets its selection event as from Excel.
    host.userSelect(sheetAddress(sheet.name, rect));
    // Keep the moving corner in view.
    scroll
      .querySelector<HTMLElement>(`td[data-r="${r}"][data-c="${c}"]`)
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  function cellElement(row: number, column: number): HTMLTableCellElement | null {
    return gridHost.querySelector<HTMLTableCellElement>(`td[data-r="${row}"][data-c="${column}"]`);
  }

  function startEditing(initial: string | null): void {
    const sheet = activeSheet();
    if (sheet.protected) {
      callbacks.message(`Arket "${sheet.name}" er beskyttet. Fjern beskyttelsen for at ændre cellerne.`);
      return;
    }
    const rect = selectionRect(sheet);
    const cell = cellElement(rect.row, rect.column);
    if (!cell) return;
    editing = { sheet, row: rect.row, column: rect.column };
    facade.setCellEditMode(true);
    const box = cell.getBoundingClientRect();
    const frame = scroll.getBoundingClientRect();
    editor.style.left = `${box.left - frame.left + scroll.scrollLeft}px`;
    editor.style.top = `${box.top - frame.top + scroll.scrollTop}px`;
    editor.style.width = `${Math.max(box.width, 80)}px`;
    editor.style.height = `${box.height}px`;
    editor.value = initial ?? editText(workbook.formula(sheet, rect.row, rect.column));
    editor.hidden = false;
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
  }

  function stopEditing(commit: boolean): boolean {
    if (!editing) return true;
    const { sheet, row, column } = editing;
    editing = null;
    editor.hidden = true;
    facade.setCellEditMode(false);
    scroll.focus();
    if (!commit) return true;
    try {
      host.userEdit(sheetAddress(sheet.name, { row, column, rows: 1, columns: 1 }), [[editor.value]]);
      callbacks.message(null);
      return true;
    } catch (error) {
      callbacks.message(error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  function clearSelection(): void {
    const sheet = activeSheet();
    const rect = selectionRect(sheet);
    try {
      host.userEdit(
        sheetAddress(sheet.name, rect),
        Array.from({ length: rect.rows }, () => Array.from({ length: rect.columns }, () => null)),
      );
      callbacks.message(null);
    } catch (error) {
      callbacks.message(error instanceof Error ? error.message : String(error));
    }
  }

  scroll.addEventListener("mousedown", (event) => {
    const target = (event.target as HTMLElement).closest<HTMLTableCellElement>("td[data-r]");
    if (!target || event.target === editor) return;
    if (editing) stopEditing(true);
    event.preventDefault();
    scroll.focus();
    select(Number(target.dataset.r), Number(target.dataset.c), event.shiftKey);
  });
  scroll.addEventListener("dblclick", (event) => {
    if ((event.target as HTMLElement).closest("td[data-r]")) startEditing(null);
  });
  scroll.addEventListener("keydown", (event) => {
    if (event.target === editor) return;
    const rect = selectionRect(activeSheet());
    const focus = {
      row: anchor.row === rect.row ? rect.row + rect.rows - 1 : rect.row,
      column: anchor.column === rect.column ? rect.column + rect.columns - 1 : rect.column,
    };
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      if (event.shiftKey) select(focus.row + move[0], focus.column + move[1], true);
      else select(rect.row + move[0], rect.column + move[1]);
    } else if (event.key === "Enter") {
      event.preventDefault();
      select(rect.row + (event.shiftKey ? -1 : 1), rect.column);
    } else if (event.key === "Tab") {
      event.preventDefault();
      select(rect.row, rect.column + (event.shiftKey ? -1 : 1));
    } else if (event.key === "F2") {
      event.preventDefault();
      startEditing(null);
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      clearSelection();
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      startEditing(event.key);
    }
  });
  editor.addEventListener("keydown", (event) => {
    if (!editing) return;
    const { row, column } = editing;
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      if (!stopEditing(true)) return;
      if (event.key === "Enter") select(row + (event.shiftKey ? -1 : 1), column);
      else select(row, column + (event.shiftKey ? -1 : 1));
    } else if (event.key === "Escape") {
      event.preventDefault();
      stopEditing(false);
    }
  });
  editor.addEventListener("blur", () => {
    if (editing) stopEditing(true);
  });
  tabs.addEventListener("click", (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>("button[data-sheet]");
    const sheet = button ? workbook.sheet(button.dataset.sheet ?? "") : undefined;
    if (!sheet) return;
    if (editing) stopEditing(true);
    workbook.activate(sheet);
    const selection = workbook.selection;
    if (!selection || selection.sheetId !== sheet.id)
      workbook.select(sheet, { row: 0, column: 0, rows: 1, columns: 1 });
    anchor = { row: selectionRect(sheet).row, column: selectionRect(sheet).column };
    scroll.focus();
  });

  function renderTabs(): void {
    const active = activeSheet();
    tabs.innerHTML = workbook.sheets
      .filter((sheet) => sheet.visibility === "Visible")
      .map(
        (sheet) =>
          `<button type="button" data-sheet="${escapeHtml(sheet.id)}" class="${sheet.id === active.id ? "active" : ""}" aria-pressed="${sheet.id === active.id}">${escapeHtml(sheet.name)}${sheet.protected ? ' <span class="lock">(beskyttet)</span>' : ""}</button>`,
      )
      .join("");
  }

  function renderGrid(): void {
    const sheet = activeSheet();
    const extent = workbook.extent(sheet);
    const rows = Math.min(Math.max(extent.rows + 4, 28), 6000);
    const columns = Math.min(Math.max(extent.columns + 1, 10), 200);
    const widths = Array.from({ length: columns }, (_, column) => pointsToPixels(workbook.columnWidth(sheet, column)));
    // Fit the columns in use to the width at hand, as a user would zoom out (never below 60 %).
    const used = widths.slice(0, Math.max(extent.columns, 1)).reduce((sum, width) => sum + width, 0);
    const available = Math.max(scroll.clientWidth - 18, 300);
    const zoom = Math.max(MIN_ZOOM, Math.min(1, available / (used + ROW_HEADER_WIDTH)));
    const z = (pixels: number) => Math.round(pixels * zoom * 100) / 100;
    const selection = selectionRect(sheet);
    const tables = workbook.tables.filter((table) => table.sheetId === sheet.id);
    const heights = Array.from({ length: rows }, (_, row) => rowHeight(workbook, sheet, row, columns));

    const parts: string[] = [];
    const tableWidth = z(ROW_HEADER_WIDTH) + widths.reduce((sum, width) => sum + z(width), 0);
    parts.push(
      `<table class="grid" style="width:${tableWidth}px;font-size:${z(pointsToPixels(DEFAULT_FONT.size))}px" aria-label="Arket ${escapeHtml(sheet.name)}">`,
    );
    parts.push(`<colgroup><col style="width:${z(ROW_HEADER_WIDTH)}px">`);
    for (const width of widths) parts.push(`<col style="width:${z(width)}px">`);
    parts.push("</colgroup><thead><tr>");
    parts.push(`<th class="corner" style="height:${z(HEADER_HEIGHT)}px" aria-label="Rækker og kolonner"></th>`);
    for (let column = 0; column < columns; column++) {
      const inSelection = column >= selection.column && column < selection.column + selection.columns;
      parts.push(
        `<th class="col${inSelection ? " hl" : ""}" style="height:${z(HEADER_HEIGHT)}px">${columnName(column)}</th>`,
      );
    }
    parts.push("</tr></thead><tbody>");
    let top = z(HEADER_HEIGHT);
    for (let row = 0; row < rows; row++) {
      const frozen = row < sheet.frozenRows;
      const height = z(heights[row] ?? DEFAULT_ROW_HEIGHT);
      const stickyTop = frozen ? top : null;
      const inSelection = row >= selection.row && row < selection.row + selection.rows;
      parts.push(
        `<tr class="${frozen ? "frozen" : ""}${row === sheet.frozenRows - 1 ? " frozen-last" : ""}" style="height:${height}px">`,
      );
      parts.push(
        `<th class="row${inSelection ? " hl" : ""}"${stickyTop === null ? "" : ` style="top:${stickyTop}px"`}>${row + 1}</th>`,
      );
      for (let column = 0; column < columns; column++)
        parts.push(cellHtml(sheet, row, column, tables, selection, stickyTop, z));
      parts.push("</tr>");
      if (frozen) top += height;
    }
    parts.push("</tbody></table>");
    gridHost.innerHTML = parts.join("");
  }

  function cellHtml(
    sheet: Sheet,
    row: number,
    column: number,
    tables: Table[],
    selection: Rect,
    stickyTop: number | null,
    z: (pixels: number) => number,
  ): string {
    const cell = workbook.cell(sheet, row, column);
    const classes: string[] = [];
    const style: string[] = [];
    const table = tables.find((candidate) => containsCell(workbook.tableRect(candidate), row, column));
    let background: string | null = null;
    let color: string | null = null;
    let bold = cell?.font?.bold ?? false;
    if (table) {
      const part = tablePart(workbook, table, row);
      if (part === "header") {
        background = TABLE_HEADER_FILL;
        color = "#FFFFFF";
        bold = true;
      } else if (part === "band") background = TABLE_BAND_FILL;
      else if (part === "totals") {
        bold = true;
        classes.push("totals");
      }
    }
    if (cell?.fill) background = cell.fill;
    if (cell?.font?.color) color = cell.font.color;
    const look = workbook.conditionalFormats.length > 0 ? workbook.conditionalLook(sheet, row, column) : null;
    if (look?.fill) {
      background = look.fill;
      classes.push("marked");
    }
    if (look?.fontColor) color = look.fontColor;
    if (background) style.push(`background:${background}`);
    if (color) style.push(`color:${color}`);
    if (bold) style.push("font-weight:700");
    if (cell?.font?.italic) style.push("font-style:italic");
    if (cell?.font?.size && cell.font.size !== DEFAULT_FONT.size)
      style.push(`font-size:${z(pointsToPixels(cell.font.size))}px`);
    const value = cell ? workbook.value(sheet, row, column) : "";
    const horizontal = cell?.horizontalAlignment ?? "General";
    const align =
      horizontal === "General"
        ? typeof value === "number"
          ? "right"
          : typeof value === "boolean" || isErrorText(value)
            ? "center"
            : "left"
        : horizontal.toLowerCase();
    if (align !== "left") style.push(`text-align:${align}`);
    const vertical = cell?.verticalAlignment;
    if (vertical === "Top") style.push("vertical-align:top");
    else if (vertical === "Center") style.push("vertical-align:middle");
    if (cell?.wrapText) classes.push("wrap");
    // Text runs on over empty neighbours, as in Excel.
    else if (
      typeof value === "string" &&
      value !== "" &&
      align === "left" &&
      workbook.formula(sheet, row, column + 1) === ""
    )
      classes.push("spill");
    if (containsCell(selection, row, column)) {
      classes.push("sel");
      if (row === selection.row && column === selection.column) classes.push("sel-first");
    }
    const text = cell ? formatValue(value, workbook.numberFormat(sheet, row, column)) : "";
    if (stickyTop !== null) style.push(`top:${stickyTop}px`);
    return `<td data-r="${row}" data-c="${column}"${classes.length ? ` class="${classes.join(" ")}"` : ""}${style.length ? ` style="${style.join(";")}"` : ""}>${escapeHtml(text)}</td>`;
  }

  let scheduled = false;
  function render(): void {
    if (scheduled) return;
    scheduled = true;
    const draw = () => {
      scheduled = false;
      renderTabs();
      renderGrid();
      announceSelection();
    };
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(draw);
    else setTimeout(draw, 0);
  }

  workbook.subscribe(render);
  window.addEventListener("resize", render);
  const first = selectionRect(activeSheet());
  anchor = { row: first.row, column: first.column };
  render();
  return { render };
}
