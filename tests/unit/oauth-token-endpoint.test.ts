// The token endpoint as a pure function over a fake context: every RFC 6749 §5.2 answer for the
// client credentials grant, exact bodies and headers.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { generateClientSecret, hashClientSecret } from "@/lib/credentials/secret";
import { handleTokenRequest } from "@/lib/oauth/token-endpoint";
import { AUDIENCE, basic, fakeContext, formRequest, ISSUER, jsonRequest } from "../helpers/oauth-fakes";

const INVALID_CLIENT = { error: "invalid_client", error_description: "Client authentication failed." };

async function token(ctx: ReturnType<typeof fakeContext>["ctx"], request: Parameters<typeof handleTokenRequest>[0]) {
  const response = await handleTokenRequest(request, ctx);
  return { ...response, json: response.body ? (JSON.parse(response.body) as Record<string, unknown>) : null };
}

describe("POST /v1/auth/token: success", () => {
  it("answers the guide's JSON request with a Bearer token, no-store and no-cache", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(
      f.ctx,
      jsonRequest({ client_id: record.clientId, client_secret: secret, grant_type: "client_credentials" }),
    );
    expect(res.status).toBe(200);
    expect(res.headers["Cache-Control"]).toBe("no-store");
    expect(res.headers.Pragma).toBe("no-cache");
    expect(res.headers["Content-Type"]).toBe("application/json");
    expect(Object.keys(res.json!).sort()).toEqual(["access_token", "expires_in", "scope", "token_type"]);
    expect(res.json).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read:agents write:agents" });
  });

  it("issues an RFC 9068 JWT that jose verifies against the published JWKS", async () => {
    const f = fakeContext();
    const { record, secret } = f.add({ environment: "staging" });
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
    );
    const jwt = res.json!.access_token as string;
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "ES256", typ: "at+jwt", kid: f.signing.signer.kid });
    const jwks = createLocalJWKSet(JSON.parse(await f.ctx.signingKeys.jwksBody()));
    const { payload } = await jwtVerify(jwt, jwks, {
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: "at+jwt",
      algorithms: ["ES256"],
    });
    expect(payload).toMatchObject({
      iss: ISSUER,
      aud: AUDIENCE,
      sub: record.clientId,
      client_id: record.clientId,
      scope: "read:agents write:agents",
      org_id: record.orgId,
      environment: "staging",
    });
    expect(payload.exp! - payload.iat!).toBe(3600);
    expect(Buffer.from(payload.jti!, "base64url").length).toBeGreaterThanOrEqual(16);
    expect(JSON.stringify(payload)).not.toContain(secret);
    // The token is for the API, not for the issuer (RFC 9068 §3, TE-12): a verifier expecting the
    // issuer as its audience refuses it.
    expect(payload.aud).not.toBe(payload.iss);
    await expect(
      jwtVerify(jwt, jwks, { issuer: ISSUER, audience: ISSUER, typ: "at+jwt", algorithms: ["ES256"] }),
    ).rejects.toMatchObject({ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "aud" });
  });

  it("authenticates with client_secret_basic, and with Basic plus the identical body client_id", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    expect(
      (
        await token(
          f.ctx,
          formRequest({ grant_type: "client_credentials" }, { authorization: basic(record.clientId, secret) }),
        )
      ).status,
    ).toBe(200);
    const both = formRequest(
      { grant_type: "client_credentials", client_id: record.clientId },
      { authorization: basic(record.clientId, secret) },
    );
    expect((await token(f.ctx, both)).status).toBe(200);
  });

  it("form-URL-decodes Basic credentials: a percent-encoded id still authenticates", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const encodedId = `%${record.clientId.charCodeAt(0).toString(16)}${record.clientId.slice(1)}`;
    const header = `Basic ${Buffer.from(`${encodedId}:${secret}`).toString("base64")}`;
    expect(
      (await token(f.ctx, formRequest({ grant_type: "client_credentials" }, { authorization: header }))).status,
    ).toBe(200);
  });

  it("narrows to a requested subset and deduplicates repeated scope names", async () => {
    const f = fakeContext();
    const { record, secret } = f.add({ scopes: ["read:agents", "write:agents", "admin"] });
    const base = { grant_type: "client_credentials", client_id: record.clientId, client_secret: secret };
    expect((await token(f.ctx, formRequest({ ...base, scope: "read:agents" }))).json!.scope).toBe("read:agents");
    expect((await token(f.ctx, formRequest({ ...base, scope: "admin read:agents admin" }))).json!.scope).toBe(
      "admin read:agents",
    );
  });

  it("never lets exp pass the key's own expiry", async () => {
    const now = new Date("2026-11-28T12:00:00Z");
    const f = fakeContext({ now });
    const { record, secret } = f.add({ expiresAt: new Date(now.getTime() + 600_000) });
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
    );
    expect(res.json!.expires_in).toBe(600);
  });

  it("accepts the previous secret during its grace period", async () => {
    const now = new Date();
    const f = fakeContext({ now });
    const old = generateClientSecret("production");
    const { record } = f.add({
      previousSecretHash: hashClientSecret(old),
      previousSecretValidUntil: new Date(now.getTime() + 3_600_000),
    });
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: old }),
    );
    expect(res.status).toBe(200);
  });

  it("records usage in memory and logs the issuance without the secret or token", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
    );
    expect(f.issued).toHaveLength(1);
    const line = f.logs.at(-1)!;
    expect(line).toMatchObject({
      endpoint: "token",
      client_id: record.clientId,
      org_id: record.orgId,
      ip: "203.0.113.7",
      outcome: "issued",
      status: 200,
    });
    expect(JSON.stringify(f.logs)).not.toContain(secret);
    expect(JSON.stringify(f.logs)).not.toContain(res.json!.access_token as string);
  });
});

describe("POST /v1/auth/token: RFC 6749 §5.2 errors", () => {
  it("invalid_request: grant_type missing", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(f.ctx, formRequest({ client_id: record.clientId, client_secret: secret }));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: "invalid_request", error_description: "The grant_type parameter is required." });
    expect(res.headers["Cache-Control"]).toBe("no-store");
    expect(res.headers.Pragma).toBe("no-cache");
  });

  it.each(["password", "authorization_code", "Client_Credentials", "client_credentials "])(
    "unsupported_grant_type: %j",
    async (grantType) => {
      const f = fakeContext();
      const res = await token(f.ctx, formRequest({ grant_type: grantType, client_id: "wfc_x", client_secret: "y" }));
      expect(res.status).toBe(400);
      expect(res.json).toEqual({
        error: "unsupported_grant_type",
        error_description: "Only the client_credentials grant is supported.",
      });
    },
  );

  it("invalid_request: credentials (or anything) in the query string, which is never logged", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(
      f.ctx,
      formRequest(
        { grant_type: "client_credentials" },
        { query: `client_id=${record.clientId}&client_secret=${secret}` },
      ),
    );
    expect(res.status).toBe(400);
    expect(res.json!.error).toBe("invalid_request");
    expect(JSON.stringify(f.logs)).not.toContain(secret);
  });

  it("invalid_request: both authentication methods at once", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(
      f.ctx,
      formRequest(
        { grant_type: "client_credentials", client_secret: secret },
        { authorization: basic(record.clientId, secret) },
      ),
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: "invalid_request",
      error_description: "Use one client authentication method per request.",
    });
  });

  it("invalid_request: wrong content type, bad JSON, array and number values, duplicates, huge bodies — never a 5xx", async () => {
    const f = fakeContext();
    const bodies = [
      formRequest("grant_type=client_credentials", { contentType: "text/plain" }),
      formRequest("grant_type=client_credentials", { contentType: null }),
      jsonRequest("{not json"),
      jsonRequest('{"grant_type":["client_credentials"]}'),
      jsonRequest('{"grant_type":"client_credentials","client_id":42}'),
      jsonRequest('{"grant_type":"client_credentials","grant_type":"client_credentials"}'),
      formRequest("grant_type=client_credentials&grant_type=client_credentials"),
      formRequest("", { bodyTooLarge: true }),
      formRequest("grant_type=%ZZ"),
      jsonRequest(`{"grant_type":"client_credentials","client_secret":"${"é".repeat(5000)}"}`),
    ];
    for (const request of bodies) {
      const res = await token(f.ctx, request);
      expect(res.status, new TextDecoder().decode(request.body).slice(0, 80)).toBe(400);
      expect(res.json!.error).toBe("invalid_request");
      expect(res.json!.error_description).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/); // RFC 6749 §5.2 charset
    }
  });

  it("405 with Allow: POST for other methods", async () => {
    const f = fakeContext();
    for (const method of ["GET", "PUT", "DELETE", "TRACE", "OPTIONS"]) {
      const res = await token(f.ctx, formRequest("", { method }));
      expect(res.status).toBe(405);
      expect(res.headers.Allow).toBe("POST");
    }
  });

  it("invalid_client: one byte-identical answer for unknown id, wrong secret, revoked, expired and rotated-out", async () => {
    const now = new Date();
    const f = fakeContext({ now });
    const valid = f.add();
    const revoked = f.add({ revokedAt: new Date(now.getTime() - 1000) });
    const expired = f.add({ expiresAt: new Date(now.getTime() - 1000) });
    const oldSecret = generateClientSecret("production");
    const rotated = f.add({
      previousSecretHash: hashClientSecret(oldSecret),
      previousSecretValidUntil: new Date(now.getTime() - 1000),
    });
    const cases: [string, string][] = [
      ["wfc_AAAAAAAAAAAAAAAAAAAAAAAA", generateClientSecret("production")],
      [valid.record.clientId, generateClientSecret("production")],
      [valid.record.clientId, generateClientSecret("development")],
      [revoked.record.clientId, revoked.secret],
      [expired.record.clientId, expired.secret],
      [rotated.record.clientId, oldSecret],
      [valid.record.clientId, "not-a-secret"],
      ["x:y%", valid.secret],
    ];
    const answers = new Set<string>();
    for (const [clientId, secret] of cases) {
      const post = await handleTokenRequest(
        formRequest({ grant_type: "client_credentials", client_id: clientId, client_secret: secret }),
        f.ctx,
      );
      expect(post.status).toBe(401);
      expect(JSON.parse(post.body)).toEqual(INVALID_CLIENT);
      expect(post.headers["WWW-Authenticate"]).toBeUndefined();
      answers.add(JSON.stringify([post.status, post.headers, post.body]));
      const viaBasic = await handleTokenRequest(
        formRequest({ grant_type: "client_credentials" }, { authorization: basic(clientId, secret) }),
        f.ctx,
      );
      expect(viaBasic.status).toBe(401);
      expect(viaBasic.headers["WWW-Authenticate"]).toBe('Basic realm="workflux", charset="UTF-8"');
      answers.add(JSON.stringify([viaBasic.status, viaBasic.headers, viaBasic.body]));
    }
    expect(answers.size).toBe(2); // one for body credentials, one for Basic
    const reasons = f.logs.map((line) => line.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        "unknown_client",
        "wrong_secret",
        "key_revoked",
        "key_expired",
        "secret_rotated_out",
        "malformed_secret",
        "malformed_client_id",
      ]),
    );
  });

  it("invalid_client without a challenge when no client authentication was sent", async () => {
    const f = fakeContext();
    for (const body of [
      { grant_type: "client_credentials" },
      { grant_type: "client_credentials", client_id: "wfc_x" },
    ] as Record<string, string>[]) {
      const res = await token(f.ctx, formRequest(body));
      expect(res.status).toBe(401);
      expect(res.json).toEqual(INVALID_CLIENT);
      expect(res.headers["WWW-Authenticate"]).toBeUndefined();
    }
  });

  it("a client that swapped id and secret never gets its secret logged or used as a limiter key", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials", client_id: secret, client_secret: record.clientId }),
    );
    expect(res.status).toBe(401);
    expect(JSON.stringify(f.logs)).not.toContain(secret);
    expect(f.logs.at(-1)).toMatchObject({ client_id: "(malformed)", reason: "malformed_client_id" });
  });

  it("malformed client ids share one throttle bucket, so random ids cannot grow memory without bound", async () => {
    const f = fakeContext();
    const statuses = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const res = await token(
        f.ctx,
        formRequest(
          { grant_type: "client_credentials", client_id: `junk-${i}-${"x".repeat(1000)}`, client_secret: "s" },
          { clientIp: `198.51.100.${i}` },
        ),
      );
      statuses.add(res.status);
    }
    expect([...statuses].sort()).toEqual([401, 429]); // the shared bucket blocks after 20
    expect(f.lookups()).toBe(0);
  });

  it("a secret with a bad checksum never reaches the key store", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const broken = secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a");
    expect(
      (
        await token(
          f.ctx,
          formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: broken }),
        )
      ).status,
    ).toBe(401);
    expect(f.lookups()).toBe(0);
  });

  it("a key expiring within the second is answered like an expired one, with the Basic challenge", async () => {
    const now = new Date("2026-06-01T00:00:00.000Z");
    const f = fakeContext({ now });
    const { record, secret } = f.add({ expiresAt: new Date(now.getTime() + 400) });
    const res = await token(
      f.ctx,
      formRequest({ grant_type: "client_credentials" }, { authorization: basic(record.clientId, secret) }),
    );
    expect(res.status).toBe(401);
    expect(res.json).toEqual(INVALID_CLIENT);
    expect(res.headers["WWW-Authenticate"]).toContain("Basic");
    expect(f.failures).toEqual([expect.objectContaining({ reason: "key_expired" })]);
  });

  it("audits failures of known keys, not of unknown ids", async () => {
    const f = fakeContext();
    const { record } = f.add();
    await token(
      f.ctx,
      formRequest({
        grant_type: "client_credentials",
        client_id: record.clientId,
        client_secret: generateClientSecret("production"),
      }),
    );
    await token(
      f.ctx,
      formRequest({
        grant_type: "client_credentials",
        client_id: "wfc_AAAAAAAAAAAAAAAAAAAAAAAA",
        client_secret: generateClientSecret("production"),
      }),
    );
    expect(f.failures).toEqual([
      expect.objectContaining({ apiKeyId: record.id, reason: "wrong_secret", endpoint: "token" }),
    ]);
  });

  it("invalid_scope: a scope the key does not hold, or a malformed one", async () => {
    const f = fakeContext();
    const { record, secret } = f.add({ scopes: ["read:agents"] });
    const base = { grant_type: "client_credentials", client_id: record.clientId, client_secret: secret };
    for (const scope of [
      "admin",
      "read:agents write:agents",
      'read:agents "x"',
      "read:agents  admin",
      "read:agents\\x",
    ]) {
      const res = await token(f.ctx, formRequest({ ...base, scope }));
      expect(res.status, scope).toBe(400);
      expect(res.json!.error).toBe("invalid_scope");
    }
    expect((await token(f.ctx, formRequest({ ...base, scope: "READ:AGENTS" }))).json!.error).toBe("invalid_scope");
  });

  it("503 with Retry-After when key storage is down, never a token (TE-16)", async () => {
    const f = fakeContext({ keysUnavailable: true });
    const res = await token(
      f.ctx,
      formRequest({
        grant_type: "client_credentials",
        client_id: "wfc_AAAAAAAAAAAAAAAAAAAAAAAA",
        client_secret: generateClientSecret("production"),
      }),
    );
    expect(res.status).toBe(503);
    expect(res.headers["Retry-After"]).toBe("5");
    expect(res.json!.error).toBe("temporarily_unavailable");
    // Reported to the outage log (one warning per outage), not logged as an error per request.
    expect(f.outages.map((e) => e.detail)).toEqual(["credential store"]);
    expect(f.logs.filter((l) => l.level === "error")).toEqual([]);
  });
});

describe("POST /v1/auth/token: limits", () => {
  it("starter plan: 60 tokens a minute with RateLimit headers, then 429 with Retry-After", async () => {
    const f = fakeContext();
    const { record, secret } = f.add({ plan: "starter" });
    const request = () =>
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret });
    const first = await token(f.ctx, request());
    expect(first.headers).toMatchObject({ "RateLimit-Limit": "60", "RateLimit-Remaining": "59" });
    expect(Number(first.headers["RateLimit-Reset"])).toBeGreaterThan(0);
    for (let i = 1; i < 60; i++) expect((await token(f.ctx, request())).status).toBe(200);
    const over = await token(f.ctx, request());
    expect(over.status).toBe(429);
    expect(over.json!.error).toBe("rate_limited");
    expect(Number(over.headers["Retry-After"])).toBeGreaterThan(0);
    expect(over.headers["RateLimit-Remaining"]).toBe("0");
  });

  it("enterprise is unlimited for issuance and sends no RateLimit headers", async () => {
    const f = fakeContext();
    const { record, secret } = f.add({ plan: "enterprise" });
    for (let i = 0; i < 700; i++) {
      const res = await handleTokenRequest(
        formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
        f.ctx,
      );
      expect(res.status).toBe(200);
      expect(res.headers["RateLimit-Limit"]).toBeUndefined();
    }
  });

  it("throttles failed authentications per client_id, also for enterprise, and a parallel burst cannot overshoot", async () => {
    const f = fakeContext();
    const { record } = f.add({ plan: "enterprise" });
    const wrong = () =>
      handleTokenRequest(
        formRequest(
          {
            grant_type: "client_credentials",
            client_id: record.clientId,
            client_secret: generateClientSecret("production"),
          },
          { clientIp: `198.51.100.${Math.floor(Math.random() * 250)}` },
        ),
        f.ctx,
      );
    const results = await Promise.all(Array.from({ length: 60 }, wrong));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    const throttled = results.find((r) => r.status === 429)!;
    expect(Number(throttled.headers["Retry-After"])).toBeGreaterThan(0);
    // The same RateLimit-* fields as a plan limit's 429.
    expect(throttled.headers["RateLimit-Limit"]).toBe("20");
    expect(throttled.headers["RateLimit-Remaining"]).toBe("0");
    expect(throttled.headers["RateLimit-Reset"]).toBe(throttled.headers["Retry-After"]);
  });

  it("never refuses the owner's right secret of a cached key, however many wrong ones anyone sent", async () => {
    const f = fakeContext({ warmCache: true });
    const { record, secret } = f.add({ plan: "enterprise" });
    const attempt = (clientSecret: string, clientIp: string) =>
      handleTokenRequest(
        formRequest(
          { grant_type: "client_credentials", client_id: record.clientId, client_secret: clientSecret },
          {
            clientIp,
          },
        ),
        f.ctx,
      );
    // An attacker who read the client id from a token sends 60 wrong secrets (after the first, in
    // parallel: the cache fills on the first lookup).
    const wrong = [await attempt(generateClientSecret("production"), "203.0.113.200")];
    wrong.push(
      ...(await Promise.all(
        Array.from({ length: 59 }, (_, i) => attempt(generateClientSecret("production"), `203.0.113.${i}`)),
      )),
    );
    expect(wrong.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(f.lookups()).toBe(1); // once, then from the cache: the attack costs no database work
    expect((await attempt(secret, "198.51.100.7")).status).toBe(200);
    expect((await attempt(secret, "203.0.113.5")).status).toBe(200);
    // The burst still raises the key's failure count for the anomaly rules.
    expect(f.failures.length).toBe(60);
  });

  it("a blocked client id still gets the one lookup that caches it, so its right secret works", async () => {
    const f = fakeContext({ warmCache: true });
    const { record, secret } = f.add();
    const cold = fakeContext({ warmCache: true }); // another instance: same limits, key not cached
    cold.ctx.limits = f.ctx.limits;
    cold.keys.set(record.clientId, record);
    for (let i = 0; i < 25; i++) {
      await handleTokenRequest(
        formRequest({
          grant_type: "client_credentials",
          client_id: record.clientId,
          client_secret: generateClientSecret("production"),
        }),
        f.ctx,
      );
    }
    const right = await handleTokenRequest(
      formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
      cold.ctx,
    );
    expect(right.status).toBe(200);
    expect(cold.lookups()).toBe(1);
  });

  it("a blocked source IP: healthy cached keys behind it keep working, unknown ids cost no lookup", async () => {
    const f = fakeContext({ warmCache: true });
    const healthy = f.add();
    const nat = { clientIp: "192.0.2.77" };
    // Warm: the healthy key is in use behind the NAT.
    const token = () =>
      handleTokenRequest(
        formRequest(
          { grant_type: "client_credentials", client_id: healthy.record.clientId, client_secret: healthy.secret },
          nat,
        ),
        f.ctx,
      );
    expect((await token()).status).toBe(200);
    // One broken client behind the same address fails 110 times with made-up ids.
    for (let i = 0; i < 110; i++) {
      await handleTokenRequest(
        formRequest(
          {
            grant_type: "client_credentials",
            client_id: `wfc_${String(i).padStart(24, "B")}`,
            client_secret: generateClientSecret("production"),
          },
          nat,
        ),
        f.ctx,
      );
    }
    const lookupsWhenBlocked = f.lookups();
    const refused = await handleTokenRequest(
      formRequest(
        {
          grant_type: "client_credentials",
          client_id: "wfc_ZZZZZZZZZZZZZZZZZZZZZZZZ",
          client_secret: generateClientSecret("production"),
        },
        nat,
      ),
      f.ctx,
    );
    expect(refused.status).toBe(429);
    expect(refused.headers["RateLimit-Limit"]).toBe("100");
    expect(f.lookups()).toBe(lookupsWhenBlocked);
    expect((await token()).status).toBe(200);
  });

  it("throttles failures per source IP across client ids", async () => {
    const f = fakeContext();
    const attempts = Array.from({ length: 110 }, (_, i) =>
      handleTokenRequest(
        formRequest({
          grant_type: "client_credentials",
          client_id: `wfc_${String(i).padStart(24, "A")}`,
          client_secret: generateClientSecret("production"),
        }),
        f.ctx,
      ),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(100);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  it("successful authentications never count as failures", async () => {
    const f = fakeContext();
    const { record, secret } = f.add();
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        handleTokenRequest(
          formRequest({ grant_type: "client_credentials", client_id: record.clientId, client_secret: secret }),
          f.ctx,
        ),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
  });
});
