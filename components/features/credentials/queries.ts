"use client";
// React Query access to the credentials list. Only DTOs are cached here; a new secret never is
// (it lives in a mutation result that is reset when its dialog closes).
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";

import type { CredentialListPage } from "@/lib/credentials/list-credentials";

export type CredentialFilter = {
  env: "all" | "production" | "staging" | "development";
  status: "all" | "active" | "inactive";
  q: string;
};

export const credentialKeys = {
  all: (orgSlug: string) => ["credentials", orgSlug] as const,
  list: (orgSlug: string, filter: CredentialFilter) => ["credentials", orgSlug, "list", filter] as const,
};

export class CredentialsFetchError extends Error {
  constructor(readonly status: number) {
    super(status === 401 ? "Your session has ended. Sign in again." : "Couldn't load API keys.");
  }
}

async function fetchCredentialPage(orgSlug: string, filter: CredentialFilter, cursor: string | undefined) {
  const params = new URLSearchParams({ env: filter.env, status: filter.status, q: filter.q });
  if (cursor) params.set("cursor", cursor);
  const response = await fetch(`/api/orgs/${encodeURIComponent(orgSlug)}/credentials?${params}`, {
    headers: { accept: "application/json" },
    cache: "no-store",
  });
  if (!response.ok) throw new CredentialsFetchError(response.status);
  return (await response.json()) as CredentialListPage;
}

export function useCredentialList(
  orgSlug: string,
  filter: CredentialFilter,
  initial: { filter: CredentialFilter; page: CredentialListPage } | null,
) {
  const matchesInitial =
    initial !== null &&
    initial.filter.env === filter.env &&
    initial.filter.status === filter.status &&
    initial.filter.q === filter.q;
  return useInfiniteQuery({
    queryKey: credentialKeys.list(orgSlug, filter),
    queryFn: ({ pageParam }) => fetchCredentialPage(orgSlug, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    initialData: matchesInitial ? { pages: [initial.page], pageParams: [undefined] } : undefined,
    retry: (failures, error) => !(error instanceof CredentialsFetchError && error.status < 500) && failures < 1,
  });
}

/** After any mutation: every list of this organization refetches. */
export function useInvalidateCredentials(orgSlug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: credentialKeys.all(orgSlug) });
}
