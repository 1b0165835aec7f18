"use client";
// A key's audit trail on its page: each event in words, with what it changed and who did it.

import type { CredentialAuditEntry } from "@/lib/credentials/get-credential";
import { REVOKE_REASON_LABELS, type RevokeReason } from "@/lib/credentials/schemas";

import { formatDateTime } from "./format";

const ACTION_LABELS: Record<string, string> = {
  "credential.created": "Created",
  "credential.rotated": "Secret rotated",
  "credential.revoked": "Revoked",
  "credential.updated": "Edited",
  "credential.rotation_grace_ended": "Rotation grace ended early",
  "credential.anomaly_detected": "Anomaly detected",
  "credential.anomaly_dismissed": "Anomaly dismissed",
  "oauth.client_auth_failed": "Client authentication failed",
};

function describe(entry: CredentialAuditEntry): string | null {
  const d = entry.details;
  if (entry.action === "credential.rotated") {
    return d.previousSecretValidUntil
      ? `Old secret valid until ${formatDateTime(String(d.previousSecretValidUntil))}`
      : "Old secret and its tokens ended at once";
  }
  if (entry.action === "credential.revoked") {
    const reason = REVOKE_REASON_LABELS[d.reason as RevokeReason] ?? String(d.reason ?? "");
    return d.note ? `${reason}: ${String(d.note)}` : reason;
  }
  if (entry.action === "credential.updated" && d.changes && typeof d.changes === "object") {
    const changes = d.changes as Record<string, { from?: unknown; to?: unknown; added?: string[]; removed?: string[] }>;
    const parts: string[] = [];
    if (changes.name) parts.push(`renamed from “${String(changes.name.from)}”`);
    if (changes.scopes?.added?.length) parts.push(`added ${changes.scopes.added.join(", ")}`);
    if (changes.scopes?.removed?.length) parts.push(`removed ${changes.scopes.removed.join(", ")}`);
    if (changes.expiresAt)
      parts.push(
        changes.expiresAt.to ? `expiry set to ${formatDateTime(String(changes.expiresAt.to))}` : "expiry removed",
      );
    return parts.join("; ") || null;
  }
  return null;
}

/** `entries` is null when the viewer's role may not read the audit log (owners and admins only). */
export function AuditTrail({ entries }: { entries: CredentialAuditEntry[] | null }) {
  return (
    <section aria-labelledby="audit-heading" className="grid gap-3">
      <h2 id="audit-heading" className="text-base font-semibold">
        Audit trail
      </h2>
      {entries === null ? (
        <p className="text-sm text-muted-foreground">Visible to owners and admins.</p>
      ) : entries.length === 0 ? (
        <p className="text-sm text-muted-foreground">No events recorded.</p>
      ) : (
        <ol className="grid gap-0 divide-y divide-border rounded-lg border border-border text-sm">
          {entries.map((entry) => (
            <li key={entry.id} className="grid gap-0.5 p-3 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4">
              <time dateTime={entry.at} className="text-muted-foreground" suppressHydrationWarning>
                {formatDateTime(entry.at)}
              </time>
              <div className="min-w-0">
                <p>
                  <span className="font-medium">{ACTION_LABELS[entry.action] ?? entry.action}</span> by {entry.actor}
                  {entry.ip ? <span className="text-muted-foreground"> from {entry.ip}</span> : null}
                </p>
                {describe(entry) ? (
                  <p className="text-muted-foreground" suppressHydrationWarning>
                    {describe(entry)}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
