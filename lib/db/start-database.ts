// The database a process runs on: DATABASE_URL when set, else the embedded PostgreSQL under
// DATA_DIR/pglite (started here and stopped with the handle). Every migration in
// prisma/migrations is applied before the handle is returned, as `npm start` promises.
import path from "node:path";
import type { Env } from "../env";
import { startEmbeddedPostgres } from "./embedded";
import { applyMigrations } from "./schema-engine";

export type DatabaseHandle = {
  url: string;
  /** PGlite: one session shared by every connection, so pools are one connection (lib/db/client.ts). */
  embedded: boolean;
  /** Stops the embedded server (flushing it); nothing for an external server. */
  stop(): Promise<void>;
};

export async function startDatabase(
  env: Pick<Env, "DATABASE_URL" | "DATA_DIR">,
  { migrate = true } = {},
): Promise<DatabaseHandle> {
  if (env.DATABASE_URL) {
    if (migrate) await applyMigrations(env.DATABASE_URL);
    return { url: env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR, "pglite"),
  });
  try {
    if (migrate) await applyMigrations(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, embedded: true, stop: embedded.stop };
}
