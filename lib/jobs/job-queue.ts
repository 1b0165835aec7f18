// The one durable job queue (JQ-01): pg-boss on the portal's own PostgreSQL, for everything that
// runs later or retries. Jobs live in pg-boss's `pgboss` schema, which pg-boss creates and
// migrates itself on start; every instance may send and work, and each job is taken by one
// worker at a time (SKIP LOCKED). A job that throws, or that an instance stopped or died holding,
// is retried with backoff until its retry limit.
//
// Embedded PGlite is one session behind its socket (lib/db/embedded.ts), so pg-boss gets a pool of
// exactly one connection there, and a job sent inside a Prisma transaction goes through that
// transaction (`send(..., { tx })`): waiting on the other connection while the transaction holds
// the session would deadlock, and the job must commit or roll back with the change it belongs to.
import PgBoss from "pg-boss";
import type { Tx } from "../db/client";
import type { Logger } from "../log/logger";

export type JobHandler<T> = (data: T, job: { id: string; retryCount: number }) => Promise<void>;

export type QueueDefinition<T> = {
  name: string;
  /** Attempts after the first; the delay doubles from `retryDelaySeconds` each time. */
  retryLimit: number;
  retryDelaySeconds: number;
  handler: JobHandler<T>;
};

type Registered = QueueDefinition<never>;

const POLLING_INTERVAL_SECONDS = 1;

export type JobQueueOptions = {
  url: string;
  embedded: boolean;
  log: Logger;
  /** Whether this process takes jobs (servers and tests), or only sends them (scripts). */
  work: boolean;
};

export class JobQueue {
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Registered>();
  private started: Promise<void> | undefined;
  private lastErrorLogged = 0;

  constructor(private readonly options: JobQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.url,
      max: options.embedded ? 1 : 4,
      // Kept only briefly: a job's data may hold a sealed one-time link (ML-02).
      archiveCompletedAfterSeconds: 60,
      deleteAfterDays: 1,
      // Recurring jobs are not scheduled through pg-boss's cron yet.
      schedule: false,
    });
    // pg-boss reports pool and maintenance errors as events; an unhandled one would crash the
    // process. During an outage it repeats every poll, so one line per minute is enough.
    this.boss.on("error", (error) => {
      const now = Date.now();
      if (now - this.lastErrorLogged < 60_000) return;
      this.lastErrorLogged = now;
      options.log.warn({ err: error }, "job queue error");
    });
  }

  /** Declares a queue and, when this process works, its handler. Before `start()`. */
  define<T>(queue: QueueDefinition<T>): void {
    if (this.started) throw new Error(`job queue ${queue.name} defined after start`);
    this.queues.set(queue.name, queue as unknown as Registered);
  }

  /** Creates or migrates pg-boss's schema, declares the queues and starts this process's workers. */
  start(): Promise<void> {
    this.started ??= this.startNow();
    return this.started;
  }

  private async startNow(): Promise<void> {
    await this.boss.start();
    for (const queue of this.queues.values()) {
      await this.boss.createQueue(queue.name, {
        name: queue.name,
        retryLimit: queue.retryLimit,
        retryDelay: queue.retryDelaySeconds,
        retryBackoff: true,
      });
      if (!this.options.work) continue;
      await this.boss.work<never>(
        queue.name,
        { batchSize: 1, pollingIntervalSeconds: POLLING_INTERVAL_SECONDS, includeMetadata: true },
        async ([job]) => {
          if (job) await queue.handler(job.data, { id: job.id, retryCount: job.retryCount });
        },
      );
    }
  }

  /**
   * Enqueues one job; with `tx`, inside that transaction (it runs only if the transaction commits).
   * Returns the job id.
   */
  async send(name: string, data: object, options: { tx?: Tx } = {}): Promise<string> {
    if (!this.queues.has(name)) throw new Error(`unknown job queue ${name}`);
    await this.start();
    const tx = options.tx;
    const db = tx
      ? {
          executeSql: async (text: string, values: unknown[] = []) => ({
            rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values),
          }),
        }
      : undefined;
    const id = await this.boss.send(name, data, db ? { db } : {});
    if (!id) throw new Error(`job queue ${name} refused the job`);
    return id;
  }

  /** Waits for jobs in hand (up to `timeoutMs`); what is left is retried by another instance. */
  async stop(timeoutMs: number): Promise<void> {
    if (!this.started) return;
    await this.started.catch(() => undefined);
    await this.boss.stop({ graceful: true, timeout: Math.max(timeoutMs, 1000), wait: true });
  }
}
