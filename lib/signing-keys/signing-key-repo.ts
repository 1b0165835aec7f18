// Signing keys in the database (SK-01..SK-05). Exactly one key is active: the
// `is_active` column is true for it and NULL for every other row, and its unique index makes
// the database refuse a second, so instances booting together create one between them. A key is
// inserted in one statement with its encrypted private part, so a crash leaves no half key (SK-04).
//
// Lifecycle: next (published in the JWKS, not signing) → active → retired (published until its
// last token has expired) ; any key → revoked (unpublished at once: its tokens fail).
import { randomBytes } from "node:crypto";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { Db, Tx } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { SigningKeyState } from "../db/generated/enums";
import { encryptPrivateKey } from "./key-encryption";

export const SIGNING_ALG = "ES256";
/** Tokens live at most this long (TE-12), so retired keys stay published at least this long. */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;
export const CLOCK_LEEWAY_SECONDS = 30;
export const JWKS_MAX_AGE_SECONDS = 300;
/** SK-05: a next key is published this long before it may sign, so JWKS caches have it. */
export const NEXT_KEY_MIN_PUBLISH_MS = 10 * 60_000;
/** SK-05: a retired key stays published until every token it signed has expired, plus caches. */
export const RETIRED_KEY_PUBLISH_MS =
  (ACCESS_TOKEN_LIFETIME_SECONDS + CLOCK_LEEWAY_SECONDS + JWKS_MAX_AGE_SECONDS) * 1000;

/** The public members only (JW-01): never `d`. */
export type PublicSigningJwk = { kty: "EC"; crv: "P-256"; x: string; y: string; kid: string; use: "sig"; alg: "ES256" };

export type PublishedKey = { kid: string; state: SigningKeyState; publicJwk: PublicSigningJwk };

const LOCK_ID = 0x77666b73; // "wfks": serialises rotations and revocations across instances

async function lockSigningKeys(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_ID})`;
}

export async function generateSigningKeyMaterial(kek: Buffer) {
  const kid = randomBytes(16).toString("base64url");
  const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
  const pub = await exportJWK(publicKey);
  const priv: JWK = await exportJWK(privateKey);
  const publicJwk: PublicSigningJwk = { kty: "EC", crv: "P-256", x: pub.x!, y: pub.y!, kid, use: "sig", alg: "ES256" };
  return { kid, publicJwk, privateKeyEncrypted: encryptPrivateKey(JSON.stringify(priv), kek, kid) };
}

async function insertKey(db: Db | Tx, kek: Buffer, state: "next" | "active", now: Date) {
  const material = await generateSigningKeyMaterial(kek);
  await db.signingKey.create({
    data: {
      ...material,
      alg: SIGNING_ALG,
      state,
      isActive: state === "active" ? true : null,
      createdAt: now,
      activatedAt: state === "active" ? now : null,
    },
  });
  return material.kid;
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** The active key's kid, creating one when there is none; safe when several instances race. */
export async function ensureActiveSigningKey(db: Db, kek: Buffer, now = new Date()): Promise<string> {
  const existing = await db.signingKey.findFirst({ where: { isActive: true }, select: { kid: true } });
  if (existing) return existing.kid;
  try {
    return await insertKey(db, kek, "active", now);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.signingKey.findFirst({ where: { isActive: true }, select: { kid: true } });
    if (!winner) throw error;
    return winner.kid;
  }
}

/** Keys in the JWKS: next and active ones, and retired ones whose tokens may still be alive. */
export async function listPublishedKeys(db: Db, now = new Date()): Promise<PublishedKey[]> {
  const rows = await db.signingKey.findMany({
    where: {
      OR: [
        { state: { in: ["next", "active"] } },
        { state: "retired", retiredAt: { gt: new Date(now.getTime() - RETIRED_KEY_PUBLISH_MS) } },
      ],
    },
    select: { kid: true, state: true, publicJwk: true },
    orderBy: [{ createdAt: "asc" }, { kid: "asc" }],
  });
  return rows.map((row) => ({ kid: row.kid, state: row.state, publicJwk: row.publicJwk as PublicSigningJwk }));
}

/**
 * A cheap summary of the published set (kid:state, oldest first): the store polls this and
 * reloads the keys only when it changes.
 */
export async function publishedKeysFingerprint(db: Db, now = new Date()): Promise<string> {
  const since = new Date(now.getTime() - RETIRED_KEY_PUBLISH_MS);
  const rows = await db.$queryRaw<{ fingerprint: string | null }[]>`
    SELECT string_agg(kid || ':' || state::text, ',' ORDER BY created_at, kid) AS fingerprint
    FROM signing_keys
    WHERE state IN ('next', 'active') OR (state = 'retired' AND retired_at > ${since})`;
  return rows[0]?.fingerprint ?? "";
}

export async function loadEncryptedPrivateKey(db: Db, kid: string): Promise<string | null> {
  const row = await db.signingKey.findUnique({ where: { kid }, select: { privateKeyEncrypted: true, state: true } });
  return row && row.state !== "revoked" ? row.privateKeyEncrypted : null;
}

export type RotationResult =
  | { action: "published_next"; nextKid: string; activatableAt: Date }
  | { action: "waiting"; nextKid: string; activatableAt: Date }
  | { action: "rotated"; activeKid: string; retiredKid: string | null; nextKid: string };

/**
 * One step of a scheduled rotation (`npm run keys:rotate`). Without a next key, publishes one.
 * Once it has been published NEXT_KEY_MIN_PUBLISH_MS (or `force`), it becomes active, the old
 * active key is retired (still published, still verifying), and a fresh next key is published
 * so the following rotation needs no wait.
 */
export async function rotateSigningKeys(
  db: Db,
  kek: Buffer,
  options: { now?: Date; force?: boolean } = {},
): Promise<RotationResult> {
  const now = options.now ?? new Date();
  // Generated outside the transaction: key generation is CPU work, not worth holding a lock for.
  const fresh = await generateSigningKeyMaterial(kek);
  return db.$transaction(async (tx) => {
    await lockSigningKeys(tx);
    const next = await tx.signingKey.findFirst({
      where: { state: "next" },
      orderBy: { createdAt: "asc" },
      select: { id: true, kid: true, createdAt: true },
    });
    if (!next) {
      await tx.signingKey.create({ data: { ...fresh, alg: SIGNING_ALG, state: "next", createdAt: now } });
      return {
        action: "published_next",
        nextKid: fresh.kid,
        activatableAt: new Date(now.getTime() + NEXT_KEY_MIN_PUBLISH_MS),
      };
    }
    const activatableAt = new Date(next.createdAt.getTime() + NEXT_KEY_MIN_PUBLISH_MS);
    if (!options.force && activatableAt > now) return { action: "waiting", nextKid: next.kid, activatableAt };
    const active = await tx.signingKey.findFirst({ where: { isActive: true }, select: { id: true, kid: true } });
    if (active) {
      await tx.signingKey.update({
        where: { id: active.id },
        data: { state: "retired", isActive: null, retiredAt: now },
      });
    }
    await tx.signingKey.update({ where: { id: next.id }, data: { state: "active", isActive: true, activatedAt: now } });
    await tx.signingKey.create({ data: { ...fresh, alg: SIGNING_ALG, state: "next", createdAt: now } });
    return { action: "rotated", activeKid: next.kid, retiredKid: active?.kid ?? null, nextKid: fresh.kid };
  });
}

/**
 * Emergency revoke: the key leaves the JWKS and stops verifying at once (every instance reloads
 * its key set within a second). If it was the active key, the next key takes over immediately,
 * or a new one is created.
 */
export async function revokeSigningKey(
  db: Db,
  kek: Buffer,
  kid: string,
  now = new Date(),
): Promise<{ revoked: boolean; activeKid: string | null }> {
  const fresh = await generateSigningKeyMaterial(kek);
  return db.$transaction(async (tx) => {
    await lockSigningKeys(tx);
    const key = await tx.signingKey.findUnique({ where: { kid }, select: { id: true, state: true } });
    if (!key || key.state === "revoked") {
      const active = await tx.signingKey.findFirst({ where: { isActive: true }, select: { kid: true } });
      return { revoked: false, activeKid: active?.kid ?? null };
    }
    await tx.signingKey.update({ where: { id: key.id }, data: { state: "revoked", isActive: null, revokedAt: now } });
    if (key.state !== "active") {
      const active = await tx.signingKey.findFirst({ where: { isActive: true }, select: { kid: true } });
      return { revoked: true, activeKid: active?.kid ?? null };
    }
    const next = await tx.signingKey.findFirst({
      where: { state: "next" },
      orderBy: { createdAt: "asc" },
      select: { id: true, kid: true },
    });
    if (next) {
      await tx.signingKey.update({
        where: { id: next.id },
        data: { state: "active", isActive: true, activatedAt: now },
      });
      return { revoked: true, activeKid: next.kid };
    }
    await tx.signingKey.create({
      data: { ...fresh, alg: SIGNING_ALG, state: "active", isActive: true, createdAt: now, activatedAt: now },
    });
    return { revoked: true, activeKid: fresh.kid };
  });
}

export async function listSigningKeys(db: Db) {
  return db.signingKey.findMany({
    select: { kid: true, state: true, createdAt: true, activatedAt: true, retiredAt: true, revokedAt: true },
    orderBy: { createdAt: "asc" },
  });
}
