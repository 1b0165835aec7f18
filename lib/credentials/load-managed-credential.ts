// The common first step of every change to an existing key: lock its row inside the transaction,
// answer another organization's id as not found, then check the caller (with the role they hold
// as of this transaction) may manage this key.
import { canManageCredential, type Actor } from "../authz/permissions";
import type { Tx } from "../db/client";
import { AppError } from "../errors";
import { actorAsOfNow } from "../orgs/current-role";
import { isCredentialLive } from "./credential-status";
import { lockCredential } from "./repo";

export async function loadManagedCredential(
  tx: Tx,
  requested: Actor,
  credentialId: string,
  now: Date,
  { requireLive = true } = {},
) {
  const actor = await actorAsOfNow(tx, requested);
  const key = await lockCredential(tx, actor.orgId, credentialId);
  if (!key) throw new AppError("not_found", "This API key does not exist.");
  if (!canManageCredential(actor, key)) throw new AppError("forbidden", "Your role cannot change this API key.");
  if (requireLive && !isCredentialLive(key, now)) {
    throw new AppError("conflict", key.revokedAt ? "This API key is revoked." : "This API key has expired.");
  }
  return key;
}
