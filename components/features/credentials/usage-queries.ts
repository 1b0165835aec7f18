"use client";
// React Query access to one key's usage (chart series, summary, last use, recent failures).
import { useQuery } from "@tanstack/react-query";

import type { CredentialUsage } from "@/lib/analytics/credential-usage";
import type { UsageRange } from "@/lib/analytics/usage-ranges";

export const usageKeys = {
  all: (orgSlug: string) => ["credential-usage", orgSlug] as const,
  one: (orgSlug: string, credentialId: string, range: UsageRange) =>
    ["credential-usage", orgSlug, credentialId, range] as const,
};

export class UsageFetchError extends Error {
  constructor(readonly status: number) {
    super(status === 401 ? "Your session has ended. Sign in again." : "Couldn't load usage.");
  }
}

export function useCredentialUsage(orgSlug: string, credentialId: string, range: UsageRange) {
  return useQuery({
    queryKey: usageKeys.one(orgSlug, credentialId, range),
    queryFn: async () => {
      const url = `/api/orgs/${encodeURIComponent(orgSlug)}/credentials/${encodeURIComponent(credentialId)}/usage?range=${range}`;
      const response = await fetch(url, { headers: { accept: "application/json" }, cache: "no-store" });
      if (!response.ok) throw new UsageFetchError(response.status);
      return (await response.json()) as CredentialUsage;
    },
    // Counters are flushed every few seconds; a minute-old chart is fine and spares the database.
    staleTime: 30_000,
    refetchInterval: 60_000,
    retry: (failures, error) => !(error instanceof UsageFetchError && error.status < 500) && failures < 1,
  });
}
