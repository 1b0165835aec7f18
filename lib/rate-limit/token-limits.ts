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
// What it is for (TE-15): secrets carry 256 random bits, so guessing is hopeless and the throttle
// sheds load instead. A blocked client id or IP gets 429 for every wrong secret. It never refuses
// the correct secret of a key in this instance's cache (no database work either way): the client
// id is in every access token, so anyone could otherwise lock a key's owner out, and a busy NAT
// address would block every healthy key behind it. A key not cached yet is looked up despite a
// block on its client id (one lookup, then cached), but not while the source IP is blocked: a
// blocked IP spraying made-up ids costs no database work. A failure is recorded with one atomic
// `consume` right after the secret check, so parallel wrong guesses cannot outrun the count.
// Successful requests never count.
//
// Counters live in Redis when REDIS_URL is set (shared by every instance, one atomic Lua INCR per
// consume, insured by in-process counters while Redis is down), else in this process
// (limiter-store.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Plan } from "../db/generated/enums";
import { throttleKeyForIp } from "./throttle-key";
import { createLimiter, peekLimiter, type LimiterStore, type LimitUse } from "./limiter-store";

export const PLAN_TOKEN_LIMITS: Record<Plan, { tokensPerWindow: number; windowSeconds: number } | null> = {
  starter: { tokensPerWindow: 60, windowSeconds: 60 },
  professional: { tokensPerWindow: 600, windowSeconds: 60 },
  enterprise: null, // unlimited issuance
};

export const AUTH_FAILURES_PER_CLIENT = { points: 20, windowSeconds: 900, blockSeconds: 900 };
export const AUTH_FAILURES_PER_IP = { points: 100, windowSeconds: 900, blockSeconds: 900 };

/** A refusal of the failure throttle: how long to wait, the allowance exceeded, and whose it is. */
export type AuthBlock = { retryAfterSeconds: number; limit: number; by: "client_id" | "ip" };

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
  async authBlocked(clientId: string, ip: string): Promise<AuthBlock | null> {
    const [byClient, byIp] = await Promise.all([
      this.failuresByClient.get(clientId),
      this.failuresByIp.get(throttleKeyForIp(ip)),
    ]);
    const over = (res: RateLimiterRes | null, points: number, by: AuthBlock["by"]): AuthBlock | null =>
      res && res.consumedPoints > points ? { retryAfterSeconds: seconds(res.msBeforeNext), limit: points, by } : null;
    // The IP's block first: it is the one that also stops lookups.
    return (
      over(byIp, AUTH_FAILURES_PER_IP.points, "ip") ?? over(byClient, AUTH_FAILURES_PER_CLIENT.points, "client_id")
    );
  }

  /** Records one failed authentication; null when still within the allowance, else seconds to wait. */
  async recordAuthFailure(clientId: string, ip: string): Promise<AuthBlock | null> {
    const limits = [
      { limit: AUTH_FAILURES_PER_IP.points, by: "ip" as const },
      { limit: AUTH_FAILURES_PER_CLIENT.points, by: "client_id" as const },
    ];
    const results = await Promise.allSettled([
      this.failuresByIp.consume(throttleKeyForIp(ip)),
      this.failuresByClient.consume(clientId),
    ]);
    let block: AuthBlock | null = null;
    results.forEach((result, i) => {
      if (result.status === "fulfilled") return;
      if (!isLimiterRejection(result.reason)) throw result.reason;
      block = longest(block, { retryAfterSeconds: seconds(result.reason.msBeforeNext), ...limits[i]! });
    });
    return block;
  }

  /** This minute's use of the org's issuance limit under `plan`, without consuming; null: unlimited. */
  async peekIssuance(plan: Plan, orgId: string): Promise<LimitUse | null> {
    const limiter = this.issuance.get(plan);
    return limiter ? peekLimiter(limiter, orgId) : null;
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

const longest = (a: AuthBlock | null, b: AuthBlock | null) =>
  !a ? b : !b ? a : b.retryAfterSeconds > a.retryAfterSeconds ? b : a;

/** The headers of a failure-throttle 429: the same RateLimit-* fields as a plan limit's. */
export function authBlockHeaders(block: AuthBlock): Record<string, string> {
  return {
    "Retry-After": String(block.retryAfterSeconds),
    "RateLimit-Limit": String(block.limit),
    "RateLimit-Remaining": "0",
    "RateLimit-Reset": String(block.retryAfterSeconds),
  };
}

// draft-ietf-httpapi-ratelimit-headers (≤ 06): separate Limit / Remaining / Reset fields.
export function rateLimitHeaders(limit: number, res: RateLimiterRes): Record<string, string> {
  return {
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(Math.max(0, res.remainingPoints)),
    "RateLimit-Reset": String(seconds(res.msBeforeNext)),
  };
}
