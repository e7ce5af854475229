// What a database error means for the client. PostgreSQL's SQLSTATE classes decide: bad data
// is the client's (400), a lost or overloaded database is ours for now (503), a lost race
// is a conflict (409). Anything else is a bug and stays a 500.
export type DatabaseErrorKind = "bad-data" | "unavailable" | "conflict";

const badData = new Set([
  "22P05", // untranslatable character, e.g. \u0000 in jsonb
  "22021", // invalid byte sequence, e.g. NUL in text
  "22001", // string too long
  "22003", // numeric value out of range
  "22P02", // invalid text representation
  "22007", // invalid datetime format
  "22008", // datetime field overflow
  "54000", // program limit exceeded (e.g. a jsonb document too large)
]);
const unavailable = new Set([
  "57014", // query canceled: the statement timeout
  "57P01", // admin shutdown
  "57P02", // crash shutdown
  "57P03", // cannot connect now
  "53300", // too many connections
  "53000", // insufficient resources
  "25P03", // idle-in-transaction timeout
]);
const conflict = new Set([
  "40001", // serialization failure
  "40P01", // deadlock detected
  "23505", // unique violation: a concurrent write won
]);
const unavailableNetworkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
  "EAI_AGAIN",
]);
const unavailableMessages = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /query read timeout/i,
  /client has encountered a connection error/i,
  /connection (is )?closed/i,
];

/** Classifies an error thrown by `pg`, PGlite or Kysely; null when it is not a known database condition. */
export function classifyDatabaseError(error: unknown): DatabaseErrorKind | null {
  if (!(error instanceof Error)) return null;
  const code = "code" in error && typeof error.code === "string" ? error.code : undefined;
  if (code !== undefined) {
    if (badData.has(code)) return "bad-data";
    if (unavailable.has(code) || code.startsWith("08")) return "unavailable";
    if (conflict.has(code)) return "conflict";
    if (unavailableNetworkCodes.has(code)) return "unavailable";
  }
  if (error instanceof AggregateError && error.errors.some((inner) => classifyDatabaseError(inner) === "unavailable")) {
    return "unavailable";
  }
  if (unavailableMessages.some((pattern) => pattern.test(error.message))) return "unavailable";
  return error.cause === undefined ? null : classifyDatabaseError(error.cause);
}
