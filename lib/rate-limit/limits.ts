// Every limiter of a runtime, on one store: in Redis when REDIS_URL is set (shared by every
// instance), else in this process (limiter-store.ts).
import type { Redis } from "ioredis";
import { AccountLimits } from "./account-limits";
import { ApiLimits, PLAN_API_LIMITS } from "./api-limits";
import { InvitationLimits } from "./invitation-limits";
import { limiterStore } from "./limiter-store";
import { SignInLimits } from "./sign-in-limiter";
import { TokenEndpointLimits } from "./token-limits";

export class Limits {
  token!: TokenEndpointLimits;
  api!: ApiLimits;
  signIn!: SignInLimits;
  account!: AccountLimits;
  invitations!: InvitationLimits;

  constructor(private readonly redis: Redis | null) {
    this.build(false);
  }

  /**
   * Tests' clean slate: every counter starts afresh (with Redis, under a namespace of its own),
   * optionally with other API limits. Contexts built earlier reach the new limiters, because they
   * look them up here on every call.
   */
  reset(options: { apiLimits?: typeof PLAN_API_LIMITS } = {}): void {
    this.build(true, options.apiLimits);
  }

  private build(fresh: boolean, apiLimits = PLAN_API_LIMITS): void {
    const store = limiterStore(this.redis, { fresh });
    this.token = new TokenEndpointLimits(store);
    this.api = new ApiLimits(store, apiLimits);
    this.signIn = new SignInLimits(store);
    this.account = new AccountLimits(store);
    this.invitations = new InvitationLimits(store);
  }
}
