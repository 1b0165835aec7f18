// Integration tests: one migrated PostgreSQL for the whole run.
//
// - DATABASE_URL set: it must point at this machine (loopback or a Unix socket); its public schema
//   is dropped and recreated, because tests create rows freely. Anything else is refused.
// - DATABASE_URL unset: an embedded PGlite server starts in a fresh temporary directory and is
//   stopped and deleted after the run.
// Then every migration is applied, exactly as `npm start` does.
//
// Tests get the database through `inject("databaseUrl")` and `inject("databaseEmbedded")`: every
// test file runs on its own runtime started on it (tests/helpers/test-runtime.ts), and tests that
// open their own connection (e.g. schema.test.ts) use the URL directly.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { isLocalDatabaseUrl, redactDatabaseUrl } from "../../lib/db/database-url";
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { resetPublicSchema } from "../../lib/db/reset-database";
import { applyMigrations } from "../../lib/db/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseEmbedded: boolean;
  }
}

type PreparedDatabase = { url: string; teardown: () => Promise<void> };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configuredUrl = process.env.DATABASE_URL?.trim();
  const database = configuredUrl ? await prepareLocalServer(configuredUrl) : await startTemporaryEmbedded();
  try {
    await applyMigrations(database.url);
  } catch (error) {
    await database.teardown();
    throw error;
  }
  project.provide("databaseUrl", database.url);
  project.provide("databaseEmbedded", !configuredUrl);
  return database.teardown;
}

async function prepareLocalServer(url: string): Promise<PreparedDatabase> {
  if (!isLocalDatabaseUrl(url)) {
    throw new Error(
      `Integration tests drop the public schema, so they refuse the non-local DATABASE_URL ${redactDatabaseUrl(url)}. ` +
        "Unset it to use the embedded database, or point it at a local server.",
    );
  }
  await resetPublicSchema(url);
  return { url, teardown: async () => {} };
}

async function startTemporaryEmbedded(): Promise<PreparedDatabase> {
  const tempDir = await mkdtemp(path.join(tmpdir(), "workflux-test-db-"));
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pglite") });
  return {
    url: embedded.url,
    teardown: async () => {
      await embedded.stop();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}
