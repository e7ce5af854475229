// What a path parameter's OpenAPI schema says is what its route accepts, and ids compare as RFC 9562 says.
import { describe, expect, test } from "vitest";
import { buildOpenApiDocument } from "./openapi";
import { servedRouteList } from "./routes";
import { IdempotencyKey, PlanParams, PlanVersionParams } from "./schemas";

interface ParamSchema {
  type?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
}
interface Operation {
  parameters: { name: string; in: string; schema: ParamSchema }[];
}

const document = buildOpenApiDocument() as { paths: Record<string, Record<string, Operation>> };

/** Whether a string is valid against the keywords the document gives path parameters. */
function documentAccepts(schema: ParamSchema, value: string): boolean {
  expect(schema.type).toBe("string");
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) return false;
  if (schema.maxLength !== undefined && length > schema.maxLength) return false;
  return schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value);
}

const uuid = "3f2b8c1e-4d5a-4b6c-9d7e-8f9a0b1c2d3e";
const samples = [
  ...["0", "1", "7", "01", "00", "-1", "1.5", "1e3", "0x10", " 1", "1 "],
  ...["2147483647", "2147483648", "999999999999999", "9999999999999999", "99999999999999999999", "9".repeat(400)],
  ...["2014", "214", "20145", "loen", "kommunePulje", "budget-2012", "_x", "x".repeat(100), "x".repeat(101)],
  ...[uuid, uuid.toUpperCase(), uuid.slice(1), `${uuid}0`, "", "æøå", "a/b", "%00", "\u0000"],
];

describe("path parameters", () => {
  const params = servedRouteList.flatMap((route) =>
    route.params === undefined
      ? []
      : Object.keys(route.params.shape).map((name) => ({ route, name, path: route.path.replace(/:(\w+)/g, "{$1}") })),
  );

  test.each(params.map(({ route, name, path }) => [`${route.method} ${path}`, name, route, path] as const))(
    "%s: {%s} is documented exactly as the route accepts it",
    (_where, name, route, path) => {
      const schema = document.paths[path]?.[route.method.toLowerCase()]?.parameters.find(
        (parameter) => parameter.in === "path" && parameter.name === name,
      )?.schema;
      expect(schema).toBeDefined();
      const shape = route.params?.shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
      const disagreements = samples.filter(
        (sample) => documentAccepts(schema ?? {}, sample) !== shape[name]?.safeParse(sample).success,
      );
      expect(disagreements).toEqual([]);
    },
  );

  test("a version number is any positive integer without leading zeros, however large", () => {
    expect(PlanVersionParams.parse({ id: uuid, n: "2147483648" }).n).toBe(2147483648);
    expect(PlanVersionParams.safeParse({ id: uuid, n: "0" }).success).toBe(false);
    expect(PlanVersionParams.safeParse({ id: uuid, n: "9".repeat(400) }).success).toBe(true);
  });
});

describe("UUIDs compare case-insensitively (RFC 9562): read as lower case", () => {
  test("an id in a path", () => {
    expect(PlanParams.parse({ id: uuid.toUpperCase() })).toEqual({ id: uuid });
    expect(PlanVersionParams.parse({ id: uuid.toUpperCase(), n: "1" })).toEqual({ id: uuid, n: 1 });
  });

  test("an Idempotency-Key", () => {
    expect(IdempotencyKey.parse(uuid.toUpperCase())).toBe(uuid);
    expect(IdempotencyKey.safeParse("retry-1").success).toBe(false);
  });
});
