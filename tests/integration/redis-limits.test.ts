// Rate limits shared through Redis (REDIS_URL; RL-01, RL-02). Runs only with
// REDIS_URL set (.ci/run's PostgreSQL pass starts a Redis for it). Two limiter objects, each with
// its own Redis client, stand in for two app instances; every test uses a namespace of its own.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { connect, createServer } from "node:net";
import type { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ApiLimits, PLAN_API_LIMITS } from "@/lib/rate-limit/api-limits";
import { connectRedis, createRedisClient, type LimiterStore } from "@/lib/rate-limit/limiter-store";
import { SIGN_IN_ATTEMPTS_PER_IP } from "@/lib/rate-limit/sign-in-limiter";
import { AUTH_FAILURES_PER_CLIENT, PLAN_TOKEN_LIMITS, TokenEndpointLimits } from "@/lib/rate-limit/token-limits";
import { testRuntime } from "../helpers/test-runtime";

const redisUrl = process.env.REDIS_URL;

type LogLine = { level: "warn" | "info"; message: string };
function recordingLog() {
  const lines: LogLine[] = [];
  return {
    lines,
    warn: (_fields: object, message: string) => void lines.push({ level: "warn", message }),
    info: (_fields: object, message: string) => void lines.push({ level: "info", message }),
  };
}

const clients: Redis[] = [];
function client(url: string, log = recordingLog()): Redis {
  const created = createRedisClient(url, log);
  clients.push(created);
  return created;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Two "instances": separate clients, same Redis, same namespace; connected, as after server start. */
async function twoStores(): Promise<[LimiterStore, LimiterStore]> {
  const namespace = `workflux-rl-test-${randomUUID()}`;
  const stores: [LimiterStore, LimiterStore] = [
    { redis: client(redisUrl!), namespace },
    { redis: client(redisUrl!), namespace },
  ];
  await Promise.all(stores.map((store) => connectRedis(store.redis, 5_000)));
  expect(stores.map((store) => store.redis!.status)).toEqual(["ready", "ready"]);
  return stores;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** A throwaway redis-server in the foreground (the test kills it by PID), once it accepts connections. */
async function startThrowawayRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("spawn", () => resolve());
  });
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server on port ${port} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid!, "SIGKILL");
  await exited;
}

describe.skipIf(!redisUrl)("rate limits shared through Redis (REDIS_URL)", () => {
  const throwaway: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of throwaway) await stopProcess(child);
    for (const c of clients) c.disconnect();
  });

  it("two instances share one token-issuance budget: the limit+1st request across both is 429", async () => {
    const [storeA, storeB] = await twoStores();
    const a = new TokenEndpointLimits(storeA);
    const b = new TokenEndpointLimits(storeB);
    const limit = PLAN_TOKEN_LIMITS.starter!.tokensPerWindow;
    const orgId = randomUUID();
    for (let i = 0; i < limit; i++) {
      const decision = await (i % 2 === 0 ? a : b).consumeIssuance("starter", orgId);
      expect(decision.allowed).toBe(true);
      expect(decision.headers["RateLimit-Remaining"]).toBe(String(limit - i - 1));
    }
    for (const instance of [a, b]) {
      const over = await instance.consumeIssuance("starter", orgId);
      expect(over).toMatchObject({ allowed: false, headers: { "RateLimit-Remaining": "0" } });
      if (!over.allowed) expect(over.retryAfterSeconds).toBeGreaterThan(0);
    }
    // Another org still has its whole budget; Enterprise stays unlimited.
    expect((await a.consumeIssuance("starter", randomUUID())).allowed).toBe(true);
    expect((await b.consumeIssuance("enterprise", orgId)).allowed).toBe(true);
  });

  it("failed client authentications count across instances and block on both", async () => {
    const [storeA, storeB] = await twoStores();
    const a = new TokenEndpointLimits(storeA);
    const b = new TokenEndpointLimits(storeB);
    const clientId = `wf_test_${randomUUID()}`;
    for (let i = 0; i < AUTH_FAILURES_PER_CLIENT.points; i++) {
      expect(await (i % 2 === 0 ? a : b).recordAuthFailure(clientId, `192.0.2.${i}`)).toBeNull();
    }
    expect(await a.authBlocked(clientId, "192.0.2.200")).toBeNull();
    expect((await b.recordAuthFailure(clientId, "192.0.2.201"))?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await a.authBlocked(clientId, "192.0.2.202")).toMatchObject({ by: "client_id", limit: 20 });
    expect((await b.authBlocked(clientId, "192.0.2.203"))?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("a parallel burst of limit+10 API requests over two instances admits exactly the limit", async () => {
    const [storeA, storeB] = await twoStores();
    const instances = [new ApiLimits(storeA, PLAN_API_LIMITS), new ApiLimits(storeB, PLAN_API_LIMITS)];
    const limit = PLAN_API_LIMITS.starter!.requestsPerWindow;
    const orgId = randomUUID();
    const decisions = await Promise.all(
      Array.from({ length: limit + 10 }, (_, i) => instances[i % 2]!.consume("starter", orgId)),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(limit);
    expect(decisions.filter((d) => !d.allowed)).toHaveLength(10);
  });

  it("the sign-in throttle keeps its counters in Redis", async () => {
    // The file's runtime, started with the same REDIS_URL: its limiters count in that Redis.
    const runtime = testRuntime();
    runtime.limits.reset();
    const shared = runtime.redis!;
    await connectRedis(shared, 5_000);
    expect(shared.status).toBe("ready");
    const ip = `198.51.100.${Math.floor(Math.random() * 250)}`;
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_ATTEMPTS_PER_IP + 5 }, (_, i) =>
        runtime.limits.signIn.admit(ip, `u${i}@example.com`),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(SIGN_IN_ATTEMPTS_PER_IP);
    const keys = await shared.keys(`workflux-rl-*:signin-ip:${ip}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(Number(await shared.get(keys[0]!))).toBe(SIGN_IN_ATTEMPTS_PER_IP + 5);
  });

  it("Redis going away: limits still apply in this process, nothing throws, one log line per outage", async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const server = await startThrowawayRedis(port);
    throwaway.push(server);
    const log = recordingLog();
    const redis = client(url, log);
    let reconnectAttempts = 0;
    redis.on("reconnecting", () => reconnectAttempts++);
    await until(() => redis.status === "ready");
    const store: LimiterStore = { redis, namespace: `workflux-rl-test-${randomUUID()}` };
    const limit = 5;
    const limits = new ApiLimits(store, {
      starter: { requestsPerWindow: limit, windowSeconds: 60 },
      professional: null,
      enterprise: null,
    });
    const tokens = new TokenEndpointLimits(store);
    const orgId = randomUUID();
    for (let i = 0; i < 3; i++) expect((await limits.consume("starter", orgId)).allowed).toBe(true);
    expect(await redis.keys(`${store.namespace}:*`)).toHaveLength(1);

    await stopProcess(server);
    await until(() => redis.status !== "ready");
    const attemptsAtOutage = reconnectAttempts;

    // In-process from here on: a fresh count, but the same limit, also under a parallel burst.
    const decisions = await Promise.all(Array.from({ length: limit + 10 }, () => limits.consume("starter", orgId)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(limit);
    for (const d of decisions.filter((d) => !d.allowed)) expect(d.headers["Retry-After"]).toBeDefined();
    const issued = await Promise.all(
      Array.from({ length: PLAN_TOKEN_LIMITS.starter!.tokensPerWindow + 3 }, () =>
        tokens.consumeIssuance("starter", orgId),
      ),
    );
    expect(issued.filter((d) => d.allowed)).toHaveLength(PLAN_TOKEN_LIMITS.starter!.tokensPerWindow);
    const clientId = `wf_test_${randomUUID()}`;
    for (let i = 0; i < AUTH_FAILURES_PER_CLIENT.points; i++) await tokens.recordAuthFailure(clientId, "192.0.2.9");
    expect((await tokens.recordAuthFailure(clientId, "192.0.2.9"))?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await tokens.authBlocked(clientId, "192.0.2.9"))?.retryAfterSeconds).toBeGreaterThan(0);

    // Several reconnection attempts later, still one warning and no "reconnected".
    await expect.poll(() => reconnectAttempts - attemptsAtOutage, { timeout: 10_000 }).toBeGreaterThanOrEqual(3);
    expect(redis.status).not.toBe("ready");
    expect(log.lines).toEqual([
      { level: "warn", message: "redis unavailable; rate limits fall back to this instance" },
    ]);

    // Back on the same port: one "reconnected" line, and counting moves back to Redis.
    throwaway.push(await startThrowawayRedis(port));
    await until(() => redis.status === "ready", 10_000);
    expect(log.lines).toEqual([
      { level: "warn", message: "redis unavailable; rate limits fall back to this instance" },
      { level: "info", message: "redis reconnected" },
    ]);
    expect((await limits.consume("starter", randomUUID())).allowed).toBe(true);
    expect(await redis.keys(`${store.namespace}:*`)).toHaveLength(1);
  });
});
