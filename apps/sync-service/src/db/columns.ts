// Column types shared by the tables, and the conversions at the repository boundary: the
// drivers return bigint as a string (pg) or a number (PGlite), timestamps as Date.
import type { ColumnType } from "kysely";

/** A bigint øre column: read as whatever the driver gives, written as a safe integer. */
export type OreColumn = ColumnType<string | number | bigint, number, number>;

/** A bigint øre column with a default: optional on insert. */
export type DefaultedOreColumn = ColumnType<string | number | bigint, number | undefined, number>;

/** The largest value of an `integer` column (PostgreSQL's 4-byte integer): a larger number names no stored row. */
export const integerColumnMax = 2_147_483_647;

/** A timestamptz column, written as a Date. */
export type TimestampColumn = ColumnType<Date | string, Date, Date>;

/** A timestamptz column defaulting to now(): optional on insert. */
export type DefaultedTimestampColumn = ColumnType<Date | string, Date | undefined, Date>;

/** A jsonb column holding `T`, written as its JSON text (pg would otherwise send arrays as PostgreSQL arrays). */
export type JsonColumn<T> = ColumnType<T, string, string>;

/** An amount read from a bigint (or numeric sum) column as a number of øre; refuses what a number cannot hold exactly. */
export function toOre(value: string | number | bigint | null): number {
  if (value === null) return 0;
  const ore = typeof value === "number" ? value : Number(value);
  if (!Number.isSafeInteger(ore) || (typeof value !== "number" && BigInt(ore) !== BigInt(value))) {
    throw new RangeError(`Amount ${String(value)} øre is not a safe integer`);
  }
  return ore;
}

/** A timestamp read from the database as an ISO 8601 string. */
export function toIso(value: Date | string): string {
  return (typeof value === "string" ? new Date(value) : value).toISOString();
}

/** A value as jsonb text for an insert or update. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}
