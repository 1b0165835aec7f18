// Shared plumbing for the `npm run db:*` scripts.
//
// The scripts read DATABASE_URL themselves rather than through lib/env.ts: they must work on a
// fresh checkout before the application's other variables (secrets, OAuth apps) are set.
import path from "node:path";
import { EmbeddedDatabaseInUseError, startEmbeddedPostgres } from "../../lib/db/embedded";
import { createDb, type Db } from "../../lib/db/client";
import { redactDatabaseUrl } from "../../lib/db/database-url";

/** DATABASE_URL, where an empty string counts as unset (as in lib/env.ts). */
export function configuredDatabaseUrl(): string | undefined {
  const url = process.env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

/**
 * Runs `work` against DATABASE_URL, or else against the embedded database under `.data/`, which
 * is started for the duration of `work` and stopped (flushed) afterwards.
 */
export async function withTargetDatabase<T>(work: (url: string, label: string) => Promise<T>): Promise<T> {
  const url = configuredDatabaseUrl();
  if (url) return work(url, redactDatabaseUrl(url));
  const embedded = await startEmbeddedPostgres();
  try {
    return await work(embedded.url, `the embedded database in ${path.relative(process.cwd(), embedded.dataDir)}`);
  } finally {
    await embedded.stop();
  }
}

/**
 * Runs `work` with a Prisma client on the target database (`url` when given, else as
 * `withTargetDatabase` chooses), disconnected afterwards. Scripts need no runtime: no caches, no
 * limiters, just the database.
 */
export async function withTargetDb<T>(work: (db: Db, label: string) => Promise<T>, url?: string): Promise<T> {
  const run = async (target: string, label: string, embedded: boolean) => {
    const db = createDb({ url: target, embedded });
    try {
      return await work(db, label);
    } finally {
      await db.$disconnect();
    }
  };
  if (url) return run(url, redactDatabaseUrl(url), !configuredDatabaseUrl());
  const configured = configuredDatabaseUrl();
  return withTargetDatabase((target, label) => run(target, label, !configured));
}

/**
 * Runs a script's main function. Expected failures print one line; anything else keeps its stack
 * because it is a bug in the tooling. Success leaves the exit to Node, so a leaked handle shows up
 * as a hang here rather than in the app.
 */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof EmbeddedDatabaseInUseError || error instanceof UsageError) {
      console.error(`error: ${error.message}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  });
}

/** A mistake in how the script was called, reported without a stack trace. */
export class UsageError extends Error {
  override name = "UsageError";
}
