// Every change to a credential's validity (revoke, rotate, scope edit, expiry) or to its
// organization's plan (lib/orgs/set-plan.ts) is announced so
// caches of credential state drop it at once: in this process directly, and on every other
// instance through PostgreSQL NOTIFY, which is delivered only when the writing transaction commits.
import type { Tx } from "../db/client";
import { getRuntime } from "../runtime/current";

export const CREDENTIAL_CHANNEL = "workflux_credential_changed";

/** Inside the writing transaction: tells the other instances once it commits. */
/**
 * Ends every token minted so far with this key's secrets (rotation "now", revocation), as the last
 * statement before the commit: the cut-off comes from the database's clock, in whole seconds (as
 * `iat` is), two seconds past the statement's second. A token minted with the old secret by an
 * instance that has not yet heard of the change has an earlier `iat`, so it is dead everywhere as
 * long as the change reaches every instance within a second of the commit (the NOTIFY takes
 * milliseconds; a stalled listener stops trusting its cache within a second). Tokens minted with
 * the new secret get their `iat` raised to the cut-off (access-token.ts), up to 2 s ahead.
 */
export async function cutOffTokensAtCommit(tx: Tx, keyId: string): Promise<Date> {
  const [row] = await tx.$queryRaw<Array<{ cut: Date }>>`
    UPDATE api_keys SET tokens_valid_after = date_trunc('second', clock_timestamp()) + interval '2 seconds'
    WHERE id = ${keyId}::uuid RETURNING tokens_valid_after AS cut`;
  if (!row) throw new Error("the key to cut off vanished inside its transaction");
  return row.cut;
}

/** `cutOffTokensAtCommit` for several keys of one organization at once (deleting the organization). */
export async function cutOffTokensOfKeysAtCommit(tx: Tx, orgId: string, keyIds: readonly string[]): Promise<void> {
  if (keyIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE api_keys SET tokens_valid_after = date_trunc('second', clock_timestamp()) + interval '2 seconds'
    WHERE org_id = ${orgId}::uuid AND id = ANY(${[...keyIds]}::uuid[])`;
}

export async function notifyCredentialChanged(tx: Tx, clientId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CREDENTIAL_CHANNEL}, ${clientId})`;
}

/** After the transaction committed: drops this process's cached state for the credential. */
export function credentialChangedLocally(clientId: string): void {
  getRuntime().events.emit("credentialChanged", clientId);
}
