"use client";

// Replaces the root layout when it fails, so it brings its own document and cannot rely on
// globals.css; inline styles keep it readable.
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;

  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", margin: 0, padding: "4rem 1rem", textAlign: "center" }}>
        <title>Something went wrong · WorkFlux</title>
        <main>
          <h1 style={{ fontSize: "1.5rem" }}>Something went wrong</h1>
          <p>WorkFlux couldn&apos;t load. Try again in a moment.</p>
          {digest ? (
            <p>
              Reference ID: <code>{digest}</code>
            </p>
          ) : null}
          <button type="button" onClick={() => retry()} style={{ padding: "0.5rem 1rem", fontSize: "1rem" }}>
            Try again
          </button>
        </main>
      </body>
    </html>
  );
}
