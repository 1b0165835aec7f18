// Input PostgreSQL refuses (NUL in text, jsonb or a LIKE pattern; year 0000) is the client's
// mistake: 400, the page's empty or not-found answer, never a 500. Covers the schemas, the slug
// check in front of the membership lookup, and the API routes' last line of defence.
import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { revokeCredentialAction } from "@/lib/actions/credentials";
import ApiCredentialsPage from "@/app/(dashboard)/[orgSlug]/settings/api-credentials/page";
import { GET as credentialsGET } from "@/app/api/orgs/[orgSlug]/credentials/route";
import { GET, PATCH, POST } from "@/app/v1/[...path]/route";
import { apiRoute } from "@/lib/api/api-route";
import { getActor, requireActor } from "@/lib/auth/session";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db/client";
import { isClientDataError, postgresErrorCode } from "@/lib/db/pg-error";
import { EDGE_HEADER, stampedClientIp } from "@/lib/http/client-ip";
import type { Method } from "@/lib/http/route";
import { createKey, issueToken, TEST_BASE_URL } from "../helpers/api-keys";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;

const NUL = "\u0000";

// The catch-all route handler of /v1, as Next calls it: the export named by the method, the URL
// path selecting the route.
const HANDLERS: Record<string, (r: Request) => Promise<Response>> = { GET, POST, PATCH };

const request = (path: string, init: { method?: string; token: string; body?: unknown }) =>
  new Request(`${TEST_BASE_URL}${path}`, {
    method: init.method ?? "GET",
    headers: {
      [EDGE_HEADER]: stampedClientIp("198.51.100.21"),
      authorization: `Bearer ${init.token}`,
      ...(init.body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });

const call = (path: string, init: { method?: string; token: string; body?: unknown }) =>
  HANDLERS[init.method ?? "GET"]!(request(path, init));

let org: { id: string; slug: string };
let owner: Member;
let token: string;

beforeAll(async () => {
  org = await createOrg({ plan: "enterprise" });
  owner = await createMember(org.id, "owner");
  token = await issueToken(await createKey(org.id, { scopes: ["admin"], environment: "staging" }));
});

beforeEach(() => testRuntime().limits.reset());

afterEach(() => signInAs(null));

async function expectRefused(response: Response) {
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ error: { code: "invalid_request", message: expect.any(String) } });
}

describe("platform API: NUL in text and JSON is 400", () => {
  it("POST /v1/agents with NUL in the name, description, a config value, a config key or deep in config", async () => {
    for (const body of [
      { name: `bot${NUL}` },
      { name: "bot", description: `about${NUL}` },
      { name: "bot", config: { model: `x${NUL}` } },
      { name: "bot", config: { [`mo${NUL}del`]: "x" } },
      { name: "bot", config: { nested: [{ deeper: { [`k${NUL}`]: 1 } }] } },
      { name: "bot", config: { nested: { list: ["ok", `bad${NUL}`] } } },
    ]) {
      await expectRefused(await call("/v1/agents", { method: "POST", token, body }));
    }
    expect(await getDb().agent.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("PATCH /v1/agents/{id} with NUL in the name, description or config leaves the agent unchanged", async () => {
    const created = await call("/v1/agents", {
      method: "POST",
      token,
      body: { name: "Invoice bot", config: { model: "x" } },
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    for (const body of [{ name: `bot${NUL}` }, { description: NUL }, { config: { a: { b: NUL } } }]) {
      await expectRefused(await call(`/v1/agents/${id}`, { method: "PATCH", token, body }));
    }
    expect(await (await call(`/v1/agents/${id}`, { token })).json()).toMatchObject({
      name: "Invoice bot",
      config: { model: "x" },
    });
  });

  it("POST /v1/integrations with NUL in the name or config", async () => {
    for (const body of [
      { provider: "slack", name: `Alerts${NUL}` },
      { provider: "slack", name: "Alerts", config: { channel: `#ops${NUL}` } },
      { provider: "slack", name: "Alerts", config: { [`chan${NUL}`]: "#ops" } },
    ]) {
      await expectRefused(await call("/v1/integrations", { method: "POST", token, body }));
    }
    expect(await getDb().integration.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("text without NUL, escapes and other characters included, is still accepted", async () => {
    const body = { name: "Ünïcode ✓ \\u0000 literal", config: { "key with spaces": ["\t", { n: 1 }] } };
    expect((await call("/v1/agents", { method: "POST", token, body })).status).toBe(201);
  });
});

describe("platform API: dates PostgreSQL cannot hold are 400", () => {
  it("GET /v1/analytics/usage before the year 2000, year 0000 included", async () => {
    for (const query of [
      "?from=0000-01-01&to=0000-01-01",
      "?from=1999-12-31&to=2000-01-01",
      "?to=0000-01-01T00:00:00Z",
      "?from=0001-01-01T00:00:00%2B00:00&to=0001-01-02",
    ]) {
      const response = await call(`/v1/analytics/usage${query}`, { token });
      await expectRefused(response);
    }
    expect((await call("/v1/analytics/usage?from=2000-01-01&to=2000-01-02", { token })).status).toBe(200);
  });
});

describe("platform API: the API routes' last line of defence", () => {
  it("maps a PostgreSQL data error (NUL, year 0000) that got past the schemas to 400, not 500", async () => {
    // Routes that skip their schemas, answered by the same wrapper as every API route (guard,
    // handler, error mapping), with a request as the portable door hands it over.
    const testRoute = (method: Method, path: string, scope: string, run: Parameters<typeof apiRoute>[0]["run"]) =>
      apiRoute({ method, path, scope, run, doc: { operationId: path, summary: path, tags: [], responses: {} } });
    const uncheckedNul = testRoute("POST", "/v1/test-only/unchecked-nul", "write:agents", async (actor) => {
      await getDb().agent.create({
        data: { orgId: actor.orgId, environment: actor.environment, name: `raw${NUL}`, config: {} },
      });
      return { status: 201, body: {} };
    });
    const uncheckedDate = testRoute("GET", "/v1/test-only/unchecked-date", "read:agents", async (actor) => ({
      status: 200,
      body: await getDb().agent.findMany({
        where: { orgId: actor.orgId, createdAt: { lt: new Date("0000-01-01T00:00:00Z") } },
      }),
    }));
    const answer = async (route: typeof uncheckedNul, init: { method?: string; token: string; body?: unknown }) => {
      const web = request(route.path, init);
      const parts = {
        method: web.method,
        path: route.path,
        query: "",
        contentType: web.headers.get("content-type"),
        authorization: web.headers.get("authorization"),
        authorizationCount: 1,
        body: new Uint8Array(await web.arrayBuffer()),
        bodyTooLarge: false,
        clientIp: "198.51.100.21",
        peerAddress: "198.51.100.21",
        userAgent: null,
        requestId: "req-test",
        params: {},
      };
      const response = await route.handle(parts, testRuntime());
      return new Response(response.body, { status: response.status, headers: response.headers });
    };
    const nul = await answer(uncheckedNul, { method: "POST", token, body: {} });
    expect(nul.status).toBe(400);
    const body = await nul.json();
    expect(body).toMatchObject({ error: { code: "invalid_request", message: expect.any(String) } });
    expect(JSON.stringify(body)).not.toMatch(/UTF8|0x00|22021/);
    await expectRefused(await answer(uncheckedDate, { token }));
  });

  it("reads the SQLSTATE from what Prisma 7 with the pg adapter throws", async () => {
    const codeOf = async (run: () => Promise<unknown>) => {
      try {
        await run();
      } catch (error) {
        return { code: postgresErrorCode(error), client: isClientDataError(error) };
      }
      throw new Error("expected the query to fail");
    };
    const db = getDb();
    expect(
      await codeOf(() =>
        db.organization.create({ data: { slug: `nul-${randomBytes(4).toString("hex")}`, name: `a${NUL}b` } }),
      ),
    ).toEqual({ code: "22021", client: true });
    expect(
      await codeOf(() =>
        db.auditEvent.create({ data: { orgId: org.id, actorType: "system", action: "x", metadata: { a: NUL } } }),
      ),
    ).toEqual({ code: "22P05", client: true });
    expect(await codeOf(() => db.$queryRaw`SELECT ${new Date("0000-01-01T00:00:00Z")}::timestamptz`)).toEqual({
      code: "22008",
      client: true,
    });
    expect(await codeOf(() => db.$queryRaw`SELECT 1/0`)).toEqual({ code: "22012", client: false });
    expect(postgresErrorCode(new Error("plain"))).toBeUndefined();
  });
});

describe("dashboard: NUL in a search, a note or an organization slug", () => {
  const listGet = (slug: string, query: string) =>
    credentialsGET(
      new Request(`http://localhost:3000/api/orgs/${encodeURIComponent(slug)}/credentials${query}`, {
        headers: { "sec-fetch-site": "same-origin" },
      }),
      {
        params: Promise.resolve({ orgSlug: slug }),
      },
    );

  it("GET /api/orgs/{orgSlug}/credentials?q=%00 answers as without a search, never 500", async () => {
    await createCredential(
      { kind: "user" as const, authenticatedAt: new Date(), userId: owner.id, orgId: org.id, role: "owner" },
      {
        orgSlug: org.slug,
        name: "Searchable",
        environment: "staging",
        scopes: ["read:agents"],
        expiry: { kind: "never" },
      },
    );
    signInAs(owner);
    for (const query of ["?q=%00", "?q=Search%00able", "?q=%25%00"]) {
      const response = await listGet(org.slug, query);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { items: Array<{ name: string }> }).items.map((i) => i.name)).toContain(
        "Searchable",
      );
    }
  });

  it("a list cursor naming year 0000 starts from the first page, never 500", async () => {
    signInAs(owner);
    const cursor = Buffer.from(
      `0000-01-01T00:00:00.000Z|${"0".repeat(8)}-0000-7000-8000-${"0".repeat(12)}`,
      "utf8",
    ).toString("base64url");
    const response = await listGet(org.slug, `?cursor=${cursor}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it("the credentials page with ?q=%00 renders the unfiltered list", async () => {
    signInAs(owner);
    const element = (await ApiCredentialsPage({
      params: Promise.resolve({ orgSlug: org.slug }),
      searchParams: Promise.resolve({ q: NUL }),
    })) as {
      props: { initial: { filter: { q: string }; page: { items: Array<{ name: string }> } } };
    };
    expect(element.props.initial.filter.q).toBe("");
    expect(element.props.initial.page.items.map((i) => i.name)).toContain("Searchable");
  });

  it("a revoke note with NUL is invalid input and the key stays live", async () => {
    const { credential } = await createCredential(
      { kind: "user" as const, authenticatedAt: new Date(), userId: owner.id, orgId: org.id, role: "owner" },
      {
        orgSlug: org.slug,
        name: "Keep me",
        environment: "staging",
        scopes: ["read:agents"],
        expiry: { kind: "never" },
      },
    );
    signInAs(owner);
    const result = await revokeCredentialAction({
      orgSlug: org.slug,
      credentialId: credential.id,
      reason: "other",
      note: `why${NUL}`,
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_request", fieldErrors: { note: expect.any(Array) } });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: credential.id } })).revokedAt).toBeNull();
  });

  it("an orgSlug with NUL or outside the slug grammar names no organization: null, 404, not_found", async () => {
    signInAs(owner);
    for (const slug of [`${org.slug}${NUL}`, NUL, org.slug.toUpperCase(), "-leading-dash", "a".repeat(64), ""]) {
      expect(await getActor(slug)).toBeNull();
      await expect(requireActor(slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
      expect((await listGet(slug, "")).status).toBe(404);
      expect(
        await revokeCredentialAction({
          orgSlug: slug,
          credentialId: "00000000-0000-7000-8000-000000000000",
          reason: "replaced",
        }),
      ).toMatchObject({
        ok: false,
        code: "not_found",
      });
    }
    expect((await getActor(org.slug))?.orgId).toBe(org.id);
  });
});
