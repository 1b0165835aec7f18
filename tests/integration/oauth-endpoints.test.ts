// The OAuth endpoints through their route handlers against PostgreSQL: tokens verified with jose
// against the published JWKS, metadata, revocation and introspection (own, foreign, garbage and
// tampered tokens), key changes reaching the token endpoint at once, no database write on the
// success path, and signing-key rotation and emergency revoke.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as wellKnownGET } from "@/app/.well-known/[...path]/route";
import { GET as v1GET, POST as v1POST } from "@/app/v1/[...path]/route";
import { credentialChangedLocally } from "@/lib/credentials/change-events";
import { generateClientSecret } from "@/lib/credentials/secret";
import { getDb } from "@/lib/db/client";
import type { Plan } from "@/lib/db/generated/enums";
import { apiAudience } from "@/lib/env";
import { parseKeyEncryptionKey } from "@/lib/signing-keys/key-encryption";
import { ensureActiveSigningKey, revokeSigningKey, rotateSigningKeys } from "@/lib/signing-keys/signing-key-repo";
import { createKey, issueToken, postForm, TEST_BASE_URL, type TestKey } from "../helpers/api-keys";
import { createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

// The catch-all route handlers: the URL path selects the endpoint.
const jwksGET = wellKnownGET;
const metadataGET = wellKnownGET;
const tokenGET = v1GET;
const tokenPOST = v1POST;
const revokePOST = v1POST;
const introspectPOST = v1POST;
const env = () => testRuntime().env;

const BASE = TEST_BASE_URL;
const kek = () => parseKeyEncryptionKey(env().SIGNING_KEY_ENCRYPTION_KEY);

const post = postForm;
const issue = issueToken;
type Key = TestKey;

const introspect = async (caller: Key, token: string) => {
  const res = await post(introspectPOST, "/v1/auth/introspect", {
    token,
    client_id: caller.clientId,
    client_secret: caller.clientSecret,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("no-store");
  return (await res.json()) as Record<string, unknown>;
};

const revoke = (caller: Key, token: string) =>
  post(revokePOST, "/v1/auth/revoke", { token, client_id: caller.clientId, client_secret: caller.clientSecret });

async function jwks(): Promise<JSONWebKeySet> {
  const res = await jwksGET(new Request(`${BASE}/.well-known/jwks.json`));
  return (await res.json()) as JSONWebKeySet;
}

let org: { id: string; plan: Plan };
let otherOrg: { id: string };
let client: Key;
let admin: Key;
let otherAdmin: Key;

beforeAll(async () => {
  org = await createOrg({ plan: "enterprise" });
  otherOrg = await createOrg({ plan: "enterprise" });
  client = await createKey(org.id);
  admin = await createKey(org.id, { scopes: ["admin"] });
  otherAdmin = await createKey(otherOrg.id, { scopes: ["admin"] });
});

beforeEach(() => testRuntime().limits.reset());

describe("token endpoint and JWKS", () => {
  it("issues a token that verifies with jose against the published JWKS, with every RFC 9068 claim", async () => {
    const token = await issue(client);
    const keySet = await jwks();
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(keySet), {
      issuer: env().APP_URL,
      audience: apiAudience(env()),
      typ: "at+jwt",
      algorithms: ["ES256"],
    });
    expect(protectedHeader).toMatchObject({ alg: "ES256", typ: "at+jwt" });
    expect(keySet.keys.map((k) => k.kid)).toContain(protectedHeader.kid);
    expect(payload).toMatchObject({
      sub: client.clientId,
      client_id: client.clientId,
      org_id: org.id,
      environment: "production",
      scope: "read:agents write:agents",
    });
    expect(apiAudience(env())).not.toBe(env().APP_URL);
  });

  it("publishes public members only, cacheable for at most five minutes", async () => {
    const res = await jwksGET(new Request(`${BASE}/.well-known/jwks.json`));
    const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(300);
    const { keys } = (await res.json()) as JSONWebKeySet;
    for (const key of keys) expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x", "y"]);
  });

  it("serves RFC 8414 metadata with the MD-01 fields", async () => {
    const res = await metadataGET(new Request(`${BASE}/.well-known/oauth-authorization-server`));
    const meta = (await res.json()) as Record<string, unknown>;
    const issuer = env().APP_URL;
    expect(meta).toMatchObject({
      issuer,
      token_endpoint: `${issuer}/v1/auth/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      revocation_endpoint: `${issuer}/v1/auth/revoke`,
      introspection_endpoint: `${issuer}/v1/auth/introspect`,
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      response_types_supported: [],
      scopes_supported: ["read:agents", "write:agents", "read:analytics", "write:integrations", "admin"],
    });
  });

  it("answers GET on the token endpoint with 405 and Allow: POST", async () => {
    const res = await tokenGET(new Request(`${BASE}/v1/auth/token`));
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("writes nothing to the database on the success path; usage and last use arrive with the batch flush", async () => {
    const key = await createKey(org.id);
    await issue(key); // first use fills the cache
    const before = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    const auditBefore = await getDb().auditEvent.count({ where: { orgId: org.id } });
    await issue(key);
    await issue(key);
    const after = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(after.lastUsedAt).toEqual(before.lastUsedAt);
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await getDb().auditEvent.count({ where: { orgId: org.id } })).toBe(auditBefore);

    await testRuntime().activity.flush();
    const flushed = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(flushed.lastUsedAt).toBeInstanceOf(Date);
    expect(flushed.lastUsedIp).toBe("192.0.2.10");
    expect(flushed.updatedAt).toEqual(before.updatedAt);
    const usage = await getDb().usageCounter.findMany({ where: { apiKeyId: key.id } });
    expect(usage).toEqual([expect.objectContaining({ kind: "token", outcome: "success", count: 3 })]);
  });

  it("audits a known key's failed authentication (batched), without the secret", async () => {
    const key = await createKey(org.id);
    const res = await post(tokenPOST, "/v1/auth/token", {
      grant_type: "client_credentials",
      client_id: key.clientId,
      client_secret: generateClientSecret("production"),
    });
    expect(res.status).toBe(401);
    await testRuntime().activity.flush();
    const events = await getDb().auditEvent.findMany({
      where: { targetId: key.id, action: "oauth.client_auth_failed" },
    });
    expect(events).toEqual([
      expect.objectContaining({
        outcome: "failure",
        ip: "192.0.2.10",
        metadata: { reason: "wrong_secret", endpoint: "token" },
      }),
    ]);
    expect(JSON.stringify(events)).not.toContain(key.clientSecret);
  });

  it("a revoked, expired or scope-cut key is seen by the token endpoint at once", async () => {
    const key = await createKey(org.id, { scopes: ["read:agents", "admin"] });
    await issue(key, { scope: "admin" });
    await getDb().apiKey.update({ where: { id: key.id }, data: { scopes: ["read:agents"] } });
    credentialChangedLocally(key.clientId);
    const cut = await post(tokenPOST, "/v1/auth/token", {
      grant_type: "client_credentials",
      client_id: key.clientId,
      client_secret: key.clientSecret,
      scope: "admin",
    });
    expect(cut.status).toBe(400);
    expect(await cut.json()).toMatchObject({ error: "invalid_scope" });

    await getDb().apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date(), tokensValidAfter: new Date() },
    });
    credentialChangedLocally(key.clientId);
    const refused = await post(tokenPOST, "/v1/auth/token", {
      grant_type: "client_credentials",
      client_id: key.clientId,
      client_secret: key.clientSecret,
    });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: "invalid_client",
      error_description: "Client authentication failed.",
    });
  });
});

describe("revocation (RFC 7009)", () => {
  it("revokes the caller's own token: introspection then says inactive", async () => {
    const token = await issue(admin);
    expect((await introspect(admin, token)).active).toBe(true);
    const res = await revoke(admin, token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await introspect(admin, token)).toEqual({ active: false });
    const row = await getDb().revokedToken.findFirst({ where: { apiKeyId: admin.id } });
    expect(row?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect((await revoke(admin, token)).status).toBe(200); // already revoked: still 200
  });

  it("refuses to revoke another client's token, which stays valid", async () => {
    const token = await issue(client);
    const res = await revoke(admin, token);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "invalid_request",
      error_description: "The token was not issued to this client.",
    });
    expect((await introspect(admin, token)).active).toBe(true);
  });

  it("answers 200 for garbage, unknown and expired-looking tokens, whatever the hint", async () => {
    for (const token of ["garbage", "a.b.c", "x".repeat(4000), "a.b.c.d.e"]) {
      const res = await post(revokePOST, "/v1/auth/revoke", {
        token,
        token_type_hint: "refresh_token",
        client_id: client.clientId,
        client_secret: client.clientSecret,
      });
      expect(res.status).toBe(200);
    }
  });

  it("requires client authentication and a token parameter", async () => {
    const token = await issue(client);
    const unauthenticated = await post(revokePOST, "/v1/auth/revoke", { token });
    expect(unauthenticated.status).toBe(401);
    const wrong = await post(revokePOST, "/v1/auth/revoke", {
      token,
      client_id: client.clientId,
      client_secret: generateClientSecret("production"),
    });
    expect(wrong.status).toBe(401);
    expect((await introspect(admin, token)).active).toBe(true);
    const missing = await post(revokePOST, "/v1/auth/revoke", {
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    expect(missing.status).toBe(400);
  });
});

describe("introspection (RFC 7662)", () => {
  it("an admin of the same organization sees the claims", async () => {
    const token = await issue(client, { scope: "read:agents" });
    const answer = await introspect(admin, token);
    expect(answer).toMatchObject({
      active: true,
      scope: "read:agents",
      client_id: client.clientId,
      token_type: "Bearer",
      sub: client.clientId,
      org_id: org.id,
      environment: "production",
    });
    expect(answer.exp).toEqual(expect.any(Number));
  });

  it("anyone else gets exactly {active:false}: a non-admin caller, another organization's or environment's admin", async () => {
    const token = await issue(client);
    expect(await introspect(client, token)).toEqual({ active: false });
    expect(await introspect(otherAdmin, token)).toEqual({ active: false });
    const developmentAdmin = await createKey(org.id, { scopes: ["admin"], environment: "development" });
    expect(await introspect(developmentAdmin, token)).toEqual({ active: false });
  });

  it("tampered tokens are inactive: edited payload, alg none, HS256 with the public key, unknown kid", async () => {
    const token = await issue(client);
    const [h, p, s] = token.split(".") as [string, string, string];
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString()) as Record<string, unknown>;
    const header = decodeProtectedHeader(token);
    const { createHmac } = await import("node:crypto");
    const publicJwk = (await jwks()).keys.find((k) => k.kid === header.kid);
    const hsInput = `${b64({ alg: "HS256", typ: "at+jwt", kid: header.kid })}.${p}`;
    const forgeries = [
      `${h}.${b64({ ...payload, scope: "admin" })}.${s}`,
      `${b64({ alg: "none", typ: "at+jwt", kid: header.kid })}.${p}.`,
      `${hsInput}.${createHmac("sha256", JSON.stringify(publicJwk)).update(hsInput).digest("base64url")}`,
      `${b64({ ...header, kid: "not-a-key" })}.${p}.${s}`,
      "garbage",
    ];
    for (const forged of forgeries) expect(await introspect(admin, forged)).toEqual({ active: false });
  });

  it("reflects the key as it is now: scopes cut at once, inactive after the key is revoked", async () => {
    const key = await createKey(org.id, { scopes: ["read:agents", "write:agents"] });
    const token = await issue(key);
    await getDb().apiKey.update({ where: { id: key.id }, data: { scopes: ["read:agents"] } });
    credentialChangedLocally(key.clientId);
    expect((await introspect(admin, token)).scope).toBe("read:agents");
    await getDb().apiKey.update({
      where: { id: key.id },
      data: { revokedAt: new Date(), tokensValidAfter: new Date() },
    });
    credentialChangedLocally(key.clientId);
    expect(await introspect(admin, token)).toEqual({ active: false });
  });

  it("a token minted in the same second after a 'rotate now' cut stays valid", async () => {
    const key = await createKey(org.id);
    const cut = new Date();
    await getDb().apiKey.update({ where: { id: key.id }, data: { tokensValidAfter: cut } });
    credentialChangedLocally(key.clientId);
    const token = await issue(key);
    expect((await introspect(admin, token)).active).toBe(true);
  });
});

describe("signing keys", () => {
  it("keeps one active key when several instances create it at once", async () => {
    const db = getDb();
    await db.signingKey.updateMany({
      where: { isActive: true },
      data: { isActive: null, state: "retired", retiredAt: new Date() },
    });
    const kids = await Promise.all(Array.from({ length: 5 }, () => ensureActiveSigningKey(db, kek())));
    expect(new Set(kids).size).toBe(1);
    expect(await db.signingKey.count({ where: { isActive: true } })).toBe(1);
    const row = await db.signingKey.findFirstOrThrow({
      where: { isActive: true },
      omit: { privateKeyEncrypted: false },
    });
    expect(row.privateKeyEncrypted).toMatch(/^v1\./);
    expect(row.privateKeyEncrypted).not.toContain('"d"');
    await testRuntime().signingKeys.refresh();
  });

  it("rotation publishes the next key ahead, then switches; old tokens keep verifying", async () => {
    const store = testRuntime().signingKeys;
    await store.refresh();
    const oldToken = await issue(client);
    const oldKid = decodeProtectedHeader(oldToken).kid!;

    const first = await rotateSigningKeys(getDb(), kek());
    expect(first.action).toBe("published_next");
    await store.refresh();
    const nextKid = first.action === "published_next" ? first.nextKid : "";
    expect((await jwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, nextKid]));
    expect(decodeProtectedHeader(await issue(client)).kid).toBe(oldKid); // next key does not sign yet

    const early = await rotateSigningKeys(getDb(), kek());
    expect(early.action).toBe("waiting");

    const rotated = await rotateSigningKeys(getDb(), kek(), { now: new Date(Date.now() + 11 * 60_000) });
    expect(rotated).toMatchObject({ action: "rotated", activeKid: nextKid, retiredKid: oldKid });
    await store.refresh();
    const newToken = await issue(client);
    expect(decodeProtectedHeader(newToken).kid).toBe(nextKid);
    const keySet = createLocalJWKSet(await jwks());
    for (const token of [oldToken, newToken]) {
      await expect(
        jwtVerify(token, keySet, { issuer: env().APP_URL, audience: apiAudience(env()) }),
      ).resolves.toBeTruthy();
      expect((await introspect(admin, token)).active).toBe(true);
    }
    expect(await getDb().signingKey.count({ where: { isActive: true } })).toBe(1);
  });

  it("an emergency revoke unpublishes the key and its tokens fail at once", async () => {
    const store = testRuntime().signingKeys;
    await store.refresh();
    const token = await issue(client);
    const kid = decodeProtectedHeader(token).kid!;
    const result = await revokeSigningKey(getDb(), kek(), kid);
    expect(result.revoked).toBe(true);
    expect(result.activeKid).not.toBe(kid);
    await store.refresh();
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(kid);
    expect(await introspect(admin, token)).toEqual({ active: false });
    const fresh = await issue(client);
    expect(decodeProtectedHeader(fresh).kid).toBe(result.activeKid);
    expect((await introspect(admin, fresh)).active).toBe(true);
  });
});

describe("revocation housekeeping", () => {
  it("prunes revocations of tokens that have expired anyway, and keeps the others", async () => {
    const { deleteExpiredRevocations } = await import("@/lib/tokens/revoked-tokens");
    const db = getDb();
    await db.revokedToken.createMany({
      data: [
        { jti: `old-${Date.now()}`, orgId: org.id, apiKeyId: client.id, expiresAt: new Date(Date.now() - 1000) },
        { jti: `live-${Date.now()}`, orgId: org.id, apiKeyId: client.id, expiresAt: new Date(Date.now() + 3_600_000) },
      ],
    });
    expect(await deleteExpiredRevocations(db)).toBeGreaterThanOrEqual(1);
    expect(await db.revokedToken.count({ where: { orgId: org.id, expiresAt: { lt: new Date() } } })).toBe(0);
    expect(await db.revokedToken.count({ where: { orgId: org.id, jti: { startsWith: "live-" } } })).toBe(1);
  });
});
