// The public routes outside the resources: health and the OpenAPI document.
import { z } from "zod";

/** `GET /healthz` → 200 `{status: "ok"}` once the database answers. */
export const Health = z.object({ status: z.literal("ok") });
export type Health = z.infer<typeof Health>;

/** `GET /api/v1/openapi.json`: an OpenAPI 3.1 document. */
export const OpenApiDocument = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({}),
  paths: z.looseObject({}),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocument>;
