// `npm run db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL, or to
// the embedded database under .data/ when DATABASE_URL is unset.
import { applyMigrations } from "../../lib/db/schema-engine";
import { runScript, withTargetDatabase } from "./cli";

runScript(async () => {
  const startedAt = performance.now();
  await withTargetDatabase(async (url, label) => {
    const { applied } = await applyMigrations(url);
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    if (applied.length === 0) {
      console.log(`${label} is up to date (${seconds}s).`);
      return;
    }
    console.log(`Applied ${applied.length} migration(s) to ${label} (${seconds}s):`);
    for (const name of applied) console.log(`  ${name}`);
  });
});
