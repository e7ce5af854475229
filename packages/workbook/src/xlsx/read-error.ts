// A file that cannot be read as a workbook at all. Problems inside a readable workbook are
// findings; this error is only for files where there are no cells to point at.

/** Why a file could not be read. */
export type WorkbookReadErrorReason = "missing" | "unreadable-file" | "not-xlsx" | "corrupt" | "not-a-workbook";

const messages: Record<WorkbookReadErrorReason, string> = {
  missing: "Filen findes ikke (file not found).",
  "unreadable-file": "Filen kan ikke åbnes (cannot open the file).",
  "not-xlsx":
    "Filen er ikke en Excel-arbejdsbog (.xlsx); er det en CSV- eller tekstfil med endelsen .xlsx? (not an .xlsx file)",
  corrupt: "Filen er beskadiget eller afkortet og kan ikke læses som .xlsx (corrupt or truncated .xlsx).",
  "not-a-workbook":
    "Filen er en zip-fil, men ikke en Excel-arbejdsbog: den har ingen xl/workbook.xml (not an Excel workbook).",
};

/** The typed error of `readWorkbook` for a file with no readable workbook in it; `message` is one line, Danish with English in brackets. Example: `error.reason === "corrupt"`. */
export class WorkbookReadError extends Error {
  override readonly name = "WorkbookReadError";
  readonly reason: WorkbookReadErrorReason;

  constructor(reason: WorkbookReadErrorReason, cause?: unknown) {
    super(messages[reason], cause === undefined ? undefined : { cause });
    this.reason = reason;
  }
}
