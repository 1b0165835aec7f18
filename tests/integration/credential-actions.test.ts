// Every Settings > API Credentials server action against PostgreSQL: happy path, no session, wrong
// role, another organization's key (not found, nothing changed), invalid input; plus concurrent
// rotations and change notifications. Only next-auth's session lookup is faked.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createCredentialAction,
  endRotationGraceAction,
  revokeCredentialAction,
  rotateCredentialAction,
  updateCredentialAction,
} from "@/lib/actions/credentials";
import { CLIENT_SECRET_PATTERN, hashClientSecret } from "@/lib/credentials/secret";
import { getDb } from "@/lib/db/client";
import { createMember, createOrgWithEveryRole } from "../helpers/factories";
import { signInAs } from "../helpers/credential-session";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, admin: Member, developer: Member, viewer: Member, otherOwner: Member;

beforeAll(async () => {
  ({ org, otherOrg, owner, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole());
});

let realNow: () => Date;
beforeAll(() => {
  realNow = testRuntime().clock.now;
});
afterEach(() => {
  signInAs(null);
  testRuntime().clock.now = realNow;
});

/** Pins the runtime's clock, which every action passes its use case as `now`; afterEach restores it. */
function pinClock(): Date {
  const fixed = new Date(Math.floor(Date.now() / 1000) * 1000 + 1234);
  testRuntime().clock.now = () => fixed;
  return fixed;
}

const baseCreate = () => ({
  orgSlug: org.slug,
  name: "Billing worker",
  environment: "production" as const,
  scopes: ["read:agents", "write:agents"],
  expiry: { kind: "never" as const },
});

async function createKey(as: Member, overrides: Record<string, unknown> = {}) {
  signInAs(as);
  const result = await createCredentialAction({ ...baseCreate(), ...overrides });
  if (!result.ok) throw new Error(`create failed: ${result.code} ${result.message}`);
  signInAs(null);
  return result.data;
}

const rawKey = (id: string) =>
  getDb().apiKey.findUniqueOrThrow({ where: { id }, omit: { secretHash: false, previousSecretHash: false } });

const auditFor = (id: string) =>
  getDb().auditEvent.findMany({ where: { targetType: "api_key", targetId: id }, orderBy: { createdAt: "asc" } });

function expectNoSecretIn(value: unknown, ...secrets: string[]) {
  const text = JSON.stringify(value);
  for (const secret of secrets) expect(text).not.toContain(secret.slice(9, 40));
}

describe("createCredentialAction", () => {
  it("creates a key, returns its secret once, stores only the digest and audits without the secret", async () => {
    signInAs(owner);
    const result = await createCredentialAction({
      ...baseCreate(),
      scopes: ["write:agents", "read:agents", "read:agents"],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { credential, clientSecret } = result.data;
    expect(clientSecret).toMatch(CLIENT_SECRET_PATTERN);
    expect(clientSecret.startsWith("wfs_live_")).toBe(true);
    expect(credential).toMatchObject({
      name: "Billing worker",
      environment: "production",
      scopes: ["read:agents", "write:agents"],
    });
    expect(credential.secretHint).toBe(`wfs_live_…${clientSecret.slice(-4)}`);
    expect(credential.status).toEqual({ kind: "active" });
    expect(credential.createdBy).toEqual({ id: owner.id, name: owner.name });
    expectNoSecretIn(credential, clientSecret);
    expect(Object.keys(credential)).not.toContain("secretHash");

    const row = await rawKey(credential.id);
    expect(Buffer.from(row.secretHash).equals(hashClientSecret(clientSecret))).toBe(true);
    expect(row.orgId).toBe(org.id);
    const audit = await auditFor(credential.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: "credential.created",
      actorId: owner.id,
      orgId: org.id,
      outcome: "success",
    });
    expectNoSecretIn(audit, clientSecret);
  });

  it("turns expiry presets into dates and refuses a date in the past", async () => {
    signInAs(owner);
    const now = pinClock();
    const thirty = await createCredentialAction({ ...baseCreate(), expiry: { kind: "days", days: 30 } });
    expect(thirty.ok).toBe(true);
    if (thirty.ok) {
      expect(thirty.data.credential.expiresAt).toBe(new Date(now.getTime() + 30 * 86_400_000).toISOString());
      expect((await rawKey(thirty.data.credential.id)).expiresAt).toEqual(new Date(now.getTime() + 30 * 86_400_000));
    }
    const before = await getDb().apiKey.count({ where: { orgId: org.id } });
    const past = await createCredentialAction({
      ...baseCreate(),
      expiry: { kind: "date", date: "2020-01-01T00:00:00.000Z" },
    });
    expect(past).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { expiry: ["Choose a date in the future."] },
    });
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(before);
  });

  it("refuses a signed-out caller before looking at the input", async () => {
    const before = await getDb().apiKey.count();
    expect(await createCredentialAction(baseCreate())).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await createCredentialAction({ nonsense: true })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await getDb().apiKey.count()).toBe(before);
  });

  it("lets a viewer create nothing and a developer create only development and staging keys", async () => {
    signInAs(viewer);
    expect(await createCredentialAction({ ...baseCreate(), environment: "development" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    signInAs(developer);
    expect(await createCredentialAction(baseCreate())).toMatchObject({ ok: false, code: "forbidden" });
    expect(await createCredentialAction({ ...baseCreate(), environment: "staging" })).toMatchObject({ ok: true });
    signInAs(admin);
    expect(await createCredentialAction(baseCreate())).toMatchObject({ ok: true });
  });

  it("answers another organization's slug as not found and creates nothing there", async () => {
    signInAs(otherOwner);
    const before = await getDb().apiKey.count({ where: { orgId: org.id } });
    expect(await createCredentialAction(baseCreate())).toMatchObject({ ok: false, code: "not_found" });
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(before);
  });

  it("rejects unknown fields, missing scopes, unknown scopes and bad names", async () => {
    signInAs(owner);
    const cases = [
      { ...baseCreate(), orgId: otherOrg.id },
      { ...baseCreate(), scopes: [] },
      { ...baseCreate(), scopes: ["delete:everything"] },
      { ...baseCreate(), name: "   " },
      { ...baseCreate(), name: "x".repeat(101) },
      { ...baseCreate(), environment: "prod" },
      { ...baseCreate(), expiry: { kind: "days", days: 45 } },
    ];
    for (const input of cases)
      expect(await createCredentialAction(input)).toMatchObject({ ok: false, code: "invalid_request" });
    const empty = await createCredentialAction({ ...baseCreate(), scopes: [] });
    expect(empty).toMatchObject({ fieldErrors: { scopes: ["Choose at least one scope."] } });
  });
});

describe("rotateCredentialAction", () => {
  it("with a grace period keeps the old secret valid until then and live tokens alive", async () => {
    const { credential, clientSecret: oldSecret } = await createKey(owner);
    signInAs(owner);
    const now = pinClock();
    const result = await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "24h" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const newSecret = result.data.clientSecret;
    expect(newSecret).not.toBe(oldSecret);
    expect(newSecret.startsWith("wfs_live_")).toBe(true);
    const row = await rawKey(credential.id);
    expect(Buffer.from(row.secretHash).equals(hashClientSecret(newSecret))).toBe(true);
    expect(Buffer.from(row.previousSecretHash!).equals(hashClientSecret(oldSecret))).toBe(true);
    expect(row.previousSecretValidUntil).toEqual(new Date(now.getTime() + 24 * 3600_000));
    expect(row.tokensValidAfter).toBeNull();
    expect(result.data.credential.status.kind).toBe("rotating");
    expect(result.data.credential.previousSecret?.hint).toBe(credential.secretHint);
    const audit = await auditFor(credential.id);
    expect(audit.map((e) => e.action)).toEqual(["credential.created", "credential.rotated"]);
    expect(audit[1]!.metadata).toMatchObject({ grace: "24h", liveTokensEnded: false });
    expectNoSecretIn(audit, oldSecret, newSecret);
  });

  it("immediately drops the old secret and ends every token minted before", async () => {
    const { credential } = await createKey(owner);
    signInAs(admin);
    const before = Date.now();
    const result = await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "now" });
    expect(result.ok).toBe(true);
    const row = await rawKey(credential.id);
    expect(row.previousSecretHash).toBeNull();
    expect(row.previousSecretHint).toBeNull();
    expect(row.previousSecretValidUntil).toBeNull();
    // Cut at commit by the database's clock, in whole seconds (as `iat` is), past the rotation.
    expect(row.tokensValidAfter!.getMilliseconds()).toBe(0);
    expect(row.tokensValidAfter!.getTime()).toBeGreaterThan(before);
  });

  it("refuses a signed-out caller, a viewer, and a developer on a key it did not create", async () => {
    const { credential } = await createKey(owner, { environment: "development" });
    const before = await rawKey(credential.id);
    const input = { orgSlug: org.slug, credentialId: credential.id, grace: "1h" };
    expect(await rotateCredentialAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(viewer);
    expect(await rotateCredentialAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(developer);
    expect(await rotateCredentialAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    expect(await rawKey(credential.id)).toEqual(before);

    const own = await createKey(developer, { environment: "development" });
    signInAs(developer);
    expect(await rotateCredentialAction({ ...input, credentialId: own.credential.id })).toMatchObject({ ok: true });
  });

  it("answers another organization's key id as not found and leaves the key unchanged", async () => {
    const { credential } = await createKey(owner);
    const before = await rawKey(credential.id);
    signInAs(otherOwner);
    // Through the other org's own slug: the key is not in that org.
    expect(
      await rotateCredentialAction({ orgSlug: otherOrg.slug, credentialId: credential.id, grace: "now" }),
    ).toMatchObject({ ok: false, code: "not_found" });
    // Through the key's org slug: not a member.
    expect(
      await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "now" }),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(await rawKey(credential.id)).toEqual(before);
    // The attempt through the other organization's own slug is recorded there, not in the key's.
    expect((await auditFor(credential.id)).map((e) => [e.action, e.orgId])).toEqual([
      ["credential.created", org.id],
      ["access.denied", otherOrg.id],
    ]);
  });

  it("rejects an unknown grace, a malformed id and extra fields", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    for (const input of [
      { orgSlug: org.slug, credentialId: credential.id, grace: "2h" },
      { orgSlug: org.slug, credentialId: "not-a-uuid", grace: "now" },
      { orgSlug: org.slug, credentialId: credential.id, grace: "now", secret: "mine" },
    ]) {
      expect(await rotateCredentialAction(input)).toMatchObject({ ok: false, code: "invalid_request" });
    }
  });

  it("a second rotation ends the first one's grace: never more than two valid secrets", async () => {
    const { credential, clientSecret: first } = await createKey(owner);
    signInAs(owner);
    const a = await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "7d" });
    const b = await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "7d" });
    if (!a.ok || !b.ok) throw new Error("rotation failed");
    const row = await rawKey(credential.id);
    expect(Buffer.from(row.secretHash).equals(hashClientSecret(b.data.clientSecret))).toBe(true);
    expect(Buffer.from(row.previousSecretHash!).equals(hashClientSecret(a.data.clientSecret))).toBe(true);
    const stored = [row.secretHash, row.previousSecretHash].map((d) => Buffer.from(d!));
    expect(stored.some((d) => d.equals(hashClientSecret(first)))).toBe(false);
  });

  it("two concurrent rotations: both succeed one after the other, the later one wins, ≤ 2 valid secrets", async () => {
    const { credential, clientSecret: original } = await createKey(owner);
    signInAs(owner);
    const results = await Promise.all([
      rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "24h" }),
      rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "24h" }),
    ]);
    const secrets = results.map((r) => (r.ok ? r.data.clientSecret : null));
    expect(secrets.every(Boolean)).toBe(true);
    const row = await rawKey(credential.id);
    const current = Buffer.from(row.secretHash);
    const previous = Buffer.from(row.previousSecretHash!);
    const winner = secrets.findIndex((s) => current.equals(hashClientSecret(s!)));
    expect(winner).toBeGreaterThanOrEqual(0);
    // The loser's secret is the one the winner rotated out; the original secret is gone.
    expect(previous.equals(hashClientSecret(secrets[1 - winner]!))).toBe(true);
    expect(current.equals(hashClientSecret(original)) || previous.equals(hashClientSecret(original))).toBe(false);
    expect((await auditFor(credential.id)).filter((e) => e.action === "credential.rotated")).toHaveLength(2);
  });

  it("two concurrent rotations of the secret both callers saw: one wins, the other is a conflict shown no secret", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    const input = {
      orgSlug: org.slug,
      credentialId: credential.id,
      grace: "now",
      currentSecretCreatedAt: credential.secretCreatedAt,
    };
    const results = await Promise.all([rotateCredentialAction(input), rotateCredentialAction(input)]);
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toEqual([expect.objectContaining({ ok: false, code: "conflict" })]);
    expect(JSON.stringify(lost)).not.toContain("wfs_");
    // The one secret shown is the one that works.
    const row = await rawKey(credential.id);
    expect(Buffer.from(row.secretHash).equals(hashClientSecret(won[0]!.ok ? won[0]!.data.clientSecret : ""))).toBe(
      true,
    );
    expect((await auditFor(credential.id)).filter((e) => e.action === "credential.rotated")).toHaveLength(1);
    // Seeing the current secret's time again, the next rotation goes through.
    const fresh = won[0]!.ok ? won[0]!.data.credential.secretCreatedAt : "";
    expect(await rotateCredentialAction({ ...input, currentSecretCreatedAt: fresh })).toMatchObject({ ok: true });
  });

  it("refuses to rotate a revoked key", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    await revokeCredentialAction({ orgSlug: org.slug, credentialId: credential.id, reason: "replaced" });
    expect(
      await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "now" }),
    ).toMatchObject({ ok: false, code: "conflict" });
  });
});

describe("revokeCredentialAction", () => {
  it("revokes at once with reason and note, ends live tokens and records who and why", async () => {
    const { credential } = await createKey(owner);
    signInAs(admin);
    const result = await revokeCredentialAction({
      orgSlug: org.slug,
      credentialId: credential.id,
      reason: "other",
      note: "Laptop stolen",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.status.kind).toBe("revoked");
    expect(result.data.revoked).toMatchObject({ by: { id: admin.id }, reason: "other", note: "Laptop stolen" });
    const before = Date.now();
    const row = await rawKey(credential.id);
    expect(row.revokedAt).not.toBeNull();
    expect(row.tokensValidAfter!.getMilliseconds()).toBe(0);
    expect(row.tokensValidAfter!.getTime()).toBeGreaterThan(before - 1_000);
    expect(row.revokedById).toBe(admin.id);
    const audit = await auditFor(credential.id);
    expect(audit.at(-1)).toMatchObject({
      action: "credential.revoked",
      actorId: admin.id,
      metadata: { reason: "other", note: "Laptop stolen" },
    });
    expect(
      await revokeCredentialAction({ orgSlug: org.slug, credentialId: credential.id, reason: "replaced" }),
    ).toMatchObject({ ok: false, code: "conflict" });
  });

  it("refuses a signed-out caller, a viewer and a developer on a production key", async () => {
    const { credential } = await createKey(owner);
    const input = { orgSlug: org.slug, credentialId: credential.id, reason: "compromised" };
    expect(await revokeCredentialAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(viewer);
    expect(await revokeCredentialAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(developer);
    expect(await revokeCredentialAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await rawKey(credential.id)).revokedAt).toBeNull();
  });

  it("answers another organization's key id as not found and leaves the key live", async () => {
    const { credential } = await createKey(owner);
    signInAs(otherOwner);
    expect(
      await revokeCredentialAction({ orgSlug: otherOrg.slug, credentialId: credential.id, reason: "compromised" }),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect((await rawKey(credential.id)).revokedAt).toBeNull();
  });

  it("needs a known reason, and a note when the reason is Other", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    expect(
      await revokeCredentialAction({ orgSlug: org.slug, credentialId: credential.id, reason: "bored" }),
    ).toMatchObject({ ok: false, code: "invalid_request" });
    expect(
      await revokeCredentialAction({ orgSlug: org.slug, credentialId: credential.id, reason: "other" }),
    ).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { note: ["Describe the reason."] },
    });
    expect((await rawKey(credential.id)).revokedAt).toBeNull();
  });
});

describe("updateCredentialAction", () => {
  it("renames, changes scopes and expiry, and audits exactly what changed", async () => {
    const { credential } = await createKey(owner, { scopes: ["read:agents", "write:agents", "read:analytics"] });
    signInAs(owner);
    const result = await updateCredentialAction({
      orgSlug: org.slug,
      credentialId: credential.id,
      name: "Renamed",
      scopes: ["read:agents", "admin"],
      expiry: { kind: "days", days: 60 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toMatchObject({ name: "Renamed", scopes: ["read:agents", "admin"], environment: "production" });
    expect(result.data.expiresAt).not.toBeNull();
    const audit = (await auditFor(credential.id)).at(-1)!;
    expect(audit.action).toBe("credential.updated");
    expect(audit.metadata).toMatchObject({
      changes: {
        name: { from: "Billing worker", to: "Renamed" },
        scopes: { added: ["admin"], removed: ["write:agents", "read:analytics"] },
        expiresAt: { from: null },
      },
    });
  });

  it("refuses to change the environment (fixed at creation) or nothing at all", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    expect(
      await updateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, environment: "development" }),
    ).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await updateCredentialAction({ orgSlug: org.slug, credentialId: credential.id })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(await updateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, scopes: [] })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
  });

  it("refuses a signed-out caller, a viewer, and another organization's key id", async () => {
    const { credential } = await createKey(owner);
    const before = await rawKey(credential.id);
    const input = { orgSlug: org.slug, credentialId: credential.id, name: "Hijacked" };
    expect(await updateCredentialAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(viewer);
    expect(await updateCredentialAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(otherOwner);
    expect(await updateCredentialAction({ ...input, orgSlug: otherOrg.slug })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await rawKey(credential.id)).toEqual(before);
  });
});

describe("endRotationGraceAction", () => {
  it("ends the previous secret's grace now, and refuses when no grace runs", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "7d" });
    const result = await endRotationGraceAction({ orgSlug: org.slug, credentialId: credential.id });
    expect(result).toMatchObject({ ok: true, data: { previousSecret: null, status: { kind: "active" } } });
    const row = await rawKey(credential.id);
    expect([row.previousSecretHash, row.previousSecretHint, row.previousSecretValidUntil]).toEqual([null, null, null]);
    expect(await endRotationGraceAction({ orgSlug: org.slug, credentialId: credential.id })).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });

  it("refuses a signed-out caller, a viewer, another organization's id and bad input", async () => {
    const { credential } = await createKey(owner);
    signInAs(owner);
    await rotateCredentialAction({ orgSlug: org.slug, credentialId: credential.id, grace: "7d" });
    const before = await rawKey(credential.id);
    const input = { orgSlug: org.slug, credentialId: credential.id };
    signInAs(null);
    expect(await endRotationGraceAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(viewer);
    expect(await endRotationGraceAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(otherOwner);
    expect(await endRotationGraceAction({ ...input, orgSlug: otherOrg.slug })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    signInAs(owner);
    expect(await endRotationGraceAction({ ...input, extra: 1 })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await rawKey(credential.id)).toEqual(before);
  });
});

describe("change notifications for the token service's cache", () => {
  it("rotate, revoke, scope edits and ending a grace announce the client id; a rename does not", async () => {
    const { credential } = await createKey(owner);
    const seen: string[] = [];
    const listener = (clientId: string) => seen.push(clientId);
    testRuntime().events.on("credentialChanged", listener);
    try {
      signInAs(owner);
      const input = { orgSlug: org.slug, credentialId: credential.id };
      await updateCredentialAction({ ...input, name: "Only a rename" });
      expect(seen).toEqual([]);
      await rotateCredentialAction({ ...input, grace: "1h" });
      await endRotationGraceAction(input);
      await updateCredentialAction({ ...input, scopes: ["read:agents"] });
      await revokeCredentialAction({ ...input, reason: "no_longer_needed" });
      expect(seen).toEqual(Array(4).fill(credential.clientId));
    } finally {
      testRuntime().events.off("credentialChanged", listener);
    }
  });
});

describe("no secret at rest", () => {
  it("after a create and a rotate, no row of any table holds either secret, only the current and previous digests", async () => {
    signInAs(owner);
    const created = await createCredentialAction({ ...baseCreate(), name: "Scan me" });
    if (!created.ok) throw new Error("create failed");
    const rotated = await rotateCredentialAction({
      orgSlug: org.slug,
      credentialId: created.data.credential.id,
      grace: "24h",
    });
    if (!rotated.ok) throw new Error("rotate failed");
    const secrets = [created.data.clientSecret, rotated.data.clientSecret];

    const tables = await getDb().$queryRaw<Array<{ table_name: string }>>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(["api_keys", "audit_events", "users"]));
    const needles = secrets.flatMap((secret) => [
      secret,
      secret.slice(9, 52), // the random body alone
      Buffer.from(secret).toString("hex"),
      Buffer.from(secret).toString("base64"),
    ]);
    for (const { table_name } of tables) {
      const rows = await getDb().$queryRawUnsafe<Array<{ row: string }>>(
        `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
      );
      for (const { row } of rows)
        for (const needle of needles) expect(row, `${table_name} leaks a secret`).not.toContain(needle);
    }
    // What is stored instead: the SHA-256 digests of the current and the previous secret.
    const row = await rawKey(created.data.credential.id);
    expect(Buffer.from(row.secretHash).equals(hashClientSecret(secrets[1]!))).toBe(true);
    expect(Buffer.from(row.previousSecretHash!).equals(hashClientSecret(secrets[0]!))).toBe(true);
  });
});
