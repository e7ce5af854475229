// The authorisation matrix: every route of the route table × every kind of caller, with the outcome the service must
// give. One table: the security test checks the service against it, and `pnpm --filter @helhedsplan/sync-service
// docs:security` writes it into docs/security.md, which the test compares with what is committed.
//
// The cells follow from the route table (`routes[…].roles`, `planScoped`) and the rules API.md states in words
// (no token → 401; another organisation's plan → 404 as if absent; a role without the right → 403), plus the few
// organisation rules the route table cannot say (`organisationRules`). A change to a route's roles changes the
// rendered table, so docs/security.md must be regenerated and the change is seen in review.
import { fileURLToPath } from "node:url";
import { allRoles, isPublicRoute, routeList, type RouteDefinition, type RouteName, type Role } from "@helhedsplan/api";

/** A kind of caller: no token, a role, and for `housing` the plan's own organisation or another. */
export interface MatrixCaller {
  readonly id: string;
  /** The column heading. */
  readonly label: string;
  /** Undefined: no token. */
  readonly role?: Role;
  /** For `housing`: whether the token's organisation is the plan's. */
  readonly organisation?: "own" | "other";
}

/**
 * What a caller gets from a route: `allowed` (past authentication and authorisation: the answer is whatever the
 * request deserves — 200, 400, 409 … — never 401, 403 or a 404 for rights), `own-only` (allowed, and the answer shows
 * only the caller's organisation's plans), or the refusal's status (404: as if the plan did not exist).
 */
export type Outcome = "allowed" | "own-only" | 401 | 403 | 404;

/** The columns: no token, then every role of the contract in its order, `housing` twice (own and another organisation). */
export const matrixCallers: readonly MatrixCaller[] = [
  { id: "no-token", label: "no token" },
  ...allRoles.flatMap((role): MatrixCaller[] =>
    role === "housing"
      ? [
          { id: "housing-own", label: "housing (the plan's organisation)", role, organisation: "own" },
          { id: "housing-other", label: "housing (another organisation)", role, organisation: "other" },
        ]
      : [{ id: role, label: role, role }],
  ),
];

/** The organisation rules of a housing token beyond its role, per route: what the route table has no field for. */
export const organisationRules: Partial<
  Record<RouteName, { readonly own: Outcome; readonly other: Outcome; readonly rule: string }>
> = {
  plansCreate: {
    own: "allowed",
    other: 403,
    rule: "a housing token creates plans only for its own organisation; a body naming another is 403 (so is moving a plan to another organisation with `PATCH /plans/:id`)",
  },
  plansList: { own: "own-only", other: "own-only", rule: "a housing token's list holds only its organisation's plans" },
  poolsGet: { own: "own-only", other: "own-only", rule: "a housing token's `plans[]` lists only its organisation's" },
};

/** The outcome the service must give `caller` on `route`. Example: `expectedOutcome(routes.plansSubmit, viewer) === 403`. */
export function expectedOutcome(route: RouteDefinition & { name: RouteName }, caller: MatrixCaller): Outcome {
  if (isPublicRoute(route)) return "allowed";
  if (caller.role === undefined) return 401;
  // API.md's order of checks: 404 before 403, so another organisation's plan is absent whatever the role may do.
  if (caller.organisation === "other" && route.planScoped) return 404;
  if (!route.roles.includes(caller.role)) return 403;
  const rule = organisationRules[route.name];
  if (caller.organisation !== undefined && rule !== undefined) return rule[caller.organisation];
  return "allowed";
}

/** One row of the matrix: a route and the outcome per caller id. */
export interface MatrixRow {
  readonly route: RouteDefinition & { name: RouteName };
  readonly outcomes: Readonly<Record<string, Outcome>>;
}

/** The whole matrix, one row per route of the route table, in its order. */
export function authorizationMatrix(): MatrixRow[] {
  return routeList.map((route) => ({
    route,
    outcomes: Object.fromEntries(matrixCallers.map((caller) => [caller.id, expectedOutcome(route, caller)])),
  }));
}

const cellText: Record<Outcome, string> = {
  allowed: "✓",
  "own-only": "✓ own",
  401: "401",
  403: "403",
  404: "404",
};

/** Where the generated part of docs/security.md starts and ends; the prose around it is written by hand. */
export const matrixMarkers = {
  start: "<!-- authorization-matrix:start (generated: pnpm --filter @helhedsplan/sync-service docs:security) -->",
  end: "<!-- authorization-matrix:end -->",
} as const;

/** The generated part of docs/security.md: the legend, the table and the organisation rules, between the markers. */
export function renderAuthorizationMatrix(): string {
  const header = ["route", "name", ...matrixCallers.map((caller) => caller.label)];
  const rows = authorizationMatrix().map((row) => [
    `\`${row.route.method} ${row.route.path}\``,
    `\`${row.route.name}\``,
    ...matrixCallers.map((caller) => cellText[row.outcomes[caller.id] ?? 401]),
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  const rules = Object.entries(organisationRules).map(([name, rule]) => `- \`${name}\`: ${rule?.rule ?? ""}.`);
  return [
    matrixMarkers.start,
    "",
    "Legend: **✓** allowed — past the token and the role, the answer is whatever the request deserves (200, 400, 409 …), " +
      "never 401, 403 or a 404 for rights; **✓ own** allowed, and the answer shows only the caller's organisation's " +
      "plans; **401** no or an unknown token; **403** the role (or organisation) may not; **404** another " +
      "organisation's plan, answered as if it did not exist.",
    "",
    line(header),
    line(header.map(() => "---")),
    ...rows.map(line),
    "",
    "Organisation rules beyond the roles:",
    "",
    ...rules,
    "",
    matrixMarkers.end,
  ].join("\n");
}

/** `document` with its generated part replaced by `renderAuthorizationMatrix()`; throws when the markers are missing. */
export function withRenderedMatrix(document: string): string {
  const start = document.indexOf(matrixMarkers.start);
  const end = document.indexOf(matrixMarkers.end);
  if (start < 0 || end < start) throw new Error("docs/security.md lacks the authorization-matrix markers");
  return document.slice(0, start) + renderAuthorizationMatrix() + document.slice(end + matrixMarkers.end.length);
}

/** docs/security.md, from this package. */
export const securityDocPath = fileURLToPath(new URL("../../../../docs/security.md", import.meta.url));

/** What docs/security.md must hold: the committed prose with the generated part rendered, formatted as Prettier does. */
export async function renderedSecurityDoc(committed: string): Promise<string> {
  const prettier = await import("prettier");
  const options = (await prettier.resolveConfig(securityDocPath)) ?? {};
  return prettier.format(withRenderedMatrix(committed), { ...options, filepath: securityDocPath });
}
