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
