// The platform API behind its guard, through the route handlers against PostgreSQL: RFC 6750
// answers, scopes, instant revocation and scope cuts, organization and environment isolation,
// plan limits, usage counting, and failing closed when key state cannot be read.
import { decodeProtectedHeader } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { DELETE, GET, PATCH, POST, PUT } from "@/app/v1/[...path]/route";
import { credentialChangedLocally } from "@/lib/credentials/change-events";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { getDb } from "@/lib/db/client";
import { unavailable } from "@/lib/errors";
import { dispatch } from "@/lib/http/dispatch";
import { EDGE_HEADER, stampedClientIp } from "@/lib/http/client-ip";
import type { RequestParts } from "@/lib/http/request-parts";
import type { Runtime } from "@/lib/runtime/start-runtime";
import { parseKeyEncryptionKey } from "@/lib/signing-keys/key-encryption";
import { revokeSigningKey } from "@/lib/signing-keys/signing-key-repo";
import { createKey, issueToken, postForm, TEST_BASE_URL } from "../helpers/api-keys";
import { createMember, createOrg, freshActor } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

// The catch-all route handler of /v1, as Next calls it: the export named by the method, the URL
// path selecting the route.
const HANDLERS: Record<string, (r: Request) => Promise<Response>> = { GET, POST, PUT, PATCH, DELETE };

const call = (
  path: string,
  init: { method?: string; token?: string | null; headers?: Record<string, string>; body?: unknown } = {},
) => {
  const method = init.method ?? "GET";
  return HANDLERS[method]!(
    new Request(`${TEST_BASE_URL}${path}`, {
      method,
      headers: {
        [EDGE_HEADER]: stampedClientIp("198.51.100.20"),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
    }),
  );
};

/** A GET /v1/agents as the dispatcher receives it from either door. */
const agentsRequest = (token: string): RequestParts => ({
  method: "GET",
  path: "/v1/agents",
  query: "",
  contentType: null,
  authorization: `Bearer ${token}`,
  authorizationCount: 1,
  body: new Uint8Array(0),
  bodyTooLarge: false,
  clientIp: "192.0.2.1",
  peerAddress: "192.0.2.1",
  userAgent: null,
  requestId: "req-test",
});

/** The file's runtime with parts of its API context replaced. */
const withApi = (overrides: Partial<Runtime["api"]>): Runtime => {
  const runtime = testRuntime();
  return { ...runtime, api: { ...runtime.api, ...overrides } };
};

beforeEach(() => testRuntime().limits.reset());

describe("RFC 6750 answers", () => {
  it("serves GET /v1/agents to a token with read:agents, with RateLimit headers", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const res = await call("/v1/agents", { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: [], next_cursor: null });
    expect(res.headers.get("ratelimit-limit")).toBe("600");
    expect(res.headers.get("ratelimit-remaining")).toBe("599");
  });

  it("no credentials: 401 with a bare Bearer challenge; another scheme counts as none", async () => {
    for (const headers of [{}, { authorization: "Basic Zm9vOmJhcg==" }] as Record<string, string>[]) {
      const res = await call("/v1/agents", { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="workflux"');
    }
  });

  it("a malformed, forged or unknown token: 401 invalid_token", async () => {
    const org = await createOrg();
    const real = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const [header, payload, signature] = real.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: "admin" })).toString("base64url")}.${signature}`;
    const algNone = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${payload}.`;
    for (const token of ["not-a-jwt", edited, algNone, `${real.slice(0, -4)}AAAA`]) {
      const res = await call("/v1/agents", { token });
      expect(res.status, token).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(await res.json()).toMatchObject({ error: "invalid_token" });
    }
  });

  it("refuses a token in the query string and a malformed bearer with 400 invalid_request", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const inQuery = await call(`/v1/agents?access_token=${token}`);
    expect(inQuery.status).toBe(400);
    expect(await inQuery.json()).toMatchObject({ error: "invalid_request" });
    const both = await call(`/v1/agents?access_token=${token}`, { token });
    expect(both.status).toBe(400);
    expect((await call("/v1/agents", { headers: { authorization: "Bearer two tokens" } })).status).toBe(400);
    expect((await call("/v1/agents", { headers: { authorization: "Bearer" } })).status).toBe(401);
  });

  it("a missing scope: 403 insufficient_scope naming it; admin implies every scope", async () => {
    const org = await createOrg();
    const reader = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const res = await call("/v1/agents", { method: "POST", token: reader, body: { name: "x" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("www-authenticate")).toContain('error="insufficient_scope"');
    expect(res.headers.get("www-authenticate")).toContain('scope="write:agents"');
    expect(await res.json()).toMatchObject({ error: "insufficient_scope", scope: "write:agents" });
    const admin = await issueToken(await createKey(org.id, { scopes: ["admin"] }));
    expect((await call("/v1/agents", { method: "POST", token: admin, body: { name: "x" } })).status).toBe(201);
    expect((await call("/v1/integrations", { token: admin })).status).toBe(200);
  });
});

describe("revocation and scope cuts reach live tokens at once", () => {
  it("revoking the key in the dashboard kills its token on the next request", async () => {
    const org = await createOrg();
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const token = await issueToken(key);
    expect((await call("/v1/agents", { token })).status).toBe(200);
    const owner = await createMember(org.id, "owner");
    await revokeCredential(freshActor(owner.id, org.id, "owner"), {
      orgSlug: org.slug,
      credentialId: key.id,
      reason: "compromised",
    });
    expect((await call("/v1/agents", { token })).status).toBe(401);
  });

  it("removing a scope from the key applies to its live token at once", async () => {
    const org = await createOrg();
    const key = await createKey(org.id, { scopes: ["read:agents", "write:agents"] });
    const token = await issueToken(key);
    expect((await call("/v1/agents", { token })).status).toBe(200);
    await getDb().apiKey.update({ where: { id: key.id }, data: { scopes: ["write:agents"] } });
    credentialChangedLocally(key.clientId);
    const res = await call("/v1/agents", { token });
    expect(res.status).toBe(403);
    expect((await call("/v1/agents", { method: "POST", token, body: { name: "still allowed" } })).status).toBe(201);
  });

  it("an RFC 7009 revocation of the token stops it on the next request; the key's other tokens live", async () => {
    const org = await createOrg();
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const [token, other] = [await issueToken(key), await issueToken(key)];
    const revoked = await postForm(POST, "/v1/auth/revoke", {
      token,
      client_id: key.clientId,
      client_secret: key.clientSecret,
    });
    expect(revoked.status).toBe(200);
    expect((await call("/v1/agents", { token })).status).toBe(401);
    expect((await call("/v1/agents", { token: other })).status).toBe(200);
  });

  it("an emergency signing-key revoke fails a token the guard had already verified", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    expect((await call("/v1/agents", { token })).status).toBe(200);
    const kek = parseKeyEncryptionKey(testRuntime().env.SIGNING_KEY_ENCRYPTION_KEY);
    expect((await revokeSigningKey(getDb(), kek, decodeProtectedHeader(token).kid!)).revoked).toBe(true);
    await testRuntime().signingKeys.refresh();
    expect((await call("/v1/agents", { token })).status).toBe(401);
    expect(
      (
        await call("/v1/agents", {
          token: await issueToken(await createKey(org.id, { scopes: ["read:agents"] })),
        })
      ).status,
    ).toBe(200);
  });

  it("a token that verified earlier is refused once it has expired", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const request = agentsRequest(token);
    expect((await dispatch(request, testRuntime())).status).toBe(200);
    const later = withApi({ now: () => new Date(Date.now() + 3_600_000 + 31_000) });
    expect((await dispatch(request, later)).status).toBe(401);
  });

  it("fails closed with 503 and Retry-After when key state cannot be read", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const broken = withApi({
      keys: {
        get: async () => {
          throw unavailable("credential storage", new Error("connection refused"));
        },
      },
    });
    const res = await dispatch(agentsRequest(token), broken);
    expect(res.status).toBe(503);
    expect(res.headers["Retry-After"]).toBeDefined();
    expect(JSON.parse(res.body)).toMatchObject({
      error: { code: "temporarily_unavailable", message: expect.any(String) },
    });
  });
});

describe("organization and environment isolation", () => {
  it("another organization's agent and another environment's agent are not found, and unchanged", async () => {
    const [mine, theirs] = [await createOrg(), await createOrg()];
    const theirToken = await issueToken(await createKey(theirs.id, { scopes: ["write:agents", "read:agents"] }));
    const created = await call("/v1/agents", {
      method: "POST",
      token: theirToken,
      body: { name: "Theirs" },
    });
    const theirAgent = (await created.json()) as { id: string };
    const prodToken = await issueToken(await createKey(mine.id, { scopes: ["admin"], environment: "production" }));
    const prodAgent = (await (
      await call("/v1/agents", { method: "POST", token: prodToken, body: { name: "Prod" } })
    ).json()) as { id: string };
    const devToken = await issueToken(await createKey(mine.id, { scopes: ["admin"], environment: "development" }));
    for (const id of [theirAgent.id, prodAgent.id]) {
      expect((await call(`/v1/agents/${id}`, { token: devToken })).status).toBe(404);
      expect(
        (await call(`/v1/agents/${id}`, { method: "PATCH", token: devToken, body: { name: "hijacked" } })).status,
      ).toBe(404);
    }
    expect(await (await call("/v1/agents", { token: devToken })).json()).toEqual({
      data: [],
      next_cursor: null,
    });
    expect(
      (await (await call(`/v1/agents/${theirAgent.id}`, { token: theirToken })).json()) as { name: string },
    ).toMatchObject({ name: "Theirs" });
  });

  it("an organization id or environment in the body is refused, not obeyed", async () => {
    const [mine, theirs] = [await createOrg(), await createOrg()];
    const token = await issueToken(await createKey(mine.id, { scopes: ["write:agents"], environment: "staging" }));
    const res = await call("/v1/agents", {
      method: "POST",
      token,
      body: { name: "x", orgId: theirs.id, environment: "production" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "invalid_request", message: expect.any(String), details: { _: expect.any(Array) } },
    });
    expect(await getDb().agent.count({ where: { orgId: theirs.id } })).toBe(0);
  });
});

describe("input errors are JSON, never HTML or a stack", () => {
  it("validation, content type, bad JSON, unknown route and wrong method", async () => {
    const org = await createOrg();
    const token = await issueToken(await createKey(org.id, { scopes: ["admin"] }));
    const invalid = await call("/v1/agents", { method: "POST", token, body: { name: "" } });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { code: "invalid_request", message: expect.any(String), details: { name: expect.any(Array) } },
    });
    const text = await call("/v1/agents", {
      method: "POST",
      token,
      body: "name=x",
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ error: { code: "unsupported_media_type", message: expect.any(String) } });
    const badJson = await call("/v1/agents", { method: "POST", token, body: "{not json" });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: "invalid_request", message: expect.any(String) } });
    const notFound = await call("/v1/agents/not-a-uuid", { token });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: { code: "not_found", message: expect.any(String) } });
    const unknownRoute = await call("/v1/nothing-here", { token });
    expect(unknownRoute.status).toBe(404);
    expect(await unknownRoute.json()).toMatchObject({ error: { code: "not_found", message: expect.any(String) } });
    const wrongMethod = await call("/v1/agents", { method: "PUT", token, body: {} });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, POST");
    expect(await wrongMethod.json()).toMatchObject({
      error: { code: "method_not_allowed", message: expect.any(String) },
    });
    const integration = await call("/v1/integrations", {
      method: "POST",
      token,
      body: { provider: "slack", name: "Alerts" },
    });
    expect(integration.status).toBe(201);
  });
});

describe("GET /v1/analytics/usage", () => {
  it("reports the environment's keys per day for read:analytics, and refuses other scopes", async () => {
    const org = await createOrg({ plan: "enterprise" });
    const key = await createKey(org.id, { scopes: ["read:analytics", "read:agents"], environment: "staging" });
    const token = await issueToken(key);
    await call("/v1/agents", { token });
    await testRuntime().activity.flush();
    const res = await call("/v1/analytics/usage", { token });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as {
      data: Array<{ client_id: string; requests: Record<string, number>; token_issuances: number }>;
    };
    expect(data).toEqual([
      expect.objectContaining({
        client_id: key.clientId,
        token_issuances: 1,
        requests: expect.objectContaining({ "2xx": 1 }),
      }),
    ]);
    const agentsOnly = await issueToken(await createKey(org.id, { scopes: ["read:agents"], environment: "staging" }));
    expect((await call("/v1/analytics/usage", { token: agentsOnly })).status).toBe(403);
    expect((await call("/v1/analytics/usage?from=2020-01-01&to=2026-01-01", { token })).status).toBe(400);
  });
});

describe("plan limits and usage", () => {
  it("answers 429 with Retry-After past the organization's plan limit", async () => {
    testRuntime().limits.reset({
      apiLimits: { starter: { requestsPerWindow: 2, windowSeconds: 60 }, professional: null, enterprise: null },
    });
    const org = await createOrg({ plan: "starter" });
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    expect((await call("/v1/agents", { token })).status).toBe(200);
    expect((await call("/v1/agents", { token })).status).toBe(200);
    const limited = await call("/v1/agents", { token });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit-remaining")).toBe("0");
    expect(await limited.json()).toMatchObject({ error: { code: "rate_limited", message: expect.any(String) } });
  });

  it("counts requests per key, route and outcome, and records the last use, without a write per request", async () => {
    const org = await createOrg({ plan: "enterprise" });
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const token = await issueToken(key);
    await testRuntime().activity.flush();
    for (let i = 0; i < 3; i++) await call("/v1/agents", { token });
    await call("/v1/agents", { method: "POST", token, body: { name: "x" } });
    expect(await getDb().usageCounter.count({ where: { apiKeyId: key.id, kind: { not: "token" } } })).toBe(0);
    await testRuntime().activity.flush();
    const rows = await getDb().usageCounter.findMany({
      where: { apiKeyId: key.id, kind: { not: "token" } },
      select: { kind: true, outcome: true, count: true },
      orderBy: { kind: "asc" },
    });
    expect(rows).toEqual([
      { kind: "GET /v1/agents", outcome: "2xx", count: 3 },
      { kind: "POST /v1/agents", outcome: "4xx_auth", count: 1 },
    ]);
    const lastUse = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedIp: true } });
    expect(lastUse.lastUsedIp).toBe("198.51.100.20");
  });
});
