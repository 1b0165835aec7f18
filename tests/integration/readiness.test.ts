import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";
import { TEST_BASE_URL } from "../helpers/api-keys";
import { testRuntime } from "../helpers/test-runtime";

describe("health endpoints", () => {
  it("/healthz answers 200 without touching anything, never cached", async () => {
    const response = await healthz(new Request(`${TEST_BASE_URL}/healthz`));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 503 until a signing key is loaded, then 200 with per-check status", async () => {
    // The file's runtime starts without warming up: no signing key is loaded yet.
    expect(testRuntime().signingKeys.current()).toBeUndefined();
    const before = await readyz(new Request(`${TEST_BASE_URL}/readyz`));
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ status: "fail", checks: { signingKey: { status: "fail" } } });
    await testRuntime().signingKeys.ready();
    const response = await readyz(new Request(`${TEST_BASE_URL}/readyz`));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: "ok",
      checks: {
        database: { status: "ok" },
        migrations: { status: "ok" },
        signingKey: { status: "ok" },
        ...(testRuntime().env.REDIS_URL ? { redis: { status: "ok" } } : {}),
      },
    });
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
