// Every change to a credential's validity (revoke, rotate, scope edit, expiry) is announced so
// caches of credential state drop it at once: in this process directly, and on every other
// instance through PostgreSQL NOTIFY, which is delivered only when the writing transaction commits.
import type { Tx } from "../db/client";
import { getRuntime } from "../runtime/current";

export const CREDENTIAL_CHANNEL = "workflux_credential_changed";

/** Inside the writing transaction: tells the other instances once it commits. */
export async function notifyCredentialChanged(tx: Tx, clientId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CREDENTIAL_CHANNEL}, ${clientId})`;
}

/** After the transaction committed: drops this process's cached state for the credential. */
export function credentialChangedLocally(clientId: string): void {
  getRuntime().events.emit("credentialChanged", clientId);
}
