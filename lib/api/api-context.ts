// What the platform API depends on: the OAuth context (issuer, audience, key cache, signing keys,
// activity) plus the jti denylist and the per-plan request limits. One per process (globalThis).
import type { OAuthContext } from "../oauth/oauth-context";
import type { ApiLimits } from "../rate-limit/api-limits";
import type { ActivityBatcher } from "../usage/activity-batcher";

export type ApiContext = Pick<OAuthContext, "issuer" | "audience" | "now" | "keys" | "signingKeys" | "log" | "db"> & {
  revocations: { isRevoked(jti: string): Promise<boolean> };
  limits: Pick<ApiLimits, "consume">;
  activity: Pick<ActivityBatcher, "apiRequest">;
};

const globalForContext = globalThis as unknown as { __workfluxApiContext?: Promise<ApiContext> };

async function createContext(): Promise<ApiContext> {
  const [{ getOAuthContext }, { getRevocationList }, { getApiLimits }, { getActivityBatcher }] = await Promise.all([
    import("../oauth/oauth-context"),
    import("../tokens/revocation-list"),
    import("../rate-limit/api-limits"),
    import("../usage/activity-batcher"),
  ]);
  const oauth = await getOAuthContext();
  return {
    ...oauth,
    revocations: getRevocationList(),
    // Looked up per call so tests (and a future plan-limit reload) can swap the limiter.
    limits: { consume: (plan, orgId) => getApiLimits().consume(plan, orgId) },
    activity: getActivityBatcher(),
  };
}

export function getApiContext(): Promise<ApiContext> {
  globalForContext.__workfluxApiContext ??= createContext();
  globalForContext.__workfluxApiContext.catch(() => (globalForContext.__workfluxApiContext = undefined));
  return globalForContext.__workfluxApiContext;
}

export function resetApiContext(): void {
  globalForContext.__workfluxApiContext = undefined;
}
