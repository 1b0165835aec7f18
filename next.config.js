// Next.js configuration. lib/env.ts is loaded here so a bad environment fails the build and the
// start with one readable message; security headers apply to every page and route.
import { createJiti } from "jiti";

const jiti = createJiti(import.meta.url);
const { parseEnv } = await jiti.import("./lib/env.ts");
parseEnv(process.env);
const isDev = process.env.NODE_ENV !== "production";

// Next's runtime injects inline scripts without nonces unless every page renders per request, so
// scripts are limited to our own origin plus inline; everything else (frames, plugins, foreign
// hosts) is shut. Dev mode needs eval for React's debugging aids.
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  `connect-src 'self'${isDev ? " ws: wss:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  // Strict-Transport-Security is decided at run time, from the running server's APP_URL (proxy.ts).
];

/** @type {import("next").NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // The build type-checks what it builds; tests, scripts and benchmarks are checked by
  // `npm run typecheck` (CI and `npm run check`).
  typescript: { tsconfigPath: "tsconfig.build.json" },
  reactStrictMode: true,
  // PGlite's WASM files break when bundled; argon2 is native code; prom-client and ioredis keep
  // one instance per process.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "@node-rs/argon2",
    "pino",
    "ioredis",
    "prom-client",
  ],
  async headers() {
    return [
      // The route table's paths (/v1, /.well-known, operations) carry their own API headers in
      // both doors (lib/http/response-headers.ts), identical to the fast door's.
      {
        source: "/((?!v1/|\\.well-known/|healthz$|readyz$|metrics$|openapi\\.json$).*)",
        headers: securityHeaders,
      },
      // Pages (and their server-action answers) that reveal a one-time secret: never cached by
      // HTTP/1.0 caches either (TE-10, SA-07).
      { source: "/:orgSlug/settings/api-credentials/:path*", headers: [{ key: "Pragma", value: "no-cache" }] },
      { source: "/:orgSlug/settings/api-credentials", headers: [{ key: "Pragma", value: "no-cache" }] },
      // One-time links' pages: the token in the address never leaves in a Referer (OT-01); the
      // later rule's Referrer-Policy replaces the one above.
      { source: "/invite/:token", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/reset-password/:token", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
      { source: "/verify-email/:token", headers: [{ key: "Referrer-Policy", value: "no-referrer" }] },
    ];
  },
};

export default nextConfig;
