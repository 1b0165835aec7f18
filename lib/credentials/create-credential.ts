// Create New API Key: a fresh client id and secret; the secret is returned once and stored only as
// its digest.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { actorAsOfNow } from "../authz/role-as-of-now";
import { getDb } from "../db/client";
import { toCredentialDto, type CredentialWithSecret } from "./dto";
import { resolveExpiry } from "./expiry";
import { credentialSelect } from "./repo";
import type { CreateCredentialInput } from "./schemas";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "./secret";
import { auditCredentialChange } from "./audit-credential-change";
import type { UseCaseOptions } from "../use-case";

export async function createCredential(
  actor: Actor,
  input: CreateCredentialInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<CredentialWithSecret> {
  const createdById = actor.kind === "user" ? actor.userId : null;
  const resource = { environment: input.environment, createdById };
  assertCan(actor, "credentials:create", resource);
  if (input.environment === "production") assertRecentSignIn(actor, now);
  const expiresAt = resolveExpiry(input.expiry, now);
  const clientId = generateClientId();
  const clientSecret = generateClientSecret(input.environment);

  const row = await db.$transaction(async (tx) => {
    // The role may have changed since the action resolved it: decide on the current one.
    assertCan(await actorAsOfNow(tx, actor), "credentials:create", resource);
    const created = await tx.apiKey.create({
      data: {
        orgId: actor.orgId,
        clientId,
        name: input.name,
        environment: input.environment,
        scopes: input.scopes,
        createdById,
        createdAt: now,
        secretHash: new Uint8Array(hashClientSecret(clientSecret)),
        secretHint: secretHint(clientSecret),
        secretCreatedAt: now,
        expiresAt,
      },
      select: credentialSelect,
    });
    await auditCredentialChange(
      tx,
      actor,
      "credential.created",
      created,
      {
        name: input.name,
        clientId,
        environment: input.environment,
        scopes: input.scopes,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
      request,
      now,
    );
    return created;
  });
  return { credential: toCredentialDto(row, now), clientSecret };
}
