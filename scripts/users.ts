// `npm run users -- <command>`: the operator's account commands.
//
//   npm run users -- reset-link EMAIL   print a one-time link (1 hour) with which EMAIL's owner
//                                       chooses a new password: for servers without SMTP, where
//                                       "Forgot password?" cannot mail one. Hand it over privately;
//                                       using it signs the user out everywhere.
//
// Links start with APP_URL (set it as the server has it). Database: DATABASE_URL; else the
// embedded one under .data/ (only while `npm start` is stopped), or a running server's embedded
// database with `--database-url URL` (its "listening" log line prints the address).
import { parseEnv } from "../lib/env";
import { isAppError } from "../lib/errors";
import { createResetLinkForOperator } from "../lib/users/password-reset";
import { runScript, UsageError, withTargetDb } from "./db/cli";

const USAGE = "usage: npm run users -- reset-link EMAIL [--database-url URL]";

function parseUsersArgs(args: string[]): { email: string; databaseUrl?: string } {
  const rest: string[] = [];
  let databaseUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--database-url") {
      databaseUrl = args[++i];
      if (!databaseUrl) throw new UsageError("--database-url needs a postgresql:// URL");
    } else rest.push(args[i]!);
  }
  const [command, email, ...extra] = rest;
  if (command !== "reset-link" || !email || extra.length > 0) throw new UsageError(USAGE);
  return { email, ...(databaseUrl ? { databaseUrl } : {}) };
}

runScript(async () => {
  const { email, databaseUrl } = parseUsersArgs(process.argv.slice(2));
  const { APP_URL } = parseEnv(process.env);
  await withTargetDb(async (db) => {
    try {
      const link = await createResetLinkForOperator(email, { db, appUrl: APP_URL });
      console.log(`Password reset link for ${email} (works once, for 1 hour):\n\n  ${link}\n`);
    } catch (error) {
      if (isAppError(error)) throw new UsageError(error.message);
      throw error;
    }
  }, databaseUrl);
});
