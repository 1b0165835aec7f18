// Times the API Credentials list with 10,000 keys in one organization: the first page (with the
// per-environment counts), a filtered page, a search, and a deep keyset page. Runs on a throwaway
// embedded PostgreSQL (or on DATABASE_URL when it points at this machine) and prints JSON.
//   npx tsx bench/credentials-list.ts [keyCount]
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { listCredentials } from "../lib/credentials/list-credentials";
import { startDatabase } from "../lib/db/start-database";
import { parseEnv } from "../lib/env";
import { startRuntime } from "../lib/runtime/start-runtime";

const KEY_COUNT = Number(process.argv[2] ?? 10_000);
const RUNS = 25;

async function main() {
  const tempDir = await mkdtemp(path.join(tmpdir(), "workflux-bench-"));
  const env = parseEnv({ DATA_DIR: tempDir, LOG_LEVEL: "warn" });
  const runtime = await startRuntime({
    env,
    database: await startDatabase(env),
    warmUp: false,
    processMetrics: false,
    workJobs: false,
  });
  try {
    const { db } = runtime;

    const org = await db.organization.create({ data: { slug: "bench", name: "Bench" } });
    const user = await db.user.create({ data: { email: "bench@example.test", name: "Bench" } });
    const environments = ["production", "staging", "development"] as const;
    const seedStart = performance.now();
    for (let offset = 0; offset < KEY_COUNT; offset += 1000) {
      await db.apiKey.createMany({
        data: Array.from({ length: Math.min(1000, KEY_COUNT - offset) }, (_, i) => {
          const n = offset + i;
          return {
            orgId: org.id,
            clientId: `wfc_bench${String(n).padStart(19, "0")}`,
            name: `Service ${n}`,
            environment: environments[n % 3]!,
            scopes: ["read:agents"],
            createdById: user.id,
            createdAt: new Date(Date.UTC(2025, 0, 1) + n * 60_000),
            secretHash: new Uint8Array(randomBytes(32)),
            secretHint: `wfs_live_…${String(n % 10000).padStart(4, "0")}`,
            revokedAt: n % 10 === 0 ? new Date() : null,
          };
        }),
      });
    }
    const seedMs = performance.now() - seedStart;

    const actor = { kind: "user" as const, userId: user.id, orgId: org.id, role: "owner" as const };
    const time = async (label: string, run: () => Promise<unknown>) => {
      await run(); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await run();
        samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      const at = (q: number) =>
        Number(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1));
      return { label, medianMs: at(0.5), p95Ms: at(0.95) };
    };

    const first = await listCredentials(actor, { env: "all", status: "all", q: "" });
    let deepCursor: string | undefined = first.nextCursor ?? undefined;
    for (let i = 0; i < 100 && deepCursor; i++) {
      deepCursor =
        (await listCredentials(actor, { env: "all", status: "all", q: "", cursor: deepCursor })).nextCursor ??
        undefined;
    }
    const results = [
      await time("first page (50) + counts, all environments", () =>
        listCredentials(actor, { env: "all", status: "all", q: "" }),
      ),
      await time("first page + counts, production only", () =>
        listCredentials(actor, { env: "production", status: "all", q: "" }),
      ),
      await time("first page + counts, active only", () =>
        listCredentials(actor, { env: "all", status: "active", q: "" }),
      ),
      await time("search 'service 99' (name/client id, case-insensitive)", () =>
        listCredentials(actor, { env: "all", status: "all", q: "service 99" }),
      ),
      await time("page 100 by keyset cursor (no counts)", () =>
        listCredentials(actor, { env: "all", status: "all", q: "", cursor: deepCursor }),
      ),
    ];
    console.log(
      JSON.stringify(
        {
          keys: KEY_COUNT,
          database: "embedded PGlite (single connection)",
          seedMs: Math.round(seedMs),
          runs: RUNS,
          counts: first.counts,
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await runtime.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
