// Building blocks every resource shares: ids as they appear in paths, money, timestamps,
// list wrappers and the two request headers of API.md.
import { z } from "zod";
import { limits } from "@helhedsplan/rules";

/** UUIDs compare case-insensitively (RFC 9562): read in lower case, as the service writes them. */
const lowerCase = (uuid: string) => uuid.toLowerCase();

/**
 * The id of a stored entity the service creates itself (plan, contract, decision, token):
 * an RFC 9562 UUID, so anything else in a path is a 400 before the database sees it; read in lower case.
 */
export const EntityId = z.uuid({ message: "Id'et skal være et UUID." }).transform(lowerCase);
export type EntityId = z.infer<typeof EntityId>;

/**
 * The id of reference data or a pool: a stable slug such as `"loen"`, `"kommunePulje"` or
 * `"budget-2012"` — letters, digits, `-` and `_`, starting with a letter or digit, ≤ 100 characters.
 */
export const Slug = z
  .string()
  .max(limits.id, { message: `Id'et er for langt: højst ${limits.id} tegn.` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: "Id'et må kun indeholde bogstaver, cifre, - og _." });
export type Slug = z.infer<typeof Slug>;

/** An amount in øre as the service answers it: a safe integer, possibly negative (a variance). */
export const Ore = z.int();
export type Ore = z.infer<typeof Ore>;

/** An amount in øre that cannot be negative (a pool's amount, money spent or received). */
export const NonNegativeOre = z.int().min(0, { message: "Beløbet må ikke være negativt." });
export type NonNegativeOre = z.infer<typeof NonNegativeOre>;

/** A plan's or report's version number: 0 before the first write, then 1, 2, … */
export const VersionNumber = z.int().min(0);
export type VersionNumber = z.infer<typeof VersionNumber>;

/** A point in time as ISO 8601 with an offset, e.g. `"2014-03-01T09:30:00.000Z"`. */
export const Timestamp = z.iso.datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

/** A calendar date `YYYY-MM-DD`, e.g. a decision's `decidedOn`. */
export const CalendarDate = z.iso.date({ message: "Datoen skal skrives ÅÅÅÅ-MM-DD." });
export type CalendarDate = z.infer<typeof CalendarDate>;

/** A list answer `{items: T[]}` (room for paging later), as API.md wraps every list. */
export function ItemsOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item) });
}

/**
 * A list that grows without bound (`GET /plans`, `GET /audit`) comes in pages: `?limit=` items at most
 * (`pageLimits.default` when absent, never more than `pageLimits.max`) and `nextCursor` to ask for the next page with
 * `?cursor=`, null on the last page.
 */
export const pageLimits = { default: 500, max: 1000 } as const; // `max` is spelled out in PageQuery's pattern too

/** The query of a paged list: `?limit=&cursor=`, both optional. */
export const PageQuery = {
  limit: z
    .string()
    .regex(/^([1-9][0-9]{0,2}|1000)$/, { message: `Grænsen skal være et helt tal fra 1 til ${pageLimits.max}.` })
    .transform(Number)
    .optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, {
      message: "Markøren er ikke en, tjenesten har givet; brug nextCursor fra svaret.",
    })
    .optional(),
};

/** `ItemsOf` for a paged list: `nextCursor` asks for the next page, null on the last (absent from older services). */
export function PageOf<Item extends z.ZodType>(item: Item) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable().optional() });
}

/** The roles a token can carry (API.md's role table). */
export const Role = z.enum(["admin", "finance", "housing", "approver", "viewer"]);
export type Role = z.infer<typeof Role>;

/** The Danish name of each role, as screens say it. Example: `roleNames.finance === "økonomimedarbejder"`. */
export const roleNames: Readonly<Record<Role, string>> = {
  admin: "administrator",
  finance: "økonomimedarbejder",
  housing: "boligorganisation",
  approver: "godkender",
  viewer: "læser",
};

/** Every role, in the order of API.md's role table. */
export const allRoles: readonly Role[] = Role.options;

/**
 * The `If-Match` header: a quoted non-negative integer `"<n>"` exactly as the ETag gives it,
 * parsed to the number. Anything else (unquoted, weak `W/"3"`, a list, `*`) fails → 400.
 */
export const IfMatch = z
  .string()
  .regex(/^"(0|[1-9][0-9]{0,14})"$/, { message: 'If-Match skal være et versionsnummer i anførselstegn, fx "3".' })
  .transform((header) => Number(header.slice(1, -1)));
export type IfMatch = z.infer<typeof IfMatch>;

/** The `Idempotency-Key` header of a write: a UUID chosen by the client, read in lower case (the same key either way). */
export const IdempotencyKey = z.uuid({ message: "Idempotency-Key skal være et UUID." }).transform(lowerCase);
export type IdempotencyKey = z.infer<typeof IdempotencyKey>;

/** The ETag value the service sends for a version: `"<n>"`. Example: `etagFor(3) === '"3"'`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/**
 * A version number as a path segment (`/versions/:n`), parsed to a number: any positive integer without leading
 * zeros, however large — one no plan has is a 404, not a 400 (the pattern is all the OpenAPI document says of it).
 */
export const VersionParam = z
  .string()
  .regex(/^[1-9][0-9]*$/, { message: "Versionen skal være et helt tal fra 1." })
  .transform(Number);

/** A year as a path segment or query value (`/reports/:year`, `?year=`), parsed to a number. */
export const YearParam = z
  .string()
  .regex(/^[0-9]{4}$/, { message: "Årstallet skal have fire cifre." })
  .transform(Number);

/** The largest request body the service reads (API.md: bodies over 1 MB → 413); clients check it before sending. */
export const requestBodyLimitBytes = 1024 * 1024;
