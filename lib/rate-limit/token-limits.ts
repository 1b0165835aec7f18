// Limits on the OAuth endpoints (TE-15, RL-01). One table, also
// in the README:
//
// | What                                   | Starter | Professional | Enterprise |
// |----------------------------------------|---------|--------------|------------|
// | Access tokens issued per org per minute|      60 |          600 | unlimited  |
// | Failed client auths per client_id      | 20 / 15 min, then blocked for 15 min (all plans) |
// | Failed client auths per source IP      | 100 / 15 min, then blocked for 15 min (all plans)|
//
// The failure throttle is the same for every plan: Enterprise's "unlimited" applies to issuance
// only and never lifts it. It is back-off, not lockout: the block ends on its own.
//
// Atomicity (KC-31726: parallel guesses all passed a check made before any failure was
// recorded). Here a failure is recorded with one atomic `consume` right after the secret check,
// and a *correct* secret is only honoured if the client id and IP are not blocked at that moment
// (checked after the secret check, too). So however many guesses run in parallel, at most the
// allowance's worth can ever be answered with a token; the rest get 429, even the right one.
// Successful requests never count, so a busy client's own concurrency never blocks it.
//
// Counters live in Redis when REDIS_URL is set (shared by every instance, one atomic Lua INCR per
// consume, insured by in-process counters while Redis is down), else in this process
// (limiter-store.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Plan } from "../db/generated/enums";
import { throttleKeyForIp } from "./throttle-key";
import { createLimiter, type LimiterStore } from "./limiter-store";

export const PLAN_TOKEN_LIMITS: Record<Plan, { tokensPerWindow: number; windowSeconds: number } | null> = {
  starter: { tokensPerWindow: 60, windowSeconds: 60 },
  professional: { tokensPerWindow: 600, windowSeconds: 60 },
  enterprise: null, // unlimited issuance
};

export const AUTH_FAILURES_PER_CLIENT = { points: 20, windowSeconds: 900, blockSeconds: 900 };
export const AUTH_FAILURES_PER_IP = { points: 100, windowSeconds: 900, blockSeconds: 900 };

export type LimitDecision =
  | { allowed: true; headers: Record<string, string> }
  | { allowed: false; retryAfterSeconds: number; headers: Record<string, string> };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

function isLimiterRejection(error: unknown): error is RateLimiterRes {
  return error instanceof RateLimiterRes;
}

export class TokenEndpointLimits {
  private readonly failuresByClient: RateLimiterAbstract;
  private readonly failuresByIp: RateLimiterAbstract;
  private readonly issuance = new Map<Plan, RateLimiterAbstract>();

  /** Objects built on the same Redis store share their counters, as separate instances do. */
  constructor(store: LimiterStore) {
    this.failuresByClient = createLimiter(
      {
        keyPrefix: "oauth-fail-client",
        points: AUTH_FAILURES_PER_CLIENT.points,
        duration: AUTH_FAILURES_PER_CLIENT.windowSeconds,
        blockDuration: AUTH_FAILURES_PER_CLIENT.blockSeconds,
      },
      store,
    );
    this.failuresByIp = createLimiter(
      {
        keyPrefix: "oauth-fail-ip",
        points: AUTH_FAILURES_PER_IP.points,
        duration: AUTH_FAILURES_PER_IP.windowSeconds,
        blockDuration: AUTH_FAILURES_PER_IP.blockSeconds,
      },
      store,
    );
    for (const [plan, limit] of Object.entries(PLAN_TOKEN_LIMITS) as [Plan, (typeof PLAN_TOKEN_LIMITS)[Plan]][]) {
      if (!limit) continue;
      this.issuance.set(
        plan,
        createLimiter(
          { keyPrefix: `oauth-issue-${plan}`, points: limit.tokensPerWindow, duration: limit.windowSeconds },
          store,
        ),
      );
    }
  }

  /** Cheap pre-check before any lookup: is this client id or IP already blocked? */
  async authBlocked(clientId: string, ip: string): Promise<number | null> {
    const [byClient, byIp] = await Promise.all([
      this.failuresByClient.get(clientId),
      this.failuresByIp.get(throttleKeyForIp(ip)),
    ]);
    const overBy = (res: RateLimiterRes | null, points: number) =>
      res && res.consumedPoints > points ? res.msBeforeNext : 0;
    const waitMs = Math.max(
      overBy(byClient, AUTH_FAILURES_PER_CLIENT.points),
      overBy(byIp, AUTH_FAILURES_PER_IP.points),
    );
    return waitMs > 0 ? seconds(waitMs) : null;
  }

  /** Records one failed authentication; null when still within the allowance, else seconds to wait. */
  async recordAuthFailure(clientId: string, ip: string): Promise<number | null> {
    const results = await Promise.allSettled([
      this.failuresByIp.consume(throttleKeyForIp(ip)),
      this.failuresByClient.consume(clientId),
    ]);
    let waitMs = 0;
    for (const result of results) {
      if (result.status === "fulfilled") continue;
      if (!isLimiterRejection(result.reason)) throw result.reason;
      waitMs = Math.max(waitMs, result.reason.msBeforeNext);
    }
    return waitMs > 0 ? seconds(waitMs) : null;
  }

  /** Counts one issued token against the org's plan; RateLimit-* headers for the answer. */
  async consumeIssuance(plan: Plan, orgId: string): Promise<LimitDecision> {
    const limiter = this.issuance.get(plan);
    const limit = PLAN_TOKEN_LIMITS[plan];
    if (!limiter || !limit) return { allowed: true, headers: {} };
    try {
      const res = await limiter.consume(orgId);
      return { allowed: true, headers: rateLimitHeaders(limit.tokensPerWindow, res) };
    } catch (error) {
      if (!isLimiterRejection(error)) throw error;
      const retryAfterSeconds = seconds(error.msBeforeNext);
      return {
        allowed: false,
        retryAfterSeconds,
        headers: { ...rateLimitHeaders(limit.tokensPerWindow, error), "Retry-After": String(retryAfterSeconds) },
      };
    }
  }
}

// draft-ietf-httpapi-ratelimit-headers (≤ 06): separate Limit / Remaining / Reset fields.
export function rateLimitHeaders(limit: number, res: RateLimiterRes): Record<string, string> {
  return {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(seconds(res.msBeforeNext)),
  };
}
