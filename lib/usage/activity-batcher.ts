// Token endpoint and API bookkeeping without database I/O on the request path: per-key usage
// counters (hourly buckets), last use (time, IP, user agent) and audit rows for failed client
// authentications are gathered in memory and written every FLUSH_INTERVAL_MS, and once more on
// shutdown (the runtime flushes before it closes the database). What a flush cannot write (the
// database is down) is kept and tried again with the next flush, within bounds: past them, the
// oldest pending work is not kept and is counted in `activity_dropped_total` (/metrics).
//
// What goes where (TE-17): every request gets a JSON log line (client id, org, IP,
// outcome, reason code). Failed authentications of a known key also become audit events (so an
// organization's admins see them); issued tokens are counted in usage_counters rather than
// written one audit row each. Failures naming unknown client ids stay in the log only: they
// belong to no organization, and writing them would let anyone fill the audit table. Requests
// refused by the organization's plan limit (429) are also counted per org, UTC day and limit in
// rate_limit_rejections (RL-07), apart from usage_counters, whose meaning they do not change.
import { AnomalyDetector, type Anomaly } from "../anomalies/detector";
import type { AuditAction } from "../audit/audit-actions";
import type { Db } from "../db/client";
import { isTransientDatabaseError } from "../db/pg-error";
import type { Prisma } from "../db/generated/client";
import { reasonOf } from "../health/outage-log";
import type { Metrics } from "../metrics/metrics";

export const FLUSH_INTERVAL_MS = 5_000;
/** Beyond this many pending audit rows, new ones are dropped (and counted) until a flush writes them. */
export const MAX_PENDING_AUDIT_EVENTS = 10_000;
/** Beyond this many pending usage counters (key × hour × kind × outcome) or last uses, likewise. */
export const MAX_PENDING_USAGE_ROWS = 50_000;

type UsageKey = string; // apiKeyId|orgId|bucketStartMs|kind|outcome
type RejectionKey = string; // orgId|dayStartMs|limit

/** Which plan limit refused a request: the token endpoint's issuance limit or the API's request limit. */
export type PlanLimitKind = "tokens" | "api";
type LastUse = { at: Date; ip: string; userAgent: string | null };

const stripControl = (value: string | null | undefined, max: number) =>
  value == null ? null : value.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, max);

/** Usage outcome classes the dashboard stacks: success, auth refusals, rate limits, other errors. */
export function outcomeClass(status: number): string {
  if (status < 400) return "2xx";
  if (status === 401 || status === 403) return "4xx_auth";
  if (status === 429) return "429";
  return status < 500 ? "4xx" : "5xx";
}

const hourBucket = (at: Date) => Math.floor(at.getTime() / 3_600_000) * 3_600_000;
const dayBucket = (at: Date) => Math.floor(at.getTime() / 86_400_000) * 86_400_000;

/** What every event of a key carries: which key, whose, when and from where. */
type KeyEvent = { apiKeyId: string; orgId: string; at: Date; ip: string; userAgent: string | null };

/**
 * The rows with each key's name as their target label: the name the key has when the batch is
 * written, a few seconds after the events, kept from then on like every audit event's label.
 */
async function withKeyNames(
  db: Db,
  rows: Prisma.AuditEventCreateManyInput[],
): Promise<Prisma.AuditEventCreateManyInput[]> {
  const ids = [...new Set(rows.filter((row) => row.targetType === "api_key" && row.targetId).map((r) => r.targetId!))];
  if (ids.length === 0) return rows;
  const keys = await db.apiKey.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  const names = new Map(keys.map((key) => [key.id, key.name]));
  return rows.map((row) => {
    const name = row.targetType === "api_key" && row.targetId ? names.get(row.targetId) : undefined;
    return name === undefined ? row : { ...row, targetLabel: name };
  });
}

export class ActivityBatcher {
  private usage = new Map<UsageKey, number>();
  private rejections = new Map<RejectionKey, number>();
  private lastUse = new Map<string, LastUse>();
  private audit: Prisma.AuditEventCreateManyInput[] = [];
  private droppedAuditEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  // Anomaly rules see every use and failure as it happens; their flags become audit events
  // ("credential.anomaly_detected") in the next flush, which the dashboard shows per key.
  private readonly anomalies = new AnomalyDetector();

  constructor(
    private readonly db: () => Db,
    private readonly log: { warn(fields: object, message: string): void },
    private readonly metrics?: Pick<Metrics, "activityDropped">,
  ) {}

  tokenIssued(event: KeyEvent): void {
    this.count(event.apiKeyId, event.orgId, event.at, "token", "success");
    this.used(event);
  }

  /** A platform API request by a key: counted per route pattern and outcome class. */
  apiRequest(event: KeyEvent & { clientId: string; route: string; status: number }): void {
    const outcome = outcomeClass(event.status);
    this.count(event.apiKeyId, event.orgId, event.at, event.route, outcome);
    if (outcome === "2xx") this.used(event);
    this.start();
  }

  /** A request refused by the organization's plan limit (429), counted per org and UTC day. */
  rateLimited(event: { orgId: string; at: Date; limit: PlanLimitKind }): void {
    this.addRejections(`${event.orgId}|${dayBucket(event.at)}|${event.limit}`, 1);
    this.start();
  }

  private addRejections(key: RejectionKey, count: number): void {
    const pending = this.rejections.get(key);
    if (pending === undefined && this.rejections.size >= MAX_PENDING_USAGE_ROWS) {
      this.metrics?.activityDropped.inc({ kind: "rejections" }, count);
      return;
    }
    this.rejections.set(key, (pending ?? 0) + count);
  }

  private used(event: KeyEvent): void {
    this.addLastUse(event.apiKeyId, { at: event.at, ip: event.ip, userAgent: event.userAgent });
    this.flag(event.apiKeyId, event.orgId, this.anomalies.recordUse(event.apiKeyId, event.ip, event.at));
    this.start();
  }

  private flag(apiKeyId: string, orgId: string, found: Anomaly[]): void {
    for (const anomaly of found) {
      this.pushAudit({
        orgId,
        actorType: "system",
        actorLabel: "anomaly detection",
        action: "credential.anomaly_detected" satisfies AuditAction,
        targetType: "api_key",
        targetId: apiKeyId,
        outcome: "success",
        metadata: { kind: anomaly.kind, evidence: anomaly.evidence, at: anomaly.at.toISOString() },
        createdAt: anomaly.at,
      });
    }
  }

  private pushAudit(row: Prisma.AuditEventCreateManyInput): void {
    if (this.audit.length >= MAX_PENDING_AUDIT_EVENTS) {
      this.droppedAuditEvents++;
      this.metrics?.activityDropped.inc({ kind: "audit" });
    } else this.audit.push(row);
  }

  /** Audit rows written with the next flush rather than on the request's path. */
  auditLater(rows: readonly Prisma.AuditEventCreateManyInput[]): void {
    for (const row of rows) this.pushAudit(row);
  }

  authFailed(event: KeyEvent & { clientId: string; reason: string; endpoint: string }): void {
    this.count(event.apiKeyId, event.orgId, event.at, "token", "failure");
    this.pushAudit({
      orgId: event.orgId,
      actorType: "api_key",
      actorId: event.apiKeyId,
      actorLabel: event.clientId,
      action: "oauth.client_auth_failed" satisfies AuditAction,
      targetType: "api_key",
      targetId: event.apiKeyId,
      outcome: "failure",
      ip: stripControl(event.ip, 64),
      userAgent: stripControl(event.userAgent, 512),
      metadata: { reason: event.reason, endpoint: event.endpoint },
      createdAt: event.at,
    });
    this.flag(event.apiKeyId, event.orgId, this.anomalies.recordFailedAuth(event.apiKeyId, event.at));
    this.start();
  }

  private count(apiKeyId: string, orgId: string, at: Date, kind: string, outcome: string): void {
    this.addUsage(`${apiKeyId}|${orgId}|${hourBucket(at)}|${kind}|${outcome}`, 1);
  }

  private addUsage(key: UsageKey, count: number): void {
    const pending = this.usage.get(key);
    if (pending === undefined && this.usage.size >= MAX_PENDING_USAGE_ROWS) {
      this.metrics?.activityDropped.inc({ kind: "usage" }, count);
      return;
    }
    this.usage.set(key, (pending ?? 0) + count);
  }

  private addLastUse(apiKeyId: string, use: LastUse): void {
    const previous = this.lastUse.get(apiKeyId);
    if (previous === undefined && this.lastUse.size >= MAX_PENDING_USAGE_ROWS) {
      this.metrics?.activityDropped.inc({ kind: "last_use" });
      return;
    }
    if (!previous || previous.at < use.at) this.lastUse.set(apiKeyId, use);
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Writes everything pending. Never throws: what could not be written stays pending. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.usage.size === 0 && this.lastUse.size === 0 && this.audit.length === 0 && this.rejections.size === 0)
      return;
    const usage = this.usage;
    const rejections = this.rejections;
    const lastUse = this.lastUse;
    const audit = this.audit;
    const dropped = this.droppedAuditEvents;
    this.usage = new Map();
    this.rejections = new Map();
    this.lastUse = new Map();
    this.audit = [];
    this.droppedAuditEvents = 0;
    this.flushing = this.write(usage, lastUse, audit, dropped, rejections).finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async write(
    usage: Map<UsageKey, number>,
    lastUse: Map<string, LastUse>,
    audit: Prisma.AuditEventCreateManyInput[],
    dropped: number,
    rejections: Map<RejectionKey, number>,
  ) {
    const db = this.db();
    const log = this.log;
    if (dropped > 0)
      log.warn({ dropped }, "audit events dropped: too many client authentication failures between flushes");
    // After the first transient failure (the database is away) nothing more is tried: the rest
    // goes back to pending as it is. A row the database refuses for its content is dropped.
    let outage: unknown;
    const attempt = async (what: string, statement: () => Promise<unknown>, keep: () => void) => {
      if (outage !== undefined) return keep();
      try {
        await statement();
      } catch (error) {
        if (!isTransientDatabaseError(error)) {
          this.metrics?.activityDropped.inc({ kind: what });
          log.warn({ reason: reasonOf(error), kind: what }, "batched activity refused by the database; dropped");
          return;
        }
        outage = error;
        keep();
      }
    };
    if (audit.length > 0) {
      await attempt(
        "audit",
        async () => db.auditEvent.createMany({ data: await withKeyNames(db, audit) }),
        () => {
          // Back in front of what arrived meanwhile, as far as the bound allows.
          const room = Math.max(0, MAX_PENDING_AUDIT_EVENTS - this.audit.length);
          this.audit = [...audit.slice(0, room), ...this.audit];
          if (audit.length > room) this.metrics?.activityDropped.inc({ kind: "audit" }, audit.length - room);
        },
      );
    }
    for (const [key, count] of usage) {
      const [apiKeyId, orgId, bucket, kind, outcome] = key.split("|") as [string, string, string, string, string];
      await attempt(
        "usage",
        // One statement, atomic against other instances flushing the same bucket.
        () => db.$executeRaw`
          INSERT INTO usage_counters (id, org_id, api_key_id, bucket_start, kind, outcome, count)
          VALUES (gen_random_uuid(), ${orgId}::uuid, ${apiKeyId}::uuid, ${new Date(Number(bucket))}, ${kind}, ${outcome}, ${count})
          ON CONFLICT (api_key_id, bucket_start, kind, outcome) DO UPDATE SET count = usage_counters.count + EXCLUDED.count`,
        () => this.addUsage(key, count),
      );
    }
    for (const [key, count] of rejections) {
      const [orgId, day, limit] = key.split("|") as [string, string, PlanLimitKind];
      // The day as text: a timestamp cast to date would follow the session's time zone, not UTC.
      await attempt(
        "rejections",
        () => db.$executeRaw`
          INSERT INTO rate_limit_rejections (id, org_id, day, kind, count)
          VALUES (gen_random_uuid(), ${orgId}::uuid, ${new Date(Number(day)).toISOString().slice(0, 10)}::date, ${limit}, ${count})
          ON CONFLICT (org_id, day, kind) DO UPDATE SET count = rate_limit_rejections.count + EXCLUDED.count`,
        () => this.addRejections(key, count),
      );
    }
    for (const [apiKeyId, use] of lastUse) {
      await attempt(
        "last_use",
        // Raw SQL on purpose: a Prisma update would bump updated_at, which means "edited".
        () => db.$executeRaw`
          UPDATE api_keys SET last_used_at = ${use.at}, last_used_ip = ${stripControl(use.ip, 64)},
            last_used_user_agent = ${stripControl(use.userAgent, 512)}
          WHERE id = ${apiKeyId}::uuid AND (last_used_at IS NULL OR last_used_at < ${use.at})`,
        () => this.addLastUse(apiKeyId, use),
      );
    }
    // One line per failed flush (every FLUSH_INTERVAL_MS at most), the message without a stack.
    if (outage !== undefined) {
      log.warn(
        { reason: reasonOf(outage), pendingUsage: this.usage.size, pendingAudit: this.audit.length },
        "usage and audit batch not written; kept for the next flush",
      );
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
