// Starting a serving process from its environment: parse it, fill in the secrets a local
// evaluation may generate, start (or connect to) the database with every migration applied, start
// the runtime, and create the first owner on an empty database. server.ts (`npm start`) and
// instrumentation.ts (`next start`, hosts without server.ts) both boot this way.
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
  try {
    await printFirstSignIn(runtime);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  return runtime;
}

async function printFirstSignIn({ db, env }: Runtime): Promise<void> {
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
