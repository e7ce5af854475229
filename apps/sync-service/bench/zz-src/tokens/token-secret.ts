import { createHash, randomBytes } from "node:crypto";

/** A new token: 256 random bits, base64url (43 characters). */
export function newTokenSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The stored form of a token: SHA-256, hex. A fast hash suffices: tokens carry 256 bits of chance, not a password's. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
