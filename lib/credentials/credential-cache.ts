// Per-process cache of credential records, so the token endpoint's success path does no database
// I/O. Filled on first use; an entry is dropped the moment its credential changes: in this process
// through the runtime's local events, on other instances through PostgreSQL LISTEN/NOTIFY on
// CREDENTIAL_CHANNEL. Unknown ids are cached too, briefly and in bounded number, so a flood of
// made-up ids cannot turn into a flood of queries. A record carries its organization's plan, which
// both limiters read (the token endpoint and the API guard; access tokens carry no plan claim): a
// plan change announces every key of the organization, so the new limit applies on every
// instance within a second (RL-09, lib/orgs/set-plan.ts).
//
// The cache is trusted only while its invalidation channel works (RL-04): embedded
// PGlite serves one instance, so local events suffice there; on a real server a dedicated `pg`
// client LISTENs, reconnecting with back-off, and while it is down every lookup reads the
// database. If that read fails too, lookups throw an `unavailable` AppError (→ 503, never a stale
// "valid"). The runtime owns the one instance.
import type { Db } from "../db/client";
import type { Plan } from "../db/enums";
import { LOOKUP_DEADLINE_MS, withDeadline } from "../db/deadline";
import { NotificationListener } from "../db/notification-listener";
import { unavailable } from "../errors";
import type { Logger } from "../log/logger";
import type { LocalEvents } from "../runtime/local-events";
import { CREDENTIAL_CHANNEL } from "./change-events";
import type { CredentialRecord } from "./verify-client-secret";

export const POSITIVE_TTL_MS = 5 * 60_000; // belt and braces: every change, plan changes included, is announced
export const NEGATIVE_TTL_MS = 30_000;
export const MAX_POSITIVE_ENTRIES = 100_000;
export const MAX_NEGATIVE_ENTRIES = 10_000;

type Entry = { record: CredentialRecord | null; expiresAtMs: number };

export type CredentialCacheOptions = {
  loadRecord: (clientId: string) => Promise<CredentialRecord | null>;
  events: LocalEvents;
  log: Pick<Logger, "warn">;
  /** Open a LISTEN connection at this URL; undefined: local events only (embedded). */
  listenUrl?: string;
  nowMs?: () => number;
};

export class CredentialCache {
  private readonly positive = new Map<string, Entry>();
  private readonly negative = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<CredentialRecord | null>>();
  // Bumped on every invalidation: a load that started before it must not fill the cache.
  private generation = 0;
  private readonly listener: NotificationListener | undefined;
  private readonly loadRecord: (clientId: string) => Promise<CredentialRecord | null>;
  private readonly nowMs: () => number;
  private readonly onLocalChange = (clientId: string) => this.invalidate(clientId);

  constructor(private readonly options: CredentialCacheOptions) {
    this.loadRecord = options.loadRecord;
    this.nowMs = options.nowMs ?? Date.now;
    options.events.on("credentialChanged", this.onLocalChange);
    if (options.listenUrl) {
      this.listener = new NotificationListener({
        url: options.listenUrl,
        channel: CREDENTIAL_CHANNEL,
        onNotification: (clientId) => this.invalidate(clientId),
        // Changes made while we were not listening were missed: start from an empty cache.
        onConnected: () => this.clear(),
        onDisconnected: (error) => {
          this.clear();
          options.log.warn({ err: error }, "credential change listener disconnected; reading keys from the database");
        },
      });
    }
  }

  /** Is the cache allowed to answer without the database? */
  get trusted(): boolean {
    return !this.listener || this.listener.listening;
  }

  /** The record for `clientId` (null: unknown), synchronously when cached and trusted. */
  peek(clientId: string): Entry | undefined {
    if (!this.trusted) return undefined;
    const entry = this.positive.get(clientId) ?? this.negative.get(clientId);
    if (!entry || entry.expiresAtMs <= this.nowMs()) return undefined;
    return entry;
  }

  /** The cached answer (null: known unknown), or undefined when the database must be asked. */
  cached(clientId: string): CredentialRecord | null | undefined {
    return this.peek(clientId)?.record;
  }

  async get(clientId: string): Promise<CredentialRecord | null> {
    const cached = this.peek(clientId);
    if (cached) return cached.record;
    let pending = this.inflight.get(clientId);
    if (!pending) {
      pending = this.load(clientId).finally(() => this.inflight.delete(clientId));
      this.inflight.set(clientId, pending);
    }
    return pending;
  }

  private async load(clientId: string): Promise<CredentialRecord | null> {
    const generation = this.generation;
    const trustedAtStart = this.trusted;
    let record: CredentialRecord | null;
    try {
      // A deadline where a partition can happen: a database server (the embedded one is in-process).
      const load = this.loadRecord(clientId);
      record = await (this.listener ? withDeadline(load, LOOKUP_DEADLINE_MS, "credential lookup") : load);
    } catch (error) {
      throw unavailable("credential storage", error);
    }
    if (trustedAtStart && this.trusted && generation === this.generation) this.store(clientId, record);
    return record;
  }

  private store(clientId: string, record: CredentialRecord | null): void {
    const map = record ? this.positive : this.negative;
    const max = record ? MAX_POSITIVE_ENTRIES : MAX_NEGATIVE_ENTRIES;
    map.delete(clientId);
    if (map.size >= max) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(clientId, { record, expiresAtMs: this.nowMs() + (record ? POSITIVE_TTL_MS : NEGATIVE_TTL_MS) });
  }

  invalidate(clientId: string): void {
    this.generation++;
    this.positive.delete(clientId);
    this.negative.delete(clientId);
  }

  /**
   * Drops the cached records of `orgId` that carry a plan other than `plan`: how a plan changed by
   * another process reaches an embedded server, which has no NOTIFY to hear (plan-change-poll.ts).
   */
  dropStalePlan(orgId: string, plan: Plan): void {
    let dropped = false;
    for (const [clientId, entry] of this.positive) {
      if (entry.record?.orgId === orgId && entry.record.plan !== plan) {
        this.positive.delete(clientId);
        dropped = true;
      }
    }
    if (dropped) this.generation++;
  }

  clear(): void {
    this.generation++;
    this.positive.clear();
    this.negative.clear();
  }

  async stop(): Promise<void> {
    this.options.events.off("credentialChanged", this.onLocalChange);
    await this.listener?.stop();
  }
}

export async function loadCredentialRecord(db: Db, clientId: string): Promise<CredentialRecord | null> {
  const row = await db.apiKey.findUnique({
    where: { clientId },
    select: {
      id: true,
      clientId: true,
      orgId: true,
      environment: true,
      scopes: true,
      secretHash: true,
      previousSecretHash: true,
      previousSecretValidUntil: true,
      tokensValidAfter: true,
      expiresAt: true,
      revokedAt: true,
      org: { select: { plan: true, deletedAt: true } },
    },
  });
  // A deleted organization's keys are revoked with it; a tombstone's key is unknown all the same.
  if (!row || row.org.deletedAt) return null;
  const { org, ...rest } = row;
  return { ...rest, plan: org.plan };
}
