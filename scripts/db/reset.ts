// `npm run db:reset [-- --force]`: empties the database and re-applies every migration.
//
// Embedded: deletes .data/pglite (refused while a server holds it). DATABASE_URL: recreates the
// public schema. A non-local DATABASE_URL is refused without --force, because this destroys data.
import { isLocalDatabaseUrl, redactDatabaseUrl } from "../../lib/db/database-url";
import { deleteEmbeddedPostgresData } from "../../lib/db/embedded";
import { resetPublicSchema } from "../../lib/db/reset-database";
import { applyMigrations } from "../../lib/db/schema-engine";
import { configuredDatabaseUrl, runScript, UsageError, withTargetDatabase } from "./cli";

runScript(async () => {
  const isForced = process.argv.slice(2).includes("--force");
  const url = configuredDatabaseUrl();
  if (url) {
    if (!isLocalDatabaseUrl(url) && !isForced) {
      throw new UsageError(
        `refusing to reset ${redactDatabaseUrl(url)}: it is not a local database (add --force to reset it anyway).`,
      );
    }
    await resetPublicSchema(url);
  } else {
    await deleteEmbeddedPostgresData();
  }
  await withTargetDatabase(async (targetUrl, label) => {
    const { applied } = await applyMigrations(targetUrl);
    console.log(`Reset ${label} and applied ${applied.length} migration(s).`);
  });
});
