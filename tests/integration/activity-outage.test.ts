// Usage bookkeeping across a database outage: a flush that cannot reach the database keeps its
// counts and writes them with the next flush that can, so no issued token goes uncounted; past
// the bound, what is dropped is counted in /metrics.
import { afterEach, describe, expect, it } from "vitest";
import { createKey } from "../helpers/api-keys";
import { createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";
import { freePort } from "../helpers/app-server";
import { createDb, type Db } from "@/lib/db/client";
import { createMetrics } from "@/lib/metrics/metrics";
import { ActivityBatcher, MAX_PENDING_AUDIT_EVENTS } from "@/lib/usage/activity-batcher";

const warnings: string[] = [];
const log = { warn: (_: object, message: string) => void warnings.push(message) };
const unreachable: Db[] = [];

afterEach(async () => {
  warnings.length = 0;
  for (const db of unreachable.splice(0)) await db.$disconnect();
});

/** A Prisma client for an address nothing listens on: every query fails to connect. */
async function downDatabase(): Promise<Db> {
  const db = createDb({ url: `postgresql://nobody@127.0.0.1:${await freePort()}/none`, embedded: true });
  unreachable.push(db);
  return db;
}

const tokenCount = async (apiKeyId: string) =>
  (await testRuntime().db.usageCounter.findMany({ where: { apiKeyId, kind: "token", outcome: "success" } })).reduce(
    (sum, row) => sum + row.count,
    0,
  );

describe("activity batch during a database outage", () => {
  it("keeps the counts of a failed flush and writes them once the database is back", async () => {
    const org = await createOrg();
    const key = await createKey(org.id);
    const down = await downDatabase();
    let db = down;
    const batcher = new ActivityBatcher(() => db, log, createMetrics({ processMetrics: false }));
    const event = { apiKeyId: key.id, orgId: org.id, ip: "192.0.2.1", userAgent: "test" };

    for (let i = 0; i < 7; i++) batcher.tokenIssued({ ...event, at: new Date() });
    await batcher.flush();
    expect(await tokenCount(key.id)).toBe(0);
    expect(warnings).toEqual(["usage and audit batch not written; kept for the next flush"]);

    for (let i = 0; i < 3; i++) batcher.tokenIssued({ ...event, at: new Date() });
    db = testRuntime().db;
    await batcher.flush();
    expect(await tokenCount(key.id)).toBe(10);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedIp).toBe("192.0.2.1");

    await batcher.flush();
    expect(await tokenCount(key.id)).toBe(10); // written once, not again
    batcher.stop();
  });

  it("bounds what it keeps and counts what it drops in activity_dropped_total", async () => {
    const org = await createOrg();
    const key = await createKey(org.id);
    const metrics = createMetrics({ processMetrics: false });
    const batcher = new ActivityBatcher(await downDatabase().then((db) => () => db), log, metrics);
    const failure = {
      apiKeyId: key.id,
      orgId: org.id,
      ip: "192.0.2.1",
      userAgent: null,
      clientId: key.clientId,
      reason: "invalid_secret",
      endpoint: "token",
    };
    for (let i = 0; i < MAX_PENDING_AUDIT_EVENTS + 25; i++) batcher.authFailed({ ...failure, at: new Date() });
    await batcher.flush();
    const dropped = await metrics.registry.getSingleMetricAsString("activity_dropped_total");
    const count = Number(/activity_dropped_total\{kind="audit"\} (\d+)/.exec(dropped)?.[1]);
    // At least the 25 past the bound (an anomaly flag the burst raises is one more row).
    expect(count).toBeGreaterThanOrEqual(25);
    expect(count).toBeLessThan(30);
    batcher.stop();
  });
});
