"use client";
// Settings > API Credentials: environment tabs with counts, search and status filter (all in the
// URL, so a view can be shared), the keys table with keyset "Load more", and the empty state.
import { KeyRound, RotateCw, Search } from "lucide-react";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import type { Viewer } from "@/lib/authz/actor";
import { can } from "@/lib/authz/permissions";
import type { CredentialListPage } from "@/lib/credentials/list-credentials";
import { ENVIRONMENT_FILTERS, ENVIRONMENTS, ListCredentialsQuery, STATUS_FILTERS } from "@/lib/credentials/schemas";

import { CreateCredentialDialog } from "./create-credential-dialog";
import { useCredentialDialogs } from "./credential-dialogs";
import { CredentialsTable } from "./credentials-table";
import { useCredentialList, type CredentialFilter } from "./queries";
import { TokenRequestExample } from "./token-request-example";

const ENV_LABELS: Record<(typeof ENVIRONMENT_FILTERS)[number], string> = {
  all: "All",
  production: "Production",
  staging: "Staging",
  development: "Development",
};
const STATUS_LABELS: Record<(typeof STATUS_FILTERS)[number], string> = {
  all: "All statuses",
  active: "Active",
  inactive: "Revoked or expired",
};

export type CredentialsViewProps = {
  orgSlug: string;
  appUrl: string;
  guideHref: string;
  viewer: Viewer;
  initial: { filter: CredentialFilter; page: CredentialListPage };
};

function readFilter(params: { entries(): IterableIterator<[string, string]> } | URLSearchParams): CredentialFilter {
  return ListCredentialsQuery.omit({ cursor: true }).parse(Object.fromEntries(params.entries()));
}

function writeFilterToUrl(filter: CredentialFilter) {
  const params = new URLSearchParams();
  if (filter.env !== "all") params.set("env", filter.env);
  if (filter.status !== "all") params.set("status", filter.status);
  if (filter.q) params.set("q", filter.q);
  const query = params.toString();
  // Next syncs useSearchParams with the History API without a server round trip.
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

export function CredentialsView({ orgSlug, appUrl, guideHref, viewer, initial }: CredentialsViewProps) {
  const searchParams = useSearchParams();
  const filter = readFilter(searchParams);
  const list = useCredentialList(orgSlug, filter, initial);
  const { open: openDialog, dialogs } = useCredentialDialogs({ orgSlug, appUrl });
  const [search, setSearch] = useState(filter.q);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // While another filter loads, the tabs keep the last counts they showed.
  const [lastCounts, setLastCounts] = useState(initial.page.counts);
  const counts = list.data?.pages[0]?.counts;
  if (counts && counts !== lastCounts) setLastCounts(counts);
  const shownCounts = counts ?? lastCounts;
  const credentials = list.data?.pages.flatMap((page) => page.items) ?? [];
  const openAnomalies = Object.assign(
    {},
    ...(list.data?.pages.map((page) => page.openAnomalies ?? {}) ?? []),
  ) as Record<string, number>;
  const creatableEnvironments = ENVIRONMENTS.filter((environment) =>
    can(viewer, "credentials:create", { environment, createdById: viewer.userId }),
  );
  const isFiltered = filter.q !== "" || filter.status !== "all";
  const isEmptyOrg = shownCounts.all === 0 && !isFiltered && !list.isPending;

  const setFilter = (next: Partial<CredentialFilter>) => writeFilterToUrl({ ...filter, ...next });

  // Search as you type, written to the URL after a short pause.
  function onSearchChange(value: string) {
    setSearch(value);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => {
      const current = readFilter(new URLSearchParams(window.location.search));
      if (current.q !== value.trim()) writeFilterToUrl({ ...current, q: value.trim() });
    }, 300);
  }
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  return (
    // One column that may shrink below its content's width (minmax(0, 1fr)), so a wide table or
    // code line scrolls inside its own frame instead of pushing the page sideways.
    <div className="grid grid-cols-1 gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid gap-2">
          <h1 className="text-2xl font-semibold tracking-tight">API Credentials</h1>
          <p className="max-w-prose text-sm text-muted-foreground">
            An API key is a Client ID and Client Secret that your servers exchange for short-lived access tokens to call
            the WorkFlux API.
          </p>
        </div>
        {creatableEnvironments.length > 0 ? (
          <CreateCredentialDialog orgSlug={orgSlug} appUrl={appUrl} environments={creatableEnvironments} />
        ) : (
          // Only a viewer can create in no environment (a developer may outside production).
          <p className="max-w-64 text-sm text-muted-foreground">
            Viewers can&rsquo;t create API keys. Ask an owner, admin or developer of this organization.
          </p>
        )}
      </div>

      {isEmptyOrg ? (
        <EmptyState appUrl={appUrl} guideHref={guideHref} canCreate={creatableEnvironments.length > 0} />
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <div
              role="group"
              aria-label="Environment"
              className="inline-flex flex-wrap rounded-md border border-border bg-muted p-1"
            >
              {ENVIRONMENT_FILTERS.map((env) => (
                <button
                  key={env}
                  type="button"
                  aria-pressed={filter.env === env}
                  onClick={() => setFilter({ env })}
                  className={cn(
                    "rounded-sm px-3 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground",
                    filter.env === env && "bg-background text-foreground shadow-sm",
                  )}
                >
                  {ENV_LABELS[env]} <span className="tabular-nums">({shownCounts[env]})</span>
                </button>
              ))}
            </div>
            <div className="relative min-w-56 flex-1">
              <Search
                aria-hidden="true"
                className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
              />
              <Input
                type="search"
                value={search}
                onChange={(event) => onSearchChange(event.currentTarget.value)}
                placeholder="Search by name or Client ID"
                aria-label="Search by name or Client ID"
                maxLength={100}
                className="pl-9"
              />
            </div>
            <Select
              aria-label="Status"
              value={filter.status}
              onValueChange={(status) => setFilter({ status })}
              options={STATUS_FILTERS}
              optionLabel={(status) => STATUS_LABELS[status]}
            />
          </div>

          {list.isError && !list.data ? (
            <div
              role="alert"
              className="grid justify-items-start gap-3 rounded-lg border border-danger-border bg-danger-surface p-4 text-sm text-danger-foreground"
            >
              <p>{list.error.message} Check your connection and try again.</p>
              <Button variant="outline" onClick={() => list.refetch()}>
                <RotateCw aria-hidden="true" />
                Retry
              </Button>
            </div>
          ) : list.isPending ? (
            <CredentialsTable credentials={[]} orgSlug={orgSlug} viewer={viewer} openDialog={openDialog} isLoading />
          ) : credentials.length === 0 ? (
            <div className="grid justify-items-start gap-3 rounded-lg border border-dashed border-border p-6 text-sm">
              <p>No API keys match these filters.</p>
              <Button
                variant="outline"
                onClick={() => {
                  clearTimeout(searchTimer.current);
                  setSearch("");
                  writeFilterToUrl({ env: "all", status: "all", q: "" });
                }}
              >
                Clear filters
              </Button>
            </div>
          ) : (
            <div className="grid gap-3">
              <CredentialsTable
                credentials={credentials}
                orgSlug={orgSlug}
                viewer={viewer}
                openDialog={openDialog}
                openAnomalies={openAnomalies}
              />
              <div className="flex items-center justify-between gap-3 text-sm text-muted-foreground">
                <p aria-live="polite">
                  Showing {credentials.length} of {shownCounts[filter.env]}
                </p>
                {list.hasNextPage ? (
                  <Button variant="outline" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                    {list.isFetchingNextPage ? "Loading…" : "Load more"}
                  </Button>
                ) : null}
              </div>
            </div>
          )}
        </>
      )}
      {dialogs}
    </div>
  );
}

function EmptyState({ appUrl, guideHref, canCreate }: { appUrl: string; guideHref: string; canCreate: boolean }) {
  return (
    <div className="grid gap-6 rounded-lg border border-dashed border-border p-6">
      <div className="flex gap-3">
        <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
        <div className="grid gap-1">
          <h2 className="text-base font-semibold">No API keys yet</h2>
          <p className="text-sm text-muted-foreground">
            {canCreate
              ? "Create a key with “Create New API Key”, copy its Client ID and Client Secret, then request an access token as shown below."
              : "An owner, admin or developer of this organization can create one. Once it exists, request an access token as shown below."}
          </p>
        </div>
      </div>
      <TokenRequestExample appUrl={appUrl} guideHref={guideHref} />
    </div>
  );
}
