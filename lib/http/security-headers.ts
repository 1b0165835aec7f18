// Headers every answer of the route table carries, in both doors (SA-11): these responses are JSON
// for machines, so the CSP forbids everything. Pages get theirs from next.config.js, and HSTS from
// proxy.ts, at run time.
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

export function apiSecurityHeaders(isHttps: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    ...(isHttps ? { "Strict-Transport-Security": HSTS_VALUE } : {}),
  };
}
