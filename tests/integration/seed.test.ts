// `npm run db:seed` against the test database: every state the dashboard shows, once, and a demo
// that agrees with itself (it goes through the use cases and the activity batcher): a key with
// usage has a last use, failures shown are audit rows and usage counts alike, every revoked key
// has its revoke event.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { getCredentialUsage } from "@/lib/analytics/credential-usage";
import { getDb } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-seed-"));
const seed = () =>
  run(process.execPath, ["--import", "tsx", "scripts/db/seed.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir },
  });

type SeededKey = {
  id: string;
  name: string;
  revokedAt: Date | null;
  revokedById: string | null;
  lastUsedAt: Date | null;
  previousSecretValidUntil: Date | null;
};

describe("db:seed", () => {
  it("creates members in every role and keys in every state, and a second run changes nothing", async () => {
    const first = await seed();
    // The password is never printed: it is in a file only the operator can read.
    const passwordFile = path.join(dataDir, "demo-password");
    expect(first.stdout).toContain(`the four members share one sign-in; it is in ${passwordFile}`);
    const password = readFileSync(passwordFile, "utf8").trim();
    expect(password).toMatch(/^\S{20}$/);
    expect(first.stdout).not.toContain(password);
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const org = await getDb().organization.findUniqueOrThrow({
      where: { slug: "acme-demo" },
      select: {
        id: true,
        memberships: { select: { role: true } },
        _count: { select: { apiKeys: true, agents: true, usage: true } },
      },
    });
    expect(org.memberships.map((m) => m.role).sort()).toEqual(["admin", "developer", "owner", "viewer"]);
    expect(org._count.apiKeys).toBe(5);
    expect(org._count.agents).toBe(5);
    expect(org._count.usage).toBeGreaterThan(7 * 24);
    const keys = await getDb().apiKey.findMany({
      where: { orgId: org.id },
      select: { environment: true, revokedAt: true, previousSecretValidUntil: true, expiresAt: true },
    });
    expect(new Set(keys.map((k) => k.environment))).toEqual(new Set(["production", "staging", "development"]));
    expect(keys.some((k) => k.revokedAt)).toBe(true);
    expect(keys.some((k) => k.previousSecretValidUntil && k.previousSecretValidUntil > new Date())).toBe(true);
    expect(keys.some((k) => k.expiresAt && k.expiresAt > new Date())).toBe(true);

    const second = await seed();
    expect(second.stdout).toContain("nothing to do");
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(5);

    await expectConsistentDemo(org.id);
  }, 120_000);
});

describe("db:seed on an embedded database another process holds", () => {
  it("exits 1 with one message: stop the server, or seed the running one with --database-url", async () => {
    const heldDir = mkdtempSync(path.join(tmpdir(), "workflux-seed-held-"));
    const held = await startEmbeddedPostgres({ dataDir: path.join(heldDir, "pglite") });
    try {
      const failure = await run(process.execPath, ["--import", "tsx", "scripts/db/seed.ts"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: "", DATA_DIR: heldDir },
      }).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stderr).toContain(`is in use by process ${process.pid}`);
      expect(failure?.stderr).toContain("Stop the server and run npm run db:seed again");
      expect(failure?.stderr).toContain("npm run db:seed -- --database-url URL");
      expect(failure?.stderr).not.toContain("    at "); // one message, no stack trace
    } finally {
      await held.stop();
    }
  }, 60_000);
});

async function expectConsistentDemo(orgId: string) {
  const db = getDb();
  const keys: SeededKey[] = await db.apiKey.findMany({
    where: { orgId },
    select: {
      id: true,
      name: true,
      revokedAt: true,
      revokedById: true,
      lastUsedAt: true,
      previousSecretValidUntil: true,
    },
  });
  const owner = await db.membership.findFirstOrThrow({ where: { orgId, role: "owner" }, select: { userId: true } });
  const viewer = {
    kind: "user" as const,
    authenticatedAt: new Date(),
    userId: owner.userId,
    orgId,
    role: "owner" as const,
  };
  const events = await db.auditEvent.findMany({
    where: { orgId, targetType: "api_key" },
    select: { action: true, targetId: true, targetLabel: true, actorId: true, createdAt: true, metadata: true },
  });
  const eventsOf = (key: SeededKey, action: string) =>
    events.filter((e) => e.targetId === key.id && e.action === action);
  let usedKeys = 0;
  for (const key of keys) {
    // Every key was made by the create use case, with its event labelled with the key's name.
    expect(eventsOf(key, "credential.created"), key.name).toHaveLength(1);
    expect(eventsOf(key, "credential.created")[0]!.targetLabel).toBe(key.name);

    // Usage means a last use, as late as the last hour with a successful use; no usage, none.
    const usage = await db.usageCounter.findMany({
      where: { apiKeyId: key.id },
      select: { bucketStart: true, kind: true, outcome: true, count: true },
    });
    const successes = usage.filter((u) => u.outcome === "2xx" || (u.kind === "token" && u.outcome === "success"));
    if (successes.length === 0) {
      expect(key.lastUsedAt, `${key.name} was never used`).toBeNull();
    } else {
      usedKeys++;
      const lastHour = Math.max(...successes.map((u) => u.bucketStart.getTime()));
      expect(key.lastUsedAt, `${key.name} has usage, so a last use`).not.toBeNull();
      expect(key.lastUsedAt!.getTime()).toBeGreaterThanOrEqual(lastHour);
      expect(key.lastUsedAt!.getTime()).toBeLessThan(lastHour + 3_600_000);
    }

    // Each failed token request is both a usage count and an audit row, hour by hour.
    const countedFailures = new Map<number, number>();
    for (const u of usage.filter((u) => u.kind === "token" && u.outcome === "failure"))
      countedFailures.set(u.bucketStart.getTime(), u.count);
    const auditedFailures = new Map<number, number>();
    for (const e of eventsOf(key, "oauth.client_auth_failed")) {
      const hour = Math.floor(e.createdAt.getTime() / 3_600_000) * 3_600_000;
      auditedFailures.set(hour, (auditedFailures.get(hour) ?? 0) + 1);
    }
    expect(auditedFailures, `${key.name}: failures audited as counted`).toEqual(countedFailures);

    // What the key page shows: failures in the chart or summary come with recent failures.
    const shown = await getCredentialUsage(viewer, key.id, "7d");
    const failedInChart = shown.totals.authFailed + shown.totals.tokenFailures;
    if (failedInChart > 0) expect(shown.recentFailures!.length, `${key.name}: recent failures`).toBeGreaterThan(0);
    const failureIds = new Set(
      (await db.auditEvent.findMany({ where: { targetId: key.id, outcome: "failure" }, select: { id: true } })).map(
        (e) => e.id,
      ),
    );
    for (const failure of shown.recentFailures!) expect(failureIds.has(failure.id)).toBe(true);
    expect(shown.totals.tokenFailures).toBe(
      eventsOf(key, "oauth.client_auth_failed").filter((e) => e.createdAt.getTime() >= Date.parse(shown.from)).length,
    );

    // A revoked key has the revoke use case's event, by whoever revoked it, when it was revoked,
    // and was not used since.
    if (key.revokedAt) {
      const revoked = eventsOf(key, "credential.revoked");
      expect(revoked, `${key.name} is revoked, so it has a revoke event`).toHaveLength(1);
      expect(revoked[0]!.createdAt).toEqual(key.revokedAt);
      expect(revoked[0]!.actorId).toBe(key.revokedById);
      if (key.lastUsedAt) expect(key.lastUsedAt.getTime()).toBeLessThanOrEqual(key.revokedAt.getTime());
    }
    if (key.previousSecretValidUntil) expect(eventsOf(key, "credential.rotated")).toHaveLength(1);
  }
  expect(usedKeys).toBe(3);
  expect(keys.filter((key) => key.revokedAt)).toHaveLength(1);
  // The burst of malformed secrets raised the failed-auth flag, as the detector would in production.
  const flags = events.filter((e) => e.action === "credential.anomaly_detected");
  expect(flags.map((e) => (e.metadata as { kind?: string }).kind)).toEqual(["failed_auth_burst"]);
}
