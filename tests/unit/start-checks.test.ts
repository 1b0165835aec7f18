// What `npm start` decides before starting (scripts/start-checks.mjs): generate the database client
// when it is missing or older than the schema; build when there is no build or a source is newer.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildNeeded, clientNeeded } from "../../scripts/start-checks.mjs";

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

/** A checkout with `files` written at the given times (seconds since the epoch). */
function checkout(files: Record<string, number>): string {
  const root = mkdtempSync(path.join(tmpdir(), "workflux-start-"));
  roots.push(root);
  for (const [file, seconds] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), "x");
    utimesSync(path.join(root, file), seconds, seconds);
  }
  // Directories get the oldest time, so only the files inside them count.
  for (const dir of ["app", "lib", "lib/db", "lib/db/generated", "prisma", ".next"]) {
    try {
      utimesSync(path.join(root, dir), 1, 1);
    } catch {
      /* not in this checkout */
    }
  }
  return root;
}

describe("npm start's checks", () => {
  it("a fresh clone: no client, no build", () => {
    const root = checkout({ "prisma/schema.prisma": 100, "app/page.tsx": 100 });
    expect(clientNeeded(root)).toMatch(/not been generated/);
    expect(buildNeeded(root)).toMatch(/no build yet/);
  });

  it("a current client and build: nothing to do", () => {
    const root = checkout({
      "prisma/schema.prisma": 100,
      "lib/db/generated/client.ts": 200,
      "app/page.tsx": 100,
      "lib/env.ts": 100,
      ".next/BUILD_ID": 300,
    });
    expect(clientNeeded(root)).toBeNull();
    expect(buildNeeded(root)).toBeNull();
  });

  it("a schema edited after generating, a source edited after building", () => {
    const root = checkout({
      "prisma/schema.prisma": 400,
      "lib/db/generated/client.ts": 200,
      "app/page.tsx": 100,
      "lib/env.ts": 500,
      ".next/BUILD_ID": 300,
    });
    expect(clientNeeded(root)).toMatch(/schema changed/);
    expect(buildNeeded(root)).toBe("lib changed since the last build.");
  });

  it("the generated client itself is no reason to build again", () => {
    const root = checkout({
      "prisma/schema.prisma": 100,
      "lib/db/generated/client.ts": 500,
      ".next/BUILD_ID": 300,
    });
    expect(buildNeeded(root)).toBeNull();
  });
});
