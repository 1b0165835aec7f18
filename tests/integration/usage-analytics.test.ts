// Usage analytics against PostgreSQL: the organization's per-key, per-UTC-day report (the data of
// GET /v1/analytics/usage), one key's chart series and summary, and the detail page's usage route.
// Counter rows are inserted directly, as the activity batcher would have flushed them.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/api/orgs/[orgSlug]/credentials/[credentialId]/usage/route";
import { getCredentialUsage, summarizeUsage } from "@/lib/analytics/credential-usage";
import { getOrgUsage, usageQueryAt } from "@/lib/analytics/usage";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db/client";
import { createMember, createOrg } from "../helpers/factories";
import { signInAs } from "../helpers/credential-session";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);

type Member = Awaited<ReturnType<typeof createMember>>;
const NOW = new Date("2026-03-10T15:20:00Z");
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, viewer: Member;
let prod: { id: string; clientId: string }, dev: { id: string; clientId: string }, foreign: { id: string };

async function key(
  orgId: string,
  slug: string,
  userId: string,
  name: string,
  environment: "production" | "development",
) {
  const { credential } = await createCredential(
    { kind: "user", authenticatedAt: new Date(), userId, orgId, role: "owner" },
    { orgSlug: slug, name, environment, scopes: ["read:agents"], expiry: { kind: "never" } },
  );
  return credential;
}

async function count(orgId: string, apiKeyId: string, at: string, kind: string, outcome: string, n: number) {
  await getDb().usageCounter.create({ data: { orgId, apiKeyId, bucketStart: new Date(at), kind, outcome, count: n } });
}

beforeAll(async () => {
  org = await createOrg();
  otherOrg = await createOrg();
  owner = await createMember(org.id, "owner");
  viewer = await createMember(org.id, "viewer");
  const otherOwner = await createMember(otherOrg.id, "owner");
  prod = await key(org.id, org.slug, owner.id, "Prod API", "production");
  dev = await key(org.id, org.slug, owner.id, "Dev laptop", "development");
  foreign = await key(otherOrg.id, otherOrg.slug, otherOwner.id, "Theirs", "production");

  // Today (2026-03-10), within the last 24 h.
  await count(org.id, prod.id, "2026-03-10T15:00:00Z", "GET /v1/agents", "2xx", 900);
  await count(org.id, prod.id, "2026-03-10T15:00:00Z", "POST /v1/agents", "2xx", 270);
  await count(org.id, prod.id, "2026-03-10T14:00:00Z", "GET /v1/agents", "429", 34);
  await count(org.id, prod.id, "2026-03-10T09:00:00Z", "GET /v1/agents", "4xx_auth", 12);
  await count(org.id, prod.id, "2026-03-10T09:00:00Z", "GET /v1/agents/{id}", "4xx", 3);
  await count(org.id, prod.id, "2026-03-10T09:00:00Z", "token", "success", 7);
  await count(org.id, prod.id, "2026-03-10T09:00:00Z", "token", "failure", 2);
  // Yesterday 16:00 is inside the last 24 h; 15:00 is not.
  await count(org.id, prod.id, "2026-03-09T16:00:00Z", "GET /v1/agents", "5xx", 1);
  await count(org.id, prod.id, "2026-03-09T15:00:00Z", "GET /v1/agents", "2xx", 50);
  // Nine days ago: in 30 d only, and outside the default 7-day report.
  await count(org.id, prod.id, "2026-03-01T10:00:00Z", "GET /v1/agents", "2xx", 5);
  await count(org.id, dev.id, "2026-03-10T08:00:00Z", "GET /v1/agents", "2xx", 4);
  await count(otherOrg.id, foreign.id, "2026-03-10T08:00:00Z", "GET /v1/agents", "2xx", 999);
});

afterEach(() => signInAs(null));

// The recent failures are for roles with audit:read; tests/integration/audit-visibility.test.ts covers the others.
const asOwner = () => ({
  kind: "user" as const,
  authenticatedAt: new Date(),
  userId: owner.id,
  orgId: org.id,
  role: "owner" as const,
});

const UsageQuery = usageQueryAt(() => NOW);

describe("UsageQuery", () => {
  it("defaults to the last 7 UTC days including today, as a half-open range", () => {
    expect(UsageQuery.parse({})).toEqual({
      from: new Date("2026-03-04T00:00:00Z"),
      to: new Date("2026-03-11T00:00:00Z"),
    });
    expect(UsageQuery.parse({ from: "2026-03-01", to: "2026-03-02T23:00:00+00:00" })).toEqual({
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-03T00:00:00Z"),
    });
  });

  it("refuses ranges over 90 days, reversed ranges and non-dates", () => {
    expect(UsageQuery.safeParse({ from: "2025-12-10", to: "2026-03-09" }).success).toBe(true); // exactly 90 days
    expect(UsageQuery.safeParse({ from: "2025-12-09", to: "2026-03-09" }).success).toBe(false);
    expect(UsageQuery.safeParse({ from: "2025-01-01" }).success).toBe(false);
    expect(UsageQuery.safeParse({ from: "2026-03-05", to: "2026-03-04" }).success).toBe(false);
    expect(UsageQuery.safeParse({ from: "yesterday" }).success).toBe(false);
  });
});

describe("getOrgUsage", () => {
  it("reports requests by outcome and token issuances per key and UTC day, only for this organization", async () => {
    const { data } = await getOrgUsage(org.id, UsageQuery.parse({}));
    expect(data).toEqual([
      {
        client_id: prod.clientId,
        key_name: "Prod API",
        date: "2026-03-09",
        requests: { "2xx": 50, "4xx_auth": 0, "429": 0, "4xx": 0, "5xx": 1 },
        token_issuances: 0,
        token_failures: 0,
      },
      {
        client_id: dev.clientId,
        key_name: "Dev laptop",
        date: "2026-03-10",
        requests: { "2xx": 4, "4xx_auth": 0, "429": 0, "4xx": 0, "5xx": 0 },
        token_issuances: 0,
        token_failures: 0,
      },
      {
        client_id: prod.clientId,
        key_name: "Prod API",
        date: "2026-03-10",
        requests: { "2xx": 1170, "4xx_auth": 12, "429": 34, "4xx": 3, "5xx": 0 },
        token_issuances: 7,
        token_failures: 2,
      },
    ]);
  });

  it("filters by the keys' environment and by the date range", async () => {
    const { data } = await getOrgUsage(org.id, {
      ...UsageQuery.parse({ from: "2026-03-01", to: "2026-03-10" }),
      environment: "development",
    });
    expect(data.map((row) => [row.key_name, row.date])).toEqual([["Dev laptop", "2026-03-10"]]);
    const early = await getOrgUsage(org.id, UsageQuery.parse({ from: "2026-03-01", to: "2026-03-01" }));
    expect(early.data.map((row) => [row.key_name, row.requests["2xx"]])).toEqual([["Prod API", 5]]);
    expect((await getOrgUsage(otherOrg.id, UsageQuery.parse({}))).data.map((row) => row.key_name)).toEqual(["Theirs"]);
  });
});

describe("getCredentialUsage", () => {
  it("gives 24 hourly buckets ending with the current hour, stacked by outcome, with a summary", async () => {
    const usage = await getCredentialUsage(asOwner(), prod.id, "24h", NOW);
    expect(usage.granularity).toBe("hour");
    expect(usage.points).toHaveLength(24);
    expect(usage.points[0]!.start).toBe("2026-03-09T16:00:00.000Z");
    expect(usage.points.at(-1)).toEqual({
      start: "2026-03-10T15:00:00.000Z",
      ok: 1170,
      authFailed: 0,
      rateLimited: 0,
      otherErrors: 0,
      tokenIssuances: 0,
      tokenFailures: 0,
    });
    expect(usage.totals).toEqual({
      requests: 1220,
      ok: 1170,
      authFailed: 12,
      rateLimited: 34,
      otherErrors: 4,
      tokenIssuances: 7,
      tokenFailures: 2,
    });
    expect(usage.summary).toBe(
      "1,220 requests in the last 24 h, 3% rate-limited, <1% denied (401/403); 7 access tokens issued, 2 failed token requests.",
    );
  });

  it("gives daily buckets for 7 and 30 days", async () => {
    const week = await getCredentialUsage(asOwner(), prod.id, "7d", NOW);
    expect(week.points.map((p) => p.start.slice(0, 10))).toEqual([
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
      "2026-03-09",
      "2026-03-10",
    ]);
    expect(week.points[5]).toMatchObject({ ok: 50, otherErrors: 1 });
    expect(week.totals.requests).toBe(1270);
    const month = await getCredentialUsage(asOwner(), prod.id, "30d", NOW);
    expect(month.points).toHaveLength(30);
    expect(month.totals.requests).toBe(1275);
    expect(month.summary.startsWith("1,275 requests in the last 30 days, 3% rate-limited")).toBe(true);
  });

  it("shows last use and the key's recent failures, newest first", async () => {
    await getDb()
      .$executeRaw`UPDATE api_keys SET last_used_at = ${NOW}, last_used_ip = '203.0.113.9', last_used_user_agent = 'curl/8.5' WHERE id = ${prod.id}::uuid`;
    const db = getDb();
    for (const [i, reason] of ["invalid_secret", "expired_secret"].entries()) {
      await db.auditEvent.create({
        data: {
          orgId: org.id,
          actorType: "api_key",
          actorId: prod.id,
          action: "oauth.client_auth_failed",
          targetType: "api_key",
          targetId: prod.id,
          outcome: "failure",
          ip: "198.51.100.7",
          metadata: { reason, endpoint: "token" },
          createdAt: new Date(NOW.getTime() - (2 - i) * 60_000),
        },
      });
    }
    const usage = await getCredentialUsage(asOwner(), prod.id, "24h", NOW);
    expect(usage.lastUsed).toEqual({ at: NOW.toISOString(), ip: "203.0.113.9", userAgent: "curl/8.5" });
    expect(usage.recentFailures?.map((f) => [f.reason, f.ip, f.endpoint])).toEqual([
      ["expired_secret", "198.51.100.7", "token"],
      ["invalid_secret", "198.51.100.7", "token"],
    ]);
  });

  it("another organization's key is not found", async () => {
    await expect(getCredentialUsage(asOwner(), foreign.id, "24h", NOW)).rejects.toMatchObject({ code: "not_found" });
  });

  it("summarizes a quiet key without percentages", () => {
    const zero = {
      requests: 0,
      ok: 0,
      authFailed: 0,
      rateLimited: 0,
      otherErrors: 0,
      tokenIssuances: 0,
      tokenFailures: 0,
    };
    expect(summarizeUsage(zero, "7d")).toBe("No API requests in the last 7 days.");
    expect(summarizeUsage({ ...zero, tokenIssuances: 1 }, "24h")).toBe(
      "No API requests in the last 24 h; 1 access token issued.",
    );
  });
});

describe("GET /api/orgs/{orgSlug}/credentials/{id}/usage", () => {
  const get = (
    slug: string,
    id: string,
    query = "",
    headers: Record<string, string> = { "sec-fetch-site": "same-origin" },
  ) =>
    GET(new Request(`http://localhost:3000/api/orgs/${slug}/credentials/${id}/usage${query}`, { headers }), {
      params: Promise.resolve({ orgSlug: slug, credentialId: id }),
    });

  it("gives any member the key's usage, never cached", async () => {
    signInAs(viewer);
    const response = await get(org.slug, prod.id, "?range=30d");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body.range).toBe("30d");
    expect(body.points).toHaveLength(30);
    expect(typeof body.summary).toBe("string");
  });

  it("falls back to 24 h for an unknown range", async () => {
    signInAs(owner);
    expect((await (await get(org.slug, prod.id, "?range=1y")).json()).range).toBe("24h");
  });

  it("is 401 signed out, 403 cross-site, 404 for another organization's key, a non-member or a malformed id", async () => {
    expect((await get(org.slug, prod.id)).status).toBe(401);
    signInAs(owner);
    expect((await get(org.slug, prod.id, "", { "sec-fetch-site": "cross-site" })).status).toBe(403);
    expect((await get(org.slug, foreign.id)).status).toBe(404);
    expect((await get(otherOrg.slug, foreign.id)).status).toBe(404);
    expect((await get(org.slug, "not-a-uuid")).status).toBe(404);
  });
});
