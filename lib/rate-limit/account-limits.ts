// Throttles of the account pages that mail a link (AC-02): a password reset or a resent
// verification mail, per source IP and per email address, counted before any work is done.
// The answer to a throttled request says nothing about whether the address has an account.
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter, type LimiterStore } from "./limiter-store";
import { throttleKeyForIp } from "./throttle-key";

export const ACCOUNT_MAILS_PER_EMAIL = 5; // per hour
export const ACCOUNT_REQUESTS_PER_IP = 20; // per hour

export type AccountGate = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class AccountLimits {
  private readonly byIp: RateLimiterAbstract;
  private readonly byEmail: RateLimiterAbstract;

  constructor(store: LimiterStore) {
    this.byIp = createLimiter({ keyPrefix: "account-ip", points: ACCOUNT_REQUESTS_PER_IP, duration: 3600 }, store);
    this.byEmail = createLimiter(
      { keyPrefix: "account-email", points: ACCOUNT_MAILS_PER_EMAIL, duration: 3600 },
      store,
    );
  }

  async admit(ip: string, email: string): Promise<AccountGate> {
    try {
      await this.byIp.consume(throttleKeyForIp(ip));
      await this.byEmail.consume(email);
    } catch (error) {
      if (error instanceof RateLimiterRes)
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) };
      throw error;
    }
    return { allowed: true };
  }
}
