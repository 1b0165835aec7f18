// The scopes of the public authentication guide, spelled and described exactly as it does. This
// module is pure so the dashboard (checkbox list) and the server (validation) share one list.
export const CREDENTIAL_SCOPES = [
  { scope: "read:agents", description: "Read agent information" },
  { scope: "write:agents", description: "Create and update agents" },
  { scope: "read:analytics", description: "Access analytics data" },
  { scope: "write:integrations", description: "Manage integrations" },
  { scope: "admin", description: "Full administrative access" },
] as const;

export type CredentialScope = (typeof CREDENTIAL_SCOPES)[number]["scope"];

export const SCOPE_NAMES = CREDENTIAL_SCOPES.map((entry) => entry.scope) as [CredentialScope, ...CredentialScope[]];

/** Deduplicated and in the guide's order, so equal sets always compare and display the same. */
export function normalizeScopes(scopes: readonly string[]): CredentialScope[] {
  const wanted = new Set(scopes);
  return SCOPE_NAMES.filter((scope) => wanted.has(scope));
}
