// The Prisma client of a runtime. Hash and key columns are omitted by default so that no query
// returns a secret's digest or a private key unless it asks for it by name.
import { PrismaPg } from "@prisma/adapter-pg";
import { getRuntime } from "../runtime/current";
import { PrismaClient } from "./generated/client";

export function createDb(database: { url: string; embedded: boolean }) {
  // PGlite is one Postgres session shared by every socket connection: a second connection would
  // interleave its transactions with the first, so the embedded pool is exactly one connection.
  const adapter = new PrismaPg({ connectionString: database.url, max: database.embedded ? 1 : 10 });
  return new PrismaClient({
    adapter,
    omit: {
      apiKey: { secretHash: true, previousSecretHash: true },
      signingKey: { privateKeyEncrypted: true },
      user: { passwordHash: true },
      totpFactor: { secretEncrypted: true },
      recoveryCode: { codeDigest: true },
    },
  });
}

export type Db = ReturnType<typeof createDb>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** The running runtime's client: the default `db` of every use case. */
export function getDb(): Db {
  return getRuntime().db;
}
