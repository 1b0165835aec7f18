"use client";
// The keys table: name (+ secret hint), environment, copyable Client ID, scopes, created, last used,
// status, actions. Revoked and expired keys stay in it, greyed.
import Link from "next/link";

import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import type { Viewer } from "@/lib/authz/actor";
import { can } from "@/lib/authz/permissions";
import type { CredentialDto } from "@/lib/credentials/dto";

import { AnomalyBadge, EnvironmentBadge, ScopeChips, StatusBadge, StatusDetail } from "./credential-badges";
import type { OpenCredentialDialog } from "./credential-dialogs";
import { CredentialRowMenu } from "./credential-row-menu";
import { formatDate, formatDateTime, formatRelative } from "./format";

export const isInactive = (credential: CredentialDto) =>
  credential.status.kind === "revoked" || credential.status.kind === "expired";

const HEADERS = ["Name", "Environment", "Client ID", "Scopes", "Created", "Last used", "Status"];

export function CredentialsTable({
  credentials,
  orgSlug,
  viewer,
  openDialog,
  openAnomalies = {},
  isLoading = false,
}: {
  credentials: CredentialDto[];
  /** Open anomaly flags per key id (keys without any are absent). */
  openAnomalies?: Record<string, number>;
  orgSlug: string;
  viewer: Viewer;
  openDialog: OpenCredentialDialog;
  isLoading?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-border" aria-busy={isLoading || undefined}>
      <table className="w-full min-w-[52rem] text-left text-sm">
        <caption className="sr-only">API keys{isLoading ? " (loading…)" : ""}</caption>
        <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
          <tr>
            {HEADERS.map((header) => (
              <th key={header} scope="col" className="px-3 py-2 font-medium">
                {header}
              </th>
            ))}
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {isLoading
            ? Array.from({ length: 5 }, (_, i) => <SkeletonRow key={i} />)
            : credentials.map((credential) => (
                <CredentialRow
                  key={credential.id}
                  credential={credential}
                  detailHref={`/${encodeURIComponent(orgSlug)}/settings/api-credentials/${credential.id}`}
                  canManage={
                    !isInactive(credential) &&
                    can(viewer, "credentials:update", {
                      environment: credential.environment,
                      createdById: credential.createdBy?.id ?? null,
                    })
                  }
                  openDialog={openDialog}
                  anomalies={openAnomalies[credential.id] ?? 0}
                />
              ))}
        </tbody>
      </table>
    </div>
  );
}

function CredentialRow({
  credential,
  detailHref,
  canManage,
  openDialog,
  anomalies,
}: {
  credential: CredentialDto;
  detailHref: string;
  canManage: boolean;
  openDialog: OpenCredentialDialog;
  anomalies: number;
}) {
  const inactive = isInactive(credential);
  return (
    <tr className={cn("align-top", inactive && "bg-muted text-muted-foreground")} data-credential-id={credential.id}>
      <td className="px-3 py-3">
        <Link href={detailHref} className="font-medium text-foreground underline-offset-4 hover:underline">
          {credential.name}
        </Link>
        <span className="block font-mono text-xs whitespace-nowrap text-muted-foreground">{credential.secretHint}</span>
      </td>
      <td className="px-3 py-3">
        <EnvironmentBadge environment={credential.environment} />
      </td>
      <td className="px-3 py-3">
        <span className="flex max-w-44 items-center gap-1">
          <code className="font-mono text-xs break-all">{credential.clientId}</code>
          <CopyButton value={credential.clientId} label={`Client ID of ${credential.name}`} variant="ghost" />
        </span>
      </td>
      <td className="px-3 py-3">
        <ScopeChips scopes={credential.scopes} />
      </td>
      <td className="px-3 py-3 whitespace-nowrap">
        <time dateTime={credential.createdAt} title={formatDateTime(credential.createdAt)} suppressHydrationWarning>
          {formatDate(credential.createdAt)}
        </time>
        {credential.createdBy ? (
          <span className="block text-xs text-muted-foreground">by {credential.createdBy.name}</span>
        ) : null}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">
        {credential.lastUsedAt ? (
          // Focusable so keyboard users can read the exact time in the tooltip too.
          <time
            dateTime={credential.lastUsedAt}
            title={formatDateTime(credential.lastUsedAt)}
            tabIndex={0}
            suppressHydrationWarning
          >
            {formatRelative(credential.lastUsedAt)}
          </time>
        ) : (
          <span className="text-muted-foreground">Never used</span>
        )}
      </td>
      <td className="px-3 py-3">
        <span className="flex flex-wrap gap-1">
          <StatusBadge status={credential.status} />
          {anomalies > 0 ? <AnomalyBadge count={anomalies} /> : null}
        </span>
        <StatusDetail status={credential.status} />
      </td>
      <td className="px-3 py-3 text-right">
        <CredentialRowMenu
          credential={credential}
          detailHref={detailHref}
          canManage={canManage}
          openDialog={openDialog}
        />
      </td>
    </tr>
  );
}

function SkeletonRow() {
  return (
    <tr>
      {[40, 24, 40, 32, 28, 20, 16, 8].map((width, i) => (
        <td key={i} className="px-3 py-4">
          <Skeleton className="h-4" style={{ width: `${width * 0.25}rem` }} />
        </td>
      ))}
    </tr>
  );
}
