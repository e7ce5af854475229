// A paged list's cursor: where the last page ended, opaque to clients (base64url of JSON), read back strictly — a
// cursor the service did not give is a 400 on `cursor`, never a database error.
import { pageLimits, problem } from "@helhedsplan/api";
import type { z } from "zod";

/** The cursor of a position. Example: `encodeCursor(["2014-03-06 10:00:00+00", id])`. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

/** The position a cursor names, of `schema`'s shape; undefined without a cursor; 400 for one the service did not give. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    position = undefined;
  }
  const parsed = schema.safeParse(position);
  if (!parsed.success) {
    throw problem.invalidRequest([
      { path: ["cursor"], message: "Markøren er ikke en, tjenesten har givet; brug nextCursor fra svaret." },
    ]);
  }
  return parsed.data;
}

/** How many items a page holds: the query's `limit`, or the default. */
export function pageSize(limit: number | undefined): number {
  return limit ?? pageLimits.default;
}

/**
 * A page of rows read with one more than `size` (to know whether another page follows) as the list's answer:
 * `positionOf` names the last row's position for `nextCursor`.
 */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  size: number,
  toItem: (row: Row) => Item,
  positionOf: (row: Row) => unknown,
): { items: Item[]; nextCursor: string | null } {
  const page = rows.slice(0, size);
  const last = page.at(-1);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > size && last !== undefined ? encodeCursor(positionOf(last)) : null,
  };
}
