// Tokens: random, stored as SHA-256 hashes, shown once. The first admin token comes from
// HELHEDSPLAN_ADMIN_TOKEN, or is created at the first start and printed once.
import { randomUUID } from "node:crypto";
import type { CreateTokenBody, TokenCreated } from "@helhedsplan/api";
import { audit } from "../audit/audit.service";
import { actorName, type Actor } from "../auth/caller";
import type { Db } from "../db/database";
import type { Logger } from "../logger";
import { countAdminTokens, findTokenByHash, insertToken, insertTokenIfAbsent } from "./token.repository";
import { hashToken, newTokenSecret } from "./token-secret";

/**
 * Creates a token; its secret is in the answer and nowhere else (the audit entry names its id).
 * Example: `const { token } = await inTransaction(db, (trx) => createToken(trx, actor, { role: "viewer" }))`.
 */
export async function createToken(trx: Db, actor: Actor, body: CreateTokenBody): Promise<TokenCreated> {
  const token = newTokenSecret();
  const id = randomUUID();
  const housingOrganisation = body.role === "housing" ? body.housingOrganisation : null;
  await insertToken(trx, {
    id,
    hash: hashToken(token),
    role: body.role,
    housing_organisation: housingOrganisation,
    created_at: actor.now,
    created_by: actorName(actor.caller),
  });
  await audit(trx, actor, {
    action: "token.create",
    entity: "token",
    id,
    before: null,
    after: { id, role: body.role, housingOrganisation },
  });
  return { token, role: body.role, housingOrganisation };
}

/**
 * Makes sure an admin can get in: the configured token exists as an admin token, or — with
 * none configured and no admin token yet — a new one is created and logged this once.
 */
export async function ensureAdminToken(db: Db, configured: string | undefined, logger: Logger): Promise<void> {
  if (configured !== undefined) {
    if (configured.length < 16)
      logger.warn("HELHEDSPLAN_ADMIN_TOKEN is shorter than 16 characters: fine for a test, guessable in production");
    const hash = hashToken(configured);
    const inserted = await insertTokenIfAbsent(db, {
      id: randomUUID(),
      hash,
      role: "admin",
      housing_organisation: null,
      created_by: "HELHEDSPLAN_ADMIN_TOKEN",
    });
    if (!inserted && (await findTokenByHash(db, hash))?.role !== "admin") {
      logger.warn("HELHEDSPLAN_ADMIN_TOKEN names an existing token without the admin role; it keeps its role");
    }
    return;
  }
  if ((await countAdminTokens(db)) > 0) return;
  const token = newTokenSecret();
  await insertToken(db, {
    id: randomUUID(),
    hash: hashToken(token),
    role: "admin",
    housing_organisation: null,
    created_by: "first start",
  });
  logger.warn(
    { adminToken: token },
    `First start: created an admin token. It is shown only now — keep it: Authorization: Bearer ${token}`,
  );
}
