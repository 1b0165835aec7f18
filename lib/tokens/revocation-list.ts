// The in-memory `jti` denylist the API guard consults on every request (PA-05), so a
// revoked access token fails at once with no database read per request. It is loaded once from
// revoked_tokens, then kept current by this process's own revocations (local event) and, on a
// real PostgreSQL, by NOTIFY from other instances. While that channel is down the list is not
// trusted: each check reads the database, and if that fails too the caller answers 503.
import { LOOKUP_DEADLINE_MS, withDeadline } from "../db/deadline";
import { NotificationListener } from "../db/notification-listener";
import { unavailable } from "../errors";
import type { Logger } from "../log/logger";
import type { LocalEvents } from "../runtime/local-events";
import { TOKEN_REVOKED_CHANNEL } from "./revoked-tokens";

// A notification carries only the jti; keep it as long as any token can live (1 h + leeway).
const NOTIFIED_ENTRY_TTL_MS = 3_600_000 + 60_000;

export type RevocationListOptions = {
  loadAll: () => Promise<Array<{ jti: string; expiresAt: Date }>>;
  checkOne: (jti: string) => Promise<boolean>;
  events: LocalEvents;
  log: Pick<Logger, "warn">;
  listenUrl?: string;
  nowMs?: () => number;
};

export class RevocationList {
  private readonly revoked = new Map<string, number>(); // jti → expiry (ms)
  private loading: Promise<void> | undefined;
  private loaded = false;
  private readonly listener: NotificationListener | undefined;
  private readonly nowMs: () => number;
  private readonly onLocal = (jti: string, expiresAt: Date) => this.revoked.set(jti, expiresAt.getTime());

  constructor(private readonly options: RevocationListOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    options.events.on("tokenRevoked", this.onLocal);
    if (options.listenUrl) {
      this.listener = new NotificationListener({
        url: options.listenUrl,
        channel: TOKEN_REVOKED_CHANNEL,
        onNotification: (jti) => this.revoked.set(jti, this.nowMs() + NOTIFIED_ENTRY_TTL_MS),
        // Revocations made while we were not listening were missed: reload everything.
        onConnected: () => this.reload(),
        onDisconnected: (error) =>
          options.log.warn({ err: error }, "token revocation listener disconnected; checking the database"),
      });
    }
  }

  /** Is the list allowed to answer without the database? */
  get trusted(): boolean {
    return this.loaded && (!this.listener || this.listener.listening);
  }

  private async reload(): Promise<void> {
    const rows = await this.options.loadAll();
    this.revoked.clear();
    for (const row of rows) this.revoked.set(row.jti, row.expiresAt.getTime());
    this.loaded = true;
  }

  /** Loads the list ahead of the first request (server start); on a real server the listener does it. */
  async ready(): Promise<void> {
    if (!this.listener && !this.loaded) await this.reload();
  }

  async isRevoked(jti: string): Promise<boolean> {
    if (!this.loaded && !this.listener) {
      this.loading ??= this.reload().finally(() => (this.loading = undefined));
      await this.loading.catch(() => {});
    }
    if (this.trusted) return this.revoked.has(jti);
    try {
      const check = this.options.checkOne(jti);
      return await (this.listener ? withDeadline(check, LOOKUP_DEADLINE_MS, "revocation lookup") : check);
    } catch (error) {
      throw unavailable("token revocations", error);
    }
  }

  /** Housekeeping: entries past their token's expiry protect nothing. */
  prune(): void {
    const now = this.nowMs();
    for (const [jti, expiresAtMs] of this.revoked) if (expiresAtMs < now) this.revoked.delete(jti);
  }

  async stop(): Promise<void> {
    this.options.events.off("tokenRevoked", this.onLocal);
    await this.listener?.stop();
  }
}
