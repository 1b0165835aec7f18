// The composition root: every process-wide service starts here, in dependency order, and `stop()`
// ends them in reverse. server.ts, scripts, instrumentation.ts (`next start` without server.ts)
// and tests call `startRuntime`; request and use-case code reaches the result through
// `getRuntime()` (current.ts). Inputs are passed in, never read from process.env.
import { randomBytes } from "node:crypto";
import type { ApiContext } from "../api/api-context";
import { CredentialCache, loadCredentialRecord } from "../credentials/credential-cache";
import { PlanChangePoll } from "../credentials/plan-change-poll";
import { createDb, type Db } from "../db/client";
import type { DatabaseHandle } from "../db/start-database";
import { apiAudience, type Env } from "../env";
import { OutageLog } from "../health/outage-log";
import { apiSecurityHeaders } from "../http/security-headers";
import { JobQueue } from "../jobs/job-queue";
import { createLogger, createRequestLogger, type Logger } from "../log/logger";
import { createSmtpTransport } from "../mail/mailer";
import { MailService } from "../mail/outbound-mail";
import { createMetrics, type Metrics } from "../metrics/metrics";
import type { OAuthContext } from "../oauth/oauth-context";
import { closeRedis, connectRedis, createRedisClient } from "../rate-limit/limiter-store";
import { Limits } from "../rate-limit/limits";
import { parseKeyEncryptionKey } from "../signing-keys/key-encryption";
import { SigningKeyStore } from "../signing-keys/signing-key-store";
import { RevocationList } from "../tokens/revocation-list";
import { deleteExpiredRevocations, isTokenRevoked } from "../tokens/revoked-tokens";
import { ActivityBatcher } from "../usage/activity-batcher";
import { definePasswordResetJob } from "../users/password-reset";
import { peekRuntime, setRuntime } from "./current";
import { LocalEvents } from "./local-events";

export type Runtime = {
  env: Env;
  database: DatabaseHandle;
  db: Db;
  log: Logger;
  /** The buffered, unredacted per-request line (ids, route, status; never a secret). */
  requestLog: Pick<Logger, "info">;
  metrics: Metrics;
  events: LocalEvents;
  redis: ReturnType<typeof createRedisClient> | null;
  limits: Limits;
  credentials: CredentialCache;
  revocations: RevocationList;
  signingKeys: SigningKeyStore;
  activity: ActivityBatcher;
  /** 128 random bits known only to this process: what makes server.ts's request stamp unforgeable. */
  edgeStamp: string;
  /** The time every request and action of this runtime sees; tests may pin it. */
  clock: { now(): Date };
  /** The security headers of every answer the route table gives (both doors, SA-11). */
  apiHeaders: Readonly<Record<string, string>>;
  oauth: OAuthContext;
  api: ApiContext;
  outages: OutageLog;
  /** The durable job queue every later or retried piece of work goes through (JQ-01). */
  jobs: JobQueue;
  mail: MailService;
  stop(): Promise<void>;
};

export type RuntimeInput = {
  env: Env;
  database: DatabaseHandle;
  /** Load signing keys and the revocation list, and wait for Redis, before returning (default). */
  warmUp?: boolean;
  /** Prometheus's process metrics (CPU, memory, event loop); off for short-lived scripts. */
  processMetrics?: boolean;
  /** Take jobs from the queue in this process (default); scripts only send. */
  workJobs?: boolean;
};

const HOUR_MS = 3_600_000;
const JOB_STOP_TIMEOUT_MS = 5_000;

export async function startRuntime({
  env,
  database,
  warmUp = true,
  processMetrics = true,
  workJobs = true,
}: RuntimeInput): Promise<Runtime> {
  if (peekRuntime()) throw new Error("The WorkFlux runtime is already started in this process.");
  const log = createLogger(env.LOG_LEVEL);
  const requestLog = createRequestLogger(env.LOG_LEVEL);
  const metrics = createMetrics({ processMetrics });
  const db = createDb(database);
  const events = new LocalEvents();
  const redis = env.REDIS_URL ? createRedisClient(env.REDIS_URL, log) : null;
  const limits = new Limits(redis);
  // Embedded PGlite serves one instance, whose own events suffice; a real server is LISTENed to.
  const listenUrl = database.embedded ? undefined : database.url;
  const credentials = new CredentialCache({
    loadRecord: (clientId) => loadCredentialRecord(db, clientId),
    events,
    log,
    listenUrl,
  });
  // Embedded: plan changes by another process (npm run orgs) have no NOTIFY to arrive by.
  const planPoll = database.embedded ? new PlanChangePoll(() => db, credentials) : undefined;
  planPoll?.start();
  const revocations = new RevocationList({
    loadAll: () =>
      db.revokedToken.findMany({ where: { expiresAt: { gt: new Date() } }, select: { jti: true, expiresAt: true } }),
    checkOne: (jti) => isTokenRevoked(db, jti),
    events,
    log,
    listenUrl,
  });
  const signingKeys = new SigningKeyStore(
    () => db,
    () => parseKeyEncryptionKey(env.SIGNING_KEY_ENCRYPTION_KEY),
    log,
  );
  const activity = new ActivityBatcher(() => db, log, metrics);
  const clock = { now: () => new Date() };
  const outages = new OutageLog(log, () => db.$queryRaw`SELECT 1`);
  const jobs = new JobQueue({ url: database.url, embedded: database.embedded, log, work: workJobs });
  const mail = new MailService(
    env.SMTP_URL && env.EMAIL_FROM ? createSmtpTransport(env.SMTP_URL, env.EMAIL_FROM) : null,
    jobs,
    () => parseKeyEncryptionKey(env.SIGNING_KEY_ENCRYPTION_KEY),
    log,
  );
  definePasswordResetJob(jobs, () => ({ db, mail, appUrl: env.APP_URL, log, now: () => clock.now() }));

  const oauth: OAuthContext = {
    issuer: env.APP_URL,
    audience: apiAudience(env),
    now: () => clock.now(),
    keys: credentials,
    signingKeys,
    // Looked up per call, so a limits reset (tests) reaches this context.
    limits: {
      authBlocked: (clientId, ip) => limits.token.authBlocked(clientId, ip),
      recordAuthFailure: (clientId, ip) => limits.token.recordAuthFailure(clientId, ip),
      consumeIssuance: (plan, orgId) => limits.token.consumeIssuance(plan, orgId),
    },
    activity,
    // The per-request line is buffered and unredacted (it carries no secret); warnings and errors,
    // which may carry error objects, go through the redacting logger.
    log: {
      info: (fields, message) => requestLog.logger.info(fields, message),
      warn: (fields, message) => log.warn(fields, message),
      error: (fields, message) => log.error(fields, message),
    },
    outages,
    metrics,
    db: () => db,
  };
  const api: ApiContext = {
    ...oauth,
    revocations,
    limits: { consume: (plan, orgId) => limits.api.consume(plan, orgId) },
    activity,
    metrics,
    verifiedTokens: new Map(),
  };

  // Revocation rows protect a token only until it would have expired anyway.
  const hourly = setInterval(() => {
    deleteExpiredRevocations(db).catch((error: unknown) =>
      log.warn({ err: error }, "pruning expired revocations failed"),
    );
    revocations.prune();
  }, HOUR_MS);
  hourly.unref();

  let stopping: Promise<void> | undefined;
  const runtime: Runtime = {
    env,
    database,
    db,
    log,
    metrics,
    events,
    redis,
    limits,
    credentials,
    revocations,
    signingKeys,
    activity,
    requestLog: requestLog.logger,
    edgeStamp: randomBytes(16).toString("hex"),
    clock,
    apiHeaders: Object.freeze(apiSecurityHeaders(env.APP_URL.startsWith("https://"))),
    oauth,
    api,
    outages,
    jobs,
    mail,
    stop: () => (stopping ??= stop()),
  };

  // In reverse order of need: usage and audit rows batched in memory go out before the database
  // closes; every step runs even when an earlier one fails.
  async function stop(): Promise<void> {
    const quietly = async (what: string, step: () => unknown) => {
      try {
        await step();
      } catch (error) {
        log.error({ err: error }, `${what} failed during shutdown`);
      }
    };
    clearInterval(hourly);
    // Jobs in hand finish first (or go back to the queue for another instance), while the
    // database is still there.
    await quietly("job queue stop", () => jobs.stop(JOB_STOP_TIMEOUT_MS));
    mail.close();
    outages.stop();
    activity.stop();
    await quietly("activity flush", () => activity.flush());
    signingKeys.stop();
    await quietly("plan poll stop", () => planPoll?.stop());
    await quietly("credential cache stop", () => credentials.stop());
    await quietly("revocation list stop", () => revocations.stop());
    await quietly("redis close", () => closeRedis(redis));
    requestLog.stop();
    await quietly("database disconnect", () => db.$disconnect());
    await quietly("database stop", () => database.stop());
    if (peekRuntime() === runtime) setRuntime(undefined);
  }

  setRuntime(runtime);
  try {
    await jobs.start();
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  if (!warmUp) return runtime;
  try {
    // Before the first request: no token request pays for loading (or creating) the signing keys,
    // and with REDIS_URL the first requests already count in the shared store.
    await signingKeys.ready();
    await revocations.ready();
    await connectRedis(redis);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  // Several instances sharing one database each enforce their own limits without Redis (RL-03).
  if (!env.REDIS_URL && !database.embedded) log.warn("REDIS_URL unset: rate limits are per instance");
  return runtime;
}
