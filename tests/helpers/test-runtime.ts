// Every integration test file runs on a runtime of its own, started before its first test on the
// one database the global setup prepared (tests/helpers/global-setup.ts) and stopped after its
// last: the same composition root as `npm start`, with a test environment passed in. Redis is used
// when REDIS_URL is set, as in production. `testRuntime()` reaches it; `resetLimits()` gives a test
// fresh limiters.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import { parseEnv, type Env } from "@/lib/env";
import { getRuntime } from "@/lib/runtime/current";
import { startRuntime, type Runtime } from "@/lib/runtime/start-runtime";
import { TEST_BASE_URL } from "./api-keys";

export function testEnv(overrides: Record<string, string | undefined> = {}): Env {
  return parseEnv({
    NODE_ENV: "test",
    APP_URL: TEST_BASE_URL,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    SIGNING_KEY_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    LOG_LEVEL: "silent",
    REDIS_URL: process.env.REDIS_URL,
    ...overrides,
  });
}

export function testRuntime(): Runtime {
  return getRuntime();
}

beforeAll(async () => {
  await startRuntime({
    env: testEnv(),
    database: { url: inject("databaseUrl"), embedded: inject("databaseEmbedded"), stop: async () => {} },
    warmUp: false,
    processMetrics: false,
  });
});

afterAll(async () => {
  // Files share one database, and each runtime seals signing keys with a key-encryption key of its
  // own: stop the refresh poll first (it would recreate a key), then leave the single active-key
  // slot free for the next file.
  const runtime = getRuntime();
  runtime.signingKeys.stop();
  await runtime.db.signingKey.deleteMany({});
  await runtime.stop();
});
