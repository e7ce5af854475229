// What the database keeps of an idempotency key: its SHA-256 for the lookup, and the stored
// answer sealed (AES-256-GCM) with a key derived from the raw Idempotency-Key. Only the client
// that sent the key can open a replay, so an answer that carries a secret — `POST /tokens`
// shows its token once — is never readable from the database or a backup.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

/** The scope of a key as the client sent it: its token and the raw Idempotency-Key. */
export interface KeyScope {
  tokenId: string;
  key: string;
}

/** A stored answer: base64 of IV (12 bytes) ‖ tag (16 bytes) ‖ ciphertext of its JSON. */
export interface SealedResponse {
  sealed: string;
}

const info = Buffer.from("helhedsplan idempotency response");

/** The column value a key is found by: the SHA-256 of the raw key, hex. */
export function storedKeyOf(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function cipherKey(scope: KeyScope): Buffer {
  return Buffer.from(hkdfSync("sha256", scope.key, scope.tokenId, info, 32));
}

/** Seals an answer so that only the raw key of `scope` opens it. */
export function sealResponse(scope: KeyScope, response: unknown): SealedResponse {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(scope), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(response ?? null), "utf8"), cipher.final()]);
  return { sealed: Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64") };
}

/** Opens a sealed answer with the raw key of `scope`; throws when it was sealed with another key or altered. */
export function openResponse(scope: KeyScope, stored: SealedResponse): unknown {
  const bytes = Buffer.from(stored.sealed, "base64");
  const decipher = createDecipheriv("aes-256-gcm", cipherKey(scope), bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8"));
}
