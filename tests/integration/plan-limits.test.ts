// Plans and limits against PostgreSQL (RL-05..RL-09): Settings > Plan & limits' data for every
// role, the limiter peek that consumes nothing, refusals (429) counted per UTC day apart from the
// usage report, the operator's set-plan with its audit row, and a plan change reaching the
// limiters of this instance (local events) and of another one (LISTEN/NOTIFY, on a real server).
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { GET, POST } from "@/app/v1/[...path]/route";
import { guardApiRequest } from "@/lib/api/guard";
import { getOrgUsage, UsageQuery } from "@/lib/analytics/usage";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { userActor } from "@/lib/authz/actor";
import { CredentialCache, loadCredentialRecord } from "@/lib/credentials/credential-cache";
import { getDb } from "@/lib/db/client";
import { ROLES } from "@/lib/db/enums";
import { EDGE_HEADER, stampedClientIp } from "@/lib/http/client-ip";
import type { RequestParts } from "@/lib/http/request-parts";
import { getPlanOverview, REJECTION_DAYS } from "@/lib/orgs/get-plan-overview";
import { OPERATOR_ACTOR_LABEL, setPlan, SetPlanInput } from "@/lib/orgs/set-plan";
import { PlanChangePoll } from "@/lib/credentials/plan-change-poll";
import { PLAN_TOKEN_LIMITS } from "@/lib/rate-limit/token-limits";
import { LocalEvents } from "@/lib/runtime/local-events";
import { createKey, issueToken, postForm, TEST_BASE_URL } from "../helpers/api-keys";
import { createMember, createOrg, createOrgWithEveryRole } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

const DAY_MS = 86_400_000;
const otherCaches: CredentialCache[] = [];
afterAll(async () => {
  await Promise.all(otherCaches.map((cache) => cache.stop()));
});
const operator = { kind: "operator" as const };
const limits = () => testRuntime().limits;

const callAgents = (token: string) =>
  GET(
    new Request(`${TEST_BASE_URL}/v1/agents`, {
      headers: { [EDGE_HEADER]: stampedClientIp("198.51.100.30"), authorization: `Bearer ${token}` },
    }),
  );

const requestToken = (key: { clientId: string; clientSecret: string }) =>
  postForm(POST, "/v1/auth/token", {
    grant_type: "client_credentials",
    client_id: key.clientId,
    client_secret: key.clientSecret,
  });

async function ownerOf(orgId: string) {
  const owner = await createMember(orgId, "owner");
  return userActor(owner.id, orgId, "owner");
}

beforeEach(() => limits().reset());

describe("Settings > Plan & limits: what every member reads", () => {
  it("every role sees the plan, both limits, this minute's use and all 7 UTC days", async () => {
    const people = await createOrgWithEveryRole();
    await getDb().organization.update({ where: { id: people.org.id }, data: { plan: "professional" } });
    const key = await createKey(people.org.id, { scopes: ["read:agents"] });
    const token = await issueToken(key);
    await issueToken(key);
    await callAgents(token);
    const now = new Date("2026-12-03T10:00:00Z");
    for (const role of ROLES) {
      const member = people[role];
      const overview = await getPlanOverview(userActor(member.id, people.org.id, role), { limits: limits(), now });
      expect(overview.plan, role).toBe("professional");
      expect(overview.planLabel).toBe("Professional");
      expect(overview.limits).toEqual([
        expect.objectContaining({ kind: "tokens", perMinute: 600, usedThisMinute: 2 }),
        expect.objectContaining({ kind: "api", perMinute: 6000, usedThisMinute: 1 }),
      ]);
      expect(overview.rejections.map((day) => day.date)).toEqual([
        "2026-11-27",
        "2026-11-28",
        "2026-11-29",
        "2026-11-30",
        "2026-12-01",
        "2026-12-02",
        "2026-12-03",
      ]);
      expect(overview.rejections.every((day) => day.tokens === 0 && day.api === 0)).toBe(true);
    }
    // Another organization's member reads their own organization, never this one's counters.
    const theirs = await getPlanOverview(userActor(people.otherOwner.id, people.otherOrg.id, "owner"), {
      limits: limits(),
      now,
    });
    expect(theirs.plan).toBe("starter");
    expect(theirs.limits.map((limit) => limit.usedThisMinute)).toEqual([0, 0]);
  });

  it("Enterprise shows both limits as unlimited, with nothing counted", async () => {
    const org = await createOrg({ plan: "enterprise" });
    const overview = await getPlanOverview(await ownerOf(org.id), { limits: limits() });
    expect(overview.limits.map(({ perMinute, usedThisMinute }) => ({ perMinute, usedThisMinute }))).toEqual([
      { perMinute: null, usedThisMinute: null },
      { perMinute: null, usedThisMinute: null },
    ]);
  });

  it("the peek consumes nothing: reading the page never costs a request of the limit", async () => {
    limits().reset({
      apiLimits: { starter: { requestsPerWindow: 2, windowSeconds: 60 }, professional: null, enterprise: null },
    });
    const org = await createOrg({ plan: "starter" });
    const owner = await ownerOf(org.id);
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    expect((await callAgents(token)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      const api = (await getPlanOverview(owner, { limits: limits() })).limits[1]!;
      expect(api).toMatchObject({ usedThisMinute: 1, perMinute: 600 });
      expect(api.resetSeconds).toBeGreaterThan(0);
    }
    // Had any of the five peeks consumed, this second request would be refused.
    expect((await callAgents(token)).status).toBe(200);
    expect((await callAgents(token)).status).toBe(429);
    expect(await limits().api.peek("starter", org.id)).toMatchObject({ used: 2, limit: 2 });
  });
});

describe("refusals (429) per UTC day", () => {
  it("counts token and API refusals per day, written with the batch, not on the request", async () => {
    limits().reset({
      apiLimits: { starter: { requestsPerWindow: 1, windowSeconds: 60 }, professional: null, enterprise: null },
    });
    const org = await createOrg({ plan: "starter" });
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    await testRuntime().activity.flush();
    const token = await issueToken(key);
    const tokensPerMinute = PLAN_TOKEN_LIMITS.starter!.tokensPerWindow;
    const statuses: number[] = [];
    for (let i = 0; i < tokensPerMinute + 2; i++) statuses.push((await requestToken(key)).status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(3);
    expect((await callAgents(token)).status).toBe(200);
    expect((await callAgents(token)).status).toBe(429);
    // Nothing is written on the request path.
    expect(await getDb().rateLimitRejection.count({ where: { orgId: org.id } })).toBe(0);
    await testRuntime().activity.flush();

    // Two earlier days, as other instances' batches would have written them.
    const activity = testRuntime().activity;
    const now = new Date();
    activity.rateLimited({ orgId: org.id, at: new Date(now.getTime() - 2 * DAY_MS), limit: "api" });
    activity.rateLimited({ orgId: org.id, at: new Date(now.getTime() - 2 * DAY_MS), limit: "api" });
    activity.rateLimited({ orgId: org.id, at: new Date(now.getTime() - 9 * DAY_MS), limit: "tokens" });
    await activity.flush();

    const overview = await getPlanOverview(await ownerOf(org.id), { limits: limits(), now });
    expect(overview.rejections).toHaveLength(REJECTION_DAYS);
    const today = overview.rejections.at(-1)!;
    expect(today).toEqual({ date: now.toISOString().slice(0, 10), tokens: 3, api: 1 });
    expect(overview.rejections.at(-3)).toMatchObject({ tokens: 0, api: 2 });
    // Nine days ago is outside the 7 days shown; every other day is present with zeros.
    const sum = overview.rejections.reduce((total, day) => total + day.tokens + day.api, 0);
    expect(sum).toBe(6);
  });

  it("leaves GET /v1/analytics/usage as it was: token refusals are no token failures, API ones stay one 429 each", async () => {
    limits().reset({
      apiLimits: { starter: { requestsPerWindow: 1, windowSeconds: 60 }, professional: null, enterprise: null },
    });
    const org = await createOrg({ plan: "starter" });
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const tokensPerMinute = PLAN_TOKEN_LIMITS.starter!.tokensPerWindow;
    let token = "";
    for (let i = 0; i < tokensPerMinute; i++) token = await issueToken(key);
    expect((await requestToken(key)).status).toBe(429);
    expect((await requestToken(key)).status).toBe(429);
    expect((await callAgents(token)).status).toBe(200);
    expect((await callAgents(token)).status).toBe(429);
    await testRuntime().activity.flush();
    expect(
      (await getDb().rateLimitRejection.findMany({ where: { orgId: org.id }, select: { kind: true, count: true } }))
        .map((row) => `${row.kind}:${row.count}`)
        .sort(),
    ).toEqual(["api:1", "tokens:2"]);
    const { data } = await getOrgUsage(org.id, UsageQuery.parse({}));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({
      client_id: key.clientId,
      token_issuances: tokensPerMinute,
      token_failures: 0,
      requests: { "2xx": 1, "4xx_auth": 0, "429": 1, "4xx": 0, "5xx": 0 },
    });
  });
});

describe("set-plan (the operator's command line)", () => {
  it("changes the plan and writes organization.plan_changed by Operator (CLI) in the same transaction", async () => {
    const org = await createOrg({ plan: "starter" });
    const now = new Date("2026-12-03T09:30:00Z");
    const result = await setPlan(operator, { slug: org.slug, plan: "enterprise" }, { now });
    expect(result).toEqual({ slug: org.slug, name: org.name, from: "starter", to: "enterprise", changed: true });
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: org.id } })).plan).toBe("enterprise");
    const events = await getDb().auditEvent.findMany({ where: { orgId: org.id, action: "organization.plan_changed" } });
    expect(events).toEqual([
      expect.objectContaining({
        actorType: "system",
        actorId: null,
        actorLabel: OPERATOR_ACTOR_LABEL,
        targetType: "organization",
        targetId: org.id,
        targetLabel: org.name,
        outcome: "success",
        createdAt: now,
        metadata: { from: "starter", to: "enterprise", at: now.toISOString() },
      }),
    ]);
    // The audit log names the operator as such.
    const page = await listAuditEvents(await ownerOf(org.id), { action: "organization.plan_changed" });
    expect(page.items.map((item) => [item.actor.type, item.actor.label])).toEqual([["system", "Operator (CLI)"]]);
    expect(page.items[0]!.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ value: "starter" }),
        expect.objectContaining({ value: "enterprise" }),
      ]),
    );
  });

  it("the same plan again changes nothing and writes no event", async () => {
    const org = await createOrg({ plan: "professional" });
    const result = await setPlan(operator, { slug: org.slug, plan: "professional" });
    expect(result.changed).toBe(false);
    expect(await getDb().auditEvent.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("an unknown slug is not_found, and nothing anywhere changes", async () => {
    const before = await getDb().auditEvent.count({ where: { action: "organization.plan_changed" } });
    await expect(setPlan(operator, { slug: "no-such-org-here", plan: "enterprise" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await getDb().auditEvent.count({ where: { action: "organization.plan_changed" } })).toBe(before);
  });

  it("refuses an unknown plan and a malformed slug at its input schema", () => {
    expect(SetPlanInput.safeParse({ slug: "acme", plan: "gold" }).success).toBe(false);
    expect(SetPlanInput.safeParse({ slug: "Acme Corp", plan: "starter" }).success).toBe(false);
    expect(SetPlanInput.safeParse({ slug: "acme", plan: "starter" }).success).toBe(true);
  });

  it("a dashboard user needs plan:manage (owners) and reaches only their own organization", async () => {
    const people = await createOrgWithEveryRole();
    for (const role of ["admin", "developer", "viewer"] as const) {
      await expect(
        setPlan(userActor(people[role].id, people.org.id, role), { slug: people.org.slug, plan: "enterprise" }),
      ).rejects.toMatchObject({ code: "forbidden" });
    }
    // Another organization's owner naming this slug: not_found, and this organization unchanged.
    await expect(
      setPlan(userActor(people.otherOwner.id, people.otherOrg.id, "owner"), {
        slug: people.org.slug,
        plan: "enterprise",
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: people.org.id } })).plan).toBe("starter");
    expect(await getDb().auditEvent.count({ where: { orgId: people.org.id } })).toBe(0);

    const owner = userActor(people.owner.id, people.org.id, "owner");
    await setPlan(owner, { slug: people.org.slug, plan: "professional" });
    const [event] = await getDb().auditEvent.findMany({ where: { orgId: people.org.id } });
    expect(event).toMatchObject({
      actorType: "user",
      actorId: people.owner.id,
      metadata: { from: "starter", to: "professional" },
    });
  });
});

describe("a plan change reaches the limiters", () => {
  it("in this instance: the next token and API requests count against the new plan", async () => {
    const org = await createOrg({ plan: "starter" });
    const key = await createKey(org.id, { scopes: ["read:agents"] });
    const first = await requestToken(key);
    expect(first.headers.get("ratelimit-limit")).toBe("60");
    const token = ((await first.json()) as { access_token: string }).access_token;
    expect((await callAgents(token)).headers.get("ratelimit-limit")).toBe("600");
    // The record is cached now; the change must drop it, not wait for its TTL.
    expect(testRuntime().credentials.cached(key.clientId)?.plan).toBe("starter");
    await setPlan(operator, { slug: org.slug, plan: "professional" });
    expect(testRuntime().credentials.cached(key.clientId)).toBeUndefined();
    expect((await requestToken(key)).headers.get("ratelimit-limit")).toBe("600");
    expect((await callAgents(token)).headers.get("ratelimit-limit")).toBe("6000");
    // The same token keeps working: the plan is no claim of it.
    await setPlan(operator, { slug: org.slug, plan: "enterprise" });
    const unlimited = await callAgents(token);
    expect(unlimited.status).toBe(200);
    expect(unlimited.headers.get("ratelimit-limit")).toBeNull();
  });
});

describe("a plan change by another process reaches an embedded server", () => {
  it("the poll drops the records that carry the old plan, and only those", async () => {
    // An embedded server's cache: local events only, which another process's change never reaches.
    const cache = new CredentialCache({
      loadRecord: (clientId) => loadCredentialRecord(getDb(), clientId),
      events: new LocalEvents(),
      log: testRuntime().log,
    });
    otherCaches.push(cache);
    const poll = new PlanChangePoll(() => getDb(), cache, new Date(Date.now() - 1000));
    const changed = await createOrg({ plan: "starter" });
    const untouched = await createOrg({ plan: "starter" });
    const [a, b] = [await createKey(changed.id), await createKey(untouched.id)];
    await cache.get(a.clientId);
    await cache.get(b.clientId);
    await poll.tick();
    expect(cache.cached(a.clientId)?.plan).toBe("starter");
    // As `npm run orgs -- set-plan` through the socket would: no NOTIFY heard, no local event.
    await getDb().organization.update({ where: { id: changed.id }, data: { plan: "professional" } });
    await poll.tick();
    expect(cache.cached(a.clientId)).toBeUndefined();
    expect((await cache.get(a.clientId))?.plan).toBe("professional");
    expect(cache.cached(b.clientId)?.plan).toBe("starter");
    await poll.stop();
  });
});

const embedded = inject("databaseEmbedded");

/** A GET /v1/agents as the dispatcher receives it. */
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
  requestId: "req-plan",
});

describe.skipIf(embedded)("a plan change reaches another instance (PostgreSQL LISTEN/NOTIFY)", () => {
  it("another instance's guard applies the new plan's limit within 1 s", async () => {
    // The other instance: its own credential cache, local events and LISTEN connection.
    const cache = new CredentialCache({
      loadRecord: (clientId) => loadCredentialRecord(getDb(), clientId),
      events: new LocalEvents(),
      log: testRuntime().log,
      listenUrl: inject("databaseUrl"),
    });
    otherCaches.push(cache);
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(true);
    const otherInstance = { ...testRuntime().api, keys: cache };

    const org = await createOrg({ plan: "starter" });
    const token = await issueToken(await createKey(org.id, { scopes: ["read:agents"] }));
    const before = await guardApiRequest(agentsRequest(token), "read:agents", otherInstance);
    expect(before.ok && before.headers["RateLimit-Limit"]).toBe("600");

    const changedAt = Date.now();
    await setPlan(operator, { slug: org.slug, plan: "professional" });
    await expect
      .poll(
        async () => {
          const result = await guardApiRequest(agentsRequest(token), "read:agents", otherInstance);
          return result.ok ? result.headers["RateLimit-Limit"] : null;
        },
        { timeout: 1000, interval: 20 },
      )
      .toBe("6000");
    expect(Date.now() - changedAt).toBeLessThan(1000);
    expect(cache.cached((await getDb().apiKey.findFirstOrThrow({ where: { orgId: org.id } })).clientId)?.plan).toBe(
      "professional",
    );
  });
});
