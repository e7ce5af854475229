// Hostile input generated from the service's own `/api/v1/openapi.json`: for every documented operation, requests
// built from its schemas — valid ones and ones broken on purpose (wrong types, huge strings and arrays, deep nesting,
// NUL, lone surrogates, RTL marks, prototype-pollution keys, SQL and path fragments, wrong content types, missing and
// repeated headers) — sent in concurrent batches. Each answer must be below 500, in the operation's documented status
// set, and match its documented schema (problem+json for errors); a batch in which no write was accepted must leave
// every table's row count as it was.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import pg from "pg";
import { storedTables } from "../test/support/counts";
import { send, type RawRequest, type RawResponse } from "./http";
import { Schemas, unknownKeywords, type Schema } from "./schema";

/** A documented operation. */
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; required: boolean; schema: Schema }[];
  body: Schema | undefined;
  /** status → the JSON schema of its body (undefined: no JSON body documented). */
  responses: Map<number, { schema: Schema | undefined; contentType: string | undefined }>;
}

/** Ids that exist, so generated requests also reach past the 404s. */
export interface Fixtures {
  plans: string[];
  pools: string[];
  contracts: string[];
  districts: string[];
  focusAreas: string[];
  /** Token secrets of every role. */
  tokens: Record<string, string>;
}

export interface HostileOptions {
  /** Where requests with valid tokens go (round-robin). */
  targets: string[];
  /** Where requests with missing, wrong or repeated credentials go: they use up that instance's failure limit. */
  authTarget: string;
  databaseUrl: string;
  fixtures: Fixtures;
  requests: number;
  batchSize: number;
  seed: number | undefined;
  path: string | undefined;
}

export interface HostileResult {
  requests: number;
  batches: number;
  /** Batches without an accepted write: there the row counts were compared. */
  batchesRowChecked: number;
  refusedWrites: number;
  acceptedWrites: number;
  serverErrors: number;
  rowsStoredByRefused: number;
  statusMismatches: number;
  schemaMismatches: number;
  byStatus: Map<number, number>;
  operations: number;
  seconds: number;
  findings: string[];
  seed: number;
  failure: { seed: number; path: string } | undefined;
}

/** A request to send, and what it was generated from. */
interface Planned {
  operation: Operation | undefined;
  raw: Omit<RawRequest, "baseUrl">;
  authHostile: boolean;
  what: string;
}

// ---------------------------------------------------------------------------------------------------------------
// The document

export function operationsOf(document: Schema, schemas: Schemas): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!["get", "put", "post", "patch", "delete"].includes(method)) continue;
      const params = ((operation.parameters ?? []) as Schema[]).map((param) =>
        schemas.resolve(param),
      ) as Operation["params"];
      const requestBody = operation.requestBody as Schema | undefined;
      const bodyContent = (requestBody?.content as Record<string, Schema> | undefined)?.["application/json"];
      const responses = new Map<number, { schema: Schema | undefined; contentType: string | undefined }>();
      for (const [status, response] of Object.entries(operation.responses as Record<string, Schema>)) {
        const content = schemas.resolve(response).content as Record<string, Schema> | undefined;
        const [contentType, media] = Object.entries(content ?? {})[0] ?? [undefined, undefined];
        responses.set(Number(status), { schema: media?.schema as Schema | undefined, contentType });
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        params,
        body: bodyContent?.schema as Schema | undefined,
        responses,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------------------------
// Hostile material

const sqlAndPaths = [
  "1;DROP TABLE plans",
  "' OR '1'='1",
  "'; SELECT pg_sleep(10); --",
  "../../etc/passwd",
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%",
  "{}",
  "[]",
  "null",
  "undefined",
  "NaN",
  "-1",
  "0",
  "1e3",
  "0x10",
  "99999999999999999999",
  "2147483648",
  "-9223372036854775809",
  "__proto__",
  "constructor",
  "prototype",
  "$where",
];
const unicode = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "x\udfffy",
  "\u202eevil\u202c",
  "\u200f\u200e",
  "\ufeff",
  "e\u0301\u0301\u0301",
  "😀".repeat(300),
  "\u{10ffff}",
  "\r\n\t",
  "<script>alert(1)</script>",
];

/**
 * Node's HTTP parser refuses a request whose request line and headers exceed its 16 KiB `max-http-header-size` with a
 * bare 431 and a closed connection, before the service sees it (a proxy in front has a limit of its own). Hostile
 * strings for paths, queries and headers stay below it; bodies get the huge ones.
 */
const longestInUrl = 1_500;

function hostileStrings(longest: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...sqlAndPaths, ...unicode) },
    { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
    { weight: 1, arbitrary: fc.constantFrom(100, 1_000, longest).map((length) => "x".repeat(length)) },
    { weight: 1, arbitrary: fc.uuid().map((id) => id.toUpperCase()) },
  );
}

/** For bodies: up to 200.000 characters. */
const hostileString = hostileStrings(200_000);
/** For paths, queries and headers. */
const hostileInUrl = hostileStrings(longestInUrl);

const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, [], {}, [[]], { a: {} }),
);

function deep(depth: number, kind: "array" | "object"): string {
  return kind === "array" ? "[".repeat(depth) + "]".repeat(depth) : '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

/**
 * Percent-encodes any string, lone surrogates too (as their WTF-8 bytes, which are invalid UTF-8 — what a hostile
 * client sends), where `encodeURIComponent` throws.
 */
export function encodeAny(text: string): string {
  let encoded = "";
  for (const character of text) {
    const code = character.charCodeAt(0);
    encoded +=
      character.length === 1 && code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            .map((byte) => `%${byte.toString(16).toUpperCase()}`)
            .join("")
        : encodeURIComponent(character);
  }
  return encoded;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A body broken on purpose, as the bytes to send and what was done. */
function brokenBody(valid: unknown): fc.Arbitrary<{ bytes: Buffer; what: string }> {
  const text = (value: unknown, what: string) => ({ bytes: Buffer.from(JSON.stringify(value), "utf8"), what });
  const keys = isObject(valid) ? Object.keys(valid) : [];
  const atKey = <T>(arb: fc.Arbitrary<T>) =>
    keys.length === 0
      ? arb.map((value) => ({ key: "name", value }))
      : fc.tuple(fc.constantFrom(...keys), arb).map(([key, value]) => ({ key, value }));
  return fc.oneof(
    atKey(hostileScalar).map(({ key, value }) =>
      text({ ...(isObject(valid) ? valid : {}), [key]: value }, `${key} ← hostile value`),
    ),
    hostileScalar.map((value) => text(value, "a hostile value as the whole body")),
    fc
      .tuple(
        fc.constantFrom("__proto__", "constructor", "prototype", "isAdmin", "$where", "status", "reservedOre"),
        hostileScalar,
      )
      .map(([key, value]) => {
        const rest = JSON.stringify(isObject(valid) ? valid : {}).slice(1);
        const injected = `{${JSON.stringify(key)}:${JSON.stringify(value ?? null)}${rest === "}" ? "}" : `,${rest}`}`;
        return { bytes: Buffer.from(injected, "utf8"), what: `an extra key ${key}` };
      }),
    atKey(fc.constant(undefined)).map(({ key }) => {
      const copy = isObject(valid) ? { ...valid } : {};
      delete copy[key];
      return text(copy, `without ${key}`);
    }),
    atKey(fc.constantFrom(10_000, 100_000)).map(({ key, value }) =>
      text(
        { ...(isObject(valid) ? valid : {}), [key]: Array.from({ length: value }, () => 1) },
        `${key} ← ${value} items`,
      ),
    ),
    fc.constantFrom(2_000, 100_000).chain((depth) =>
      fc.constantFrom("array" as const, "object" as const).map((kind) => ({
        bytes: Buffer.from(`{"x":${deep(depth, kind)}}`),
        what: `nesting ${depth} deep (${kind})`,
      })),
    ),
    fc.constantFrom("{", "{'a':1}", "", " ", "nul", '{"a":1}{"b":2}', '{"a":1,}', "\u0000").map((raw) => ({
      bytes: Buffer.from(raw),
      what: `not JSON: ${JSON.stringify(raw)}`,
    })),
    fc.constant({
      bytes: Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]),
      what: "invalid UTF-8",
    }),
    fc.constant({ bytes: Buffer.from(JSON.stringify(valid), "utf16le"), what: "UTF-16 bytes" }),
  );
}

const contentTypes = fc.oneof(
  { weight: 8, arbitrary: fc.constant(["application/json"]) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      [],
      ["text/plain"],
      ["application/x-www-form-urlencoded"],
      ["multipart/form-data; boundary=x"],
      ["application/json; charset=latin1"],
      ["application/json", "text/plain"],
      ["application/xml"],
      ["application/json\u0000"].map((value) => value.replace("\u0000", "")),
    ),
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Requests

function idsFor(path: string, name: string, fixtures: Fixtures): string[] {
  if (name === "n") return ["1", "2", "3"];
  if (name === "year") return ["2014", "2015", "2016", "2017"];
  if (path.startsWith("/api/v1/plans")) return fixtures.plans;
  if (path.startsWith("/api/v1/pools")) return fixtures.pools;
  if (path.startsWith("/api/v1/contracts")) return fixtures.contracts;
  if (path.includes("/districts/")) return fixtures.districts;
  if (path.includes("/focus-areas/")) return fixtures.focusAreas;
  return [];
}

function plan(operation: Operation, schemas: Schemas, fixtures: Fixtures, hostile: boolean): fc.Arbitrary<Planned> {
  const pathParams = operation.params.filter((param) => param.in === "path");
  const queryParams = operation.params.filter((param) => param.in === "query");
  const weight = hostile ? 3 : 1;
  const pathValue = (param: Operation["params"][number]) => {
    const known = idsFor(operation.path, param.name, fixtures);
    // Never empty: `/plans/` is another documented route (the list), not this one with a bad id.
    return fc
      .oneof(
        {
          weight: 6,
          arbitrary: known.length > 0 ? fc.constantFrom(...known) : schemas.valid(param.schema).map(String),
        },
        { weight: 1, arbitrary: schemas.valid(param.schema).map(String) },
        { weight, arbitrary: hostileInUrl },
        {
          weight: 1,
          arbitrary: known.length > 0 ? fc.constantFrom(...known).map((id) => id.toUpperCase()) : hostileInUrl,
        },
      )
      .filter((value) => value !== "");
  };
  const queryValue = (param: Operation["params"][number]) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constant<string[]>([]) },
      { weight: 3, arbitrary: schemas.valid(param.schema).map((value) => [String(value)]) },
      { weight, arbitrary: hostileInUrl.map((value) => [value]) },
      { weight: 1, arbitrary: fc.tuple(schemas.valid(param.schema), hostileInUrl).map(([a, b]) => [String(a), b]) },
    );
  const extraQuery = fc.oneof(
    { weight: 6, arbitrary: fc.constant<[string, string][]>([]) },
    {
      weight,
      arbitrary: fc
        .tuple(
          fc.constantFrom("x[$ne]", "__proto__[admin]", "constructor[prototype][x]", "limit", "status[]", "id"),
          hostileInUrl,
        )
        .map(([key, value]) => [[key, value]] as [string, string][]),
    },
  );
  const body: fc.Arbitrary<{ bytes: Buffer | undefined; what: string }> =
    operation.body === undefined
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constant({ bytes: undefined, what: "no body" }) },
          {
            weight,
            arbitrary: hostileScalar.map((value) => ({
              bytes: Buffer.from(JSON.stringify(value) ?? ""),
              what: "a body where none is documented",
            })),
          },
        )
      : schemas.valid(operation.body).chain((valid) =>
          fc.oneof(
            {
              weight: hostile ? 1 : 4,
              arbitrary: fc.constant({ bytes: Buffer.from(JSON.stringify(valid)), what: "valid body" }),
            },
            { weight: hostile ? 8 : 1, arbitrary: brokenBody(valid) },
          ),
        );
  const auth = fc.oneof(
    {
      weight: 12,
      arbitrary: fc.constantFrom(...Object.keys(fixtures.tokens)).map((role) => ({ role, hostile: false })),
    },
    {
      weight: hostile ? 2 : 0,
      arbitrary: fc
        .constantFrom("none", "unknown", "basic", "repeated", "huge", "lowercase-scheme", "nul")
        .map((role) => ({ role, hostile: true })),
    },
  );
  const ifMatch: fc.Arbitrary<string[]> = fc.oneof(
    fc.constant<string[]>([]),
    fc.integer({ min: 0, max: 6 }).map((n) => [`"${n}"`]),
    hostileInUrl.map((value) => [value]),
    fc.constantFrom<string[]>(['W/"1"'], ["*"], ['"1"', '"2"'], ['"1", "2"'], ['"99999999999999999999"']),
  );
  const idempotency = fc.oneof(
    { weight: 3, arbitrary: fc.constant<string[]>([]) },
    { weight: 3, arbitrary: fc.uuid().map((id) => [id]) },
    { weight: 1, arbitrary: fc.uuid().map((id) => [id.toUpperCase()]) },
    { weight, arbitrary: hostileInUrl.map((value) => [value]) },
    { weight: 1, arbitrary: fc.tuple(fc.uuid(), fc.uuid()).map(([a, b]) => [a, b]) },
  );
  return fc
    .record({
      path: fc.tuple(...pathParams.map(pathValue)),
      query: fc.tuple(...queryParams.map(queryValue)),
      extraQuery,
      body,
      contentType: contentTypes,
      auth,
      ifMatch,
      idempotency,
    })
    .map((choice) => {
      let path = operation.path;
      pathParams.forEach((param, index) => {
        path = path.replace(`{${param.name}}`, encodeAny(choice.path[index] ?? ""));
      });
      const query: string[] = [];
      queryParams.forEach((param, index) => {
        for (const value of choice.query[index] ?? []) query.push(`${encodeAny(param.name)}=${encodeAny(value)}`);
      });
      for (const [key, value] of choice.extraQuery) query.push(`${encodeAny(key)}=${encodeAny(value)}`);
      const search = query.join("&");
      const headers: [string, string][] = [];
      const secret = fixtures.tokens[choice.auth.role];
      if (secret !== undefined) headers.push(["authorization", `Bearer ${secret}`]);
      else if (choice.auth.role === "unknown") headers.push(["authorization", `Bearer ${randomUUID()}`]);
      else if (choice.auth.role === "basic") headers.push(["authorization", "Basic YWRtaW46YWRtaW4="]);
      else if (choice.auth.role === "repeated")
        headers.push(["authorization", `Bearer ${fixtures.tokens.admin}`], ["authorization", `Bearer ${randomUUID()}`]);
      else if (choice.auth.role === "huge") headers.push(["authorization", `Bearer ${"a".repeat(4_000)}`]);
      else if (choice.auth.role === "lowercase-scheme")
        headers.push(["authorization", `bearer ${fixtures.tokens.admin}`]);
      else if (choice.auth.role === "nul") headers.push(["authorization", `Bearer ${fixtures.tokens.admin}%00`]);
      const headerSafe = (value: string) => value.replace(/[^\x20-\x7e]/g, "?");
      const hasIfMatch = operation.params.some((param) => param.name === "If-Match");
      const hasKey = operation.params.some((param) => param.name === "Idempotency-Key");
      if (hasIfMatch) for (const value of choice.ifMatch) headers.push(["if-match", headerSafe(value)]);
      if (hasKey) for (const value of choice.idempotency) headers.push(["idempotency-key", headerSafe(value)]);
      if (choice.body.bytes !== undefined)
        for (const value of choice.contentType) headers.push(["content-type", value]);
      return {
        operation,
        authHostile: choice.auth.hostile,
        what: `${choice.body.what}; auth ${choice.auth.role}; content-type ${JSON.stringify(choice.contentType)}`,
        raw: {
          method: operation.method,
          path: search === "" ? path : `${path}?${search}`,
          headers,
          body: choice.body.bytes,
        },
      };
    });
}

/** Requests off the document: a method it does not list on a documented path, and paths it does not have. */
function offDocument(operations: Operation[], fixtures: Fixtures): fc.Arbitrary<Planned> {
  const admin = fixtures.tokens.admin ?? "";
  // A method the document does not list on the path (OPTIONS and HEAD aside: HTTP answers them for any resource).
  const undocumented = [...new Set(operations.map((operation) => operation.path))].flatMap((path) =>
    ["DELETE", "PUT", "PATCH", "POST", "TRACE", "PROPFIND"]
      .filter((method) => !operations.some((operation) => operation.path === path && operation.method === method))
      .map((method) => [path, method] as const),
  );
  return fc
    .tuple(
      fc.constantFrom(...undocumented),
      fc.constantFrom(...fixtures.plans),
      fc.oneof(
        fc.constant(""),
        hostileInUrl.map((value) => `/${encodeAny(value)}`),
      ),
    )
    .map(([[template, method], id, suffix]) => {
      const path = template.replace(/\{[^}]+\}/g, id) + suffix;
      return {
        operation: undefined,
        authHostile: false,
        what: "off the document",
        raw: {
          method,
          path,
          headers: [
            ["authorization", `Bearer ${admin}`],
            ["content-type", "application/json"],
          ],
          body: Buffer.from("{}"),
        },
      };
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Checks

const problemType = /^application\/problem\+json/;

function check(
  planned: Planned,
  response: RawResponse,
  schemas: Schemas,
  problem: Schema,
): { findings: string[]; statusOk: boolean; schemaOk: boolean } {
  const findings: string[] = [];
  const where = `${planned.raw.method} ${planned.raw.path.slice(0, 160)} (${planned.what}) → ${response.status}`;
  let statusOk = true;
  let schemaOk = true;
  if (response.status >= 500) findings.push(`5xx: ${where}: ${response.text.slice(0, 300)}`);
  const documented = planned.operation?.responses;
  if (documented !== undefined && !documented.has(response.status)) {
    statusOk = false;
    findings.push(`undocumented status: ${where} (documented: ${[...documented.keys()].join(", ")})`);
  }
  if (documented === undefined && (response.status < 400 || response.status >= 500)) {
    statusOk = false;
    findings.push(`off-document request not refused: ${where}`);
  }
  const isJson = response.contentType.startsWith("application/json") || problemType.test(response.contentType);
  let body: unknown;
  if (isJson) {
    try {
      body = JSON.parse(response.text);
    } catch {
      schemaOk = false;
      findings.push(`unparsable JSON: ${where}`);
    }
  }
  if (response.status >= 400) {
    if (!problemType.test(response.contentType)) {
      schemaOk = false;
      findings.push(`error without problem+json: ${where} (${response.contentType})`);
    } else if (body !== undefined) {
      const errors = schemas.validate(problem, body);
      if ((body as { status?: unknown }).status !== response.status)
        errors.push("its status differs from the answer's");
      if (errors.length > 0) {
        schemaOk = false;
        findings.push(`problem does not match the Problem schema: ${where}: ${errors.slice(0, 3).join("; ")}`);
      }
    }
  } else if (documented !== undefined) {
    const expected = documented.get(response.status);
    if (expected?.schema !== undefined && expected.contentType?.includes("json")) {
      const errors = body === undefined ? ["no JSON body"] : schemas.validate(expected.schema, body);
      if (errors.length > 0) {
        schemaOk = false;
        findings.push(`answer does not match its schema: ${where}: ${errors.slice(0, 3).join("; ")}`);
      }
    }
  }
  return { findings, statusOk, schemaOk };
}

const countedTables = [...storedTables, "districts", "focus_areas", "sources", "categories", "rule_profile"];

/**
 * Rows of every table a write could store in (idempotency_keys aside: a refused request's 4xx is stored there on
 * purpose, so a retry replays it — idempotency.service.ts). Reference tables count rows and their content's hash, as
 * a refused PATCH would change a row rather than add one.
 */
async function fingerprint(client: pg.Client): Promise<Record<string, string>> {
  const select = countedTables
    .map((table) =>
      ["districts", "focus_areas", "plans", "pools", "contracts", "rule_profile"].includes(table)
        ? `(SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM ${table} t) AS ${table}`
        : `(SELECT count(*)::text FROM ${table}) AS ${table}`,
    )
    .join(", ");
  const { rows } = await client.query<Record<string, string>>(`SELECT ${select}`);
  return rows[0] ?? {};
}

// ---------------------------------------------------------------------------------------------------------------
// The run

export async function runHostile(document: Schema, options: HostileOptions): Promise<HostileResult> {
  const components = (document.components as { schemas?: Record<string, Schema> } | undefined)?.schemas ?? {};
  const unknown = new Set<string>();
  for (const each of Object.values(components)) unknownKeywords(each, unknown);
  if (unknown.size > 0)
    throw new Error(`The OpenAPI document uses schema keywords the suite does not check: ${[...unknown].join(", ")}`);
  const schemas = new Schemas(document);
  const operations = operationsOf(document, schemas);
  const problem = { $ref: "#/components/schemas/Problem" };
  const single = (hostile: boolean) =>
    fc.oneof(
      ...operations.map((operation) => ({ weight: 4, arbitrary: plan(operation, schemas, options.fixtures, hostile) })),
      { weight: 3, arbitrary: offDocument(operations, options.fixtures) },
    );
  const batch = fc
    .constantFrom(true, true, true, false)
    .chain((hostile) => fc.array(single(hostile), { minLength: options.batchSize, maxLength: options.batchSize }));

  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const result: HostileResult = {
    requests: 0,
    batches: 0,
    batchesRowChecked: 0,
    refusedWrites: 0,
    acceptedWrites: 0,
    serverErrors: 0,
    rowsStoredByRefused: 0,
    statusMismatches: 0,
    schemaMismatches: 0,
    byStatus: new Map(),
    operations: operations.length,
    seconds: 0,
    findings: [],
    seed: options.seed ?? Date.now() ^ (Math.random() * 0x100000000),
    failure: undefined,
  };
  let next = 0;
  let run = 0;
  let firstFailingRun: number | undefined;
  const started = performance.now();
  try {
    const property = fc.asyncProperty(batch, async (requests) => {
      const before = await fingerprint(client);
      const answers = await Promise.all(
        requests.map(async (planned) => {
          const baseUrl = planned.authHostile
            ? options.authTarget
            : (options.targets[next++ % options.targets.length] ?? "");
          try {
            return { planned, response: await send({ ...planned.raw, baseUrl }) };
          } catch (error) {
            return {
              planned,
              response: { status: 599, contentType: "", text: `no answer: ${(error as Error).message}`, ms: 0 },
            };
          }
        }),
      );
      const after = await fingerprint(client);
      const findings: string[] = [];
      let accepted = 0;
      for (const { planned, response } of answers) {
        result.requests++;
        result.byStatus.set(response.status, (result.byStatus.get(response.status) ?? 0) + 1);
        const write = !["GET", "HEAD", "OPTIONS"].includes(planned.raw.method);
        if (write && response.status < 400) accepted++;
        if (write && response.status >= 400) result.refusedWrites++;
        if (response.status >= 500) result.serverErrors++;
        const outcome = check(planned, response, schemas, problem);
        if (!outcome.statusOk) result.statusMismatches++;
        if (!outcome.schemaOk) result.schemaMismatches++;
        findings.push(...outcome.findings);
      }
      result.acceptedWrites += accepted;
      result.batches++;
      if (accepted === 0) {
        result.batchesRowChecked++;
        const changed = countedTables.filter((table) => before[table] !== after[table]);
        if (changed.length > 0) {
          result.rowsStoredByRefused += changed.length;
          findings.push(
            `rows stored although every write was refused: ${changed.map((table) => `${table} ${before[table]} → ${after[table]}`).join(", ")}`,
          );
        }
      }
      // Every batch runs (a bounded run reports everything it finds); the first failing one is the one to replay.
      if (findings.length > 0) {
        result.findings.push(...findings);
        firstFailingRun ??= run;
      }
      run++;
    });
    // A replay (`path` given) sends that one batch only.
    const numRuns = options.path === undefined ? Math.ceil(options.requests / options.batchSize) : 1;
    await fc.assert(property, {
      numRuns,
      seed: result.seed,
      ...(options.path === undefined ? {} : { path: options.path }),
    });
    // Without shrinking, fast-check's path of the n-th run is "n".
    if (firstFailingRun !== undefined)
      result.failure = { seed: result.seed, path: options.path ?? String(firstFailingRun) };
  } finally {
    await client.end();
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
