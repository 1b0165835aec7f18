// Roll a key's secret (SE-04). The new secret works at once. With a grace
// period the old one keeps working until min(now + grace, expiry) and its live tokens run to their
// `exp`; "now" drops the old secret and, by moving tokensValidAfter at commit, every token minted
// with it (change-events.ts).
// At most two secrets are ever valid: rotating again while a grace runs ends that grace, because
// the secret being replaced becomes the only previous one. Concurrent rotations are serialised by
// the row lock: with `currentSecretCreatedAt` (the dashboard always sends it) the later one is
// refused as a conflict; without it the later one wins and the earlier one's secret is its
// previous secret (gone at once when the later one is "now").
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { credentialChangedLocally, cutOffTokensAtCommit, notifyCredentialChanged } from "./change-events";
import { toCredentialDto, type CredentialWithSecret } from "./dto";
import { loadManagedCredential } from "./load-managed-credential";
import { credentialSelect } from "./repo";
import { previousSecretValidUntil } from "./rotation-grace";
import type { RotateCredentialInput } from "./schemas";
import { generateClientSecret, hashClientSecret, secretHint } from "./secret";
import { auditCredentialChange } from "./audit-credential-change";
import type { UseCaseOptions } from "../use-case";

export async function rotateCredential(
  actor: Actor,
  input: RotateCredentialInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<CredentialWithSecret> {
  assertCan(actor, "credentials:rotate");
  const { row, clientSecret } = await db.$transaction(async (tx) => {
    const key = await loadManagedCredential(tx, actor, "credentials:rotate", input.credentialId, now);
    if (key.environment === "production") assertRecentSignIn(actor, now);
    if (input.currentSecretCreatedAt && key.secretCreatedAt.toISOString() !== input.currentSecretCreatedAt) {
      throw new AppError(
        "conflict",
        "This key's secret was rotated by someone else a moment ago. Reload to see its current state.",
      );
    }
    const clientSecret = generateClientSecret(key.environment);
    const validUntil = previousSecretValidUntil(now, input.grace, key.expiresAt);
    const row = await tx.apiKey.update({
      where: { id: key.id, orgId: actor.orgId },
      data: {
        secretHash: new Uint8Array(hashClientSecret(clientSecret)),
        secretHint: secretHint(clientSecret),
        secretCreatedAt: now,
        previousSecretHash: validUntil ? key.secretHash : null,
        previousSecretHint: validUntil ? key.secretHint : null,
        previousSecretValidUntil: validUntil,
      },
      select: credentialSelect,
    });
    const endedGraceEarly = Boolean(key.previousSecretValidUntil && key.previousSecretValidUntil > now);
    await auditCredentialChange(
      tx,
      actor,
      "credential.rotated",
      key,
      {
        grace: input.grace,
        previousSecretValidUntil: validUntil?.toISOString() ?? null,
        liveTokensEnded: !validUntil,
        earlierGraceEnded: endedGraceEarly,
      },
      request,
      now,
    );
    const tokensValidAfter = validUntil ? row.tokensValidAfter : await cutOffTokensAtCommit(tx, key.id);
    await notifyCredentialChanged(tx, key.clientId);
    return { row: { ...row, tokensValidAfter }, clientSecret };
  });
  credentialChangedLocally(row.clientId);
  return { credential: toCredentialDto(row, now), clientSecret };
}
