"use client";
// One key: open anomaly flags, metadata, the secret's prefix and last four only, rotation state
// with "End now", the management actions this member may use, usage (chart, summary, last use,
// recent failures) and the key's audit trail (the last two for owners and admins only).
import { ArrowLeft, Pencil, RefreshCw, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import type { ReactNode } from "react";

import { endRotationGraceAction } from "@/lib/actions/credentials";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toast";
import { UNREACHABLE_RETRY, useActionMutation } from "@/components/ui/use-action-mutation";
import type { Viewer } from "@/lib/authz/actor";
import { can } from "@/lib/authz/permissions";
import type { AnomalyFlag } from "@/lib/anomalies/flags";
import type { CredentialDetail } from "@/lib/credentials/get-credential";
import { REVOKE_REASON_LABELS, type RevokeReason } from "@/lib/credentials/schemas";

import { AnomalyBanners } from "./anomaly-banners";
import { EnvironmentBadge, ScopeChips, StatusBadge, StatusDetail } from "./credential-badges";
import { useCredentialDialogs } from "./credential-dialogs";
import { isInactive } from "./credentials-table";
import { AuditTrail } from "./credential-audit-trail";
import { CredentialUsageSection } from "./credential-usage";
import { formatDateTime } from "./format";
import { LocalTime } from "./local-time";
import { useInvalidateCredentials } from "./queries";

export function CredentialDetailView({
  orgSlug,
  appUrl,
  viewer,
  detail,
  anomalies,
}: {
  orgSlug: string;
  appUrl: string;
  viewer: Viewer;
  detail: CredentialDetail;
  anomalies: AnomalyFlag[];
}) {
  const router = useRouter();
  const { credential, auditTrail } = detail;
  const { open, dialogs } = useCredentialDialogs({ orgSlug, appUrl, onChanged: () => router.refresh() });
  const isManager = can(viewer, "credentials:update", {
    environment: credential.environment,
    createdById: credential.createdBy?.id ?? null,
  });
  const canManage = !isInactive(credential) && isManager;
  const listHref = `/${encodeURIComponent(orgSlug)}/settings/api-credentials`;

  return (
    <div className="grid gap-8">
      <div className="grid gap-3">
        <Link
          href={listHref}
          className="inline-flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeft aria-hidden="true" className="size-4" />
          API Credentials
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="grid gap-2">
            <h1 className="text-2xl font-semibold tracking-tight break-all">{credential.name}</h1>
            <div className="flex flex-wrap items-center gap-2">
              <EnvironmentBadge environment={credential.environment} />
              <StatusBadge status={credential.status} />
            </div>
          </div>
          {canManage ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={(event) => open("edit", credential, event.currentTarget)}>
                <Pencil aria-hidden="true" />
                Edit
              </Button>
              <Button variant="outline" onClick={(event) => open("rotate", credential, event.currentTarget)}>
                <RefreshCw aria-hidden="true" />
                Rotate secret
              </Button>
              <Button variant="destructive" onClick={(event) => open("revoke", credential, event.currentTarget)}>
                <Trash2 aria-hidden="true" />
                Revoke
              </Button>
            </div>
          ) : null}
        </div>
      </div>

      <AnomalyBanners orgSlug={orgSlug} credentialId={credential.id} flags={anomalies} canDismiss={isManager} />

      {credential.previousSecret ? (
        <RotationNotice
          orgSlug={orgSlug}
          credentialId={credential.id}
          hint={credential.previousSecret.hint}
          validUntil={credential.previousSecret.validUntil}
          canEnd={canManage}
          onEnded={() => router.refresh()}
        />
      ) : null}

      <section aria-labelledby="key-details-heading" className="grid gap-3">
        <h2 id="key-details-heading" tabIndex={-1} className="text-base font-semibold focus:outline-none">
          Details
        </h2>
        <dl className="grid gap-x-6 gap-y-3 rounded-lg border border-border p-4 text-sm sm:grid-cols-[12rem_minmax(0,1fr)]">
          <Row term="Client ID">
            <span className="flex items-center gap-1">
              <code className="font-mono break-all">{credential.clientId}</code>
              <CopyButton value={credential.clientId} label="Client ID" variant="ghost" />
            </span>
          </Row>
          <Row term="Client Secret">
            <code className="font-mono">{credential.secretHint}</code>
            <span className="block text-xs text-muted-foreground">Shown only once, when created or rotated.</span>
          </Row>
          <Row term="Scopes">
            <ScopeChips scopes={credential.scopes} />
          </Row>
          <Row term="Status">
            <StatusBadge status={credential.status} />
            <StatusDetail status={credential.status} />
          </Row>
          <Row term="Created">
            <Time iso={credential.createdAt} />
            {credential.createdBy ? ` by ${credential.createdBy.name}` : null}
          </Row>
          <Row term="Secret last set">
            <Time iso={credential.secretCreatedAt} />
          </Row>
          <Row term="Expires">{credential.expiresAt ? <Time iso={credential.expiresAt} /> : "Never"}</Row>
          <Row term="Last used">
            {credential.lastUsedAt ? (
              <>
                <LocalTime iso={credential.lastUsedAt} show="relative" />
                {credential.lastUsedIp ? (
                  <span className="text-muted-foreground"> from {credential.lastUsedIp}</span>
                ) : null}
              </>
            ) : (
              "Never used"
            )}
          </Row>
          {credential.revoked ? (
            <Row term="Revoked">
              <Time iso={credential.revoked.at} />
              {credential.revoked.by ? ` by ${credential.revoked.by.name}` : null}
              {credential.revoked.reason
                ? ` — ${REVOKE_REASON_LABELS[credential.revoked.reason as RevokeReason] ?? credential.revoked.reason}`
                : null}
              {credential.revoked.note ? (
                <span className="block text-muted-foreground">{credential.revoked.note}</span>
              ) : null}
            </Row>
          ) : null}
        </dl>
      </section>

      <CredentialUsageSection orgSlug={orgSlug} credentialId={credential.id} />

      <AuditTrail orgSlug={orgSlug} credentialId={credential.id} firstPage={auditTrail} />
      {dialogs}
    </div>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-muted-foreground">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function Time({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {formatDateTime(iso)}
    </time>
  );
}

function RotationNotice({
  orgSlug,
  credentialId,
  hint,
  validUntil,
  canEnd,
  onEnded,
}: {
  orgSlug: string;
  credentialId: string;
  hint: string;
  validUntil: string;
  canEnd: boolean;
  onEnded: () => void;
}) {
  const invalidate = useInvalidateCredentials(orgSlug);
  const endGrace = useActionMutation(endRotationGraceAction, {
    unreachableMessage: UNREACHABLE_RETRY,
    onSuccess: async () => {
      await invalidate();
      onEnded();
      toast.success("The previous secret no longer works.");
    },
  });

  return (
    <section
      aria-labelledby="rotation-heading"
      className="grid gap-3 rounded-lg border border-warning-border bg-warning-surface p-4 text-sm text-warning-foreground"
    >
      <h2 id="rotation-heading" className="font-semibold">
        Rotation in progress
      </h2>
      <p>
        Previous secret <code className="font-mono">{hint}</code> valid until{" "}
        <time dateTime={validUntil} suppressHydrationWarning>
          {formatDateTime(validUntil)}
        </time>
        . Requests with it keep working until then; switch every client to the new secret first.
      </p>
      {canEnd ? (
        <ConfirmDialog
          trigger={
            <Button variant="outline" className="w-fit" disabled={endGrace.pending}>
              End now
            </Button>
          }
          title="End the grace period now?"
          description={`The previous secret (${hint}) stops working immediately. Clients still using it will fail to get tokens.`}
          confirmLabel="End grace period"
          closeOnConfirm
          onConfirm={() => endGrace.run({ orgSlug, credentialId })}
        />
      ) : null}
      <FormError error={endGrace.error} tone="text" />
    </section>
  );
}
