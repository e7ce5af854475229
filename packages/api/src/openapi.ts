// The OpenAPI 3.1 document, generated from the same zod schemas and route table the service
// and the client use, with zod 4's own JSON Schema output (draft 2020-12 is OpenAPI 3.1's dialect).
// It describes what the service serves now: a route of later work, and the schemas only it uses,
// stay out until it is served, so no generated client calls a path that answers 404.
import { z } from "zod";
import { Budget, District, Finding, FocusArea, Goal, PlanHeader, Reference } from "@helhedsplan/rules";
import { FieldError, Problem, problemCatalog, problemContentType, type ProblemSlug } from "./problem";
import { routeProblems, servedRouteList, type RouteDefinition } from "./routes";
import * as api from "./schemas";

type JsonObject = Record<string, unknown>;

const componentRef = (name: string) => `#/components/schemas/${name}`;

const isComponent = (name: string, value: unknown): value is z.ZodObject | z.ZodDiscriminatedUnion | z.ZodEnum =>
  (value instanceof z.ZodObject || value instanceof z.ZodDiscriminatedUnion || value instanceof z.ZodEnum) &&
  // Path and query shapes become parameters, not components.
  !/(Params|Query)$/.test(name);

// Named shapes of the document. Where two names share one schema (CreatePlanBody is PlanHeader,
// PutBudgetBody is Budget) the first name is the component's.
const namedSchemas: [string, z.ZodType][] = [
  ["Reference", Reference],
  ["District", District],
  ["FocusArea", FocusArea],
  ["PlanHeader", PlanHeader],
  ["Budget", Budget],
  ["Goal", Goal],
  ["Finding", Finding],
  ["FieldError", FieldError],
  ["Problem", Problem],
  ...Object.entries(api).flatMap(([name, value]): [string, z.ZodType][] =>
    isComponent(name, value) ? [[name, value]] : [],
  ),
];

function componentRegistry() {
  const registry = z.registry<{ id: string }>();
  for (const [name, schema] of namedSchemas) if (!registry.has(schema)) registry.add(schema, { id: name });
  return registry;
}

/**
 * A schema written out in full (a parameter's, or a body without a name), without the `$schema`
 * key: an empty registry keeps zod from extracting `$defs` the document would not hold.
 */
function inlineSchema(schema: z.ZodType): JsonObject {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    metadata: z.registry(),
  });
  return json;
}

function schemaOrRef(schema: z.ZodType, registry: z.core.$ZodRegistry<{ id: string }>): JsonObject {
  const name = registry.get(schema)?.id;
  return name === undefined ? inlineSchema(schema) : { $ref: componentRef(name) };
}

function parameters(route: RouteDefinition): JsonObject[] {
  const fromShape = (location: "path" | "query", object: z.ZodObject | undefined) =>
    Object.entries(object?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: location,
      required: location === "path" || !(schema as z.ZodType).safeParse(undefined).success,
      schema: inlineSchema(schema as z.ZodType),
    }));
  const headers: JsonObject[] = [];
  if (route.ifMatch) {
    headers.push({
      name: "If-Match",
      in: "header",
      required: true,
      description: 'The version read, quoted: `"3"`.',
      schema: inlineSchema(api.IfMatch),
    });
  }
  if (route.idempotent) {
    headers.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "A UUID that makes a retry return the first answer.",
      schema: inlineSchema(api.IdempotencyKey),
    });
  }
  return [...fromShape("path", route.params), ...fromShape("query", route.query), ...headers];
}

function problemResponses(route: RouteDefinition): Record<string, JsonObject> {
  const byStatus = new Map<number, ProblemSlug[]>();
  for (const slug of routeProblems(route)) {
    const status = problemCatalog[slug].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), slug]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, slugs]) => [
      String(status),
      {
        description: slugs.map((slug) => `${slug}: ${problemCatalog[slug].title}`).join("; "),
        ...(slugs.includes("rate-limited")
          ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 0 } } } }
          : {}),
        content: { [problemContentType]: { schema: { $ref: componentRef("Problem") } } },
      },
    ]),
  );
}

function operation(
  route: RouteDefinition & { name: string },
  registry: z.core.$ZodRegistry<{ id: string }>,
): JsonObject {
  const success: JsonObject = {
    description: route.summary,
    ...(route.etag ? { headers: { ETag: { description: 'The version: `"3"`.', schema: { type: "string" } } } } : {}),
    content: { "application/json": { schema: schemaOrRef(route.response, registry) } },
  };
  return {
    operationId: route.name,
    summary: route.summary,
    ...(route.roles.length === 0 ? { security: [] } : { "x-roles": route.roles }),
    parameters: parameters(route),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: !route.body.safeParse(undefined).success,
            content: { "application/json": { schema: schemaOrRef(route.body, registry) } },
          },
        }),
    responses: { [String(route.successStatus)]: success, ...problemResponses(route) },
  };
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === "$ref" && typeof inner === "string" ? [inner] : refsIn(inner),
  );
}

/** The components `paths` refers to, directly or through other components. */
function reachableComponents(paths: JsonObject, components: Record<string, JsonObject>): Record<string, JsonObject> {
  const reached = new Set<string>();
  const pending = refsIn(paths);
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const name = ref.slice(componentRef("").length);
    const component = components[name];
    if (reached.has(name) || component === undefined) continue;
    reached.add(name);
    pending.push(...refsIn(component));
  }
  return Object.fromEntries(Object.entries(components).filter(([name]) => reached.has(name)));
}

/**
 * The OpenAPI 3.1 document of the routes the service serves (at `GET /api/v1/openapi.json`).
 * Example: `Object.keys(buildOpenApiDocument().paths)` → `["/healthz", "/api/v1/openapi.json", …]`.
 */
export function buildOpenApiDocument(): JsonObject {
  const registry = componentRegistry();
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "input", uri: componentRef });
  const components = Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _dialect, $id: _id, ...json }]): [string, JsonObject] => [
      name,
      json,
    ]),
  );
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of servedRouteList) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, registry) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Helhedsplan sync service",
      version: "1.0.0",
      description:
        "Budgetter for boligsociale helhedsplaner i København. Alle beløb er hele øre i felter, der ender på `Ore`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: reachableComponents(paths, components),
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    },
  };
}
