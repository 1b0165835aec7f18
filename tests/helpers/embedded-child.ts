// A second process for tests/integration/embedded-postgres.test.ts: starts the embedded database
// on the data directory given as the first argument and reports on stdout what happened.
//   ready <pid> <url>   started (then writes argv[2], if given, to a table and waits for SIGTERM)
//   refused <message>   the data directory is in use
import pg from "pg";
import {
  EmbeddedDatabaseInUseError,
  startEmbeddedPostgres,
  stopEmbeddedPostgresOnSignals,
} from "../../lib/db/embedded";

const [dataDir, note] = process.argv.slice(2);

try {
  const embedded = await startEmbeddedPostgres({ dataDir });
  stopEmbeddedPostgresOnSignals(embedded);
  if (note) await writeNote(embedded.url, note);
  console.log(`ready ${process.pid} ${embedded.url}`);
  // Keep running until a signal arrives; the signal handler stops the server and exits.
  setInterval(() => {}, 60_000);
} catch (error) {
  if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
  console.log(`refused ${error.message}`);
}

async function writeNote(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("CREATE TABLE IF NOT EXISTS notes (text TEXT NOT NULL)");
  await client.query("INSERT INTO notes (text) VALUES ($1)", [text]);
  await client.end();
}
