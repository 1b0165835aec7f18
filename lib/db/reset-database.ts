// Destructive reset for development and tests. Callers check `isLocalDatabaseUrl` first.
import pg from "pg";

/**
 * Drops every table, type and the migration history by recreating `public`. The grant restores
 * what PostgreSQL 15 gives a fresh `public` schema, so other roles keep working as before.
 */
export async function resetPublicSchema(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(
      "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; GRANT ALL ON SCHEMA public TO public;",
    );
  } finally {
    await client.end();
  }
}
