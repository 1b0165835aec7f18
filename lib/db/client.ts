// The one PrismaClient. Hash and key columns are omitted by default so that no query returns a
// secret's digest or a private key unless it asks for it by name.
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseConfig } from "../env";
import { PrismaClient } from "./generated/client";

function createClient(): PrismaClient {
  const { url, embedded } = databaseConfig();
  // PGlite is one Postgres session shared by every socket connection: a second connection would
  // interleave its transactions with the first, so the embedded pool is exactly one connection.
  const adapter = new PrismaPg({ connectionString: url, max: embedded ? 1 : 10 });
  return new PrismaClient({
    adapter,
    omit: {
      apiKey: { secretHash: true, previousSecretHash: true },
      signingKey: { privateKeyEncrypted: true },
      user: { passwordHash: true },
    },
  });
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

// Next bundles route handlers and server components separately and server.ts loads its own copy:
// keep one client per process on globalThis.
const globalForDb = globalThis as unknown as { __workfluxPrisma?: Db };

export function getDb(): Db {
  globalForDb.__workfluxPrisma ??= createClient();
  return globalForDb.__workfluxPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = globalForDb.__workfluxPrisma;
  globalForDb.__workfluxPrisma = undefined;
  await client?.$disconnect();
}
