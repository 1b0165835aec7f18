// Starting a serving process from its environment: parse it, fill in the secrets a local
// evaluation may generate, start (or connect to) the database with every migration applied, and
// start the runtime. server.ts (`npm start`) and instrumentation.ts (`next start`, hosts without
// server.ts) both boot this way, and then call `announceFirstSignIn` once they can serve: the
// first owner of an empty database is created and its one-time password printed only then, so a
// start that fails (a port in use) uses up no password, and the next start prints one.
import { withLocalSecrets } from "../config/local-secrets";
import { startDatabase } from "../db/start-database";
import { parseEnv } from "../env";
import { bootstrapFirstOwner } from "../orgs/bootstrap-first-owner";
import { startRuntime, type Runtime } from "./start-runtime";

export async function boot(source: Record<string, string | undefined>): Promise<Runtime> {
  const env = withLocalSecrets(parseEnv(source));
  // next-auth 4 reads its own URL only from process.env; without it, it would trust the Host header.
  process.env.NEXTAUTH_URL = env.APP_URL;
  const database = await startDatabase(env);
  const runtime = await startRuntime({ env, database }).catch(async (error: unknown) => {
    await database.stop().catch(() => {});
    throw error;
  });
  return runtime;
}

/** On an empty database: creates the first owner and prints its sign-in, once. */
export async function announceFirstSignIn({ db, env }: Runtime): Promise<void> {
  const result = await bootstrapFirstOwner(db, { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });
  if (!result.created) return;
  // The one time this password exists outside its hash: written to the terminal, never to the log.
  const lines = [
    "",
    "  WorkFlux is ready. First sign-in (shown once):",
    `    URL:      ${env.APP_URL}/sign-in`,
    `    Email:    ${result.email}`,
    result.generatedPassword ? `    Password: ${result.generatedPassword}` : "    Password: the ADMIN_PASSWORD you set",
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
