// `npm run db:seed`: a demo organization with something in every state, so the dashboard's lists,
// badges and charts have something real to show. Idempotent: does nothing when it already exists.
//
// Everything goes through the code the app itself runs, so the demo cannot contradict itself:
// members are added and keys created, rotated and revoked by the use cases (each with its audit
// event), and a week of traffic is fed to the runtime's activity batcher as the token endpoint and
// the API would, so usage counters, last use, failed authentications (audit rows) and anomaly
// flags agree with one another. Only what has no use case is written directly: the organization,
// its founding owner and the users' accounts.
//
// - members in each role (owner, admin, developer, viewer) sharing one generated password, written
//   to ${DATA_DIR:-.data}/demo-password (mode 0600) and never printed;
// - keys in each environment: active, rotated with an open grace period, revoked, expiring in
//   3 days, due for rotation (created 120 days ago). Their secrets are thrown away: demo keys
//   cannot get tokens; create a real one in the dashboard for that;
// - a few agents per environment; a week of traffic for two production keys (with a burst of
//   malformed secrets a few minutes ago), and the revoked key's last days and its client's
//   attempts after the revocation.
//
// Database: DATABASE_URL; else the embedded one under ${DATA_DIR:-.data}/pglite, which only one
// process may open: stop `npm start` first, or seed the running server's embedded database with
// `--database-url URL` (its "listening" log line prints the address).
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { UserActor } from "../../lib/authz/actor";
import { createCredential } from "../../lib/credentials/create-credential";
import type { CreateCredentialInput } from "../../lib/credentials/schemas";
import { revokeCredential } from "../../lib/credentials/revoke-credential";
import { rotateCredential } from "../../lib/credentials/rotate-credential";
import { EmbeddedDatabaseInUseError } from "../../lib/db/embedded";
import type { Environment, Role } from "../../lib/db/generated/enums";
import { redactDatabaseUrl } from "../../lib/db/database-url";
import { startDatabase, type DatabaseHandle } from "../../lib/db/start-database";
import { parseEnv, type Env } from "../../lib/env";
import { acceptInvitationAsUser } from "../../lib/invitations/accept-invitation";
import { inviteMember } from "../../lib/invitations/invite-member";
import { startRuntime, type Runtime } from "../../lib/runtime/start-runtime";
import { generatePassword, hashPassword } from "../../lib/users/password";
import { configuredDatabaseUrl, runScript, UsageError } from "./cli";
import { feedDemoTraffic, type DemoKey } from "./seed-traffic";

const ORG_SLUG = "acme-demo";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ROLES = ["owner", "admin", "developer", "viewer"] as const satisfies readonly Role[];

function parseArgs(args: string[]): { databaseUrl?: string } {
  if (args.length === 0) return {};
  if (args[0] === "--database-url" && args[1] && args.length === 2) return { databaseUrl: args[1] };
  throw new UsageError("usage: npm run db:seed [-- --database-url postgresql://…]");
}

/**
 * Members join the way they do in the dashboard: the owner invites, the user accepts. The demo
 * addresses are never mailed (the link is handed back) and the invitations do not count against
 * the organization's hourly allowance.
 */
async function joinByInvitation(
  owner: UserActor,
  user: { id: string; email: string },
  role: Role,
  appUrl: string,
  at: { invited: { now: Date }; joined: { now: Date } },
) {
  const deps = { mail: { configured: false, queue: async () => {} }, appUrl, limits: { consume: async () => null } };
  const { delivery } = await inviteMember(owner, { email: user.email, role }, at.invited, deps);
  if (delivery.kind !== "link") throw new Error("the demo invitation was mailed");
  const token = delivery.link.slice(delivery.link.lastIndexOf("/") + 1);
  await acceptInvitationAsUser(user, { token }, at.joined);
}

/** The database to seed; a held embedded one says how to go on instead of failing obscurely. */
async function openDatabase(env: Env, databaseUrl: string | undefined): Promise<DatabaseHandle> {
  // A running server's embedded database (or any server) named on the command line: migrated already.
  if (databaseUrl) return { url: databaseUrl, embedded: !configuredDatabaseUrl(), stop: async () => {} };
  try {
    return await startDatabase(env);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
    const holder = error.pid === null ? "another process" : `process ${error.pid}`;
    throw new UsageError(
      `the embedded database in ${error.dataDir} is in use by ${holder} (a running server?), and only one process may open it.\n` +
        "  Stop the server and run npm run db:seed again, or seed the running server's database through it:\n" +
        '  npm run db:seed -- --database-url URL, with the "embeddedDatabaseUrl" of the server\'s "listening" log line.',
    );
  }
}

runScript(async () => {
  const { databaseUrl } = parseArgs(process.argv.slice(2));
  // The runtime's own log is for problems only here: the script says what it did itself.
  const env = parseEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL || "warn" });
  const database = await openDatabase(env, databaseUrl);
  const label = database.embedded && !databaseUrl ? "the embedded database" : redactDatabaseUrl(database.url);
  const runtime = await startRuntime({ env, database, warmUp: false, processMetrics: false, workJobs: false }).catch(
    async (error: unknown) => {
      await database.stop();
      throw error;
    },
  );
  try {
    await seed(runtime, label);
  } finally {
    // Flushes the activity batch, then closes the database (and stops the embedded one).
    await runtime.stop();
  }
});

async function seed(runtime: Runtime, label: string): Promise<void> {
  const { db } = runtime;
  if (await db.organization.findUnique({ where: { slug: ORG_SLUG }, select: { id: true } })) {
    console.log(`${label} already has the demo organization "${ORG_SLUG}"; nothing to do.`);
    return;
  }
  const now = Date.now();
  const at = (msAgo: number) => ({ now: new Date(now - msAgo) });
  const password = generatePassword();
  const passwordHash = await hashPassword(password);

  // The founding owner has no use case (the first start's bootstrap makes its own organization).
  const org = await db.organization.create({ data: { slug: ORG_SLUG, name: "Acme (demo)", plan: "professional" } });
  const actors = {} as Record<Role, UserActor>;
  for (const role of ROLES) {
    const email = `${role}@acme-demo.test`;
    const user = await db.user.upsert({
      where: { email },
      update: {},
      create: { email, name: `Acme ${role}`, passwordHash },
    });
    // The operator running the seed has just authenticated (sudo mode, SS-03).
    actors[role] = { kind: "user", userId: user.id, orgId: org.id, role, authenticatedAt: new Date(now) };
    if (role === "owner") await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
    else
      await joinByInvitation(actors.owner, user, role, runtime.env.APP_URL, {
        invited: at(151 * DAY_MS),
        joined: at(150 * DAY_MS),
      });
  }

  const create = (role: Role, daysAgo: number, input: Omit<CreateCredentialInput, "orgSlug">) =>
    createCredential(actors[role], { orgSlug: ORG_SLUG, ...input }, at(daysAgo * DAY_MS)).then((r) => r.credential);
  const never = { kind: "never" } as const;
  const backend = await create("admin", 20, {
    name: "Production backend",
    environment: "production",
    scopes: ["read:agents", "write:agents"],
    expiry: never,
  });
  const billing = await create("owner", 60, {
    name: "Billing sync",
    environment: "production",
    scopes: ["read:analytics"],
    expiry: never,
  });
  const importer = await create("developer", 45, {
    name: "Old importer",
    environment: "staging",
    scopes: ["write:integrations"],
    expiry: never,
  });
  await create("developer", 10, {
    name: "Trial integration",
    environment: "development",
    scopes: ["read:agents"],
    expiry: { kind: "date", date: new Date(now + 3 * DAY_MS).toISOString() },
  });
  await create("owner", 120, {
    name: "Legacy reporting",
    environment: "production",
    scopes: ["read:analytics", "read:agents"],
    expiry: never,
  });
  // An hour ago, keeping the old secret for a day: "Rotating", previous secret valid ~23 h more.
  await rotateCredential(actors.owner, { orgSlug: ORG_SLUG, credentialId: billing.id, grace: "24h" }, at(HOUR_MS));
  const revokedAt = now - 3 * DAY_MS;
  await revokeCredential(
    actors.admin,
    { orgSlug: ORG_SLUG, credentialId: importer.id, reason: "no_longer_needed" },
    at(now - revokedAt),
  );

  const agents: Array<[string, Environment]> = [
    ["Invoice triage", "production"],
    ["Lead enrichment", "production"],
    ["Support summariser", "production"],
    ["Churn watcher", "staging"],
    ["Sandbox bot", "development"],
  ];
  for (const [name, environment] of agents) {
    await db.agent.create({
      data: { orgId: org.id, environment, name, description: "Seeded demo agent", config: { model: "demo" } },
    });
  }

  const keyOf = (key: { id: string; clientId: string }, ip: string, userAgent: string): DemoKey => ({
    apiKeyId: key.id,
    clientId: key.clientId,
    orgId: org.id,
    ip,
    userAgent,
  });
  const fed = feedDemoTraffic(runtime.activity, {
    now,
    busy: [
      { key: keyOf(backend, "198.51.100.20", "acme-backend/4.2"), routes: ["GET /v1/agents", "POST /v1/agents"] },
      { key: keyOf(billing, "198.51.100.41", "billing-sync/1.9"), routes: ["GET /v1/analytics/usage"] },
    ],
    burstOf: keyOf(backend, "203.0.113.66", "curl/8.5.0"),
    revoked: { key: keyOf(importer, "192.0.2.14", "importer/0.7"), revokedAt, route: "POST /v1/integrations" },
  });
  await runtime.activity.flush();
  const neverUsed = await db.apiKey.findMany({ where: { orgId: org.id, lastUsedAt: null }, select: { name: true } });

  console.log(`Seeded the demo organization "${ORG_SLUG}" in ${label}:`);
  console.log(`  members: ${ROLES.map((r) => `${r}@acme-demo.test`).join(", ")}`);
  // Never printed (output ends up in logs): a file only the operator can read, the one copy.
  const passwordFile = path.join(runtime.env.DATA_DIR, "demo-password");
  mkdirSync(path.dirname(passwordFile), { recursive: true });
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  chmodSync(passwordFile, 0o600);
  console.log(`  the four members share one sign-in; it is in ${passwordFile} (mode 0600; delete it once you have it)`);
  console.log(
    `  5 keys (never used: ${neverUsed.map((k) => k.name).join(", ") || "none"}), ${agents.length} agents, ` +
      `${fed.requests.toLocaleString("en-US")} API requests and ${fed.failedAuthentications} failed authentications`,
  );
}
