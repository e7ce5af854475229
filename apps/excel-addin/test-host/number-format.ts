// How a cell shows its value in Danish Excel: `#,##0.00` → 1.234.567,50, `0.00%` → 12,50%, General → 0,1169,
// booleans SAND/FALSK. Only the formats the template uses are honoured; any other falls back to General.
import type { CellValue } from "./formula-engine";

const ERROR = /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A)$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

function fixed(value: number, decimals: number, thousands: boolean): string {
  const negative = value < 0;
  const [whole = "0", fraction = ""] = Math.abs(value).toFixed(decimals).split(".");
  const text = (thousands ? groupThousands(whole) : whole) + (decimals > 0 ? `,${fraction}` : "");
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A number as Excel's General format shows it, Danish: no thousands separators, at most 11 characters. */
function general(value: number): string {
  if (value === 0) return "0";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e11 || magnitude < 1e-9) {
    const [mantissa = "", exponent = "0"] = value.toExponential(5).split("e");
    const trimmed = mantissa.replace(/\.?0+$/, "").replace(".", ",");
    const power = Number(exponent);
    return `${trimmed}E${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
  }
  const integerDigits = Math.max(1, Math.floor(Math.log10(magnitude)) + 1);
  const decimals = Math.max(0, 10 - integerDigits);
  return Number(value.toFixed(decimals)).toString().replace(".", ",");
}

/** The text a cell shows for `value` under the number format `format`. */
export function formatValue(value: CellValue, format: string): string {
  if (typeof value === "boolean") return value ? "SAND" : "FALSK";
  if (typeof value === "string") return value;
  const section = (format.split(";")[0] ?? "").replace(/"[^"]*"|\\./g, "");
  if (section === "" || /^general$/i.test(section) || section === "@") return general(value);
  const number = /[#0]([#0,]*)(\.(0+))?/.exec(section);
  if (!number) return general(value);
  const decimals = number[3]?.length ?? 0;
  const thousands = number[0].includes(",");
  if (section.includes("%")) return `${fixed(value * 100, decimals, thousands)}%`;
  return fixed(value, decimals, thousands);
}

/** What a user sees to edit in a cell: its formula, or its constant as typed in Danish Excel (`1234,5`). */
export function editText(content: CellValue): string {
  if (typeof content === "number")
    return general(content).includes("E") ? String(content) : String(content).replace(".", ",");
  if (typeof content === "boolean") return content ? "SAND" : "FALSK";
  return content;
}

/** Whether a value is one of Excel's error values (shown centred, as Excel shows them). */
export function isErrorText(value: CellValue): boolean {
  return typeof value === "string" && ERROR.test(value);
}
