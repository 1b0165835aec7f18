// Where rate-limit counters live (RL-01, RL-02, RL-03).
//
// REDIS_URL unset: in this process (RateLimiterMemory), so several instances each admit their own
// allowance; the runtime warns about that at start when DATABASE_URL suggests several instances.
// REDIS_URL set: in Redis (RateLimiterRedis: one atomic Lua INCR per consume), shared by every
// instance. Each Redis limiter is insured by a RateLimiterMemory with the same options: when
// Redis cannot answer, the same limits apply in this process (never "unlimited") and no error
// reaches the caller. The degradation is logged once per outage, from the client's connection
// events, never per request.
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number; blockDuration?: number };

/** A Redis client (null: in-process counters) and the namespace its keys are prefixed with. */
export type LimiterStore = { redis: Redis | null; namespace: string };

const NAMESPACE = "workflux-rl";

type RedisLog = { warn(fields: object, message: string): void; info(fields: object, message: string): void };

/**
 * A client for limiter counters: commands fail fast instead of queueing while disconnected (the
 * insurance limiter answers then), reconnects in the background forever, and logs
 * "redis unavailable" once per outage and "redis reconnected" once when it is back.
 */
export function createRedisClient(url: string, log: RedisLog): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // A Redis that accepts the connection but stops answering must not hold requests up.
    commandTimeout: 500,
    connectTimeout: 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
  });
  let down = false;
  const markDown = (error?: Error) => {
    if (down) return;
    down = true;
    // The message only (e.g. "connect ECONNREFUSED 10.0.0.5:6379"): never the URL, which may carry a password.
    log.warn(
      { reason: error?.message ?? "connection closed" },
      "redis unavailable; rate limits fall back to this instance",
    );
  };
  client.on("error", (error: Error) => markDown(error));
  // ioredis settles the status right after "close": "end" means quit()/disconnect() on purpose.
  client.on("close", () => queueMicrotask(() => client.status !== "end" && markDown()));
  client.on("ready", () => {
    if (!down) return;
    down = false;
    log.info({}, "redis reconnected");
  });
  client.connect().catch(() => {}); // a refused first connection is logged by the "error" handler
  return client;
}

/** In-process counters (no REDIS_URL, and unit-test fakes). */
export function memoryLimiterStore(): LimiterStore {
  return { redis: null, namespace: NAMESPACE };
}

/** The store every limiter of a runtime uses: Redis when REDIS_URL is set, else this process. */
export function limiterStore(redis: Redis | null, { fresh = false } = {}): LimiterStore {
  // A fresh store (tests' clean slate) counts under a namespace of its own, so earlier counters (of
  // this or another test process sharing the Redis) are not seen and nothing shared is deleted.
  return { redis, namespace: fresh ? `${NAMESPACE}-${randomUUID()}` : NAMESPACE };
}

export function createLimiter(options: LimiterOptions, store: LimiterStore): RateLimiterAbstract {
  if (!store.redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    keyPrefix: `${store.namespace}:${options.keyPrefix}`,
    storeClient: store.redis,
    // Not connected: straight to the insurance limiter instead of a failed round trip.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** A window's use of one limit: `used` of `limit` admitted, the window ending in `resetSeconds` (null: none open). */
export type LimitUse = { limit: number; used: number; resetSeconds: number | null };

/**
 * This window's use of `key`, read without consuming anything (RL-06): a `get` on the same
 * limiter that enforces the limit (one GET and PTTL in Redis; the insurance limiter's count while
 * Redis cannot answer). Refused requests count towards `consumedPoints` too, so `used` is capped
 * at the limit: it is what was admitted.
 */
export async function peekLimiter(limiter: RateLimiterAbstract, key: string): Promise<LimitUse> {
  const res = await limiter.get(key);
  return {
    limit: limiter.points,
    used: res ? Math.min(res.consumedPoints, limiter.points) : 0,
    resetSeconds: res ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : null,
  };
}

/** Waits (up to timeoutMs) for the first connection so the first requests count in Redis. */
export async function connectRedis(client: Redis | null, timeoutMs = 3_000): Promise<void> {
  if (!client || client.status === "ready") return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off("ready", done);
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    client.once("ready", done);
  });
}

/** /readyz: does Redis answer a PING (within the client's command timeout)? */
export async function pingRedis(client: Redis | null): Promise<boolean> {
  if (!client) return false;
  // A client still making its first connection gets a moment; one that lost it answers at once.
  if (client.status === "wait" || client.status === "connecting" || client.status === "connect")
    await connectRedis(client, 1_000);
  if (client.status !== "ready") return false;
  try {
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  }
}

/** Shutdown: closes the limiter client, if any (QUIT, or a hard disconnect when not connected). */
export async function closeRedis(client: Redis | null): Promise<void> {
  if (!client) return;
  if (client.status !== "ready") return void client.disconnect();
  await client.quit().catch(() => client.disconnect());
}
