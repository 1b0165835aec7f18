// Who is calling the platform API: derived only from a verified access token and the live key
// record, never from the request (SECURITY PA-06).
import type { Environment, Plan } from "../db/generated/enums";

export type ApiPrincipal = {
  orgId: string;
  environment: Environment;
  apiKeyId: string;
  clientId: string;
  plan: Plan;
  /** Effective scopes: the token's scopes ∩ the key's current scopes. */
  scopes: readonly string[];
};

/** The `where` fragment every query over API-owned data carries. */
export const dataScope = (p: ApiPrincipal) => ({ orgId: p.orgId, environment: p.environment });

/** Audit fields for a write made by an API key. */
export const apiKeyAuditActor = (p: ApiPrincipal) => ({
  orgId: p.orgId,
  actorType: "api_key" as const,
  actorId: p.apiKeyId,
  actorLabel: p.clientId,
});
