// JSON Schema (the subset the service's OpenAPI 3.1 document uses) → a validator and fast-check arbitraries. Small
// on purpose: the keywords are exactly those the document holds (`keywordsIn` lists them, and the suite refuses to run
// on a document with one this file does not know, so a new keyword cannot pass unchecked).
import fc from "fast-check";

export type Schema = { [key: string]: unknown };

/** The keywords this file understands; annotations (title, description, examples …) are ignored. */
const known = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "maxItems",
  "minItems",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "not",
  "$ref",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "propertyNames",
]);
const annotations = new Set(["title", "description", "examples", "example", "default", "deprecated", "readOnly"]);

/** The schema keywords of `schema` (recursively) this file does not understand. */
export function unknownKeywords(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const each of schema) unknownKeywords(each, found);
  else if (schema !== null && typeof schema === "object") {
    for (const [key, value] of Object.entries(schema)) {
      if (!known.has(key) && !annotations.has(key) && !key.startsWith("x-")) found.add(key);
      if (key === "properties") for (const sub of Object.values(value as object)) unknownKeywords(sub, found);
      else if (key !== "enum" && key !== "const") unknownKeywords(value, found);
    }
  }
  return found;
}

/** Resolves a `#/components/schemas/X` reference in `document`. */
export class Schemas {
  constructor(private readonly document: Schema) {}

  resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === "string" && hops < 20; hops++) {
      const path = current.$ref.replace(/^#\//, "").split("/");
      current = path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], this.document) as Schema;
    }
    return current;
  }

  /** Where `value` breaks `schema`: empty when it is valid. */
  validate(schema: Schema, value: unknown, at = "$"): string[] {
    const s = this.resolve(schema);
    const errors: string[] = [];
    const fail = (what: string) => errors.push(`${at}: ${what}`);
    if ("const" in s && !sameJson(s.const, value)) fail(`not ${JSON.stringify(s.const)}`);
    if (Array.isArray(s.enum) && !s.enum.some((each) => sameJson(each, value))) fail(`not one of the enum`);
    if (Array.isArray(s.anyOf) && !s.anyOf.some((each) => this.validate(each as Schema, value, at).length === 0))
      fail("matches no anyOf branch");
    if (Array.isArray(s.oneOf)) {
      const matching = s.oneOf.filter((each) => this.validate(each as Schema, value, at).length === 0).length;
      if (matching !== 1) fail(`matches ${matching} oneOf branches`);
    }
    if (s.not !== undefined && this.validate(s.not as Schema, value, at).length === 0) fail("matches `not`");
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((type) => hasType(type, value))) {
        fail(`not of type ${types.join("|")}`);
        return errors;
      }
    }
    if (typeof value === "string") {
      const length = [...value].length;
      if (typeof s.minLength === "number" && length < s.minLength) fail(`shorter than ${s.minLength}`);
      if (typeof s.maxLength === "number" && length > s.maxLength) fail(`longer than ${s.maxLength}`);
      if (typeof s.pattern === "string" && !new RegExp(s.pattern, "u").test(value)) fail(`does not match ${s.pattern}`);
      if (s.format === "date-time" && Number.isNaN(Date.parse(value))) fail("not a date-time");
      if (s.format === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail("not a date");
      if (s.format === "uuid" && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
        fail("not a uuid");
    }
    if (typeof value === "number") {
      if (typeof s.minimum === "number" && value < s.minimum) fail(`below ${s.minimum}`);
      if (typeof s.maximum === "number" && value > s.maximum) fail(`above ${s.maximum}`);
    }
    if (Array.isArray(value)) {
      if (typeof s.maxItems === "number" && value.length > s.maxItems) fail(`more than ${s.maxItems} items`);
      if (typeof s.minItems === "number" && value.length < s.minItems) fail(`fewer than ${s.minItems} items`);
      if (s.items !== undefined)
        value.forEach((item, index) => errors.push(...this.validate(s.items as Schema, item, `${at}[${index}]`)));
    }
    if (isObject(value)) {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      for (const key of (s.required ?? []) as string[]) if (!Object.hasOwn(value, key)) fail(`lacks ${key}`);
      for (const [key, item] of Object.entries(value)) {
        if (s.propertyNames !== undefined)
          errors.push(...this.validate(s.propertyNames as Schema, key, `${at}{${key}}`));
        const sub = properties[key];
        if (sub !== undefined) errors.push(...this.validate(sub, item, `${at}.${key}`));
        else if (s.additionalProperties === false) fail(`has the undocumented key ${JSON.stringify(key)}`);
        else if (isObject(s.additionalProperties))
          errors.push(...this.validate(s.additionalProperties, item, `${at}.${key}`));
      }
    }
    return errors;
  }

  /** Values `schema` accepts (bounded: short strings and arrays, so a request stays small). */
  valid(schema: Schema, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if ("const" in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
    if (Array.isArray(branches)) return fc.oneof(...branches.map((branch) => this.valid(branch, depth + 1)));
    const type = Array.isArray(s.type) ? (s.type as string[])[0] : (s.type as string | undefined);
    switch (type) {
      case "string":
        return this.validString(s);
      case "integer":
        return fc.integer({
          min: Math.max(Number(s.minimum ?? -1e9), Number.MIN_SAFE_INTEGER),
          max: Math.min(Number(s.maximum ?? 1e9), Number.MAX_SAFE_INTEGER),
        });
      case "number":
        return fc.double({ min: Number(s.minimum ?? -1e9), max: Number(s.maximum ?? 1e9), noNaN: true });
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "array": {
        if (depth > 6) return fc.constant([]);
        const maxLength = Math.min(Number(s.maxItems ?? 4), 4);
        return fc.array(this.valid((s.items ?? {}) as Schema, depth + 1), {
          minLength: Math.min(Number(s.minItems ?? 0), maxLength),
          maxLength,
        });
      }
      case "object":
        return this.validObject(s, depth);
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  }

  private validString(s: Schema): fc.Arbitrary<string> {
    if (s.format === "uuid") return fc.uuid();
    if (s.format === "date")
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    if (s.format === "date-time")
      return fc
        .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
        .map((d) => d.toISOString());
    const minLength = Number(s.minLength ?? 0);
    const maxLength = Math.min(Number(s.maxLength ?? minLength + 12), minLength + 12);
    if (typeof s.pattern === "string") {
      const pattern = new RegExp(s.pattern);
      return fc
        .stringMatching(pattern)
        .filter((text) => text.length >= minLength && text.length <= Number(s.maxLength ?? Infinity));
    }
    return fc.string({ minLength, maxLength, unit: "grapheme" }).filter((text) => [...text].length >= minLength);
  }

  private validObject(s: Schema, depth: number): fc.Arbitrary<unknown> {
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    const required = (s.required ?? []) as string[];
    const record = fc.record(
      Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, this.valid(sub, depth + 1)])),
      { requiredKeys: required.filter((key) => key in properties) },
    );
    if (!isObject(s.additionalProperties) || depth > 6) return record;
    const keys =
      s.propertyNames === undefined
        ? fc.string({ minLength: 1, maxLength: 8 })
        : this.validString(this.resolve(s.propertyNames as Schema));
    return fc
      .tuple(record, fc.dictionary(keys, this.valid(s.additionalProperties, depth + 1), { maxKeys: 3 }))
      .map(([known, extra]) => ({ ...extra, ...known }));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
