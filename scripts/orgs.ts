// `npm run orgs`: the operator's organization commands (RL-08).
//
//   npm run orgs -- list                       every organization: slug, name, plan, members,
//                                              active keys, created
//   npm run orgs -- set-plan <slug> <plan>     starter | professional | enterprise; audited as
//                                              organization.plan_changed by "Operator (CLI)";
//                                              running instances apply the new limits within a second
//
// Database: DATABASE_URL; else the embedded one under ${DATA_DIR:-.data}/pglite, which only one
// process may open: stop `npm start` first, or name the running server's embedded database with
// `--database-url URL` (its "listening" log line prints the address).
import { redactDatabaseUrl } from "../lib/db/database-url";
import { EmbeddedDatabaseInUseError } from "../lib/db/embedded";
import { startDatabase, type DatabaseHandle } from "../lib/db/start-database";
import { parseEnv, type Env } from "../lib/env";
import { isAppError } from "../lib/errors";
import { listOrganizations } from "../lib/orgs/list-organizations";
import { setPlan } from "../lib/orgs/set-plan";
import { startRuntime, type Runtime } from "../lib/runtime/start-runtime";
import { configuredDatabaseUrl, runScript, UsageError } from "./db/cli";
import { formatOrganizationTable, parseOrgsArgs, type OrgsCommand } from "./orgs-cli";

async function openDatabase(env: Env, databaseUrl: string | undefined): Promise<DatabaseHandle> {
  if (databaseUrl) return { url: databaseUrl, embedded: !configuredDatabaseUrl(), stop: async () => {} };
  try {
    return await startDatabase(env);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
    const holder = error.pid === null ? "another process" : `process ${error.pid}`;
    throw new UsageError(
      `the embedded database in ${error.dataDir} is in use by ${holder} (a running server?), and only one process may open it.\n` +
        "  Stop the server and run the command again, or go through the running server's database:\n" +
        '  add -- --database-url URL, with the "embeddedDatabaseUrl" of the server\'s "listening" log line.',
    );
  }
}

async function run(command: OrgsCommand, runtime: Runtime, label: string): Promise<void> {
  if (command.kind === "list") {
    console.log(formatOrganizationTable(await listOrganizations(runtime.db)));
    return;
  }
  try {
    const result = await setPlan({ kind: "operator" }, { slug: command.slug, plan: command.plan }, { db: runtime.db });
    console.log(
      result.changed
        ? `${result.slug} (${result.name}): plan changed from ${result.from} to ${result.to} in ${label}.`
        : `${result.slug} (${result.name}) is already on the ${result.to} plan; nothing changed.`,
    );
  } catch (error) {
    if (isAppError(error) && error.code === "not_found")
      throw new UsageError(`no organization has the slug "${command.slug}" (see npm run orgs -- list)`);
    throw error;
  }
}

runScript(async () => {
  const command = parseOrgsArgs(process.argv.slice(2));
  // The runtime's own log is for problems only here: the script says what it did itself.
  const env = parseEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || "warn" });
  const database = await openDatabase(env, command.databaseUrl);
  const label = database.embedded && !command.databaseUrl ? "the embedded database" : redactDatabaseUrl(database.url);
  const runtime = await startRuntime({ env, database, warmUp: false, processMetrics: false }).catch(
    async (error: unknown) => {
      await database.stop();
      throw error;
    },
  );
  try {
    await run(command, runtime, label);
  } finally {
    await runtime.stop();
  }
});
