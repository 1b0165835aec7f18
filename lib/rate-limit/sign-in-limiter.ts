// Dashboard sign-in throttle (SECURITY SA-09, TE-15 in spirit): every attempt counts against the
// source IP and against the email, atomically and before the password is checked, so parallel
// guesses cannot all pass a check made before any failure was recorded (KC-31726); a successful
// sign-in gives the email's budget back. Back-off, never a permanent lockout. Counters are
// shared through Redis when REDIS_URL is set, else kept in this process (limiter-store.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { throttleKeyForIp } from "../http/client-ip";
import { createLimiter, freshLimiterStore, sharedLimiterStore, type LimiterStore } from "./limiter-store";

export const SIGN_IN_ATTEMPTS_PER_IP = 30; // per 10 minutes
export const SIGN_IN_FAILURES_PER_EMAIL = 10; // per 15 minutes

type Limiters = { byIp: RateLimiterAbstract; failuresByEmail: RateLimiterAbstract };

function createLimiters(store: LimiterStore = sharedLimiterStore()): Limiters {
  return {
    byIp: createLimiter({ keyPrefix: "signin-ip", points: SIGN_IN_ATTEMPTS_PER_IP, duration: 600 }, store),
    failuresByEmail: createLimiter(
      { keyPrefix: "signin-email", points: SIGN_IN_FAILURES_PER_EMAIL, duration: 900 },
      store,
    ),
  };
}

// One store per process even though Next bundles this module more than once.
const globalForLimits = globalThis as unknown as { __workfluxSignInLimiters?: Limiters };
const limiters = () => (globalForLimits.__workfluxSignInLimiters ??= createLimiters());

export type SignInGate = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const blocked = (res: RateLimiterRes): SignInGate => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

/** Counts the attempt against the IP and the email, atomically per key; refused once either is spent. */
export async function admitSignInAttempt(ip: string, email: string): Promise<SignInGate> {
  try {
    await limiters().byIp.consume(throttleKeyForIp(ip));
    await limiters().failuresByEmail.consume(email);
  } catch (error) {
    if (error instanceof RateLimiterRes) return blocked(error);
    throw error;
  }
  return { allowed: true };
}

/** A successful sign-in: its attempt, and earlier failures, no longer count against the email. */
export async function clearSignInFailures(email: string): Promise<void> {
  await limiters().failuresByEmail.delete(email);
}

/** Tests start from a clean slate (with Redis: a namespace of their own). */
export function resetSignInLimiters(): void {
  globalForLimits.__workfluxSignInLimiters = createLimiters(freshLimiterStore());
}
