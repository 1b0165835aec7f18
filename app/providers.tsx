"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { Toaster } from "sonner";

export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab; created in state so a re-render never drops the cache.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, retry: 1 },
        },
      }),
  );

  // No next-auth SessionProvider: every page reads the session on the server, and its client-side
  // session fetches (two per page load under React's strict mode) each set a fresh CSRF cookie
  // when none existed, racing the sign-in form's own CSRF token (a refused first sign-in under
  // `npm run dev`, where those first requests are slow).
  return (
    <QueryClientProvider client={queryClient}>
      {children}
      {/*
          Sonner renders one polite live region ("Notifications", Alt+T moves focus to it).
          Success toasts auto-dismiss after `duration`; error toasts are kept until dismissed by
          `toast.error` in components/ui/toast.ts, which passes `duration: Infinity`.
        */}
      <Toaster
        containerAriaLabel="Notifications"
        position="bottom-right"
        duration={5000}
        closeButton
        toastOptions={{ closeButtonAriaLabel: "Dismiss notification" }}
      />
    </QueryClientProvider>
  );
}
