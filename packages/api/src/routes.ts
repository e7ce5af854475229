// Every route of API.md as data: the service wires its handlers from it, the security tests
// iterate it, the client calls through it and the OpenAPI document is generated from it.
import { z } from "zod";
import { District, FocusArea, Reference } from "@helhedsplan/rules";
import {
  AnnualReport,
  AuditList,
  AuditQuery,
  Contract,
  ContractList,
  ContractListQuery,
  ContractParams,
  ContractRevisionBody,
  CreateContractBody,
  CreatePlanBody,
  CreatePoolBody,
  CreateTokenBody,
  Decision,
  DecisionBody,
  DecisionList,
  DistrictPatchBody,
  FocusAreaPatchBody,
  Health,
  Me,
  OpenApiDocument,
  PatchPlanBody,
  PlanDetail,
  PlanList,
  PlanListQuery,
  PlanParams,
  PlanReportParams,
  PlanVersion,
  PlanVersionList,
  PlanVersionParams,
  Pool,
  PoolDetail,
  PoolList,
  PoolParams,
  PutBudgetBody,
  PutGoalsBody,
  ReferenceItemParams,
  ReportDetail,
  ReportsQuery,
  ReportsSummary,
  type Role,
  TokenCreated,
  WriteResult,
  allRoles,
} from "./schemas";
import { problemCatalog, problemStatusOrder, type ProblemSlug } from "./problem";

/** The base path of every resource route. */
export const apiBasePath = "/api/v1";

/** The HTTP methods the contract uses. */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH";

/** The body of an action without input (submit, reopen, close): absent or `{}`; any key is a 400. */
export const EmptyBody = z.strictObject({}).optional();
export type EmptyBody = z.infer<typeof EmptyBody>;

/** One route of the contract. */
export interface RouteDefinition {
  /** What the route does, one line (the OpenAPI summary). */
  readonly summary: string;
  readonly method: HttpMethod;
  /** The full path in Express syntax, e.g. `/api/v1/plans/:id/budget`. */
  readonly path: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly response: z.ZodType;
  readonly successStatus: 200 | 201;
  /** The roles allowed; empty for a public route (no token needed). */
  readonly roles: readonly Role[];
  /** `:id` names a plan: a housing token sees only its own organisation's plans, another's id → 404. */
  readonly planScoped: boolean;
  /** `If-Match: "<n>"` is required (428 without, 412 when stale). */
  readonly ifMatch: boolean;
  /** The answer carries `ETag: "<version>"`. */
  readonly etag: boolean;
  /** `Idempotency-Key` is accepted (every write). */
  readonly idempotent: boolean;
  /** The answer needs the database (503 while it does not answer). */
  readonly usesDatabase: boolean;
  /** The route's own problems beyond those every route of its kind has (see `routeProblems`). */
  readonly problems: readonly ProblemSlug[];
  /**
   * The service answers it now. A route of later work (goals, yearly reports, close, the overview) keeps its place
   * and schemas here, but stays out of the OpenAPI document and the client until it is served.
   */
  readonly served: boolean;
}

type Defaulted = "planScoped" | "ifMatch" | "etag" | "usesDatabase" | "problems" | "served";
type RouteInput = Omit<RouteDefinition, Defaulted | "idempotent"> & Partial<Pick<RouteDefinition, Defaulted>>;

/** A route as written plus the defaults it left out, keeping its schemas' exact types for the client. */
type Route<Input extends RouteInput> = Input & Omit<RouteDefinition, keyof Input>;

/** Fills a route's defaults: writes (every method but GET) accept Idempotency-Key. */
function route<const Input extends RouteInput>(input: Input): Route<Input> {
  const defaults = { planScoped: false, ifMatch: false, etag: false, usesDatabase: true, problems: [], served: true };
  return { ...defaults, ...input, idempotent: input.method !== "GET" };
}

const writers: readonly Role[] = ["admin", "finance"];
const planWriters: readonly Role[] = ["admin", "finance", "housing"];
const deciders: readonly Role[] = ["admin", "approver"];
const overviewReaders: readonly Role[] = ["admin", "finance", "approver", "viewer"];
const adminOnly: readonly Role[] = ["admin"];
const publicRoute: readonly Role[] = [];
const v1 = (path: string) => `${apiBasePath}${path}`;

/** Every route of API.md, keyed by the client's method name. */
export const routes = {
  health: route({
    summary: "Tjenesten og databasen svarer",
    method: "GET",
    path: "/healthz",
    response: Health,
    successStatus: 200,
    roles: publicRoute,
  }),
  openApi: route({
    summary: "OpenAPI 3.1-dokumentet",
    method: "GET",
    path: v1("/openapi.json"),
    response: OpenApiDocument,
    successStatus: 200,
    roles: publicRoute,
    usesDatabase: false,
  }),

  referenceGet: route({
    summary: "Referencedata: byområder, indsatsområder, kilder, kategorier, regelprofil",
    method: "GET",
    path: v1("/reference"),
    response: Reference,
    successStatus: 200,
    roles: allRoles,
  }),
  referencePatchFocusArea: route({
    summary: "Omdøb eller ret et indsatsområde (det gamle navn bliver et alias)",
    method: "PATCH",
    path: v1("/reference/focus-areas/:id"),
    params: ReferenceItemParams,
    body: FocusAreaPatchBody,
    response: FocusArea,
    successStatus: 200,
    roles: adminOnly,
    problems: ["conflict"],
  }),
  referencePatchDistrict: route({
    summary: "Omdøb eller ret et byområde (det gamle navn bliver et alias)",
    method: "PATCH",
    path: v1("/reference/districts/:id"),
    params: ReferenceItemParams,
    body: DistrictPatchBody,
    response: District,
    successStatus: 200,
    roles: adminOnly,
    problems: ["conflict"],
  }),

  poolsList: route({
    summary: "Alle puljer med deres reservationer og bevillinger",
    method: "GET",
    path: v1("/pools"),
    response: PoolList,
    successStatus: 200,
    roles: allRoles,
  }),
  poolsGet: route({
    summary: "Én pulje med planernes andele",
    method: "GET",
    path: v1("/pools/:id"),
    params: PoolParams,
    response: PoolDetail,
    successStatus: 200,
    roles: allRoles,
  }),
  poolsCreate: route({
    summary: "Opret en pulje",
    method: "POST",
    path: v1("/pools"),
    body: CreatePoolBody,
    response: Pool,
    successStatus: 201,
    roles: adminOnly,
  }),

  plansList: route({
    summary: "Planer, filtreret efter byområde og status",
    method: "GET",
    path: v1("/plans"),
    query: PlanListQuery,
    response: PlanList,
    successStatus: 200,
    roles: allRoles,
  }),
  plansCreate: route({
    summary: "Opret en plan i kladde",
    method: "POST",
    path: v1("/plans"),
    body: CreatePlanBody,
    response: PlanDetail,
    successStatus: 201,
    roles: planWriters,
    problems: ["rule-violation"],
  }),
  plansGet: route({
    summary: "Én plan med budget og mål (ETag = versionen)",
    method: "GET",
    path: v1("/plans/:id"),
    params: PlanParams,
    response: PlanDetail,
    successStatus: 200,
    roles: allRoles,
    planScoped: true,
    etag: true,
  }),
  plansPatch: route({
    summary: "Ret planens hoved (ny version)",
    method: "PATCH",
    path: v1("/plans/:id"),
    params: PlanParams,
    body: PatchPlanBody,
    response: WriteResult,
    successStatus: 200,
    roles: planWriters,
    planScoped: true,
    ifMatch: true,
    problems: ["conflict", "rule-violation"],
  }),
  plansPutBudget: route({
    summary: "Gem planens budget (ny version)",
    method: "PUT",
    path: v1("/plans/:id/budget"),
    params: PlanParams,
    body: PutBudgetBody,
    response: WriteResult,
    successStatus: 200,
    roles: planWriters,
    planScoped: true,
    ifMatch: true,
    problems: ["conflict", "rule-violation"],
  }),
  plansPutGoals: route({
    summary: "Gem planens mål (ny version)",
    method: "PUT",
    path: v1("/plans/:id/goals"),
    params: PlanParams,
    body: PutGoalsBody,
    response: WriteResult,
    successStatus: 200,
    roles: planWriters,
    planScoped: true,
    ifMatch: true,
    problems: ["conflict", "rule-violation"],
  }),
  plansListVersions: route({
    summary: "Planens versioner, ældste først",
    method: "GET",
    path: v1("/plans/:id/versions"),
    params: PlanParams,
    response: PlanVersionList,
    successStatus: 200,
    roles: allRoles,
    planScoped: true,
  }),
  plansGetVersion: route({
    summary: "Én version af planen",
    method: "GET",
    path: v1("/plans/:id/versions/:n"),
    params: PlanVersionParams,
    response: PlanVersion,
    successStatus: 200,
    roles: allRoles,
    planScoped: true,
  }),
  plansSubmit: route({
    summary: "Indsend planen og reservér dens puljemidler",
    method: "POST",
    path: v1("/plans/:id/submit"),
    params: PlanParams,
    body: EmptyBody,
    response: PlanDetail,
    successStatus: 200,
    roles: writers,
    planScoped: true,
    problems: ["conflict", "pool-exhausted", "rule-violation"],
  }),
  plansDecide: route({
    summary: "Registrér en beslutning (udvalg eller Borgerrepræsentation)",
    method: "POST",
    path: v1("/plans/:id/decisions"),
    params: PlanParams,
    body: DecisionBody,
    response: Decision,
    successStatus: 201,
    roles: deciders,
    planScoped: true,
    problems: ["conflict"],
  }),
  plansListDecisions: route({
    summary: "Planens beslutninger (udvalg og Borgerrepræsentation), ældste først",
    method: "GET",
    path: v1("/plans/:id/decisions"),
    params: PlanParams,
    response: DecisionList,
    successStatus: 200,
    roles: allRoles,
    planScoped: true,
  }),
  plansReopen: route({
    summary: "Genåbn en godkendt plan til revision",
    method: "POST",
    path: v1("/plans/:id/reopen"),
    params: PlanParams,
    body: EmptyBody,
    response: PlanDetail,
    successStatus: 200,
    roles: writers,
    planScoped: true,
    problems: ["conflict"],
  }),
  plansClose: route({
    summary: "Afslut planen efter periodens sidste redegørelse",
    method: "POST",
    path: v1("/plans/:id/close"),
    params: PlanParams,
    body: EmptyBody,
    response: PlanDetail,
    successStatus: 200,
    roles: writers,
    planScoped: true,
    problems: ["conflict"],
  }),
  plansPutReport: route({
    summary: "Gem årets redegørelse",
    method: "PUT",
    path: v1("/plans/:id/reports/:year"),
    params: PlanReportParams,
    body: AnnualReport,
    response: ReportDetail,
    successStatus: 200,
    roles: planWriters,
    planScoped: true,
    ifMatch: true,
    problems: ["conflict", "rule-violation"],
  }),
  plansGetReport: route({
    summary: "Årets redegørelse med afvigelser (ETag = versionen)",
    method: "GET",
    path: v1("/plans/:id/reports/:year"),
    params: PlanReportParams,
    response: ReportDetail,
    successStatus: 200,
    roles: allRoles,
    planScoped: true,
    etag: true,
  }),

  contractsList: route({
    summary: "Samarbejdsaftaler (seneste revision)",
    method: "GET",
    path: v1("/contracts"),
    query: ContractListQuery,
    response: ContractList,
    successStatus: 200,
    roles: allRoles,
  }),
  contractsCreate: route({
    summary: "Opret en samarbejdsaftale",
    method: "POST",
    path: v1("/contracts"),
    body: CreateContractBody,
    response: Contract,
    successStatus: 201,
    roles: writers,
    problems: ["rule-violation"],
  }),
  contractsRevise: route({
    summary: "Revidér en samarbejdsaftale",
    method: "POST",
    path: v1("/contracts/:id/revisions"),
    params: ContractParams,
    body: ContractRevisionBody,
    response: Contract,
    successStatus: 201,
    roles: writers,
    problems: ["rule-violation"],
  }),
  contractsListRevisions: route({
    summary: "Alle revisioner af en aftale, ældste først",
    method: "GET",
    path: v1("/contracts/:id/revisions"),
    params: ContractParams,
    response: ContractList,
    successStatus: 200,
    roles: allRoles,
  }),

  reportsSummary: route({
    summary: "Godkendte planer: bevilget mod forbrugt, med totaler",
    method: "GET",
    path: v1("/reports"),
    query: ReportsQuery,
    response: ReportsSummary,
    successStatus: 200,
    roles: overviewReaders,
  }),
  auditList: route({
    summary: "Revisionsspor, ældste først",
    method: "GET",
    path: v1("/audit"),
    query: AuditQuery,
    response: AuditList,
    successStatus: 200,
    roles: overviewReaders,
  }),
  me: route({
    summary: "Hvem adgangsnøglen tilhører: rolle og boligorganisation",
    method: "GET",
    path: v1("/me"),
    response: Me,
    successStatus: 200,
    roles: allRoles,
  }),
  tokensCreate: route({
    summary: "Opret en adgangsnøgle (vises én gang)",
    method: "POST",
    path: v1("/tokens"),
    body: CreateTokenBody,
    response: TokenCreated,
    successStatus: 201,
    roles: adminOnly,
    problems: ["rate-limited"],
  }),
} as const;

/** The name of a route, e.g. `"plansPutBudget"`. */
export type RouteName = keyof typeof routes;

/** The name of a route the service serves now (see `RouteDefinition.served`), e.g. `"plansPutBudget"`. */
export type ServedRouteName = {
  [Name in RouteName]: (typeof routes)[Name]["served"] extends false ? never : Name;
}[RouteName];

/** Every route of the contract as a list, served or not, for iterating (the role table, the security tests). */
export const routeList: readonly (RouteDefinition & { name: RouteName })[] = Object.entries(routes).map(
  ([name, definition]) => ({ ...definition, name: name as RouteName }),
);

/** The routes the service serves now: what the OpenAPI document describes. Example: `servedRouteList.map((route) => route.path)`. */
export const servedRouteList: readonly (RouteDefinition & { name: ServedRouteName })[] = routeList.filter(
  (route): route is RouteDefinition & { name: ServedRouteName } => route.served,
);

/** Whether a route needs no token. */
export function isPublicRoute(route: RouteDefinition): boolean {
  return route.roles.length === 0;
}

// 415 is checked with 413, before the body is read (added beyond API.md, as 405, which no route of the table answers).
const problemRank: readonly number[] = [
  ...problemStatusOrder.flatMap((status) => (status === 413 ? [413, 415] : [status])),
  429,
  503,
];

/**
 * Every problem a route can answer with, in the order the service checks them (then 429, 503):
 * derived from what the route takes (token, path id, body, If-Match, Idempotency-Key) plus its own.
 */
export function routeProblems(route: RouteDefinition): ProblemSlug[] {
  const slugs = new Set<ProblemSlug>(route.problems);
  if (!isPublicRoute(route)) slugs.add("unauthorized").add("rate-limited");
  if (route.body !== undefined) slugs.add("payload-too-large").add("unsupported-media-type");
  if (route.params !== undefined) slugs.add("not-found");
  if (!isPublicRoute(route) && route.roles.length < allRoles.length) slugs.add("forbidden");
  if (route.params !== undefined || route.query !== undefined || route.body !== undefined) slugs.add("invalid-request");
  if (route.ifMatch) slugs.add("precondition-required").add("precondition-failed");
  // The same key while its first request runs → 409; the same key with another request → 422 idempotency-key-reused.
  if (route.idempotent) slugs.add("conflict").add("idempotency-key-reused");
  if (route.usesDatabase) slugs.add("unavailable");
  const rank = (slug: ProblemSlug) => problemRank.indexOf(problemCatalog[slug].status);
  return [...slugs].sort((a, b) => rank(a) - rank(b));
}
