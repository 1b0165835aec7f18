// What the platform API depends on: the OAuth context (issuer, audience, credential cache, signing
// keys, log) plus the jti denylist, the per-plan request limits and usage counting. The runtime
// builds the real one; tests may build their own.
import type { OAuthContext } from "../oauth/oauth-context";
import type { ApiLimits } from "../rate-limit/api-limits";
import type { VerifiedAccessToken } from "../tokens/verify-access-token";
import type { ActivityBatcher } from "../usage/activity-batcher";
import type { Metrics } from "../metrics/metrics";

export type ApiContext = Pick<
  OAuthContext,
  "issuer" | "audience" | "now" | "keys" | "signingKeys" | "log" | "outages" | "db"
> & {
  revocations: { isRevoked(jti: string): Promise<boolean> };
  limits: Pick<ApiLimits, "consume">;
  activity: Pick<ActivityBatcher, "apiRequest" | "rateLimited">;
  metrics: Pick<Metrics, "apiRefusals">;
  /**
   * Token strings whose signature already verified, until their exp (bounded): clients reuse one
   * token for up to an hour, and the signature check is the guard's main cost.
   */
  verifiedTokens: Map<string, { claims: VerifiedAccessToken; kid: string }>;
};
