import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { credentialChangedLocally } from "@/lib/credentials/change-events";
import { CredentialCache, MAX_NEGATIVE_ENTRIES, NEGATIVE_TTL_MS } from "@/lib/credentials/credential-cache";
import type { CredentialRecord } from "@/lib/credentials/verify-client-secret";
import { isUnavailable, RETRY_AFTER_UNAVAILABLE_SECONDS } from "@/lib/errors";
import { setRuntime } from "@/lib/runtime/current";
import { LocalEvents } from "@/lib/runtime/local-events";
import type { Runtime } from "@/lib/runtime/start-runtime";
import { makeKey } from "../helpers/oauth-fakes";

// credentialChangedLocally announces through the runtime's local events: a runtime of just those.
const events = new LocalEvents();
beforeAll(() => setRuntime({ events } as unknown as Runtime));
afterAll(() => setRuntime(undefined));

const caches: CredentialCache[] = [];
afterEach(async () => {
  await Promise.all(caches.splice(0).map((cache) => cache.stop()));
});

/** The error a lookup rejected with, which must be the 503 `unavailable` AppError. */
async function expectUnavailable(lookup: Promise<unknown>) {
  const error = await lookup.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isUnavailable(error)).toBe(true);
  expect(error).toMatchObject({
    code: "temporarily_unavailable",
    status: 503,
    detail: "credential storage",
    headers: { "Retry-After": String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
  });
  expect((error as Error).cause).toEqual(new Error("database down"));
}

function setup(options: { listenUrl?: string } = {}) {
  const records = new Map<string, CredentialRecord>();
  let loads = 0;
  let failing = false;
  let clock = 1_000_000;
  let gate: Promise<void> | undefined;
  const log = { warn: vi.fn() };
  const cache = new CredentialCache({
    ...options,
    events,
    log,
    nowMs: () => clock,
    loadRecord: async (clientId) => {
      loads++;
      if (gate) await gate;
      if (failing) throw new Error("database down");
      return records.get(clientId) ?? null;
    },
  });
  caches.push(cache);
  return {
    cache,
    log,
    records,
    loads: () => loads,
    fail: (value: boolean) => (failing = value),
    advance: (ms: number) => (clock += ms),
    hold: () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

describe("credential cache", () => {
  it("loads once, then answers from memory; concurrent misses share one load", async () => {
    const t = setup();
    const { record } = makeKey();
    t.records.set(record.clientId, record);
    await Promise.all([t.cache.get(record.clientId), t.cache.get(record.clientId), t.cache.get(record.clientId)]);
    expect(await t.cache.get(record.clientId)).toEqual(record);
    expect(t.loads()).toBe(1);
  });

  it("drops a key the moment a change is announced in this process", async () => {
    const t = setup();
    const { record } = makeKey();
    t.records.set(record.clientId, record);
    await t.cache.get(record.clientId);
    t.records.set(record.clientId, { ...record, revokedAt: new Date() });
    credentialChangedLocally(record.clientId);
    expect((await t.cache.get(record.clientId))?.revokedAt).toBeInstanceOf(Date);
    expect(t.loads()).toBe(2);
  });

  it("a load that started before an invalidation does not fill the cache with stale state", async () => {
    const t = setup();
    const { record } = makeKey();
    t.records.set(record.clientId, record);
    const release = t.hold();
    const pending = t.cache.get(record.clientId);
    credentialChangedLocally(record.clientId);
    release();
    await pending;
    await t.cache.get(record.clientId);
    expect(t.loads()).toBe(2);
  });

  it("caches unknown ids briefly, and a key created later is seen once announced", async () => {
    const t = setup();
    const { record } = makeKey();
    expect(await t.cache.get(record.clientId)).toBeNull();
    expect(await t.cache.get(record.clientId)).toBeNull();
    expect(t.loads()).toBe(1);
    t.records.set(record.clientId, record);
    credentialChangedLocally(record.clientId);
    expect(await t.cache.get(record.clientId)).toEqual(record);
    // "Briefly": an unknown id is asked again once its negative entry has expired.
    const loads = t.loads();
    expect(await t.cache.get("wfc_unknown")).toBeNull();
    t.advance(NEGATIVE_TTL_MS - 1);
    expect(await t.cache.get("wfc_unknown")).toBeNull();
    expect(t.loads()).toBe(loads + 1);
    t.advance(2);
    expect(await t.cache.get("wfc_unknown")).toBeNull();
    expect(t.loads()).toBe(loads + 2);
  });

  it("bounds the number of negative entries", async () => {
    const t = setup();
    for (let i = 0; i < MAX_NEGATIVE_ENTRIES + 5; i++) await t.cache.get(`wfc_${i}`);
    const loads = t.loads();
    await t.cache.get("wfc_0"); // evicted first
    expect(t.loads()).toBe(loads + 1);
    await t.cache.get(`wfc_${MAX_NEGATIVE_ENTRIES + 4}`);
    expect(t.loads()).toBe(loads + 1);
  });

  it("throws the 503 unavailable error when the database cannot be read", async () => {
    const t = setup();
    t.fail(true);
    await expectUnavailable(t.cache.get("wfc_x"));
  });

  it("without a connected listener it is not trusted: every lookup reads the database", async () => {
    // Port 1 refuses connections: the listener never connects.
    const t = setup({ listenUrl: "postgresql://127.0.0.1:1/none" });
    const { record } = makeKey();
    t.records.set(record.clientId, record);
    expect(t.cache.trusted).toBe(false);
    await t.cache.get(record.clientId);
    await t.cache.get(record.clientId);
    expect(t.loads()).toBe(2);
    t.fail(true);
    await expectUnavailable(t.cache.get(record.clientId));
  });
});
