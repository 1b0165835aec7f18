// Every change to a credential's validity (revoke, rotate, scope edit, expiry) is announced so
// caches of key state drop it at once: in this process directly, and on every other instance
// through PostgreSQL NOTIFY, which is delivered only when the writing transaction commits.
import { EventEmitter } from "node:events";
import type { Tx } from "../db/client";

export const CREDENTIAL_CHANNEL = "workflux_credential_changed";

type Emitter = EventEmitter<{ changed: [clientId: string] }>;
const globalForEvents = globalThis as unknown as { __workfluxCredentialEvents?: Emitter };

/** The process-wide emitter (on globalThis: Next bundles this module more than once). */
export function credentialEvents(): Emitter {
  globalForEvents.__workfluxCredentialEvents ??= new EventEmitter<{ changed: [clientId: string] }>().setMaxListeners(
    50,
  );
  return globalForEvents.__workfluxCredentialEvents;
}

/** Inside the writing transaction: tells the other instances once it commits. */
export async function notifyCredentialChanged(tx: Tx, clientId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CREDENTIAL_CHANNEL}, ${clientId})`;
}

/** After the transaction committed: drops this process's cached state for the key. */
export function credentialChangedLocally(clientId: string): void {
  credentialEvents().emit("changed", clientId);
}
