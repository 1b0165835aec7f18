// Plan changes made by another process, for an embedded server (RL-09). A real PostgreSQL server
// delivers the NOTIFY of `npm run orgs -- set-plan` to every instance's credential cache. The
// embedded PGlite does not: its notifications go back to the connection that sent them, never to
// the server process that serves the socket. So an embedded server (one instance) looks every
// POLL_INTERVAL_MS for organizations updated since its last look and drops cached records whose
// plan differs; changes the server makes itself still arrive at once through local events.
import type { Db } from "../db/client";
import type { Plan } from "../db/enums";
import type { CredentialCache } from "./credential-cache";

export const PLAN_POLL_INTERVAL_MS = 500;
// Rows are stamped by the writer's clock (Prisma's @updatedAt); looking back a little further
// than the last row seen catches a writer whose transaction committed late. Drops are idempotent.
const OVERLAP_MS = 5_000;

export class PlanChangePoll {
  private since: Date;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: () => Db,
    private readonly cache: Pick<CredentialCache, "dropStalePlan">,
    now: Date = new Date(),
  ) {
    this.since = now;
  }

  start(intervalMs = PLAN_POLL_INTERVAL_MS): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void (this.running ??= this.tick().finally(() => (this.running = undefined))),
      intervalMs,
    );
    this.timer.unref();
  }

  /** One look. Never throws: a database outage is reported by the requests that meet it. */
  async tick(): Promise<void> {
    try {
      const rows = await this.db().organization.findMany({
        where: { updatedAt: { gt: new Date(this.since.getTime() - OVERLAP_MS) } },
        select: { id: true, plan: true, updatedAt: true },
      });
      for (const row of rows) {
        this.cache.dropStalePlan(row.id, row.plan as Plan);
        if (row.updatedAt > this.since) this.since = row.updatedAt;
      }
    } catch {
      // Kept quiet on purpose; the next tick tries again.
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
