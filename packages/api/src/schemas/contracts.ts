// Contracts (samarbejdsaftaler) per byområde and focus area, each revision kept.
import { z } from "zod";
import { ContractInput } from "@helhedsplan/rules";
import { EntityId, ItemsOf, Slug, Timestamp } from "./common";
import { atLeastOneKey } from "./at-least-one-key";

/** `POST /contracts`: rules' `ContractInput` without `id` — the service chooses the id, so a client-sent `id` is a 400. */
export const CreateContractBody = ContractInput.omit({ id: true });
export type CreateContractBody = z.infer<typeof CreateContractBody>;

/** A contract at one revision (`revision` counts from 1). */
export const Contract = z.object({
  ...CreateContractBody.shape,
  id: EntityId,
  text: z.string(),
  revision: z.int().min(1),
  createdAt: Timestamp,
});
export type Contract = z.infer<typeof Contract>;

/** `GET /contracts` (latest revisions) and `GET /contracts/:id/revisions` (every revision, oldest first). */
export const ContractList = ItemsOf(Contract);
export type ContractList = z.infer<typeof ContractList>;

/** `POST /contracts/:id/revisions`: strict `{title?, text?, active?}` with at least one key. */
export const ContractRevisionBody = atLeastOneKey(
  ContractInput.pick({ title: true, text: true, active: true }).partial(),
);
export type ContractRevisionBody = z.infer<typeof ContractRevisionBody>;

/** The path of one contract: `/contracts/:id` with a UUID. */
export const ContractParams = z.strictObject({ id: EntityId });
export type ContractParams = z.infer<typeof ContractParams>;

/** `GET /contracts?districtId=`. */
export const ContractListQuery = z.object({ districtId: Slug.optional() });
export type ContractListQuery = z.infer<typeof ContractListQuery>;
