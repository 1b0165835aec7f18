// Dashboard sign-in throttle (SA-09, and TE-15 in spirit): every attempt counts against the
// source IP and against the email, atomically and before the password is checked, so parallel
// guesses cannot all pass a check made before any failure was recorded (KC-31726); a successful
// sign-in gives the email's budget back, and its own attempt back to the IP, so an office behind
// one address is limited by its wrong guesses, not by how many people sign in. Back-off, never a permanent lockout. Counters are
// shared through Redis when REDIS_URL is set, else kept in this process (limiter-store.ts).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AppError } from "../errors";
import { throttleKeyForIp } from "./throttle-key";
import { createLimiter, type LimiterStore } from "./limiter-store";

export const SIGN_IN_ATTEMPTS_PER_IP = 30; // per 10 minutes
export const SIGN_IN_FAILURES_PER_EMAIL = 10; // per 15 minutes

export type SignInGate = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const blocked = (res: RateLimiterRes): SignInGate => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
});

export class SignInLimits {
  private readonly byIp: RateLimiterAbstract;
  private readonly failuresByEmail: RateLimiterAbstract;

  constructor(store: LimiterStore) {
    this.byIp = createLimiter({ keyPrefix: "signin-ip", points: SIGN_IN_ATTEMPTS_PER_IP, duration: 600 }, store);
    this.failuresByEmail = createLimiter(
      { keyPrefix: "signin-email", points: SIGN_IN_FAILURES_PER_EMAIL, duration: 900 },
      store,
    );
  }

  /** Counts the attempt against the IP and the email, atomically per key; refused once either is spent. */
  async admit(ip: string, email: string): Promise<SignInGate> {
    try {
      await this.byIp.consume(throttleKeyForIp(ip));
      await this.failuresByEmail.consume(email);
    } catch (error) {
      if (error instanceof RateLimiterRes) return blocked(error);
      throw error;
    }
    return { allowed: true };
  }

  /**
   * For the forms that check a password or code outside the sign-in itself (a password change, a
   * sudo confirmation, the code after single sign-on): the same count, refused as rate_limited.
   */
  async admitOrRefuse(ip: string, email: string): Promise<void> {
    const gate = await this.admit(ip, email);
    if (!gate.allowed) {
      throw new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.", {
        headers: { "Retry-After": String(gate.retryAfterSeconds) },
      });
    }
  }

  /**
   * A successful sign-in (or confirmation): its attempt, and earlier failures, no longer count
   * against the email; with `ip`, its one attempt no longer counts against the IP either.
   */
  async clearFailures(email: string, ip?: string): Promise<void> {
    await this.failuresByEmail.delete(email);
    if (ip) await this.giveBack(ip);
  }

  /** An attempt that proved the password (the second step follows) is no guess: the IP gets it back. */
  async giveBack(ip: string): Promise<void> {
    await this.byIp.reward(throttleKeyForIp(ip), 1);
  }
}
