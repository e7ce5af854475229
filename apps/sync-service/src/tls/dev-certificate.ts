// The localhost certificate Office needs to sideload the add-in from this machine: made once by Microsoft's
// office-addin-dev-certs (a CA of its own and a certificate for localhost and 127.0.0.1, offline) into the data
// directory, and reused while it is valid. Trusting the CA is the user's choice (README, "Try the add-in").
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

/** What the HTTPS server needs, and where the files are. */
export interface DevCertificate {
  key: string;
  cert: string;
  /** The CA to trust for Office (and a browser) to accept the certificate. */
  caPath: string;
  certPath: string;
  keyPath: string;
  validTo: Date;
  /** Made by this start (false: an earlier one's, still valid). */
  created: boolean;
}

const days = 365;
/** A certificate that ends within this time is made again. */
const marginMs = 24 * 60 * 60 * 1000;
const hosts = ["localhost", "127.0.0.1"];

function readValid(caPath: string, certPath: string, keyPath: string, now: Date): DevCertificate | undefined {
  if (![caPath, certPath, keyPath].every((path) => existsSync(path))) return undefined;
  try {
    const cert = readFileSync(certPath, "utf8");
    const x509 = new X509Certificate(cert);
    const validTo = new Date(x509.validTo);
    const valid =
      // Seconds are its precision: one made a moment ago begins "after" now.
      new Date(x509.validFrom).getTime() <= now.getTime() + 60_000 &&
      validTo.getTime() - now.getTime() > marginMs &&
      x509.checkHost("localhost") !== undefined &&
      x509.checkIP("127.0.0.1") !== undefined &&
      x509.verify(new X509Certificate(readFileSync(caPath, "utf8")).publicKey);
    if (!valid) return undefined;
    return { key: readFileSync(keyPath, "utf8"), cert, caPath, certPath, keyPath, validTo, created: false };
  } catch {
    return undefined;
  }
}

/** The certificate in `dir` (`<DATA_DIR>/certs`), made first when missing, expiring or unreadable. */
export async function devCertificate(dir: string, now = new Date()): Promise<DevCertificate> {
  const certs = resolve(dir);
  const caPath = join(certs, "ca.crt");
  const certPath = join(certs, "localhost.crt");
  const keyPath = join(certs, "localhost.key");
  const existing = readValid(caPath, certPath, keyPath, now);
  if (existing !== undefined) return existing;

  // office-addin-dev-certs writes only when the CA file is absent.
  for (const path of [caPath, certPath, keyPath]) rmSync(path, { force: true });
  mkdirSync(certs, { recursive: true });
  const { generateCertificates } = await import("office-addin-dev-certs");
  // It announces its work with console.log; the service's stdout is its log (JSON lines outside a terminal), and
  // main.ts logs what was made.
  /* eslint-disable no-console */
  const log = console.log;
  console.log = () => undefined;
  try {
    await generateCertificates(caPath, certPath, keyPath, days, hosts);
  } finally {
    console.log = log;
  }
  /* eslint-enable no-console */
  const made = readValid(caPath, certPath, keyPath, now);
  if (made === undefined) throw new Error(`office-addin-dev-certs made no valid certificate in ${certs}`);
  return { ...made, created: true };
}
