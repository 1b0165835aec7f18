// Create New API Key: a fresh client id and secret; the secret is returned once and stored only as
// its digest.
import { assertCan, canCreateCredential, type Actor } from "../authz/permissions";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { actorAsOfNow } from "../orgs/current-role";
import { toCredentialDto, type CredentialWithSecret } from "./dto";
import { resolveExpiry } from "./expiry";
import { credentialSelect } from "./repo";
import type { CreateCredentialInput } from "./schemas";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "./secret";
import { auditCredentialChange, type CredentialUseCaseOptions } from "./use-case-context";

export async function createCredential(
  actor: Actor,
  input: CreateCredentialInput,
  { db = getDb(), now = new Date(), request }: CredentialUseCaseOptions = {},
): Promise<CredentialWithSecret> {
  assertCan(actor, "credentials:read");
  if (!canCreateCredential(actor, input.environment)) {
    throw new AppError("forbidden", "Your role cannot create API keys in this environment.");
  }
  const expiresAt = resolveExpiry(input.expiry, now);
  const clientId = generateClientId();
  const clientSecret = generateClientSecret(input.environment);

  const row = await db.$transaction(async (tx) => {
    // The role may have changed since the action resolved it: decide on the current one.
    if (!canCreateCredential(await actorAsOfNow(tx, actor), input.environment)) {
      throw new AppError("forbidden", "Your role cannot create API keys in this environment.");
    }
    const created = await tx.apiKey.create({
      data: {
        orgId: actor.orgId,
        clientId,
        name: input.name,
        environment: input.environment,
        scopes: input.scopes,
        createdById: actor.userId,
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
      created.id,
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
