// `npm run db:seed`: a demo organization with something in every state, so the dashboard's lists,
// badges and charts have something real to show. Idempotent: does nothing when it already exists.
// Targets DATABASE_URL, or the embedded database under .data/ while the server is stopped.
//
// - members in each role (owner, admin, developer, viewer), one generated password printed once;
// - keys in each environment: active, rotated with an open grace period, revoked, expiring in
//   3 days, due for rotation (created 120 days ago). Their secrets are generated and thrown away:
//   demo keys cannot get tokens; create a real one in the dashboard for that;
// - a few agents per environment and a week of hourly usage for two keys.
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateClientId, generateClientSecret, hashClientSecret, secretHint } from "../../lib/credentials/secret";
import type { Environment } from "../../lib/db/generated/enums";
import { generatePassword, hashPassword } from "../../lib/users/password";
import { runScript, withTargetDb } from "./cli";

const ORG_SLUG = "acme-demo";
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function throwawaySecret(environment: Environment) {
  const secret = generateClientSecret(environment);
  return { secretHash: new Uint8Array(hashClientSecret(secret)), secretHint: secretHint(secret) };
}

runScript(async () => {
  await withTargetDb(async (db, label) => {
    if (await db.organization.findUnique({ where: { slug: ORG_SLUG }, select: { id: true } })) {
      console.log(`${label} already has the demo organization "${ORG_SLUG}"; nothing to do.`);
      return;
    }
    const now = Date.now();
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const org = await db.organization.create({ data: { slug: ORG_SLUG, name: "Acme (demo)", plan: "professional" } });
    const roles = ["owner", "admin", "developer", "viewer"] as const;
    const members: Record<(typeof roles)[number], string> = { owner: "", admin: "", developer: "", viewer: "" };
    for (const role of roles) {
      const email = `${role}@acme-demo.test`;
      const user = await db.user.upsert({
        where: { email },
        update: {},
        create: { email, name: `Acme ${role}`, passwordHash },
      });
      await db.membership.create({ data: { orgId: org.id, userId: user.id, role } });
      members[role] = user.id;
    }

    const keys: Array<{
      name: string;
      environment: Environment;
      scopes: string[];
      createdBy: string;
      extra?: object;
      createdAgoDays?: number;
    }> = [
      {
        name: "Production backend",
        environment: "production",
        scopes: ["read:agents", "write:agents"],
        createdBy: members.admin,
        createdAgoDays: 20,
      },
      {
        name: "Billing sync",
        environment: "production",
        scopes: ["read:analytics"],
        createdBy: members.owner,
        createdAgoDays: 60,
        extra: {
          ...prefixed("previousSecret", throwawaySecret("production")),
          previousSecretValidUntil: new Date(now + DAY_MS),
          secretCreatedAt: new Date(now - HOUR_MS),
        },
      },
      {
        name: "Old importer",
        environment: "staging",
        scopes: ["write:integrations"],
        createdBy: members.developer,
        createdAgoDays: 45,
        extra: {
          revokedAt: new Date(now - 3 * DAY_MS),
          revokedById: members.admin,
          revokedReason: "no_longer_needed",
          tokensValidAfter: new Date(now - 3 * DAY_MS),
        },
      },
      {
        name: "Trial integration",
        environment: "development",
        scopes: ["read:agents"],
        createdBy: members.developer,
        createdAgoDays: 10,
        extra: { expiresAt: new Date(now + 3 * DAY_MS) },
      },
      {
        name: "Legacy reporting",
        environment: "production",
        scopes: ["read:analytics", "read:agents"],
        createdBy: members.owner,
        createdAgoDays: 120,
      },
    ];
    const created: Array<{ id: string; environment: Environment }> = [];
    for (const key of keys) {
      const createdAt = new Date(now - (key.createdAgoDays ?? 0) * DAY_MS);
      const row = await db.apiKey.create({
        data: {
          orgId: org.id,
          clientId: generateClientId(),
          name: key.name,
          environment: key.environment,
          scopes: key.scopes,
          createdById: key.createdBy,
          createdAt,
          secretCreatedAt: createdAt,
          ...throwawaySecret(key.environment),
          ...key.extra,
        },
        select: { id: true, environment: true },
      });
      await db.auditEvent.create({
        data: {
          orgId: org.id,
          actorType: "user",
          actorId: key.createdBy,
          action: "credential.created",
          targetType: "api_key",
          targetId: row.id,
          createdAt,
          metadata: { seeded: true },
        },
      });
      created.push(row);
    }

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

    // A week of hourly usage for the two busiest keys: mostly 2xx, some refusals and limits.
    const busy = created.filter((k) => k.environment === "production").slice(0, 2);
    const rows = [];
    for (const key of busy) {
      for (let hour = 0; hour < 7 * 24; hour++) {
        const bucketStart = new Date(Math.floor((now - hour * HOUR_MS) / HOUR_MS) * HOUR_MS);
        const base = 40 + (randomBytes(1)[0]! % 60);
        rows.push(
          { orgId: org.id, apiKeyId: key.id, bucketStart, kind: "GET /v1/agents", outcome: "2xx", count: base },
          {
            orgId: org.id,
            apiKeyId: key.id,
            bucketStart,
            kind: "POST /v1/agents",
            outcome: "2xx",
            count: Math.round(base / 8),
          },
          { orgId: org.id, apiKeyId: key.id, bucketStart, kind: "token", outcome: "success", count: 1 },
        );
        if (hour % 11 === 0)
          rows.push({
            orgId: org.id,
            apiKeyId: key.id,
            bucketStart,
            kind: "GET /v1/agents",
            outcome: "4xx_auth",
            count: 2,
          });
        if (hour % 23 === 0)
          rows.push({
            orgId: org.id,
            apiKeyId: key.id,
            bucketStart,
            kind: "GET /v1/agents",
            outcome: "429",
            count: 5,
          });
      }
    }
    await db.usageCounter.createMany({ data: rows, skipDuplicates: true });

    console.log(`Seeded the demo organization "${ORG_SLUG}" in ${label}:`);
    console.log(`  members: ${roles.map((r) => `${r}@acme-demo.test`).join(", ")}`);
    // Never printed (output ends up in logs): a file only the operator can read, the one copy.
    const passwordFile = path.join(process.env.DATA_DIR ?? ".data", "demo-password");
    mkdirSync(path.dirname(passwordFile), { recursive: true });
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    chmodSync(passwordFile, 0o600);
    console.log(`  password for all four: in ${passwordFile} (mode 0600; delete it once you have it)`);
    console.log(`  ${keys.length} keys, ${agents.length} agents, a week of usage for ${busy.length} keys`);
  });
});

function prefixed(prefix: "previousSecret", value: { secretHash: Uint8Array; secretHint: string }) {
  return { [`${prefix}Hash`]: value.secretHash, [`${prefix}Hint`]: value.secretHint };
}
