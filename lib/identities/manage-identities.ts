// Settings > Account > Sign-in methods (SO-06): the user's single sign-on identities, and
// unlinking one. Only the user's own: another user's identity id is not found and stays linked.
// The last way in is never removed: an account with no password keeps at least one identity,
// checked under a lock on the user's row so two unlinks at once cannot both pass.
import { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { auditUser } from "./sign-in-with-identity";

export type IdentityDto = {
  id: string;
  provider: string;
  email: string | null;
  createdAt: string;
  lastUsedAt: string | null;
};

export const UnlinkIdentityInput = z.strictObject({ identityId: z.uuid("Unknown sign-in method.") });
export type UnlinkIdentityInput = z.infer<typeof UnlinkIdentityInput>;

export const LAST_METHOD_MESSAGE =
  "This is your only way to sign in. Set a password or link another provider before unlinking it.";
export const UNKNOWN_IDENTITY_MESSAGE = "This sign-in method is not linked to your account.";

type Owner = { id: string; email: string };
type Options = { db?: Db; now?: Date; request?: RequestInfo };

export async function listIdentities(user: Owner, options: Options = {}): Promise<IdentityDto[]> {
  const db = options.db ?? getRuntime().db;
  const rows = await db.identity.findMany({
    where: { userId: user.id },
    select: { id: true, provider: true, email: true, createdAt: true, lastUsedAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    email: row.email,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}

/** Whether the account has a password (SO-07: Settings > Account says so when it has none). */
export async function hasPassword(user: Owner, options: Options = {}): Promise<boolean> {
  const db = options.db ?? getRuntime().db;
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  return Boolean(row?.passwordHash);
}

export async function unlinkIdentity(user: Owner, input: UnlinkIdentityInput, options: Options = {}): Promise<void> {
  const db = options.db ?? getRuntime().db;
  const now = options.now ?? getRuntime().clock.now();
  await db.$transaction(async (tx) => {
    // The user's row, locked: a concurrent unlink (or password change) waits for this one.
    const [owner] = await tx.$queryRaw<Array<{ has_password: boolean }>>`
      SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = ${user.id}::uuid FOR UPDATE`;
    const identity = await tx.identity.findFirst({
      where: { id: input.identityId, userId: user.id },
      select: { id: true, provider: true },
    });
    if (!owner || !identity) throw new AppError("not_found", UNKNOWN_IDENTITY_MESSAGE);
    if (!owner.has_password) {
      const count = await tx.identity.count({ where: { userId: user.id } });
      if (count <= 1) throw new AppError("conflict", LAST_METHOD_MESSAGE, { detail: "last_sign_in_method" });
    }
    await tx.identity.deleteMany({ where: { id: identity.id, userId: user.id } });
    await auditUser(tx, user, "user.identity_unlinked", { provider: identity.provider }, options.request, now);
  });
}
