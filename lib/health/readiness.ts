// Readiness: can this instance serve? The database answers, every migration in
// prisma/migrations is recorded as applied and a signing key is loaded. With REDIS_URL set, Redis
// is checked too, but only reported: while it is down rate limits fall back to this instance
// (RL-02), so failing readiness would take every instance out of rotation for nothing.
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/client";
import { DeadlineExceededError, withDeadline } from "../db/deadline";

/** Each database check gives up after this, so /readyz answers within about twice it. */
export const READINESS_CHECK_DEADLINE_MS = 2_000;

export type CheckResult = { status: "ok" } | { status: "fail" | "degraded"; reason: string };
export type Readiness = { status: "ok" | "fail"; checks: Record<string, CheckResult> };

async function databaseCheck(db: Db): Promise<CheckResult> {
  try {
    await withDeadline(db.$queryRaw`SELECT 1`, READINESS_CHECK_DEADLINE_MS, "readiness");
    return { status: "ok" };
  } catch (error) {
    const reason = error instanceof DeadlineExceededError ? "database did not answer in time" : "database unreachable";
    return { status: "fail", reason };
  }
}

async function migrationsCheck(db: Db, migrationsDir: string): Promise<CheckResult> {
  try {
    const entries = await readdir(migrationsDir, { withFileTypes: true });
    const expected = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    const rows = await withDeadline(
      db.$queryRaw<Array<{ migration_name: string }>>`
        SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      READINESS_CHECK_DEADLINE_MS,
      "readiness",
    );
    const applied = new Set(rows.map((r) => r.migration_name));
    const pending = expected.filter((name) => !applied.has(name));
    return pending.length === 0
      ? { status: "ok" }
      : { status: "fail", reason: `${pending.length} migration(s) pending` };
  } catch {
    return { status: "fail", reason: "migration history unreadable" };
  }
}

export async function checkReadiness(
  db: Db,
  options: { migrationsDir?: string; signingKeyLoaded?: () => boolean; redisPing?: () => Promise<boolean> } = {},
): Promise<Readiness> {
  const database = await databaseCheck(db);
  const migrations =
    database.status === "ok"
      ? await migrationsCheck(db, options.migrationsDir ?? path.resolve("prisma/migrations"))
      : { status: "fail" as const, reason: "not checked: the database did not answer" };
  const checks: Record<string, CheckResult> = { database, migrations };
  if (options.signingKeyLoaded) {
    checks.signingKey = options.signingKeyLoaded()
      ? { status: "ok" }
      : { status: "fail", reason: "no active signing key loaded" };
  }
  if (options.redisPing) {
    const answered = await options.redisPing().catch(() => false);
    checks.redis = answered
      ? { status: "ok" }
      : { status: "degraded", reason: "redis unreachable; rate limits are per instance until it is back" };
  }
  return { status: Object.values(checks).some((c) => c.status === "fail") ? "fail" : "ok", checks };
}
