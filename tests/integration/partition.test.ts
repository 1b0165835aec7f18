// A silently partitioned instance (its database connections stalled: no error, no end) must stop
// trusting its caches within a second and answer 503 rather than a stale "valid"; /readyz answers
// within its own deadline and names the failing check (RL-04). Stands in for "instance B": a
// credential cache, a revocation list and a Prisma client that all reach the real PostgreSQL
// server through a proxy the test stalls. Real PostgreSQL only (embedded PGlite has no LISTEN).
import { afterEach, describe, expect, inject, it } from "vitest";
import { notifyCredentialChanged } from "@/lib/credentials/change-events";
import { CredentialCache, loadCredentialRecord } from "@/lib/credentials/credential-cache";
import { createDb, type Db } from "@/lib/db/client";
import { isUnavailable } from "@/lib/errors";
import { checkReadiness } from "@/lib/health/readiness";
import { LocalEvents } from "@/lib/runtime/local-events";
import { RevocationList } from "@/lib/tokens/revocation-list";
import { isTokenRevoked, revokeTokenByJti } from "@/lib/tokens/revoked-tokens";
import { createKey } from "../helpers/api-keys";
import { createOrg } from "../helpers/factories";
import { startDatabaseProxy, type DatabaseProxy } from "../helpers/tcp-proxy";
import { testRuntime } from "../helpers/test-runtime";

const url = inject("databaseUrl");
const embedded = inject("databaseEmbedded");
const log = { warn: () => {} };
const cleanup: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** Instance B: everything it reads goes through a proxy the test can stall. */
async function instanceB() {
  const proxy: DatabaseProxy = await startDatabaseProxy(url);
  const db: Db = createDb({ url: proxy.url, embedded: false });
  const credentials = new CredentialCache({
    loadRecord: (clientId) => loadCredentialRecord(db, clientId),
    events: new LocalEvents(),
    log,
    listenUrl: proxy.url,
  });
  const revocations = new RevocationList({
    loadAll: () => db.revokedToken.findMany({ select: { jti: true, expiresAt: true } }),
    checkOne: (jti) => isTokenRevoked(db, jti),
    events: new LocalEvents(),
    log,
    listenUrl: proxy.url,
  });
  // Undone in reverse: the proxy goes first, so nothing waits on a connection a test left stalled.
  cleanup.push(
    () => revocations.stop(),
    () => credentials.stop(),
    () => db.$disconnect(),
    () => proxy.close(),
  );
  await expect.poll(() => credentials.trusted, { timeout: 5_000 }).toBe(true);
  return { proxy, db, credentials, revocations };
}

/** Resolves with how the promise settled and after how many milliseconds. */
async function settle<T>(work: Promise<T>) {
  const started = Date.now();
  try {
    return { value: await work, error: undefined, ms: Date.now() - started };
  } catch (error) {
    return { value: undefined, error, ms: Date.now() - started };
  }
}

describe.skipIf(embedded)("a silently partitioned instance", () => {
  it("stops trusting its key cache within a second and answers 503, never the revoked key as valid", async () => {
    const b = await instanceB();
    const org = await createOrg();
    const key = await createKey(org.id);
    expect((await b.credentials.get(key.clientId))?.revokedAt).toBeNull();
    expect(b.credentials.cached(key.clientId)?.revokedAt).toBeNull();

    b.proxy.stall();
    // Instance A revokes the key; B's LISTEN connection is stalled, so the NOTIFY never arrives.
    await testRuntime().db.$transaction(async (tx) => {
      await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      await notifyCredentialChanged(tx, key.clientId);
    });
    await expect.poll(() => b.credentials.trusted, { timeout: 1_000, interval: 20 }).toBe(false);
    expect(b.credentials.cached(key.clientId)).toBeUndefined();

    // Its database is stalled too: the lookup gives up at its deadline with a 503, not "valid".
    const lookup = await settle(b.credentials.get(key.clientId));
    expect(isUnavailable(lookup.error)).toBe(true);
    expect(lookup.ms).toBeLessThan(5_000); // a bound on hanging, far under TCP's minutes

    b.proxy.resume();
    await expect.poll(() => b.credentials.trusted, { timeout: 15_000 }).toBe(true);
    expect((await b.credentials.get(key.clientId))?.revokedAt).toBeInstanceOf(Date);
  });

  it("stops trusting its jti denylist within a second: a token revoked meanwhile is never accepted", async () => {
    const b = await instanceB();
    await expect.poll(() => b.revocations.trusted, { timeout: 5_000 }).toBe(true);
    const org = await createOrg();
    const key = await createKey(org.id);

    b.proxy.stall();
    const jti = `partition-${Date.now()}`;
    await revokeTokenByJti(testRuntime().db, {
      jti,
      orgId: org.id,
      apiKeyId: key.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    // Within a second of the stall, the list no longer answers from memory; its database read
    // gives up at the deadline: a 503, never "not revoked".
    await expect.poll(() => b.revocations.trusted, { timeout: 1_000, interval: 20 }).toBe(false);
    const check = await settle(b.revocations.isRevoked(jti));
    expect(isUnavailable(check.error)).toBe(true);

    b.proxy.resume();
    await expect.poll(() => b.revocations.isRevoked(jti), { timeout: 15_000 }).toBe(true);
  });

  it("/readyz answers within its deadline and names the failing check", async () => {
    const b = await instanceB();
    // An instance that has been serving: its pool holds an open connection when the stall comes.
    await b.db.$queryRaw`SELECT 1`;
    b.proxy.stall();
    const readiness = await settle(checkReadiness(b.db, { signingKeyLoaded: () => true }));
    expect(readiness.value?.status).toBe("fail");
    expect(readiness.value?.checks.database).toEqual({ status: "fail", reason: "database did not answer in time" });
    expect(readiness.ms).toBeLessThan(4_000);
    b.proxy.resume();
  });
});
