// Everything the OAuth endpoints depend on, gathered once per process (on globalThis, since Next
// bundles modules twice) and replaceable in tests.
import type { Db } from "../db/client";
import type { KeyRecord } from "../credentials/verify-client-secret";
import type { TokenEndpointLimits } from "../rate-limit/token-limits";
import type { ActiveSigner } from "../signing-keys/signing-key-store";
import type { ActivityBatcher } from "../usage/activity-batcher";
import type { KeyObject } from "node:crypto";

export type OAuthLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
};

export type OAuthContext = {
  issuer: string;
  audience: string;
  now: () => Date;
  keys: { get(clientId: string): Promise<KeyRecord | null>; cached?(clientId: string): KeyRecord | null | undefined };
  signingKeys: {
    signer(): Promise<ActiveSigner>;
    verificationKey(kid: string): Promise<KeyObject | undefined>;
    jwksBody(): Promise<string>;
  };
  limits: Pick<TokenEndpointLimits, "authBlocked" | "recordAuthFailure" | "consumeIssuance">;
  activity: Pick<ActivityBatcher, "tokenIssued" | "authFailed">;
  log: OAuthLog;
  db: () => Db;
};

const globalForContext = globalThis as unknown as {
  __workfluxOAuthContext?: Promise<OAuthContext>;
  __workfluxOAuthContextReady?: OAuthContext;
};

async function createContext(): Promise<OAuthContext> {
  // Imported lazily so unit tests of the pure parts never load the database client.
  const [
    { getEnv, apiAudience },
    { getDb },
    { getKeyCache },
    { getSigningKeyStore },
    { getTokenEndpointLimits },
    { getActivityBatcher },
    { getLogger },
    { default: pino },
  ] = await Promise.all([
    import("../env"),
    import("../db/client"),
    import("../credentials/key-cache"),
    import("../signing-keys/signing-key-store"),
    import("../rate-limit/token-limits"),
    import("../usage/activity-batcher"),
    import("../log/logger"),
    import("pino"),
  ]);
  const env = getEnv();
  const signingKeys = getSigningKeyStore();
  const logger = getLogger();
  // The per-request line carries only LogFields (ids, IP, outcome and reason codes, never a
  // secret or token), so it skips the redaction pass the general logger runs on every call;
  // warnings and errors, which may carry error objects, still go through it. Its lines are
  // buffered (up to 4 KiB or 1 s) rather than written one syscall each; pino flushes on exit.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => destination.flush(), 1000).unref();
  const requestLines = pino({ level: env.LOG_LEVEL, base: { service: "workflux-portal" } }, destination);
  return {
    issuer: env.APP_URL,
    audience: apiAudience(env),
    now: () => new Date(),
    keys: getKeyCache(),
    signingKeys,
    // Looked up per call, so resetTokenEndpointLimits() (tests) reaches a context built earlier.
    limits: {
      authBlocked: (clientId, ip) => getTokenEndpointLimits().authBlocked(clientId, ip),
      recordAuthFailure: (clientId, ip) => getTokenEndpointLimits().recordAuthFailure(clientId, ip),
      consumeIssuance: (plan, orgId) => getTokenEndpointLimits().consumeIssuance(plan, orgId),
    },
    activity: getActivityBatcher(),
    log: {
      info: (fields, message) => requestLines.info(fields, message),
      warn: (fields, message) => logger.warn(fields, message),
      error: (fields, message) => logger.error(fields, message),
    },
    db: getDb,
  };
}

export function getOAuthContext(): Promise<OAuthContext> {
  if (!globalForContext.__workfluxOAuthContext) {
    const creating = createContext();
    globalForContext.__workfluxOAuthContext = creating;
    creating.then(
      (ctx) => (globalForContext.__workfluxOAuthContextReady = ctx),
      () => (globalForContext.__workfluxOAuthContext = undefined),
    );
  }
  return globalForContext.__workfluxOAuthContext;
}

/** The context once built, without a promise: the hot path skips an await. */
export function readyOAuthContext(): OAuthContext | undefined {
  return globalForContext.__workfluxOAuthContextReady;
}

/** Tests: rebuild the context after swapping environment or globals. */
export function resetOAuthContext(): void {
  globalForContext.__workfluxOAuthContext = undefined;
  globalForContext.__workfluxOAuthContextReady = undefined;
}
