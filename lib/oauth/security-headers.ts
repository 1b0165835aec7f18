// Headers server.ts's fast path adds to every answer it writes itself, matching what
// next.config.js gives pages and route handlers (SECURITY SA-11): these responses are JSON for
// machines, so the CSP forbids everything.
export function apiSecurityHeaders(isHttps: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(isHttps ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
