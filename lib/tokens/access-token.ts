// Access tokens: RFC 9068 JWTs signed ES256 (TE-12). Claims carry identifiers only,
// never a secret, hash or personal data: JWTs are readable by anyone holding them.
//
// Signing uses node:crypto directly (ECDSA P-256, IEEE P1363 signature encoding, which is what
// JWS ES256 specifies) rather than jose's SignJWT: jose signs through WebCrypto's async API at
// ~165 µs a token here against ~40 µs, and the token endpoint's throughput target needs the
// difference. jose still generates the keys, and verification (ours and every test's) uses jose.
import { randomFillSync, sign } from "node:crypto";
import type { CredentialRecord } from "../credentials/verify-client-secret";
import type { ActiveSigner } from "../signing-keys/signing-key-store";
import { ACCESS_TOKEN_LIFETIME_SECONDS } from "../signing-keys/signing-key-repo";

export type AccessTokenClaims = {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  jti: string;
  client_id: string;
  scope: string;
  org_id: string;
  environment: string;
};

// jti bytes come from a CSPRNG-filled pool (as crypto.randomUUID does): one fill per 256 tokens
// instead of one call per token.
const POOL_BYTES = 16 * 256;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomJti(): string {
  if (poolOffset >= POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const jti = pool.toString("base64url", poolOffset, poolOffset + 16);
  poolOffset += 16;
  return jti;
}

/**
 * `exp` is an hour after `iat`, but never past the key's own expiry (TE-12).
 *
 * Tokens whose `iat` is before the key's `tokensValidAfter` are dead (rotation "now", revoke).
 * That cut-off is set at commit a little ahead, in whole seconds (change-events.ts), so a token
 * minted with the key's current secret right after it gets the cut-off as its `iat` (at most 2 s
 * ahead, well within the verifiers' clock leeway), and its `exp` an hour after that.
 */
export function buildAccessTokenClaims(input: {
  issuer: string;
  audience: string;
  key: Pick<CredentialRecord, "clientId" | "orgId" | "environment" | "expiresAt"> & { tokensValidAfter?: Date | null };
  scopes: readonly string[];
  now: Date;
}): AccessTokenClaims {
  const cut = input.key.tokensValidAfter?.getTime();
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  const iat = Math.max(nowSeconds, cut !== undefined ? Math.ceil(cut / 1000) : 0);
  const keyExpiry = input.key.expiresAt ? Math.floor(input.key.expiresAt.getTime() / 1000) : Number.POSITIVE_INFINITY;
  return {
    iss: input.issuer,
    sub: input.key.clientId,
    aud: input.audience,
    exp: Math.min(iat + ACCESS_TOKEN_LIFETIME_SECONDS, keyExpiry),
    iat,
    // 128 random bits (TE-12); the revocation list is keyed on it, never on the token string.
    jti: randomJti(),
    client_id: input.key.clientId,
    scope: input.scopes.join(" "),
    org_id: input.key.orgId,
    environment: input.key.environment,
  };
}

/** The compact JWS: header `{alg: "ES256", typ: "at+jwt", kid}` (RFC 9068 §2.1). */
export function signAccessToken(claims: AccessTokenClaims, signer: ActiveSigner): string {
  const signingInput = `${signer.encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  const signature = sign("sha256", Buffer.from(signingInput), { key: signer.privateKey, dsaEncoding: "ieee-p1363" });
  return `${signingInput}.${signature.toString("base64url")}`;
}
