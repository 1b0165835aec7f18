// The common first step of every change to an existing credential: lock its row inside the
// transaction, answer another organization's (or, for an API client, another environment's) id as
// not found, then decide the permission on this credential with the role held as of this
// transaction (SA-02, SA-08, PA-06).
import type { Actor } from "../authz/actor";
import { assertCan, type Permission } from "../authz/permissions";
import { actorAsOfNow } from "../authz/role-as-of-now";
import type { Tx } from "../db/client";
import { AppError } from "../errors";
import { isCredentialLive } from "./credential-status";
import { lockCredential } from "./repo";
import { notFoundHere } from "../authz/foreign-target";

const NO_SUCH_KEY = "This API key does not exist.";

export async function loadManagedCredential(
  tx: Tx,
  requested: Actor,
  permission: Permission,
  credentialId: string,
  now: Date,
  { requireLive = true } = {},
) {
  const actor = await actorAsOfNow(tx, requested);
  const key = await lockCredential(tx, actor.orgId, credentialId);
  if (!key) throw await notFoundHere(tx, "api_key", credentialId, NO_SUCH_KEY);
  if (actor.kind === "credential" && key.environment !== actor.environment)
    throw new AppError("not_found", NO_SUCH_KEY);
  assertCan(actor, permission, key);
  if (requireLive && !isCredentialLive(key, now)) {
    throw new AppError("conflict", key.revokedAt ? "This API key is revoked." : "This API key has expired.");
  }
  return key;
}
