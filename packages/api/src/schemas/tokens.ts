// Access tokens: created by an admin, shown once.
import { z } from "zod";
import { Name } from "@helhedsplan/rules";
import { Role } from "./common";

const housingOrganisationRefused = z.never({ message: "Kun en token med rollen housing har en boligorganisation." });

/**
 * `POST /tokens`: `{role, housingOrganisation?}` — required for `housing`, refused (400) for every
 * other role. Strict: any other key is a 400.
 */
export const CreateTokenBody = z.discriminatedUnion("role", [
  z.strictObject({ role: z.literal("housing"), housingOrganisation: Name }),
  z.strictObject({
    role: z.enum(Role.exclude(["housing"]).options),
    housingOrganisation: housingOrganisationRefused.optional(),
  }),
]);
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

/** `POST /tokens` → 201: the token in clear text, shown this once. */
export const TokenCreated = z.object({ token: z.string(), role: Role, housingOrganisation: z.string().nullable() });
export type TokenCreated = z.infer<typeof TokenCreated>;

/** `GET /me` → 200: who the caller's token is — its role and, for `housing` only, its organisation (else null). */
export const Me = z.object({ role: Role, housingOrganisation: z.string().nullable() });
export type Me = z.infer<typeof Me>;
