"use client";
// The keys table: name (+ secret hint), environment, copyable Client ID, scopes, created, last used,
// status, actions. Revoked and expired keys stay in it, greyed. From the md breakpoint it fits its
// column without scrolling (the Client ID is cut short, whole in its tooltip); below, it scrolls
// sideways inside its frame with the name pinned on the left and the actions on the right.
import Link from "next/link";

import { cn } from "@/components/ui/cn";
import { CopyButton } from "@/components/ui/copy-button";
import { Skeleton } from "@/components/ui/skeleton";
import { TruncatedCode } from "@/components/ui/truncated-code";
import type { Viewer } from "@/lib/authz/actor";
import { can } from "@/lib/authz/permissions";
import type { CredentialDto } from "@/lib/credentials/dto";

import { AnomalyBadge, EnvironmentBadge, ScopeChips, StatusBadge, StatusDetail } from "./credential-badges";
import type { OpenCredentialDialog } from "./credential-dialogs";
import { CredentialRowMenu } from "./credential-row-menu";
import { LocalTime } from "./local-time";

export const isInactive = (credential: CredentialDto) =>
  credential.status.kind === "revoked" || credential.status.kind === "expired";

// "Activity" is when the key was last used, with when and by whom it was created underneath: one
// column instead of two is what lets the table fit at 1024 px with rows of at most three lines.
const HEADERS = ["Environment", "Client ID", "Scopes", "Activity", "Status"];

/** Below md the first and last columns stay in view while the rest scrolls under them. */
const PINNED_START = "max-md:sticky max-md:left-0 max-md:z-10 max-md:shadow-[inset_-1px_0_0_var(--color-border)]";
const PINNED_END = "max-md:sticky max-md:right-0 max-md:z-10 max-md:shadow-[inset_1px_0_0_var(--color-border)]";

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
    <div className="relative overflow-x-auto rounded-lg border border-border" aria-busy={isLoading || undefined}>
      <table className="w-full text-left text-sm max-md:min-w-[44rem]">
        <caption className="sr-only">API keys{isLoading ? " (loading…)" : ""}</caption>
        <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
          <tr>
            <th scope="col" className={cn("bg-surface px-2 py-2 font-medium", PINNED_START)}>
              Name
            </th>
            {HEADERS.map((header) => (
              <th key={header} scope="col" className="px-2 py-2 font-medium whitespace-nowrap">
                {header}
              </th>
            ))}
            <th scope="col" className={cn("bg-surface px-2 py-2", PINNED_END)}>
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
  // Pinned cells need their own background, or the scrolled columns show through them.
  const rowBackground = inactive ? "bg-muted" : "bg-background";
  return (
    <tr
      className={cn("align-top", rowBackground, inactive && "text-muted-foreground")}
      data-credential-id={credential.id}
    >
      <td className={cn("px-2 py-2.5 max-md:w-36 max-md:min-w-36", rowBackground, PINNED_START)}>
        <Link
          href={detailHref}
          title={credential.name}
          className="line-clamp-2 font-medium break-words text-foreground underline-offset-4 hover:underline"
        >
          {credential.name}
        </Link>
        <span className="block font-mono text-xs whitespace-nowrap text-muted-foreground">{credential.secretHint}</span>
      </td>
      <td className="px-2 py-2.5">
        <EnvironmentBadge environment={credential.environment} />
      </td>
      <td className="px-2 py-2">
        <span className="flex items-center gap-1">
          <TruncatedCode value={credential.clientId} className="w-24 xl:w-32" />
          <CopyButton value={credential.clientId} label={`Client ID of ${credential.name}`} variant="ghost" />
        </span>
      </td>
      <td className="px-2 py-2.5">
        <ScopeChips scopes={credential.scopes} visible={2} />
      </td>
      <td className="px-2 py-2.5 whitespace-nowrap">
        {credential.lastUsedAt ? (
          <LocalTime iso={credential.lastUsedAt} show="relative" />
        ) : (
          <span className="text-muted-foreground">Never used</span>
        )}
        <span className="block text-xs text-muted-foreground">
          Created <LocalTime iso={credential.createdAt} show="date" />
        </span>
        {credential.createdBy ? (
          <span className="block max-w-32 truncate text-xs text-muted-foreground" title={credential.createdBy.name}>
            by {credential.createdBy.name}
          </span>
        ) : null}
      </td>
      {/* Wide enough that a status line ("Previous secret valid until …") takes two lines at most. */}
      <td className="min-w-44 px-2 py-2.5">
        <span className="flex flex-wrap gap-1">
          <StatusBadge status={credential.status} />
          {anomalies > 0 ? <AnomalyBadge count={anomalies} /> : null}
        </span>
        <StatusDetail status={credential.status} />
      </td>
      <td className={cn("px-1 py-2 text-right", rowBackground, PINNED_END)}>
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
      {[40, 24, 36, 32, 28, 16, 8].map((width, i) => (
        <td key={i} className="px-2 py-4">
          <Skeleton className="h-4" style={{ width: `${width * 0.25}rem` }} />
        </td>
      ))}
    </tr>
  );
}
