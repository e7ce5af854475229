// The reference data routes: `GET /reference` answers rules' `Reference` itself; the admin
// edits are strict partials of rules' own district and focus-area shapes.
import { z } from "zod";
import { District, FocusArea } from "@helhedsplan/rules";
import { Slug } from "./common";
import { atLeastOneKey } from "./at-least-one-key";

/** `PATCH /reference/focus-areas/:id`: rename (the old name becomes an alias), change `contractEligible` or the aliases. */
export const FocusAreaPatchBody = atLeastOneKey(
  FocusArea.pick({ name: true, contractEligible: true, aliases: true }).partial(),
);
export type FocusAreaPatchBody = z.infer<typeof FocusAreaPatchBody>;

/** `PATCH /reference/districts/:id`: rename (the old name becomes an alias), change the forum or the aliases. */
export const DistrictPatchBody = atLeastOneKey(District.pick({ name: true, forum: true, aliases: true }).partial());
export type DistrictPatchBody = z.infer<typeof DistrictPatchBody>;

/** The path of a reference item: `/reference/…/:id` with a slug id. */
export const ReferenceItemParams = z.strictObject({ id: Slug });
export type ReferenceItemParams = z.infer<typeof ReferenceItemParams>;
