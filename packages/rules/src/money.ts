// Money crosses the user boundary here and nowhere else: kroner as people type them (or as a
// spreadsheet cell holds them) become integer øre, and øre become Danish kroner text. All
// arithmetic is on decimal digit strings and BigInt, so no float rounding can creep in.

/** Why `parseKroner` refused a value. Example: `error.reason === "too-many-decimals"`. */
export type KronerParseErrorReason = "empty" | "not-an-amount" | "too-many-decimals" | "not-finite" | "too-large";

/** The typed error of `parseKroner`, with a Danish message. Example: `try { parseKroner("abc") } catch (e) { if (e instanceof KronerParseError) e.reason }`. */
export class KronerParseError extends Error {
  override readonly name = "KronerParseError";
  readonly reason: KronerParseErrorReason;
  readonly input: string | number;

  constructor(reason: KronerParseErrorReason, input: string | number) {
    super(parseErrorMessage(reason, input));
    this.reason = reason;
    this.input = input;
  }
}

function parseErrorMessage(reason: KronerParseErrorReason, input: string | number): string {
  // A number is shown with a decimal comma: in a Danish message "1.005" would read as a thousand and five.
  const shown = typeof input === "string" ? `"${input}"` : String(input).replace(".", ",");
  switch (reason) {
    case "empty":
      return "Beløbet mangler. Skriv et beløb i kroner, fx 1.234.567,50.";
    case "not-an-amount":
      return `${shown} er ikke et beløb i kroner. Skriv fx 1.234.567,50 eller 1234567,50.`;
    case "too-many-decimals":
      return `${shown} har mere end to decimaler. Et beløb i kroner har højst to decimaler (hele øre), fx 1.234,50.`;
    case "not-finite":
      return `${shown} er ikke et endeligt tal. Skriv et beløb i kroner, fx 1.234.567,50.`;
    case "too-large":
      return `${shown} er for stort: højst ${formatKroner(Number.MAX_SAFE_INTEGER)} er tilladt.`;
  }
}

const MAX_SAFE_ORE = BigInt(Number.MAX_SAFE_INTEGER);
const ORE_PER_KRONE = 100n;

/** A decimal number as digits: `integerDigits.fractionDigits`, with a sign. */
interface DecimalDigits {
  negative: boolean;
  integerDigits: string;
  fractionDigits: string;
}

// Danish text: an optional minus (also the typographic U+2212), an amount, an optional `kr`/`kr.`.
const KRONER_TEXT = /^([-\u2212]?)\s*([0-9.,]+)\s*(?:kr\.?)?$/i;
const GROUPED_THOUSANDS = /^[1-9][0-9]{0,2}(?:\.[0-9]{3})+$/;
const PLAIN_DIGITS = /^[0-9]+$/;
const DECIMAL_POINT = /^([0-9]+)\.([0-9]+)$/;
const DECIMAL_COMMA = /^([0-9.]+),([0-9]+)$/;

/** The integer digits of a Danish integer part: plain (`1234567`) or grouped by dots (`1.234.567`); null otherwise. */
function integerPartDigits(text: string): string | null {
  if (PLAIN_DIGITS.test(text)) return text;
  if (GROUPED_THOUSANDS.test(text)) return text.replaceAll(".", "");
  return null;
}

function digitsOfText(text: string, input: string): DecimalDigits {
  const trimmed = text.trim();
  if (trimmed === "") throw new KronerParseError("empty", input);
  const match = KRONER_TEXT.exec(trimmed);
  if (!match) throw new KronerParseError("not-an-amount", input);
  const negative = match[1] !== "";
  const amount = match[2] ?? "";

  const withComma = DECIMAL_COMMA.exec(amount);
  if (withComma) {
    const integerDigits = integerPartDigits(withComma[1] ?? "");
    if (integerDigits === null) throw new KronerParseError("not-an-amount", input);
    return { negative, integerDigits, fractionDigits: withComma[2] ?? "" };
  }
  // Without a comma, dots between groups of three digits group thousands ("1.234" = 1.234 kr.);
  // any other single dot is a decimal point ("1234567.5").
  const integerDigits = integerPartDigits(amount);
  if (integerDigits !== null) return { negative, integerDigits, fractionDigits: "" };
  const withPoint = DECIMAL_POINT.exec(amount);
  if (withPoint) return { negative, integerDigits: withPoint[1] ?? "", fractionDigits: withPoint[2] ?? "" };
  throw new KronerParseError("not-an-amount", input);
}

/** The exact decimal digits of a JavaScript number, from its shortest round-trip text (which may use an exponent). */
function digitsOfNumber(value: number): DecimalDigits {
  const text = String(Math.abs(value));
  const [mantissa = "", exponentText = "0"] = text.split("e");
  const [whole = "", fraction = ""] = mantissa.split(".");
  const exponent = Number(exponentText);
  const digits = whole + fraction;
  const pointAt = whole.length + exponent;
  const padded = pointAt <= 0 ? "0".repeat(1 - pointAt) + digits : digits.padEnd(pointAt, "0");
  const point = Math.max(pointAt, 1);
  return { negative: value < 0, integerDigits: padded.slice(0, point), fractionDigits: padded.slice(point) };
}

const ONE_MILLIONTH_DENOMINATOR = 1_000_000n;
/** Below this many øre, `ore / 100` as a double has at most 15 significant digits and reads back exactly. */
const FAST_ORE_LIMIT = 1e15;

/**
 * Whole øre of a number whose digits may carry a float artefact: beyond the two øre decimals,
 * a remainder within 1e-6 øre of a whole øre goes to that øre; any other remainder is a third decimal.
 */
function oreOfNumberDigits(digits: DecimalDigits, input: number): bigint {
  const oreDigits = digits.fractionDigits.slice(0, 2).padEnd(2, "0");
  const remainder = digits.fractionDigits.slice(2).replace(/0+$/, "");
  const ore = BigInt(digits.integerDigits) * ORE_PER_KRONE + BigInt(oreDigits);
  if (remainder === "") return ore;
  const scale = 10n ** BigInt(remainder.length);
  const below = BigInt(remainder);
  if (below * ONE_MILLIONTH_DENOMINATOR <= scale) return ore;
  if ((scale - below) * ONE_MILLIONTH_DENOMINATOR <= scale) return ore + 1n;
  throw new KronerParseError("too-many-decimals", input);
}

function oreOfTextDigits(digits: DecimalDigits, input: string): bigint {
  if (digits.fractionDigits.length > 2) throw new KronerParseError("too-many-decimals", input);
  return BigInt(digits.integerDigits) * ORE_PER_KRONE + BigInt(digits.fractionDigits.padEnd(2, "0"));
}

/** Kroner as typed (Danish text) or as a cell holds them (a number) → integer øre; throws `KronerParseError`. Example: `parseKroner("1.234.567,50 kr.") === 123456750`. */
export function parseKroner(value: string | number): number {
  let magnitude: bigint;
  let negative: boolean;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new KronerParseError("not-finite", value);
    // The common cell: a number that is exactly the double nearest some whole øre ÷ 100. Below 10^15 øre distinct øre
    // have distinct nearest doubles, so that øre is the one the digits below would find, without building them.
    const nearest = Math.round(value * 100);
    if (Math.abs(nearest) < FAST_ORE_LIMIT && nearest / 100 === value) return nearest + 0;
    const digits = digitsOfNumber(value);
    negative = digits.negative;
    magnitude = oreOfNumberDigits(digits, value);
  } else {
    const digits = digitsOfText(value, value);
    negative = digits.negative;
    magnitude = oreOfTextDigits(digits, value);
  }
  if (magnitude > MAX_SAFE_ORE) throw new KronerParseError("too-large", value);
  // Number(0n) is +0, so "-0" reads as 0 rather than -0.
  return Number(negative ? -magnitude : magnitude);
}

/**
 * Integer øre → the kroner a spreadsheet cell holds as a number: the double nearest `ore / 100`. Exact to the øre for
 * every amount of less than 10^15 øre in size (at most 15 significant digits, which a double always keeps), so
 * `parseKroner(kronerNumber(ore)) === ore` there; larger amounts are only the nearest double and belong in a cell
 * as text (`formatKroner`). Throws a `RangeError` for a fraction of an øre.
 * Example: `kronerNumber(123450) === 1234.5`.
 */
export function kronerNumber(ore: number): number {
  if (!Number.isInteger(ore)) throw new RangeError(`kronerNumber kræver et helt antal øre, fik ${String(ore)}.`);
  // One correctly rounded division of two exact doubles: the double nearest the true quotient.
  return ore / Number(ORE_PER_KRONE);
}

/** Digits grouped by thousands with dots. */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  let grouped = digits.slice(0, head);
  for (let at = head; at < digits.length; at += 3) grouped += "." + digits.slice(at, at + 3);
  return grouped;
}

/** Integer øre (a number or a BigInt total) → Danish kroner text with a plain space before `kr.`. Example: `formatKroner(123456750) === "1.234.567,50 kr."`. */
export function formatKroner(ore: number | bigint): string {
  if (typeof ore === "number" && !Number.isInteger(ore)) {
    throw new RangeError(`formatKroner kræver et helt antal øre, fik ${String(ore)}.`);
  }
  const exact = BigInt(ore);
  const negative = exact < 0n;
  const digits = (negative ? -exact : exact).toString().padStart(3, "0");
  const kroner = groupThousands(digits.slice(0, -2));
  return `${negative ? "-" : ""}${kroner},${digits.slice(-2)} kr.`;
}

// A share over a limit is rounded up and one under a limit down, so the share a message shows
// lies on the side of the limit the rule decided (12,51 %, never 12,50 %, for one øre too much).
/** `part / whole` in basis points (1/100 of a percent), exact in BigInt, rounded as asked. Example: `shareBasisPoints(132n, 1000n, "up") === 1320n`. */
export function shareBasisPoints(part: bigint, whole: bigint, rounding: "up" | "down"): bigint {
  if (whole <= 0n) throw new RangeError("shareBasisPoints kræver en positiv helhed.");
  const scaled = part * 10_000n;
  const quotient = scaled / whole;
  return rounding === "up" && quotient * whole < scaled ? quotient + 1n : quotient;
}

/** Basis points → a Danish percentage with two decimals, or as few as needed with `trimZeros`. Example: `formatBasisPoints(1250, { trimZeros: true }) === "12,5 %"`. */
export function formatBasisPoints(basisPoints: number | bigint, options: { trimZeros?: boolean } = {}): string {
  const exact = BigInt(basisPoints);
  const negative = exact < 0n;
  const digits = (negative ? -exact : exact).toString().padStart(3, "0");
  let decimals = digits.slice(-2);
  if (options.trimZeros) decimals = decimals.replace(/0+$/, "");
  const whole = groupThousands(digits.slice(0, -2));
  return `${negative ? "-" : ""}${whole}${decimals === "" ? "" : "," + decimals} %`;
}
