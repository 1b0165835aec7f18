import { randomBytes } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
process.env.SIGNING_KEY_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
import { describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";
import { getSigningKeyStore, stopSigningKeyStore } from "@/lib/signing-keys/signing-key-store";

describe("health endpoints", () => {
  it("/healthz answers 200 without touching anything, never cached", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 503 until a signing key is loaded, then 200 with per-check status", async () => {
    stopSigningKeyStore();
    const before = await readyz();
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: "fail", checks: { signingKey: { status: "fail" } } });
    await getSigningKeyStore().ready();
    const response = await readyz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      checks: {
        database: { status: "ok" },
        migrations: { status: "ok" },
        signingKey: { status: "ok" },
        ...(process.env.REDIS_URL ? { redis: { status: "ok" } } : {}),
      },
    });
    stopSigningKeyStore();
    await getDb().signingKey.deleteMany({});
  });

  it("reports a migration that is on disk but not applied", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "29991231000000_future"));
    try {
      const readiness = await checkReadiness(getDb(), { migrationsDir: dir });
      expect(readiness.status).toBe("fail");
      expect(readiness.checks.migrations).toEqual({ status: "fail", reason: "1 migration(s) pending" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
