// Outside a production deployment, secrets the operator did not set are generated once into
// DATA_DIR/secrets.json (mode 0600) so sessions and signing keys survive a restart.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { assertProductionSecrets, isProductionDeployment, type Env } from "../env";

const LocalSecrets = z.object({
  authSecret: z.string().min(32),
  signingKeyEncryptionKey: z.string().refine((v) => Buffer.from(v, "base64").length === 32),
});
export type LocalSecrets = z.infer<typeof LocalSecrets>;

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = path.join(dataDir, "secrets.json");
  try {
    return LocalSecrets.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new Error(`${file} is unreadable or malformed; fix or delete it (sessions will end).`);
    }
  }
  const secrets: LocalSecrets = {
    authSecret: randomBytes(32).toString("base64url"),
    signingKeyEncryptionKey: randomBytes(32).toString("base64"),
  };
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // `wx` fails if another process created the file meanwhile; then read theirs.
  try {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return loadOrCreateLocalSecrets(dataDir);
    throw error;
  }
  return secrets;
}

/**
 * The environment with the secrets a local evaluation may generate filled in: outside a production
 * deployment, an unset NEXTAUTH_SECRET or SIGNING_KEY_ENCRYPTION_KEY comes from
 * DATA_DIR/secrets.json (created on first use). A production deployment refuses to start instead.
 */
export function withLocalSecrets(env: Env): Env {
  assertProductionSecrets(env);
  if (isProductionDeployment(env) || (env.authSecret && env.SIGNING_KEY_ENCRYPTION_KEY)) return env;
  const local = loadOrCreateLocalSecrets(path.resolve(/*turbopackIgnore: true*/ env.DATA_DIR));
  return {
    ...env,
    authSecret: env.authSecret ?? local.authSecret,
    SIGNING_KEY_ENCRYPTION_KEY: env.SIGNING_KEY_ENCRYPTION_KEY ?? local.signingKeyEncryptionKey,
  };
}
