// Everything the OAuth endpoints depend on, as a narrow interface: the runtime builds the real one
// once (lib/runtime/start-runtime.ts), unit tests build fakes (tests/helpers/oauth-fakes.ts).
import type { KeyObject } from "node:crypto";
import type { CredentialRecord } from "../credentials/verify-client-secret";
import type { Db } from "../db/client";
import type { OutageLog } from "../health/outage-log";
import type { Metrics } from "../metrics/metrics";
import type { TokenEndpointLimits } from "../rate-limit/token-limits";
import type { ActiveSigner } from "../signing-keys/signing-key-store";
import type { ActivityBatcher } from "../usage/activity-batcher";

export type OAuthLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
};

export type OAuthContext = {
  issuer: string;
  audience: string;
  now: () => Date;
  keys: {
    get(clientId: string): Promise<CredentialRecord | null>;
    cached?(clientId: string): CredentialRecord | null | undefined;
  };
  signingKeys: {
    signer(): Promise<ActiveSigner>;
    verificationKey(kid: string): Promise<KeyObject | undefined>;
    jwksBody(): Promise<string>;
  };
  limits: Pick<TokenEndpointLimits, "authBlocked" | "recordAuthFailure" | "consumeIssuance">;
  activity: Pick<ActivityBatcher, "tokenIssued" | "authFailed" | "rateLimited">;
  log: OAuthLog;
  /** Where a 503 for an unavailable dependency is reported instead of one error line each. */
  outages: Pick<OutageLog, "failed">;
  metrics: Pick<Metrics, "oauthRequests">;
  db: () => Db;
};
