// Per-plan request limits on the platform API, per organization (PA-09, RL-01):
//
// | Plan         | API requests per org |
// |--------------|----------------------|
// | Starter      | 600 per minute       |
// | Professional | 6,000 per minute     |
// | Enterprise   | unlimited            |
//
// Counters are atomic per key: in Redis when REDIS_URL is set (one budget across instances,
// in-process fallback while Redis is down), else in this process, where several instances each
// admit up to their own allowance (README; limiter-store.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Plan } from "../db/generated/enums";
import { createLimiter, peekLimiter, type LimiterStore, type LimitUse } from "./limiter-store";
import { rateLimitHeaders, type LimitDecision } from "./token-limits";

export const PLAN_API_LIMITS: Record<Plan, { requestsPerWindow: number; windowSeconds: number } | null> = {
  starter: { requestsPerWindow: 600, windowSeconds: 60 },
  professional: { requestsPerWindow: 6_000, windowSeconds: 60 },
  enterprise: null,
};

export class ApiLimits {
  private readonly limiters = new Map<Plan, RateLimiterAbstract>();

  /** Objects built on the same Redis store share their counters, as separate instances do. */
  constructor(store: LimiterStore, limits = PLAN_API_LIMITS) {
    for (const [plan, limit] of Object.entries(limits) as [Plan, (typeof limits)[Plan]][]) {
      if (!limit) continue;
      const options = { keyPrefix: `api-${plan}`, points: limit.requestsPerWindow, duration: limit.windowSeconds };
      this.limiters.set(plan, createLimiter(options, store));
    }
  }

  /** This minute's use of the org's request limit under `plan`, without consuming; null: unlimited. */
  async peek(plan: Plan, orgId: string): Promise<LimitUse | null> {
    const limiter = this.limiters.get(plan);
    return limiter ? peekLimiter(limiter, orgId) : null;
  }

  async consume(plan: Plan, orgId: string): Promise<LimitDecision> {
    const limiter = this.limiters.get(plan);
    if (!limiter) return { allowed: true, headers: {} };
    const limit = limiter.points;
    try {
      return { allowed: true, headers: rateLimitHeaders(limit, await limiter.consume(orgId)) };
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const retryAfterSeconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      return {
        allowed: false,
        retryAfterSeconds,
        headers: { ...rateLimitHeaders(limit, error), "Retry-After": String(retryAfterSeconds) },
      };
    }
  }
}
