// `npm run db:seed` against the test database: every state the dashboard shows, once.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { getDb } from "@/lib/db/client";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = mkdtempSync(path.join(tmpdir(), "workflux-seed-"));
const seed = () =>
  run(process.execPath, ["--import", "tsx", "scripts/db/seed.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), DATA_DIR: dataDir },
  });

describe("db:seed", () => {
  it("creates members in every role and keys in every state, and a second run changes nothing", async () => {
    const first = await seed();
    // The password is never printed: it is in a file only the operator can read.
    const passwordFile = path.join(dataDir, "demo-password");
    expect(first.stdout).toContain(`password for all four: in ${passwordFile}`);
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
  });
});
