// Every action an audit event can carry, with its words for people. `recordAuditEvent` accepts
// only these, so this list is the whole vocabulary of the audit log: the Settings > Audit log
// filter offers exactly these (and their areas), never an action that cannot occur (LG-01).
export const AUDIT_ACTIONS = {
  "credential.created": "API key created",
  "credential.updated": "API key edited",
  "credential.rotated": "API key secret rotated",
  "credential.rotation_grace_ended": "Rotation grace ended early",
  "credential.revoked": "API key revoked",
  "credential.anomaly_detected": "Anomaly detected",
  "credential.anomaly_dismissed": "Anomaly dismissed",
  "oauth.client_auth_failed": "Client authentication failed",
  "member.invited": "Member invited",
  "member.invitation_resent": "Invitation resent",
  "member.invitation_revoked": "Invitation revoked",
  "member.added": "Member added",
  "member.role_changed": "Member role changed",
  "member.removed": "Member removed",
  "user.sign_in": "Signed in",
  "user.sign_in_failed": "Sign-in failed",
  "user.password_reset_requested": "Password reset link sent",
  "user.password_reset": "Password reset by link",
  "user.password_changed": "Password changed",
  "user.signed_up": "Signed up",
  "user.email_verified": "Email address confirmed",
  "user.session_ended": "Signed out a session",
  "user.two_factor_enabled": "Two-factor authentication turned on",
  "user.two_factor_disabled": "Two-factor authentication turned off",
  "user.recovery_codes_regenerated": "New recovery codes made",
  "user.other_sessions_ended": "Signed out other sessions",
  "user.identity_linked": "Single sign-on identity linked",
  "user.identity_unlinked": "Single sign-on identity unlinked",
  "auth.sudo": "Confirmed identity for a sensitive change",
  "access.denied": "Access denied",
  "organization.created": "Organization created",
  "organization.plan_changed": "Plan changed",
  "organization.renamed": "Organization renamed",
  "organization.slug_changed": "Organization URL changed",
  "organization.deleted": "Organization deleted",
  "organization.two_factor_required": "Two-factor required for members",
  "organization.two_factor_optional": "Two-factor no longer required",
  "agent.created": "Agent created",
  "agent.updated": "Agent updated",
  "agent.deleted": "Agent deleted",
  "integration.created": "Integration created",
  "integration.deleted": "Integration deleted",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** The part before the dot: what kind of thing an action is about. */
export type AuditArea = AuditAction extends `${infer Area}.${string}` ? Area : never;

/** Each area's heading, and the words of its "every action" filter option. */
const AREA_LABELS: Record<AuditArea, { label: string; all: string }> = {
  credential: { label: "API keys", all: "All API key events" },
  oauth: { label: "Token endpoint", all: "All token endpoint events" },
  member: { label: "Members", all: "All member events" },
  user: { label: "Sign-in", all: "All sign-in events" },
  auth: { label: "Confirmations", all: "All identity confirmations" },
  access: { label: "Access", all: "All access events" },
  organization: { label: "Organization", all: "All organization events" },
  agent: { label: "Agents", all: "All agent events" },
  integration: { label: "Integrations", all: "All integration events" },
};

export const AUDIT_ACTION_LIST = Object.keys(AUDIT_ACTIONS) as AuditAction[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** An action's words, or the action itself for one this list does not know (never written now). */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}

export type AuditActionGroup = {
  area: AuditArea;
  label: string;
  allLabel: string;
  /** The filter value that selects every action of the area (`"member."`); null for a one-action area. */
  prefix: `${AuditArea}.` | null;
  actions: Array<{ action: AuditAction; label: string }>;
};

/** The actions by area, in list order: what the audit log's action filter offers. */
export function auditActionGroups(): AuditActionGroup[] {
  const groups = new Map<AuditArea, AuditActionGroup>();
  for (const action of AUDIT_ACTION_LIST) {
    const area = action.slice(0, action.indexOf(".")) as AuditArea;
    let group = groups.get(area);
    if (!group) {
      const { label, all } = AREA_LABELS[area];
      group = { area, label, allLabel: all, prefix: `${area}.`, actions: [] };
      groups.set(area, group);
    }
    group.actions.push({ action, label: AUDIT_ACTIONS[action] });
  }
  return [...groups.values()].map((group) => (group.actions.length > 1 ? group : { ...group, prefix: null }));
}

/** What the filter accepts: one action, or an area's prefix (`"member."`) for all of its actions. */
export const AUDIT_ACTION_FILTERS: readonly string[] = auditActionGroups().flatMap((group) => [
  ...(group.prefix ? [group.prefix] : []),
  ...group.actions.map(({ action }) => action),
]);
