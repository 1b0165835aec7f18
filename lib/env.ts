// The environment's settings, parsed with zod so a bad setting fails at start (and at build) with
// one readable message; empty strings count as unset. `parseEnv` is pure: server.ts, scripts,
// next.config.js and tests hand it a source, and the parsed value travels into the runtime
// (lib/runtime/start-runtime.ts), never back through process.env.
import { z } from "zod";

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyAsUnset, schema.prefault(fallback as never));

const booleanFlag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
  // The OAuth issuer: compared exactly, so no query or fragment (RFC 8414 §2). Unset:
  // http://localhost:PORT.
  APP_URL: optional(
    z
      .url({ protocol: /^https?$/ })
      .refine((v) => !/[?#]/.test(v), "must not contain a query or fragment")
      .transform((v) => v.replace(/\/+$/, "")),
  ),
  // The `aud` of access tokens: the API's resource identifier, distinct from the issuer (RFC 9068
  // §3, TE-12). Unset: `${APP_URL}/v1`, the base of the API these tokens are for.
  API_AUDIENCE: optional(z.url()),
  PORT: withDefault(z.coerce.number().int().min(1).max(65535), 3000),
  HOSTNAME: withDefault(z.string(), "127.0.0.1"),
  DATA_DIR: withDefault(z.string(), ".data"),
  DATABASE_URL: optional(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")),
  REDIS_URL: optional(z.string().regex(/^rediss?:\/\//, "must be a redis:// URL")),
  NEXTAUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  NEXTAUTH_URL: optional(z.url()),
  SIGNING_KEY_ENCRYPTION_KEY: optional(
    z.string().refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64-encoded"),
  ),
  ADMIN_EMAIL: optional(z.email()),
  ADMIN_PASSWORD: optional(z.string().min(12, "must be at least 12 characters")),
  LOG_LEVEL: withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info"),
  TRUST_PROXY: withDefault(booleanFlag, "false"),
  // Bearer token for GET /metrics; unset: /metrics answers only to loopback clients.
  METRICS_TOKEN: optional(z.string().min(16, "must be at least 16 characters")),
  // 0: server.ts hands every request to Next, so /v1 and /.well-known go through the route
  // handlers (the portable door) as under `next start`; CI runs the end-to-end suites that way too.
  FAST_PATH: withDefault(booleanFlag, "true"),
  // SIGTERM/SIGINT: how long requests in flight may take to finish before their connections are
  // cut; stopping the services after that has a deadline of its own (server.ts).
  SHUTDOWN_TIMEOUT_MS: withDefault(z.coerce.number().int().min(0).max(600_000), 10_000),
  // Dashboard sessions (SS-01): signed out after this long without a request, and this long after
  // signing in whatever the use.
  SESSION_IDLE_TIMEOUT_HOURS: withDefault(z.coerce.number().min(0.25).max(8760), 168),
  SESSION_MAX_AGE_HOURS: withDefault(z.coerce.number().min(1).max(8760), 720),
  // Outgoing mail (invitations, password resets, sign-up verification): smtp://user:pass@host:587
  // or smtps://…:465.
  // Unset: no mail; the inviter is shown the link once, an operator prints reset links (ML-03).
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" })),
  // Open sign-up (AC-06): anyone may create an account and an organization at /sign-up. Off by
  // default, so a self-hosted portal is invitation-only unless its operator says otherwise.
  ALLOW_SIGNUP: withDefault(booleanFlag, "false"),
  // Single sign-on providers (SO-01): each exists only when all of its variables are set.
  GITHUB_ID: optional(z.string()),
  GITHUB_SECRET: optional(z.string()),
  GOOGLE_CLIENT_ID: optional(z.string()),
  GOOGLE_CLIENT_SECRET: optional(z.string()),
  // The issuer's URL as its discovery document names it; `/.well-known/openid-configuration` is
  // appended to it (SO-02).
  OIDC_ISSUER: optional(
    z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).transform((v) => v.replace(/\/+$/, "")),
  ),
  OIDC_CLIENT_ID: optional(z.string()),
  OIDC_CLIENT_SECRET: optional(z.string()),
  OIDC_DISPLAY_NAME: withDefault(z.string().trim().min(1).max(64), "Single sign-on"),
  // The From of every mail: an address, or `Name <address>`.
  EMAIL_FROM: optional(
    z
      .string()
      .refine(
        (v) => z.email().safeParse(v).success || /^[^<>]*<[^<>\s]+@[^<>\s]+>$/.test(v.trim()),
        "must be an email address or Name <address>",
      ),
  ),
});

/** Each provider's variables: all or none (SO-01). */
const SSO_GROUPS = [
  ["GITHUB_ID", "GITHUB_SECRET"],
  ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
  ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"],
] as const;

export type Env = z.infer<typeof EnvSchema> & { APP_URL: string; authSecret: string | undefined };

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const value = { ...parsed.data, APP_URL: parsed.data.APP_URL ?? `http://localhost:${parsed.data.PORT}` };
  if (value.ADMIN_PASSWORD && !value.ADMIN_EMAIL) {
    throw new Error("Invalid environment configuration:\n  - ADMIN_PASSWORD: set ADMIN_EMAIL too");
  }
  if (value.SMTP_URL && !value.EMAIL_FROM) {
    throw new Error(
      "Invalid environment configuration:\n  - EMAIL_FROM: set it with SMTP_URL (the From of every mail)",
    );
  }
  const incomplete = SSO_GROUPS.filter((group) => {
    const set = group.filter((name) => value[name] !== undefined).length;
    return set > 0 && set < group.length;
  });
  if (incomplete.length > 0) {
    const lines = incomplete.map((group) => `  - ${group.join(", ")}: set all of them or none (SO-01)`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  if (value.SESSION_IDLE_TIMEOUT_HOURS > value.SESSION_MAX_AGE_HOURS) {
    throw new Error(
      "Invalid environment configuration:\n  - SESSION_IDLE_TIMEOUT_HOURS: must not exceed SESSION_MAX_AGE_HOURS",
    );
  }
  if (value.API_AUDIENCE && value.API_AUDIENCE.replace(/\/+$/, "") === value.APP_URL) {
    throw new Error("Invalid environment configuration:\n  - API_AUDIENCE: must differ from APP_URL (the issuer)");
  }
  return { ...value, authSecret: value.AUTH_SECRET ?? value.NEXTAUTH_SECRET };
}

const HOUR_MS = 3_600_000;

/** How long a dashboard session lives without use, and at most (SS-01). */
export function sessionPolicy(value: Env): { idleTimeoutMs: number; maxAgeMs: number } {
  return { idleTimeoutMs: value.SESSION_IDLE_TIMEOUT_HOURS * HOUR_MS, maxAgeMs: value.SESSION_MAX_AGE_HOURS * HOUR_MS };
}

/** The audience (`aud`) every access token carries and every resource server checks. */
export function apiAudience(value: Env): string {
  return value.API_AUDIENCE ?? `${value.APP_URL}/v1`;
}

/**
 * A production deployment is a production build served at a non-loopback APP_URL. `npm start` on
 * localhost (the quickstart) is a local evaluation and may use secrets generated into DATA_DIR.
 */
export function isProductionDeployment(value: Env): boolean {
  if (value.NODE_ENV !== "production") return false;
  const host = new URL(value.APP_URL).hostname;
  return !["localhost", "127.0.0.1", "[::1]", "::1"].includes(host);
}

/** A deployment refuses to start without secrets it would otherwise have to invent (SA-09, SK-02). */
export function assertProductionSecrets(value: Env): void {
  if (!isProductionDeployment(value)) return;
  const missing: string[] = [];
  if (!value.authSecret) missing.push("NEXTAUTH_SECRET (or AUTH_SECRET)");
  if (!value.SIGNING_KEY_ENCRYPTION_KEY) missing.push("SIGNING_KEY_ENCRYPTION_KEY");
  if (!value.APP_URL.startsWith("https://")) missing.push("an https APP_URL (the issuer and secure cookies need TLS)");
  if (missing.length > 0) {
    throw new Error(
      `Refusing to start in production without: ${missing.join(", ")}.\n` +
        "Generate secrets with `openssl rand -base64 32` and set them in the environment.",
    );
  }
}
