// An OAuthContext for unit tests: keys in a Map, an in-memory ES256 signing key, real limiters,
// recorded activity and log lines. No database.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Environment, Plan } from "@/lib/db/generated/enums";
import { generateClientId, generateClientSecret, hashClientSecret } from "@/lib/credentials/secret";
import type { CredentialRecord } from "@/lib/credentials/verify-client-secret";
import type { OAuthContext } from "@/lib/oauth/oauth-context";
import { unavailable, type AppError } from "@/lib/errors";
import type { RequestParts } from "@/lib/http/request-parts";
import { createMetrics } from "@/lib/metrics/metrics";
import { memoryLimiterStore } from "@/lib/rate-limit/limiter-store";
import { TokenEndpointLimits } from "@/lib/rate-limit/token-limits";
import type { ActiveSigner } from "@/lib/signing-keys/signing-key-store";

export const ISSUER = "https://portal.example.test";
export const AUDIENCE = "https://portal.example.test/v1";

export function fakeSigningKey(kid = "test-kid") {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" });
  const signer: ActiveSigner = {
    kid,
    privateKey: createPrivateKey({ key: jwk, format: "jwk" }),
    encodedHeader: Buffer.from(JSON.stringify({ alg: "ES256", typ: "at+jwt", kid })).toString("base64url"),
  };
  const publicKey = createPublicKey(privateKey);
  const publicJwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig", alg: "ES256" };
  return { signer, publicKey, publicJwk };
}

export function makeKey(
  overrides: Partial<CredentialRecord> & { secret?: string; environment?: Environment; plan?: Plan } = {},
) {
  const environment = overrides.environment ?? "production";
  const secret = overrides.secret ?? generateClientSecret(environment);
  const record: CredentialRecord = {
    id: crypto.randomUUID(),
    clientId: generateClientId(),
    orgId: crypto.randomUUID(),
    plan: "enterprise",
    environment,
    scopes: ["read:agents", "write:agents"],
    secretHash: hashClientSecret(secret),
    previousSecretHash: null,
    previousSecretValidUntil: null,
    tokensValidAfter: null,
    expiresAt: null,
    revokedAt: null,
    ...overrides,
  };
  return { record, secret };
}

export type Fakes = ReturnType<typeof fakeContext>;

/**
 * `warmCache`: like the runtime's credential cache, a key looked up once is then answered from
 * memory (`cached`); without it every request is a lookup.
 */
export function fakeContext(options: { now?: Date; keysUnavailable?: boolean; warmCache?: boolean } = {}) {
  const keys = new Map<string, CredentialRecord>();
  const signing = fakeSigningKey();
  const verificationKeys = new Map<string, KeyObject>([[signing.signer.kid, signing.publicKey]]);
  const logs: Record<string, unknown>[] = [];
  const issued: unknown[] = [];
  const failures: unknown[] = [];
  const rateLimited: unknown[] = [];
  const outages: AppError[] = [];
  let lookups = 0;
  const warm = new Set<string>();
  const ctx: OAuthContext = {
    issuer: ISSUER,
    audience: AUDIENCE,
    now: () => options.now ?? new Date(),
    keys: {
      async get(clientId) {
        lookups++;
        if (options.keysUnavailable) throw unavailable("credential store", new Error("connection refused"));
        warm.add(clientId);
        return keys.get(clientId) ?? null;
      },
      cached: (clientId) => (options.warmCache && warm.has(clientId) ? (keys.get(clientId) ?? null) : undefined),
    },
    signingKeys: {
      signer: async () => signing.signer,
      verificationKey: async (kid) => verificationKeys.get(kid),
      jwksBody: async () => JSON.stringify({ keys: [signing.publicJwk] }),
    },
    limits: new TokenEndpointLimits(memoryLimiterStore()), // unit tests: no Redis even when REDIS_URL is set
    activity: {
      tokenIssued: (event) => void issued.push(event),
      authFailed: (event) => void failures.push(event),
      rateLimited: (event) => void rateLimited.push(event),
    },
    log: {
      info: (fields) => void logs.push({ level: "info", ...fields }),
      warn: (fields) => void logs.push({ level: "warn", ...fields }),
      error: (fields) => void logs.push({ level: "error", ...fields }),
    },
    outages: { failed: (error) => void outages.push(error) },
    metrics: createMetrics({ processMetrics: false }),
    db: () => {
      throw new Error("no database in unit tests");
    },
  };
  const add = (overrides: Parameters<typeof makeKey>[0] = {}) => {
    const key = makeKey(overrides);
    keys.set(key.record.clientId, key.record);
    return key;
  };
  return {
    ctx,
    keys,
    add,
    signing,
    verificationKeys,
    logs,
    outages,
    issued,
    failures,
    rateLimited,
    lookups: () => lookups,
  };
}

const encoder = new TextEncoder();

export function formRequest(body: string | Record<string, string>, init: Partial<RequestParts> = {}): RequestParts {
  const text = typeof body === "string" ? body : new URLSearchParams(body).toString();
  const authorization = init.authorization ?? null;
  return {
    method: "POST",
    path: "/v1/auth/token",
    query: "",
    contentType: "application/x-www-form-urlencoded",
    authorization,
    authorizationCount: authorization === null ? 0 : 1,
    body: encoder.encode(text),
    bodyTooLarge: false,
    clientIp: "203.0.113.7",
    peerAddress: "203.0.113.7",
    userAgent: "vitest",
    requestId: "req-test",
    ...init,
  } as RequestParts;
}

export function jsonRequest(body: string | Record<string, unknown>, init: Partial<RequestParts> = {}): RequestParts {
  return formRequest("", {
    contentType: "application/json",
    body: encoder.encode(typeof body === "string" ? body : JSON.stringify(body)),
    ...init,
  });
}

/** `Basic base64(urlencode(id) ":" urlencode(secret))`, as RFC 6749 §2.3.1 asks. */
export function basic(id: string, secret: string, encode = true): string {
  const enc = (v: string) => (encode ? new URLSearchParams({ v }).toString().slice(2) : v);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, "utf8").toString("base64")}`;
}
