// The data model end to end: migrations build the database schema.prisma describes, the generated
// client round-trips every model on it, and the migration snapshot has not drifted.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Prisma, PrismaClient } from "@/lib/db/generated/client";
import {
  applyMigrations,
  DEFAULT_SCHEMA_PATH,
  DEFAULT_SNAPSHOT_PATH,
  diffSchemas,
  readMigrationsList,
} from "@/lib/db/schema-engine";
import { describeSchema } from "../helpers/schema-catalog";

const databaseUrl = inject("databaseUrl");
const unique = () => crypto.randomUUID().slice(0, 8);

describe("migrations", () => {
  it("applying them again on a migrated database applies nothing", async () => {
    expect(await applyMigrations(databaseUrl)).toEqual({ applied: [] });
  });

  it("record every migration directory in _prisma_migrations as finished", async () => {
    const { migrationDirectories } = await readMigrationsList();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string }>(
        "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
      );
      expect(rows.map((row) => row.migration_name)).toEqual(migrationDirectories.map((dir) => dir.path));
    } finally {
      await client.end();
    }
  });
});

describe("migration snapshot", () => {
  const expectedSchema = `expected_${unique()}`;
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
  });

  afterAll(async () => {
    await client.query(`DROP SCHEMA IF EXISTS "${expectedSchema}" CASCADE`);
    await client.end();
  });

  it("matches schema.prisma (run `npm run db:migration -- NAME` after editing the schema)", async () => {
    const [snapshot, schema] = await Promise.all([
      readFile(DEFAULT_SNAPSHOT_PATH, "utf8"),
      readFile(DEFAULT_SCHEMA_PATH, "utf8"),
    ]);
    expect(await diffSchemas(snapshot, schema)).toBe("");
    expect(await diffSchemas(null, snapshot)).toBe(await diffSchemas(null, schema));
  });

  it("describes exactly the database the migrations build", async () => {
    // Build the snapshot from nothing in a side schema, then compare catalogs with `public`, which
    // the migration history built. SET LOCAL keeps the search_path change inside the transaction,
    // which matters on the embedded server where every connection shares one session.
    const snapshotSql = await diffSchemas(null, await readFile(DEFAULT_SNAPSHOT_PATH, "utf8"));
    await client.query(`CREATE SCHEMA "${expectedSchema}"`);
    await client.query(`BEGIN; SET LOCAL search_path TO "${expectedSchema}"; ${snapshotSql}; COMMIT;`);
    const [fromMigrations, fromSnapshot] = [
      await describeSchema(client, "public"),
      await describeSchema(client, expectedSchema),
    ];
    expect(fromMigrations.columns.length).toBeGreaterThan(0);
    expect(fromMigrations).toEqual(fromSnapshot);
  });
});

describe("generated client on the migrated database", () => {
  let db: PrismaClient;
  let orgId: string;
  let userId: string;

  beforeAll(async () => {
    // One connection, because the embedded server is a single PostgreSQL session.
    db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 1 }) });
    orgId = (await db.organization.create({ data: { slug: `schema-${unique()}`, name: "Schema test" } })).id;
    userId = (await db.user.create({ data: { email: `schema-${unique()}@example.test`, name: "Ada" } })).id;
  });

  afterAll(async () => {
    await db.organization.delete({ where: { id: orgId } });
    await db.user.delete({ where: { id: userId } });
    await db.$disconnect();
  });

  // One sample per model: create it, then read it back by primary key. Keyed by Prisma.ModelName,
  // so adding a model to schema.prisma without a sample here fails the type check and the test below.
  const samples: Record<Prisma.ModelName, () => Promise<{ created: object; readBack: object }>> = {
    Organization: async () => {
      const created = await db.organization.create({
        data: { slug: `org-${unique()}`, name: "Acme", plan: "enterprise" },
      });
      const readBack = await db.organization.findUniqueOrThrow({ where: { id: created.id } });
      await db.organization.delete({ where: { id: created.id } });
      return { created, readBack };
    },
    User: async () => {
      const created = await db.user.create({
        data: {
          email: `user-${unique()}@example.test`,
          name: "Grace",
          passwordHash: "$argon2id$v=19$x",
          emailVerifiedAt: null,
        },
      });
      const readBack = await db.user.findUniqueOrThrow({ where: { id: created.id } });
      await db.user.delete({ where: { id: created.id } });
      return { created, readBack };
    },
    UserToken: async () => {
      const created = await db.userToken.create({
        data: {
          userId,
          purpose: "password_reset",
          tokenDigest: `digest-${unique()}`,
          expiresAt: new Date("2030-01-02T03:04:05.678Z"),
          usedAt: new Date("2030-01-01T00:00:00.001Z"),
        },
      });
      return { created, readBack: await db.userToken.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    TotpFactor: async () => {
      const owner = await db.user.create({ data: { email: `totp-${unique()}@example.test`, name: "T" } });
      const created = await db.totpFactor.create({
        data: {
          userId: owner.id,
          secretEncrypted: "v1.iv.ciphertext.tag",
          confirmedAt: new Date("2030-01-01T00:00:00.001Z"),
          lastTimeStep: 63_113_904,
        },
      });
      return { created, readBack: await db.totpFactor.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    RecoveryCode: async () => {
      const created = await db.recoveryCode.create({
        data: { userId, codeDigest: `digest-${unique()}`, usedAt: new Date("2030-01-01T00:00:00.002Z") },
      });
      return { created, readBack: await db.recoveryCode.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Session: async () => {
      const created = await db.session.create({
        data: {
          userId,
          createdAt: new Date("2030-01-01T00:00:00.001Z"),
          lastSeenAt: new Date("2030-01-01T00:01:00.002Z"),
          authenticatedAt: new Date("2030-01-01T00:00:30.003Z"),
          ip: "2001:db8::1",
          userAgent: "Mozilla/5.0",
          endedAt: new Date("2030-01-02T00:00:00.004Z"),
          endReason: "sign_out",
        },
      });
      return { created, readBack: await db.session.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Identity: async () => {
      const created = await db.identity.create({
        data: {
          provider: "oidc",
          subject: `sub-${unique()}`,
          userId,
          email: "grace@example.test",
          createdAt: new Date("2030-01-01T00:00:00.001Z"),
          lastUsedAt: new Date("2030-01-01T00:02:00.005Z"),
        },
      });
      return { created, readBack: await db.identity.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Membership: async () => {
      const created = await db.membership.create({ data: { userId, orgId, role: "admin" } });
      return { created, readBack: await db.membership.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    ApiKey: async () => {
      const created = await db.apiKey.create({
        data: {
          orgId,
          clientId: `wf_client_${unique()}`,
          name: "CI",
          environment: "staging",
          scopes: ["read:agents", "write:agents"],
          createdById: userId,
          secretHash: new Uint8Array([0, 1, 2, 254, 255]),
          secretHint: "wfs_stg_…a1b2",
          previousSecretHash: new Uint8Array(32).fill(7),
          previousSecretValidUntil: new Date("2030-01-02T03:04:05.678Z"),
        },
      });
      return { created, readBack: await db.apiKey.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    SigningKey: async () => {
      const created = await db.signingKey.create({
        data: {
          kid: `kid-${unique()}`,
          publicJwk: { kty: "EC", crv: "P-256", x: "x", y: "y" },
          privateKeyEncrypted: "v1.iv.ciphertext.tag",
          state: "active",
          isActive: true,
          activatedAt: new Date(),
        },
      });
      const readBack = await db.signingKey.findUniqueOrThrow({ where: { id: created.id } });
      await db.signingKey.delete({ where: { id: created.id } });
      return { created, readBack };
    },
    RevokedToken: async () => {
      const apiKeyId = crypto.randomUUID();
      const created = await db.revokedToken.create({
        data: { jti: `jti-${unique()}`, orgId, apiKeyId, expiresAt: new Date(Date.now() + 3_600_000) },
      });
      return { created, readBack: await db.revokedToken.findUniqueOrThrow({ where: { jti: created.jti } }) };
    },
    AuditEvent: async () => {
      const created = await db.auditEvent.create({
        data: {
          orgId,
          actorType: "user",
          actorId: userId,
          action: "credential.created",
          targetType: "api_key",
          targetId: "some-id",
          ip: "203.0.113.9",
          metadata: { scopes: ["read:agents"], nested: { ok: true } },
        },
      });
      return { created, readBack: await db.auditEvent.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    UsageCounter: async () => {
      const apiKey = await db.apiKey.findFirstOrThrow({ where: { orgId } });
      const created = await db.usageCounter.create({
        data: {
          orgId,
          apiKeyId: apiKey.id,
          bucketStart: new Date("2030-01-01T10:00:00Z"),
          kind: "token",
          outcome: "ok",
          count: 3,
        },
      });
      return { created, readBack: await db.usageCounter.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    RateLimitRejection: async () => {
      const created = await db.rateLimitRejection.create({
        data: { orgId, day: new Date("2030-01-01T00:00:00Z"), kind: "tokens", count: 4 },
      });
      return { created, readBack: await db.rateLimitRejection.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Agent: async () => {
      const created = await db.agent.create({
        data: { orgId, environment: "production", name: "Support bot", config: { model: "m", temperature: 0.2 } },
      });
      return { created, readBack: await db.agent.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Invitation: async () => {
      const created = await db.invitation.create({
        data: {
          orgId,
          email: "Ada@Example.test",
          normalizedEmail: "ada@example.test",
          role: "developer",
          tokenDigest: "ab".repeat(32),
          invitedById: userId,
          expiresAt: new Date("2030-01-08T00:00:00Z"),
          lastSentAt: new Date("2030-01-01T00:00:00Z"),
        },
      });
      return { created, readBack: await db.invitation.findUniqueOrThrow({ where: { id: created.id } }) };
    },
    Integration: async () => {
      const created = await db.integration.create({
        data: { orgId, environment: "development", provider: "slack", name: "Alerts", config: { channel: "#ops" } },
      });
      return { created, readBack: await db.integration.findUniqueOrThrow({ where: { id: created.id } }) };
    },
  };

  it("has a sample for every model in schema.prisma", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.values(Prisma.ModelName).sort());
  });

  // Sequential and in this order: ApiKey before UsageCounter, which needs a key.
  it.each(Object.keys(samples) as Prisma.ModelName[])("%s round-trips through the generated client", async (model) => {
    const { created, readBack } = await samples[model]();
    expect(readBack).toEqual(created);
  });

  it("generates UUIDv7 primary keys on the client", async () => {
    const agent = await db.agent.create({ data: { orgId, environment: "production", name: "v7" } });
    expect(agent.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
