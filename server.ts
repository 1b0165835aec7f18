// `npm start` / `npm run dev`: one process that boots the runtime (lib/runtime/boot.ts: the
// embedded PostgreSQL when DATABASE_URL is unset, migrations, the first owner on an empty
// database) and serves the app through Next.js. It is the fast door (docs/adr/0001-two-doors.md):
// every path of the route table (/v1, /.well-known, /healthz, /readyz, /metrics, /openapi.json)
// is answered here from node:http by the same dispatcher the Next route handlers call, without
// Next.js's per-request work. FAST_PATH=0 hands every request to Next instead.
import { createServer, type IncomingMessage, type Server } from "node:http";
import path from "node:path";
import { AppError } from "./lib/errors";
import { envelopeResponse, INTERNAL_ERROR } from "./lib/http/error-envelope";
import { drain, refuseWhileDraining } from "./lib/http/drain";
import { isPageRequest, replaceOutageErrors, sendOutagePage } from "./lib/http/outage-page";
import { ClientAbortedError, lingerThenClose, serveNode, stampRequest } from "./lib/http/node-adapter";
import { isServerActionRequest, refuseServerAction } from "./lib/http/server-action-guard";
import { loadPagePatterns, PageRouteLabels } from "./lib/http/page-routes";
import { requestIdFrom } from "./lib/http/request-id";
import { responseHeaderList } from "./lib/http/response-headers";
import { ownsPath, routeLabel } from "./lib/http/routes";
import { announceFirstSignIn, boot } from "./lib/runtime/boot";

const dev = process.argv.includes("--dev");
const MALFORMED_ORIGIN = new AppError("invalid_request", "The Origin header is malformed.");
const MALFORMED_PATH = new AppError("invalid_request", "The request path is malformed.");
const ASTERISK_TARGET = new AppError("invalid_request", "The request target `*` is only for OPTIONS.");

/** Next answers a path it cannot percent-decode with a 500; it is the client's mistake. */
function decodablePath(path: string): boolean {
  if (!path.includes("%")) return true;
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
/** How long stopping the services (flush, caches, database) may take after the drain. */
const STOP_DEADLINE_MS = 5_000;

function listen(server: Server, port: number, hostname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => resolve());
  });
}

/**
 * Headers a client must not control reach Next.js only from a trusted proxy: Next compares a
 * server action's Origin with x-forwarded-host (SA-04). A malformed Origin is answered here, since
 * Next 16.4 throws on it (a 500) instead of refusing.
 */
function sanitizeForwardedHeaders(req: IncomingMessage, trustProxy: boolean): boolean {
  if (!trustProxy) {
    delete req.headers["x-forwarded-host"];
    delete req.headers["x-forwarded-proto"];
  }
  const origin = req.headers.origin;
  return origin === undefined || origin === "null" || URL.canParse(origin);
}

async function main(): Promise<void> {
  // Set before Next.js loads: it reads NODE_ENV when imported.
  (process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";
  process.env.NEXT_TELEMETRY_DISABLED ??= "1"; // air-gapped by design: no calls home
  const runtime = await boot(process.env);
  const { env, log } = runtime;
  let server: Server | undefined;
  let stopping = false;
  // The database is away: its LISTEN connection is lost (real PostgreSQL) or an outage is reported.
  const databaseDown = () => !runtime.credentials.trusted || runtime.outages.active();

  // Stop accepting, let requests in flight finish (drain.ts), then stop the services (the usage
  // batch is flushed there). A stalled dependency cannot keep the process alive: past the drain
  // deadline plus STOP_DEADLINE_MS it exits anyway, with status 1.
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal, drainMs: env.SHUTDOWN_TIMEOUT_MS }, "shutting down");
    setTimeout(() => {
      log.error({ signal }, "shutdown deadline passed; exiting without a clean stop");
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS + STOP_DEADLINE_MS).unref();
    const drained = server ? await drain(server, env.SHUTDOWN_TIMEOUT_MS) : true;
    if (!drained)
      log.warn({ drainMs: env.SHUTDOWN_TIMEOUT_MS }, "requests still running at the drain deadline were cut");
    await runtime.stop();
    log.info({ signal }, "stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    const { default: next } = await import("next");
    const app = next({
      dev,
      dir: path.dirname(new URL(import.meta.url).pathname),
      hostname: env.HOSTNAME,
      port: env.PORT,
    });
    await app.prepare();
    const handle = app.getRequestHandler();
    const { httpRequests, httpDuration } = runtime.metrics;
    // Under `npm run dev` there is no route list yet: Next's requests are labelled "other".
    const pageLabels = new PageRouteLabels(
      loadPagePatterns(path.join(path.dirname(new URL(import.meta.url).pathname), ".next")),
    );
    server = createServer((req, res) => {
      if (stopping) return refuseWhileDraining(res, runtime.apiHeaders);
      // RFC 9110 §9.3.7: `OPTIONS *` asks about the server itself; any other method with `*`, or a
      // target that is no path at all, is malformed (Next would throw "Invalid URL": a 500).
      if (!req.url?.startsWith("/") && !URL.canParse(req.url ?? "")) {
        if (req.url === "*" && req.method === "OPTIONS") {
          const headers = { ...runtime.apiHeaders, Allow: [...METHODS].join(", ") };
          return void res.writeHead(204, headers).end();
        }
        const answer = envelopeResponse(req.url === "*" ? ASTERISK_TARGET : MALFORMED_PATH);
        res.writeHead(answer.status, responseHeaderList(answer, runtime.apiHeaders)).end(answer.body);
        return;
      }
      stampRequest(req, runtime);
      // Both doors and Next see the same id (request-id.ts); the fast door echoes it itself.
      const requestId = requestIdFrom(req.headers["x-request-id"]);
      req.headers["x-request-id"] = requestId;
      if (!sanitizeForwardedHeaders(req, env.TRUST_PROXY)) {
        const answer = envelopeResponse(MALFORMED_ORIGIN);
        res.writeHead(answer.status, responseHeaderList(answer, runtime.apiHeaders)).end(answer.body);
        return;
      }
      const pathname = (req.url ?? "/").split("?", 1)[0]!;
      if (!decodablePath(pathname)) {
        const answer = envelopeResponse(MALFORMED_PATH);
        res.writeHead(answer.status, responseHeaderList(answer, runtime.apiHeaders)).end(answer.body);
        return;
      }
      const started = process.hrtime.bigint();
      const tableRoute = routeLabel(pathname);
      res.once("finish", () => {
        // Metric labels are route patterns, never raw paths (ids would explode the series count).
        const labels = {
          route: tableRoute ?? pageLabels.label(pathname),
          method: METHODS.has(req.method ?? "") ? req.method! : "OTHER",
        };
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        httpRequests.inc({ ...labels, status: String(res.statusCode) });
        httpDuration.observe(labels, seconds);
        // The route table's answers are logged by the dispatcher; Next's are logged here.
        if (tableRoute === null && !pathname.startsWith("/_next/")) {
          runtime.requestLog.info(
            { request_id: requestId, ...labels, status: res.statusCode, ms: Math.round(seconds * 1e5) / 100 },
            "page request",
          );
        }
      });
      if (!ownsPath(pathname) && isServerActionRequest(req, isPageRequest(pathname))) {
        const refusal = refuseServerAction(req);
        if (refusal) {
          // The route's pattern, not the path: a one-time link's page carries its token in the path.
          const route = pageLabels.label(pathname);
          log.warn({ route, status: refusal.status, reason: refusal.detail }, "server action refused");
          const answer = envelopeResponse(refusal);
          // The body is not read: answer, then let what is still coming drain before closing.
          lingerThenClose(req, req.socket);
          res.writeHead(answer.status, responseHeaderList(answer, runtime.apiHeaders, { closeConnection: true }));
          return void res.end(answer.body);
        }
      }
      // The route table's answers carry it in both doors (response-headers.ts); Next's get it here.
      if (!ownsPath(pathname)) res.setHeader("X-Request-Id", requestId);
      if (!env.FAST_PATH || !ownsPath(pathname)) {
        if (!ownsPath(pathname) && isPageRequest(pathname)) {
          if (databaseDown()) return sendOutagePage(res, req.method);
          replaceOutageErrors(res, databaseDown, req.method);
        }
        void handle(req, res);
        return;
      }
      serveNode(req, res, runtime).catch((error: unknown) => {
        if (error instanceof ClientAbortedError) {
          log.info({ path: pathname, method: req.method, reason: error.reason }, "client aborted the request");
          return void res.destroy();
        }
        log.error({ err: error, path: pathname }, "fast path failed");
        if (res.headersSent) return void res.destroy();
        const answer = envelopeResponse(INTERNAL_ERROR);
        res.writeHead(answer.status, responseHeaderList(answer, runtime.apiHeaders)).end(answer.body);
      });
    });
    // Bound how long a slow client may hold a connection (TE-14).
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    await listen(server, env.PORT, env.HOSTNAME);
    // Only now that the server can serve: a start that failed has used up no one-time password.
    await announceFirstSignIn(runtime);
    // The embedded database's address carries no credential; it lets an operator attach psql.
    const embeddedDatabaseUrl = runtime.database.embedded ? runtime.database.url : undefined;
    log.info(
      { url: env.APP_URL, host: env.HOSTNAME, port: env.PORT, fastPath: env.FAST_PATH, embeddedDatabaseUrl },
      "listening",
    );
  } catch (error) {
    await runtime.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`WorkFlux failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
