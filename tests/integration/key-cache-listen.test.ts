// On a real PostgreSQL server the credential cache of each instance LISTENs for credential changes
// made by any other instance, and stops trusting itself while that connection is down (RL-04).
// Embedded PGlite serves one instance and uses local events only, so these run only
// when DATABASE_URL points at a server (as CI's second pass does).
//
// Each cache here stands for another instance: its own local events (so nothing this process
// announces reaches it) and its own LISTEN connection, which goes through a TCP relay the test can
// cut and restore (tests/helpers/tcp-proxy.ts), so "the listener is down" lasts exactly as long as the test says.
import { afterAll, describe, expect, inject, it } from "vitest";
import { notifyCredentialChanged } from "@/lib/credentials/change-events";
import { CredentialCache, loadCredentialRecord } from "@/lib/credentials/credential-cache";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";
import { getDb } from "@/lib/db/client";
import { LocalEvents } from "@/lib/runtime/local-events";
import { createOrg } from "../helpers/factories";
import { startDatabaseProxy, type DatabaseProxy } from "../helpers/tcp-proxy";
import { testRuntime } from "../helpers/test-runtime";

const url = inject("databaseUrl");
const embedded = inject("databaseEmbedded");
const caches: CredentialCache[] = [];
const relays: DatabaseProxy[] = [];
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.stop()));
  await Promise.all(relays.map((relay) => relay.close()));
});

async function startRelay(databaseUrl: string): Promise<DatabaseProxy> {
  const relay = await startDatabaseProxy(databaseUrl);
  relays.push(relay);
  return relay;
}

function otherInstanceCache(listenUrl: string): CredentialCache {
  const cache = new CredentialCache({
    loadRecord: (clientId) => loadCredentialRecord(getDb(), clientId),
    events: new LocalEvents(),
    log: testRuntime().log,
    listenUrl,
  });
  caches.push(cache);
  return cache;
}

async function createKey() {
  const org = await createOrg();
  const secret = generateClientSecret("production");
  return getDb().apiKey.create({
    data: {
      orgId: org.id,
      clientId: generateClientId(),
      name: "listen",
      environment: "production",
      scopes: ["read:agents"],
      secretHash: new Uint8Array(hashClientSecret(secret)),
      secretHint: secretHint(secret),
    },
  });
}

describe.skipIf(embedded)("credential cache with PostgreSQL LISTEN/NOTIFY", () => {
  it("drops a key when another instance's transaction announces a change", async () => {
    const cache = otherInstanceCache(url);
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(true);
    const key = await createKey();
    expect((await cache.get(key.clientId))?.revokedAt).toBeNull();
    // Another instance revokes it: no local event here, only the NOTIFY sent at commit.
    await getDb().$transaction(async (tx) => {
      await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
      await notifyCredentialChanged(tx, key.clientId);
    });
    await expect
      .poll(async () => (await cache.get(key.clientId))?.revokedAt, { timeout: 1000, interval: 20 })
      .toBeInstanceOf(Date);
  });

  it("reads the database while its listener is down, and trusts the cache again once reconnected", async () => {
    const relay = await startRelay(url);
    const cache = otherInstanceCache(relay.url);
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(true);
    const key = await createKey();
    expect((await cache.get(key.clientId))?.scopes).toEqual(["read:agents"]);
    expect(cache.cached(key.clientId)?.scopes).toEqual(["read:agents"]);
    relay.cut();
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(false);
    // A change with no announcement at all is still seen: the untrusted cache asks the database.
    // The relay refuses every reconnection until restored, so the listener is still down here.
    await getDb().apiKey.update({ where: { id: key.id }, data: { scopes: ["admin"] } });
    expect(cache.trusted).toBe(false);
    expect(cache.cached(key.clientId)).toBeUndefined();
    expect((await cache.get(key.clientId))?.scopes).toEqual(["admin"]);
    expect(cache.trusted).toBe(false);
    relay.restore();
    await expect.poll(() => cache.trusted, { timeout: 10_000 }).toBe(true);
    expect((await cache.get(key.clientId))?.scopes).toEqual(["admin"]);
  });
});
