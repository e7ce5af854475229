// @helhedsplan/api: the HTTP contract of API.md as code — schemas, problems, routes, client, OpenAPI.
export * from "./schemas";
export * from "./problem";
export * from "./routes";
export * from "./api-error";
export * from "./client";
export * from "./openapi";
