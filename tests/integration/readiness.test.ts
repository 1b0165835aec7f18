import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET as healthz } from "@/app/healthz/route";
import { GET as readyz } from "@/app/readyz/route";
import { getDb } from "@/lib/db/client";
import { checkReadiness } from "@/lib/health/readiness";

describe("health endpoints", () => {
  it("/healthz answers 200 without touching anything, never cached", async () => {
    const response = healthz();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 200 with per-check status on a migrated database", async () => {
    const response = await readyz();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", checks: { database: { status: "ok" }, migrations: { status: "ok" } } });
  });

  it("reports a migration that is on disk but not applied", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "29991231000000_future"));
    try {
      const readiness = await checkReadiness(getDb(), dir);
      expect(readiness.status).toBe("fail");
      expect(readiness.checks.migrations).toEqual({ status: "fail", reason: "1 migration(s) pending" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
