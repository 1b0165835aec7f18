// Invitations sent per organization (IV-05): each invite or resend mails someone outside the
// portal (or mints a link), so an organization sends at most 50 an hour. Counters live in the
// runtime's limiter store (Redis when REDIS_URL is set).
import { RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { createLimiter, type LimiterStore } from "./limiter-store";

export const INVITATIONS_PER_ORG_PER_HOUR = 50;

export class InvitationLimits {
  private readonly byOrg: RateLimiterAbstract;

  constructor(store: LimiterStore) {
    this.byOrg = createLimiter(
      { keyPrefix: "invite-org", points: INVITATIONS_PER_ORG_PER_HOUR, duration: 3600 },
      store,
    );
  }

  /** Counts one invitation sent by `orgId`; null when admitted, else the seconds until the next is. */
  async consume(orgId: string): Promise<number | null> {
    try {
      await this.byOrg.consume(orgId);
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      throw error;
    }
  }
}
