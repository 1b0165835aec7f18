"use client";
// A key's audit trail on its page: each event in words, with what it changed and who did it.
// Repeated failures (a client retrying a bad secret) fold into one line with their count and time
// span; older events load a page at a time with "Load more".
import { useInfiniteQuery } from "@tanstack/react-query";

import { Button } from "@/components/ui/button";
import { describeRepeats, groupRepeats, type RepeatGroup } from "@/lib/audit/group-repeated-events";
import type { CredentialAuditEntry, CredentialAuditPage } from "@/lib/credentials/list-credential-audit-trail";
import { REVOKE_REASON_LABELS, type RevokeReason } from "@/lib/credentials/schemas";

import { formatDateTime, formatTimeRange } from "./format";

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
  if (entry.action === "oauth.client_auth_failed") {
    const reason = reasonOf(entry)?.replaceAll("_", " ") ?? "failed";
    return typeof d.endpoint === "string" ? `${reason} (${d.endpoint} endpoint)` : reason;
  }
  return null;
}

const reasonOf = (entry: CredentialAuditEntry) =>
  typeof entry.details.reason === "string" ? entry.details.reason : null;

/** Failures of one action and reason, by the same actor, fold together; successes never do. */
const repeatKind = (entry: CredentialAuditEntry) =>
  entry.outcome === "success" ? null : `${entry.action}|${reasonOf(entry) ?? ""}|${entry.actor}`;

class TrailFetchError extends Error {
  constructor(readonly status: number) {
    super(status === 401 ? "Your session has ended. Sign in again." : "Couldn't load older events.");
  }
}

function useAuditTrail(orgSlug: string, credentialId: string, firstPage: CredentialAuditPage) {
  return useInfiniteQuery({
    // The newest event names the first page: after a change re-renders the page, a new one starts.
    queryKey: ["credential-audit", orgSlug, credentialId, firstPage.items[0]?.id ?? "none"] as const,
    queryFn: async ({ pageParam }): Promise<CredentialAuditPage> => {
      const url = `/api/orgs/${encodeURIComponent(orgSlug)}/credentials/${encodeURIComponent(credentialId)}/audit?cursor=${encodeURIComponent(pageParam ?? "")}`;
      const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
      if (!response.ok) throw new TrailFetchError(response.status);
      return (await response.json()) as CredentialAuditPage;
    },
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    initialData: { pages: [firstPage], pageParams: [null] },
    staleTime: Infinity,
    retry: (failures, error) => !(error instanceof TrailFetchError && error.status < 500) && failures < 1,
  });
}

/** `firstPage` is null when the viewer's role may not read the audit log (owners and admins only). */
export function AuditTrail({
  orgSlug,
  credentialId,
  firstPage,
}: {
  orgSlug: string;
  credentialId: string;
  firstPage: CredentialAuditPage | null;
}) {
  return (
    <section aria-labelledby="audit-heading" className="grid gap-3">
      <h2 id="audit-heading" className="text-base font-semibold">
        Audit trail
      </h2>
      {firstPage === null ? (
        <p className="text-sm text-muted-foreground">Visible to owners and admins.</p>
      ) : firstPage.items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No events recorded.</p>
      ) : (
        <TrailList orgSlug={orgSlug} credentialId={credentialId} firstPage={firstPage} />
      )}
    </section>
  );
}

function TrailList({
  orgSlug,
  credentialId,
  firstPage,
}: {
  orgSlug: string;
  credentialId: string;
  firstPage: CredentialAuditPage;
}) {
  const trail = useAuditTrail(orgSlug, credentialId, firstPage);
  const groups = groupRepeats(
    trail.data.pages.flatMap((page) => page.items),
    repeatKind,
  );
  return (
    <>
      <ol
        aria-label="Audit events"
        className="grid gap-0 divide-y divide-border rounded-lg border border-border text-sm"
      >
        {groups.map((group) => (
          <TrailEntry key={group.id} group={group} />
        ))}
      </ol>
      {trail.hasNextPage ? (
        <Button
          variant="outline"
          className="justify-self-start"
          disabled={trail.isFetchingNextPage}
          onClick={() => void trail.fetchNextPage()}
        >
          {trail.isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
      {trail.isFetchNextPageError ? (
        <p role="alert" className="text-sm text-danger-foreground">
          {trail.error?.message} Try again.
        </p>
      ) : null}
    </>
  );
}

function TrailEntry({ group }: { group: RepeatGroup<CredentialAuditEntry> }) {
  const entry = group.items[0]!;
  const label = ACTION_LABELS[entry.action] ?? entry.action;
  // Every event of a group has the same action, reason and actor: the first one describes them all.
  const detail = describe(entry);
  const from = group.ips.length > 1 ? `${group.ips.length} addresses` : group.ips.length === 1 ? group.ips[0] : null;
  return (
    <li
      className="grid gap-0.5 p-3 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4"
      data-testid="audit-trail-entry"
      data-count={group.count}
    >
      <time dateTime={group.to} className="text-muted-foreground" suppressHydrationWarning>
        {group.count > 1 ? formatTimeRange(group.from, group.to) : formatDateTime(group.to)}
      </time>
      <div className="min-w-0">
        <p>
          <span className="font-medium">{describeRepeats(group.count, null, label)}</span> by {entry.actor}
          {from ? <span className="text-muted-foreground"> from {from}</span> : null}
        </p>
        {detail ? (
          <p className="text-muted-foreground" suppressHydrationWarning>
            {detail}
          </p>
        ) : null}
      </div>
    </li>
  );
}
