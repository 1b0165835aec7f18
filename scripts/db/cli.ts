// Shared plumbing for the `npm run db:*` scripts.
//
// The scripts read DATABASE_URL themselves rather than through lib/env.ts: they must work on a
// fresh checkout before the application's other variables (secrets, OAuth apps) are set.
import path from "node:path";
import { EmbeddedDatabaseInUseError, startEmbeddedPostgres } from "../../lib/db/embedded";
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
