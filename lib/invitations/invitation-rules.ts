// What the invitation use cases share (IV-01..IV-05): the row's shape and DTO, its state, the
// caller's role as of the transaction, the organization lock that keeps one open invitation per
// address, the link's delivery (a mail queued in the same transaction, or the link handed back
// once when there is no SMTP), the throttle, and the audit event (never the token or the link).
import { recordChange } from "../audit/record-audit-event";
import type { UserActor } from "../authz/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import { appLink, renderMail } from "../mail/templates";
import type { MailService } from "../mail/outbound-mail";
import { ROLE_LABELS } from "../orgs/schemas";
import type { InvitationLimits } from "../rate-limit/invitation-limits";
import { getRuntime } from "../runtime/current";
import { digestOneTimeToken, isOneTimeTokenShape } from "../tokens/one-time-token";
import type { RequestInfo } from "../use-case";
import { normalizeEmail } from "../validation/email";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const ALREADY_MEMBER_MESSAGE = "This person is already a member.";
export const ALREADY_INVITED_MESSAGE = "This address is already invited — resend the invitation instead.";
export const NOT_HERE_MESSAGE = "This invitation is not in the organization.";
export const THROTTLED_MESSAGE = "This organization has sent too many invitations in the last hour. Try again later.";

/** What invite and resend need from the runtime; injectable so tests can pass their own. */
export type InvitationDeps = {
  mail: Pick<MailService, "configured" | "queue">;
  appUrl: string;
  limits: Pick<InvitationLimits, "consume">;
};

export const runtimeInvitationDeps = (): InvitationDeps => {
  const runtime = getRuntime();
  return { mail: runtime.mail, appUrl: runtime.env.APP_URL, limits: runtime.limits.invitations };
};

export const invitationSelect = {
  id: true,
  email: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  lastSentAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedBy: { select: { name: true, email: true } },
} as const;

export type InvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

export type InvitationState = "valid" | "expired" | "used" | "revoked";

export function invitationState(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now: Date,
): InvitationState {
  if (row.acceptedAt) return "used";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now.getTime() ? "expired" : "valid";
}

export type InvitationDto = {
  id: string;
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  lastSentAt: string;
  isExpired: boolean;
};

export const toInvitationDto = (row: InvitationRow, now: Date): InvitationDto => ({
  id: row.id,
  email: row.email,
  role: row.role,
  invitedBy: row.invitedBy ? row.invitedBy.name || row.invitedBy.email : null,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  lastSentAt: row.lastSentAt.toISOString(),
  isExpired: row.expiresAt.getTime() <= now.getTime(),
});

/** How the link reached the invitee: mailed, or handed to the inviter once (ML-03). */
export type Delivery = { kind: "mailed" } | { kind: "link"; link: string };

export type SentInvitation = { invitation: InvitationDto; delivery: Delivery };

/** The link's token as a digest to look up, or null for anything that is not one of ours. */
export const lookupDigest = (token: string): string | null =>
  isOneTimeTokenShape(token) ? digestOneTimeToken(token) : null;

/**
 * Serialises the organization's invitations (FOR NO KEY UPDATE: new keys and memberships, whose
 * foreign keys only share-lock the row, are not held up), so two invites of one address cannot
 * both find none open. Returns the organization's name.
 */
export async function lockOrganization(tx: Tx, orgId: string): Promise<string> {
  const rows = await tx.$queryRaw<Array<{ name: string }>>`
    SELECT name FROM organizations WHERE id = ${orgId}::uuid FOR NO KEY UPDATE`;
  if (!rows[0]) throw new AppError("not_found", "Not found.");
  return rows[0].name;
}

/** The caller's membership, locked: their role as of the transaction, and their name for the mail. */
export async function lockCaller(tx: Tx, actor: UserActor): Promise<{ caller: UserActor; name: string }> {
  const rows = await tx.$queryRaw<Array<{ role: Role; name: string; email: string }>>`
    SELECT m.role, u.name, u.email FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE m.org_id = ${actor.orgId}::uuid AND m.user_id = ${actor.userId}::uuid FOR UPDATE OF m`;
  const own = rows[0];
  if (!own) throw new AppError("not_found", "Not found.");
  return { caller: { ...actor, role: own.role }, name: own.name || own.email };
}

/** Counts an invitation sent (invite or resend) against the organization's hourly allowance. */
export async function throttleInvitations(deps: InvitationDeps, orgId: string): Promise<void> {
  const retryAfterSeconds = await deps.limits.consume(orgId);
  if (retryAfterSeconds !== null)
    throw new AppError("rate_limited", THROTTLED_MESSAGE, { headers: { "Retry-After": String(retryAfterSeconds) } });
}

const withArticle = (role: Role) => {
  const label = ROLE_LABELS[role].toLowerCase();
  return /^[aeiou]/.test(label) ? `an ${label}` : `a ${label}`;
};

/** Mails the link inside `tx` (the job commits with the invitation), or returns it to show once. */
export async function deliverInvitation(
  tx: Tx,
  deps: InvitationDeps,
  invitation: { email: string; role: Role; token: string },
  names: { orgName: string; inviterName: string },
): Promise<Delivery> {
  const link = appLink(deps.appUrl, `/invite/${invitation.token}`);
  if (!deps.mail.configured) return { kind: "link", link };
  const mail = renderMail({
    to: invitation.email,
    subject: `${names.inviterName} invited you to ${names.orgName} on WorkFlux`,
    intro: [
      `${names.inviterName} invited you to join ${names.orgName} on WorkFlux as ${withArticle(invitation.role)}.`,
    ],
    action: { label: "Accept the invitation", url: link },
    outro: [
      "The link works once and expires in 7 days. If you did not expect this invitation, you can ignore this mail.",
    ],
  });
  await deps.mail.queue(mail, { tx });
  return { kind: "mailed" };
}

export async function auditInvitation(
  tx: Tx,
  actor: UserActor,
  action: "member.invited" | "member.invitation_revoked" | "member.invitation_resent",
  row: InvitationRow,
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  const change = {
    action,
    targetType: "invitation",
    targetId: row.id,
    targetLabel: row.email,
    metadata: { role: row.role, email: row.email },
  };
  await recordChange(tx, actor, change, request, now);
}

/** Open invitations of the organization for one normalized address (accepted or revoked ones are closed). */
export const openInvitationWhere = (orgId: string, email: string) => ({
  orgId,
  normalizedEmail: normalizeEmail(email),
  acceptedAt: null,
  revokedAt: null,
});
