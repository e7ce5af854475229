import type { z } from "zod";

/**
 * Refuses an empty partial write body (`{}`): a PATCH that changes nothing is a client's
 * mistake, so it is a 400 naming the fields that may be sent.
 */
export function atLeastOneKey<Shape extends z.ZodObject>(schema: Shape) {
  const allowed = Object.keys(schema.shape).join(", ");
  return schema.refine((body) => Object.keys(body).length > 0, {
    message: `Send mindst ét af felterne: ${allowed}.`,
  });
}
