// Expected outages in the log (LG-07): when a dependency (the database behind the credential
// cache, the revocation list, the signing keys) stops answering, one warning says so; while it is
// down, requests are answered 503 without a log line of their own beyond the request line; when a
// probe finds it answering again, one more warning says how long it was down and how many
// requests failed meanwhile. No stacks: an outage is an operating condition, not a bug.
import type { AppError } from "../errors";

type Log = { warn(fields: object, message: string): void };
type Outage = { since: number; failures: number };

export const PROBE_INTERVAL_MS = 1_000;

/** The first line of an error's message that says something (Prisma's start with blank lines). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? "unknown");
  return (
    message
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1) ?? "unknown"
  ).slice(0, 300);
}

export class OutageLog {
  private readonly outages = new Map<string, Outage>();
  private timer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(
    private readonly log: Log,
    /** Resolves when the dependency answers again (the database: `SELECT 1`). */
    private readonly probe: () => Promise<unknown>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Is any dependency known to be down right now? */
  active(): boolean {
    return this.outages.size > 0;
  }

  /** A request failed because `error.detail`'s dependency is unavailable. */
  failed(error: AppError): void {
    const dependency = error.detail ?? "storage";
    const outage = this.outages.get(dependency);
    if (outage) {
      outage.failures++;
      return;
    }
    this.outages.set(dependency, { since: this.now(), failures: 1 });
    this.log.warn({ dependency, reason: reasonOf(error.cause) }, `${dependency} unavailable; answering 503`);
    this.timer ??= setInterval(() => void this.check(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  /** Probes once; every outage ends when the probe answers. */
  async check(): Promise<void> {
    if (this.probing || this.outages.size === 0) return;
    this.probing = true;
    try {
      await this.probe();
    } catch {
      return;
    } finally {
      this.probing = false;
    }
    for (const [dependency, outage] of this.outages) {
      this.log.warn(
        { dependency, downForMs: this.now() - outage.since, failedRequests: outage.failures },
        `${dependency} available again`,
      );
    }
    this.outages.clear();
    this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
