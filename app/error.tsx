"use client";

import { useEffect } from "react";

import { Button } from "@/components/ui/button";

// Route-level error boundary. Production Next.js replaces server error messages with a digest,
// so the UI never shows error text; the digest lets support find the server log entry.
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;

  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-4 px-4 py-10 text-center">
      <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
      <p className="max-w-md text-sm text-muted-foreground">
        We couldn&apos;t load this page. Try again; if it keeps happening, contact your administrator.
      </p>
      {digest ? (
        <p className="text-sm text-muted-foreground">
          Reference ID: <code className="font-mono text-foreground">{digest}</code>
        </p>
      ) : null}
      <Button onClick={() => retry()}>Try again</Button>
    </main>
  );
}
