// Client ids and secrets. A secret is `wfs_<env>_` + 256 CSPRNG bits in base62 (43 chars) + a
// CRC32 of everything before it in base62 (6 chars), like GitHub's tokens: scanners find it with
// one regex and reject look-alikes offline, and we reject typos before touching the database.
// Only a SHA-256 digest is stored; high-entropy secrets need no slow hash (SE-02).
import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { Environment } from "../db/generated/enums";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32
const CLIENT_ID_BODY_LENGTH = 24; // 136 random bits fit: unguessable, never shaped like a user id (UUID)

export const SECRET_ENVIRONMENT_TAG: Record<Environment, string> = {
  production: "live",
  staging: "stg",
  development: "dev",
};

/** Published for secret scanners (SE-06): every WorkFlux client secret matches this. */
export const CLIENT_SECRET_PATTERN = /\bwfs_(live|stg|dev)_[0-9A-Za-z]{49}\b/;
export const CLIENT_ID_PATTERN = /^wfc_[0-9A-Za-z]{24}$/;
export const MAX_CLIENT_SECRET_LENGTH = 64;

function toBase62(value: bigint, length: number): string {
  let out = "";
  for (let n = value; n > 0n; n /= 62n) out = BASE62[Number(n % 62n)] + out;
  return out.padStart(length, "0");
}

function randomBase62(bytes: number, length: number): string {
  return toBase62(BigInt(`0x${randomBytes(bytes).toString("hex")}`), length);
}

function checksum(text: string): string {
  return toBase62(BigInt(crc32(text)), CHECKSUM_LENGTH);
}

export function generateClientId(): string {
  return `wfc_${randomBase62(17, CLIENT_ID_BODY_LENGTH)}`;
}

export function generateClientSecret(environment: Environment): string {
  const head = `wfs_${SECRET_ENVIRONMENT_TAG[environment]}_${randomBase62(32, SECRET_BODY_LENGTH)}`;
  return head + checksum(head);
}

/** Format and checksum only: no database, no secret comparison. */
export function parseClientSecret(secret: string): { environment: Environment } | null {
  if (secret.length > MAX_CLIENT_SECRET_LENGTH) return null;
  const match = /^wfs_(live|stg|dev)_[0-9A-Za-z]{49}$/.exec(secret);
  if (!match) return null;
  const head = secret.slice(0, -CHECKSUM_LENGTH);
  if (checksum(head) !== secret.slice(-CHECKSUM_LENGTH)) return null;
  const tag = match[1];
  const environment = (Object.keys(SECRET_ENVIRONMENT_TAG) as Environment[]).find(
    (env) => SECRET_ENVIRONMENT_TAG[env] === tag,
  );
  return environment ? { environment } : null;
}

export function hashClientSecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** What the dashboard may show after the reveal: the prefix and the last four characters. */
export function secretHint(secret: string): string {
  const prefixEnd = secret.indexOf("_", 4) + 1;
  return `${secret.slice(0, prefixEnd)}…${secret.slice(-4)}`;
}
