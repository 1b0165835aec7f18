// What the public accept page shows for a link (IV-03): its state and, for a link that exists,
// the organization, role, inviter and address it is for, and whether that address already has an
// account (then the page asks to sign in). The token proves only itself: a link that is not one
// of ours says nothing about any organization.
import type { Db, Tx } from "../db/client";
import { getDb } from "../db/client";
import type { Role } from "../db/enums";
import { invitationState, lookupDigest, type InvitationState } from "./invitation-rules";

export type InvitationView =
  | { state: "not_found" }
  | {
      state: InvitationState;
      orgName: string;
      orgSlug: string;
      role: Role;
      inviterName: string | null;
      email: string;
      hasAccount: boolean;
    };

/** Whether an account exists for a normalized address (compared NFC and lower-cased, IV-02). */
export async function accountExists(db: Db | Tx, normalizedEmail: string): Promise<boolean> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM users WHERE email = ${normalizedEmail} OR lower(normalize(email, NFC)) = ${normalizedEmail} LIMIT 1`;
  return rows.length > 0;
}

export async function findInvitation(
  token: string,
  { db = getDb(), now = new Date() }: { db?: Db; now?: Date } = {},
): Promise<InvitationView> {
  const digest = lookupDigest(token);
  if (!digest) return { state: "not_found" };
  const row = await db.invitation.findUnique({
    where: { tokenDigest: digest },
    select: {
      email: true,
      normalizedEmail: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      org: { select: { name: true, slug: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!row) return { state: "not_found" };
  return {
    state: invitationState(row, now),
    orgName: row.org.name,
    orgSlug: row.org.slug,
    role: row.role,
    inviterName: row.invitedBy ? row.invitedBy.name || row.invitedBy.email : null,
    email: row.email,
    hasAccount: await accountExists(db, row.normalizedEmail),
  };
}
