// `npm run keys:rotate`: one step of a signing-key rotation (SK-05).
//
//   npm run keys:rotate                 publish a next key; once it has been in the JWKS for
//                                       10 minutes, run again to make it active (the old key is
//                                       retired and stays published until its tokens expired)
//   npm run keys:rotate -- --force      activate the next key now, without the 10-minute wait
//   npm run keys:rotate -- --revoke KID emergency: unpublish KID at once; its tokens fail within
//                                       a second on every instance; a new key takes over
//   npm run keys:rotate -- --status     list the keys and their states
//
// Database: DATABASE_URL; else the embedded one under .data/ (only while `npm start` is stopped),
// or a running server's embedded database with `--database-url URL` (its "listening" log line
// prints the address). Running instances pick the change up within a second.
import path from "node:path";
import { loadOrCreateLocalSecrets } from "../lib/config/local-secrets";
import { isProductionDeployment, parseEnv } from "../lib/env";
import { parseKeyEncryptionKey } from "../lib/signing-keys/key-encryption";
import type { Db } from "../lib/db/client";
import * as repo from "../lib/signing-keys/signing-key-repo";
import { runScript, UsageError, withTargetDb } from "./db/cli";

type Command = { kind: "rotate"; force: boolean } | { kind: "revoke"; kid: string } | { kind: "status" };

function parseArgs(args: string[]): { command: Command; databaseUrl?: string } {
  let command: Command = { kind: "rotate", force: false };
  let databaseUrl: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--force") command = { kind: "rotate", force: true };
    else if (arg === "--status") command = { kind: "status" };
    else if (arg === "--revoke") {
      const kid = args[++i];
      if (!kid) throw new UsageError("--revoke needs the kid of the key to revoke (see --status)");
      command = { kind: "revoke", kid };
    } else if (arg === "--database-url") {
      databaseUrl = args[++i];
      if (!databaseUrl) throw new UsageError("--database-url needs a postgresql:// URL");
    } else throw new UsageError(`unknown argument ${arg}; use --force, --revoke KID, --status or --database-url URL`);
  }
  return { command, databaseUrl };
}

function keyEncryptionKey(): Buffer {
  const env = parseEnv(process.env);
  if (env.SIGNING_KEY_ENCRYPTION_KEY) return parseKeyEncryptionKey(env.SIGNING_KEY_ENCRYPTION_KEY);
  if (isProductionDeployment(env)) throw new UsageError("SIGNING_KEY_ENCRYPTION_KEY is not set");
  return parseKeyEncryptionKey(loadOrCreateLocalSecrets(path.resolve(env.DATA_DIR)).signingKeyEncryptionKey);
}

async function run(command: Command, db: Db): Promise<void> {
  if (command.kind === "status") {
    for (const key of await repo.listSigningKeys(db)) {
      console.log(`${key.kid}  ${key.state.padEnd(8)} created ${key.createdAt.toISOString()}`);
    }
    return;
  }
  const kek = keyEncryptionKey();
  await repo.ensureActiveSigningKey(db, kek);
  if (command.kind === "revoke") {
    const result = await repo.revokeSigningKey(db, kek, command.kid);
    if (!result.revoked) throw new UsageError(`no signing key ${command.kid} to revoke (already revoked or unknown)`);
    console.log(`Revoked ${command.kid}: unpublished; its tokens are rejected. Active key: ${result.activeKid}.`);
    return;
  }
  const result = await repo.rotateSigningKeys(db, kek, { force: command.force });
  if (result.action === "published_next") {
    console.log(
      `Published next key ${result.nextKid}. Run again after ${result.activatableAt.toISOString()} to activate it.`,
    );
  } else if (result.action === "waiting") {
    console.log(
      `Next key ${result.nextKid} is published; it can become active at ${result.activatableAt.toISOString()} (or use --force).`,
    );
  } else {
    console.log(
      `Active key is now ${result.activeKid}; retired ${result.retiredKid ?? "(none)"}, still published until its tokens expire; published next key ${result.nextKid}.`,
    );
  }
}

runScript(async () => {
  const { command, databaseUrl } = parseArgs(process.argv.slice(2));
  await withTargetDb((db) => run(command, db), databaseUrl);
});
