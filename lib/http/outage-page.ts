// Dashboard pages while the database is away: 503 with Retry-After and a page that says the
// service is briefly unavailable, instead of Next's 500 error page. server.ts answers page
// requests with it directly while the runtime knows the database is down (its LISTEN connection
// lost, or an outage reported), and replaces a 5xx that Next is about to send while it is down
// (the first requests of an outage, before the heartbeat noticed).
import type { ServerResponse } from "node:http";
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from "../errors";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Briefly unavailable · WorkFlux</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 0; min-height: 100dvh; display: grid; place-items: center;
         padding: 1rem; box-sizing: border-box; text-align: center; color: #18181b; background: #fff; }
  @media (prefers-color-scheme: dark) { body { color: #f4f4f5; background: #09090b; } p { color: #a1a1aa; } }
  h1 { font-size: 1.5rem; margin: 0 0 0.5rem; }
  p { color: #52525b; max-width: 28rem; margin: 0 auto 1rem; }
  a { color: inherit; }
</style>
</head>
<body>
<main>
<h1>WorkFlux is briefly unavailable</h1>
<p>The dashboard cannot reach its database right now. Nothing you saved is lost. This page will work again in a moment.</p>
<p><a href="">Try again</a></p>
</main>
</body>
</html>
`;

const HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Length": String(Buffer.byteLength(PAGE)),
  "Cache-Control": "no-store",
  "Retry-After": String(RETRY_AFTER_UNAVAILABLE_SECONDS),
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

/** A dashboard page: not a static asset (no database needed), not a JSON route under /api. */
export const isPageRequest = (path: string): boolean =>
  !path.startsWith("/_next/") && !path.startsWith("/api/") && !/\.[a-z0-9]+$/i.test(path);

export function sendOutagePage(res: ServerResponse, method: string | undefined): void {
  res.writeHead(503, HEADERS).end(method === "HEAD" ? undefined : PAGE);
}

/**
 * Lets Next answer, but if it is about to send a 5xx while `databaseDown()` says the database is
 * away, sends the outage page instead and discards Next's body.
 */
export function replaceOutageErrors(res: ServerResponse, databaseDown: () => boolean, method?: string): void {
  const writeHead = res.writeHead;
  const write = res.write;
  const end = res.end;
  let replaced = false;
  const shouldReplace = (status: number) => replaced || (!res.headersSent && status >= 500 && databaseDown());
  const restore = () => {
    res.writeHead = writeHead;
    res.write = write;
    res.end = end;
  };
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    if (!shouldReplace(status)) return writeHead.apply(this, [status, ...rest] as Parameters<typeof writeHead>);
    replaced = true;
    return this;
  } as typeof res.writeHead;
  res.write = function (this: ServerResponse, ...args: unknown[]) {
    if (!shouldReplace(this.statusCode)) return write.apply(this, args as Parameters<typeof write>);
    replaced = true;
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  } as typeof res.write;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    if (!shouldReplace(this.statusCode)) {
      restore();
      return end.apply(this, args as Parameters<typeof end>);
    }
    restore();
    for (const name of this.getHeaderNames()) this.removeHeader(name);
    sendOutagePage(this, method);
    const callback = args.find((arg) => typeof arg === "function") as (() => void) | undefined;
    if (callback) this.once("finish", callback);
    return this;
  } as typeof res.end;
}
