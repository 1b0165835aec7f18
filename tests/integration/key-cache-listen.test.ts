// On a real PostgreSQL server the key cache of each instance LISTENs for credential changes made
// by any other instance, and stops trusting itself while that connection is down (SPEC
// Decisions). Embedded PGlite serves one instance and uses local events only, so these run only
// when DATABASE_URL points at a server (as CI's second pass does).
import { afterAll, describe, expect, it } from "vitest";
import { notifyCredentialChanged } from "@/lib/credentials/change-events";
import { KeyCache } from "@/lib/credentials/key-cache";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "@/lib/credentials/secret";
import { getDb } from "@/lib/db/client";
import { databaseConfig } from "@/lib/env";
import { createOrg } from "../helpers/factories";

const { url, embedded } = databaseConfig();
const caches: KeyCache[] = [];
afterAll(async () => {
  await Promise.all(caches.map((cache) => cache.stop()));
});

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

describe.skipIf(embedded)("key cache with PostgreSQL LISTEN/NOTIFY", () => {
  it("drops a key when another instance's transaction announces a change", async () => {
    const cache = new KeyCache({ listenUrl: url });
    caches.push(cache);
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
    const cache = new KeyCache({ listenUrl: url });
    caches.push(cache);
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(true);
    const key = await createKey();
    await cache.get(key.clientId);
    await getDb()
      .$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %' AND pid <> pg_backend_pid()`;
    await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(false);
    // A change with no announcement at all is still seen: the untrusted cache asks the database.
    await getDb().apiKey.update({ where: { id: key.id }, data: { scopes: ["admin"] } });
    if (!cache.trusted) expect((await cache.get(key.clientId))?.scopes).toEqual(["admin"]);
    await expect.poll(() => cache.trusted, { timeout: 10_000 }).toBe(true);
    expect((await cache.get(key.clientId))?.scopes).toEqual(["admin"]);
  });
});
