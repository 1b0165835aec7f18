// `npm start` / `npm run dev`: one process that prepares the environment, starts the embedded
// PostgreSQL when DATABASE_URL is unset, applies migrations, creates the first owner on an empty
// database, then serves the app through Next.js. The OAuth endpoints (/v1/auth/token, revoke,
// introspect, /.well-known/jwks.json and oauth-authorization-server) take a fast path: they are
// answered here by the same lib/oauth functions their route handlers call, without Next.js's
// per-request work (issue 4: ~650 µs of CPU a request, most of a token's cost).
import { createServer, type IncomingMessage, type Server } from "node:http";
import path from "node:path";
import { loadOrCreateLocalSecrets } from "./lib/config/local-secrets";
import { assertProductionSecrets, getEnv, isProductionDeployment, parseEnv, type Env } from "./lib/env";
import { CLIENT_IP_HEADER, resolveClientIp, stampedClientIp } from "./lib/http/client-ip";

const dev = process.argv.includes("--dev");

/** Fills in generated secrets (outside a production deployment) before anything reads the env. */
function prepareEnvironment(): Env {
  const preliminary = parseEnv(process.env);
  assertProductionSecrets(preliminary);
  if (!isProductionDeployment(preliminary) && (!preliminary.authSecret || !preliminary.SIGNING_KEY_ENCRYPTION_KEY)) {
    const local = loadOrCreateLocalSecrets(path.resolve(preliminary.DATA_DIR));
    process.env.NEXTAUTH_SECRET ??= local.authSecret;
    process.env.SIGNING_KEY_ENCRYPTION_KEY ??= local.signingKeyEncryptionKey;
  }
  process.env.NEXTAUTH_URL ??= preliminary.APP_URL;
  return parseEnv(process.env);
}

// Runs before getEnv() is first read, so the embedded URL it sets is part of the parsed env.
async function startDatabase(env: Env): Promise<() => Promise<void>> {
  if (env.DATABASE_URL) {
    const { applyMigrations } = await import("./lib/db/schema-engine");
    await applyMigrations(env.DATABASE_URL);
    return async () => {};
  }
  const { startEmbeddedPostgres } = await import("./lib/db/embedded");
  const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(env.DATA_DIR, "pglite") });
  process.env.WORKFLUX_EMBEDDED_DATABASE_URL = embedded.url;
  try {
    const { applyMigrations } = await import("./lib/db/schema-engine");
    await applyMigrations(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return embedded.stop;
}

async function printFirstSignIn(): Promise<void> {
  const env = getEnv();
  const { getDb } = await import("./lib/db/client");
  const { bootstrapFirstOwner } = await import("./lib/orgs/bootstrap-first-owner");
  const result = await bootstrapFirstOwner(getDb(), { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (!result.created) return;
  // The one time this password exists outside its hash: written to the terminal, never to the log.
  const lines = [
    "",
    "  WorkFlux is ready. First sign-in (shown once):",
    `    URL:      ${env.APP_URL}/sign-in`,
    `    Email:    ${result.email}`,
    result.generatedPassword ? `    Password: ${result.generatedPassword}` : "    Password: the ADMIN_PASSWORD you set",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
}

/**
 * Headers a client must not control reach Next.js only from a trusted proxy: Next compares a
 * server action's Origin with x-forwarded-host (SECURITY SA-04). A malformed Origin is answered
 * here, since Next 16.4 throws on it (a 500) instead of refusing (vercel/next.js#92702).
 */
function sanitizeForwardedHeaders(req: IncomingMessage, trustProxy: boolean): boolean {
  if (!trustProxy) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const origin = req.headers.origin;
  return origin === undefined || origin === "null" || URL.canParse(origin);
}

function stampClientIp(req: IncomingMessage, trustProxy: boolean): void {
  req.headers[CLIENT_IP_HEADER] = stampedClientIp(
    resolveClientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy),
  );
}

/**
 * Loads (or, on a fresh database, creates) the signing keys and opens the key cache's change
 * listener before the first request, so no token request pays for either.
 */
async function warmUpTokenService(): Promise<void> {
  const { getSigningKeyStore } = await import("./lib/signing-keys/signing-key-store");
  const { getKeyCache } = await import("./lib/credentials/key-cache");
  const { deleteExpiredRevocations } = await import("./lib/tokens/revoked-tokens");
  const { getDb } = await import("./lib/db/client");
  const { getLogger } = await import("./lib/log/logger");
  const { getRevocationList } = await import("./lib/tokens/revocation-list");
  await getSigningKeyStore().ready();
  getKeyCache();
  await getRevocationList().ready();
  const { connectRedis } = await import("./lib/rate-limit/limiter-store");
  await connectRedis(); // with REDIS_URL: the first requests already count in the shared store
  // Revocation rows protect a token only until it would have expired anyway.
  const hourly = setInterval(() => {
    deleteExpiredRevocations(getDb()).catch((error: unknown) =>
      getLogger().warn({ err: error }, "pruning expired revocations failed"),
    );
    getRevocationList().prune();
  }, 3_600_000);
  hourly.unref();
}

async function main(): Promise<void> {
  // Set before Next.js loads: it reads NODE_ENV when imported.
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // air-gapped by design: no calls home
  const stopDatabase = await startDatabase(prepareEnvironment());
  const env = getEnv();
  const { getLogger } = await import("./lib/log/logger");
  const log = getLogger();
  // Several instances sharing one database each enforce their own limits without Redis (SECURITY RL-03).
  if (!env.REDIS_URL && env.DATABASE_URL) log.warn("REDIS_URL unset: rate limits are per instance");
  let server: Server | undefined;
  let stopping = false;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    server?.close();
    server?.closeAllConnections();
    // Usage counters, last use and audit rows batched in memory go out before the database closes.
    const { flushActivity } = await import("./lib/usage/activity-batcher");
    await flushActivity().catch((error: unknown) => log.error({ err: error }, "activity flush failed"));
    const { stopKeyCache } = await import("./lib/credentials/key-cache");
    const { stopSigningKeyStore } = await import("./lib/signing-keys/signing-key-store");
    stopSigningKeyStore();
    await stopKeyCache().catch(() => {});
    const { stopRevocationList } = await import("./lib/tokens/revocation-list");
    await stopRevocationList().catch(() => {});
    const { closeRedis } = await import("./lib/rate-limit/limiter-store");
    await closeRedis().catch(() => {});
    const { disconnectDb } = await import("./lib/db/client");
    await disconnectDb().catch((error: unknown) => log.error({ err: error }, "database disconnect failed"));
    await stopDatabase().catch((error: unknown) => log.error({ err: error }, "embedded database stop failed"));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    await printFirstSignIn();
    const { default: next } = await import("next");
    const app = next({
      dev,
      dir: path.dirname(new URL(import.meta.url).pathname),
      hostname: env.HOSTNAME,
      port: env.PORT,
    });
    await app.prepare();
    const handle = app.getRequestHandler();
    const { fastPathHandler, serveFastPath } = await import("./lib/oauth/node-adapter");
    const { apiSecurityHeaders } = await import("./lib/oauth/security-headers");
    const fastPathHeaders = apiSecurityHeaders(env.APP_URL.startsWith("https://"));
    await warmUpTokenService();
    const { getApiContext } = await import("./lib/api/api-context");
    const { apiFastPathHandler, apiRoutePattern } = await import("./lib/api/router");
    const { metrics } = await import("./lib/metrics/metrics");
    const { metricsAllowed, metricsResponse } = await import("./lib/metrics/metrics-endpoint");
    const apiContext = await getApiContext();
    const { httpRequests, httpDuration } = metrics();
    // Metric labels are route patterns, never raw paths (ids would explode the series count).
    const routeLabel = (url: string) => {
      const path = url.split("?")[0] ?? "";
      if (fastPathHandler(path) || path === "/healthz" || path === "/readyz" || path === "/metrics") return path;
      if (path.startsWith("/v1/")) return apiRoutePattern(path) ?? "/v1/*";
      return "next";
    };
    const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    server = createServer((req, res) => {
      stampClientIp(req, env.TRUST_PROXY);
      if (!sanitizeForwardedHeaders(req, env.TRUST_PROXY)) {
        res.writeHead(400, { ...fastPathHeaders, "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(JSON.stringify({ error: "invalid_request", error_description: "The Origin header is malformed." }));
        return;
      }
      const started = process.hrtime.bigint();
      res.once("finish", () => {
        const labels = {
          route: routeLabel(req.url ?? ""),
          method: METHODS.has(req.method ?? "") ? req.method! : "OTHER",
        };
        httpRequests.inc({ ...labels, status: String(res.statusCode) });
        httpDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      });
      if (req.url === "/metrics" && req.method === "GET") {
        // Behind a proxy every request comes from loopback: then only METRICS_TOKEN opens it.
        const allowed = metricsAllowed({
          token: env.METRICS_TOKEN,
          authorization: req.headers.authorization,
          socketAddress: env.TRUST_PROXY && !env.METRICS_TOKEN ? undefined : req.socket.remoteAddress,
        });
        void metricsResponse(allowed).then((answer) =>
          res.writeHead(answer.status, { ...fastPathHeaders, ...answer.headers }).end(answer.body),
        );
        return;
      }
      // OAuth endpoints and the platform API skip Next.js: the same lib functions answer them.
      const fast = fastPathHandler(req.url) ?? apiFastPathHandler(req.url, apiContext);
      if (!fast) {
        void handle(req, res);
        return;
      }
      serveFastPath(fast, req, res, fastPathHeaders).catch((error: unknown) => {
        log.error({ err: error, path: req.url?.split("?")[0] }, "fast path failed");
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { ...fastPathHeaders, "Content-Type": "application/json", "Cache-Control": "no-store" });
        res.end(JSON.stringify({ error: "server_error", error_description: "An internal error occurred." }));
      });
    });
    // Bound how long a slow client may hold a connection (SECURITY TE-14).
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    await listen(server, env.PORT, env.HOSTNAME);
    // The embedded database's address carries no credential; it lets an operator attach psql.
    const embeddedDatabaseUrl = env.DATABASE_URL ? undefined : env.WORKFLUX_EMBEDDED_DATABASE_URL;
    log.info({ url: env.APP_URL, host: env.HOSTNAME, port: env.PORT, embeddedDatabaseUrl }, "listening");
  } catch (error) {
    await stopDatabase().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`WorkFlux failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
