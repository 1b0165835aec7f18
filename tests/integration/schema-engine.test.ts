// The offline migration runner keeps `prisma migrate deploy` semantics: a migration runs as one
// script (semicolons inside bodies and literals are fine) and a failing one leaves nothing behind.
// Runs on its own embedded database, so the fixture history never touches the shared one.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations, diffSchemas } from "@/lib/db/schema-engine";

const LOCK = 'provider = "postgresql"\n';
const CREATE_NOTES = 'CREATE TABLE "notes" ("id" INTEGER PRIMARY KEY, "text" TEXT NOT NULL);';
const FUNCTION_WITH_SEMICOLONS = `-- A comment; with a semicolon.
CREATE FUNCTION shout(value TEXT) RETURNS TEXT AS $$
BEGIN
  RETURN upper(value) || '!';
END;
$$ LANGUAGE plpgsql;
COMMENT ON TABLE "notes" IS 'first; second';`;
const HALF_BROKEN = `ALTER TABLE "notes" ADD COLUMN "extra" TEXT;
SELECT missing_column FROM "notes";`;

let tempDir: string;
let embedded: EmbeddedPostgres;

beforeAll(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), "workflux-schema-engine-test-"));
  embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, "pglite") });
});

afterAll(async () => {
  await embedded?.stop();
  await rm(tempDir, { recursive: true, force: true });
});

/** Writes a migrations directory holding `migrations` (name → SQL) and returns its path. */
async function migrationsDir(name: string, migrations: Record<string, string>): Promise<string> {
  const dir = path.join(tempDir, name);
  for (const [migration, sql] of Object.entries(migrations)) {
    await mkdir(path.join(dir, migration), { recursive: true });
    await writeFile(path.join(dir, migration, "migration.sql"), sql);
  }
  await writeFile(path.join(dir, "migration_lock.toml"), LOCK);
  return dir;
}

async function queryOne<T extends pg.QueryResultRow>(sql: string): Promise<T | undefined> {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows[0];
  } finally {
    await client.end();
  }
}

describe("applyMigrations", () => {
  it("runs each migration as one script, so semicolons inside bodies and literals survive", async () => {
    const dir = await migrationsDir("good", {
      "20260101000000_notes": CREATE_NOTES,
      "20260102000000_shout": FUNCTION_WITH_SEMICOLONS,
    });
    expect(await applyMigrations(embedded.url, { migrationsDir: dir })).toEqual({
      applied: ["20260101000000_notes", "20260102000000_shout"],
    });
    expect(await queryOne("SELECT shout('hi') AS value, obj_description('notes'::regclass) AS comment")).toEqual({
      value: "HI!",
      comment: "first; second",
    });
    expect(await applyMigrations(embedded.url, { migrationsDir: dir })).toEqual({ applied: [] });
  });

  it("leaves nothing of a failing migration applied and refuses to continue past it", async () => {
    const dir = await migrationsDir("broken", {
      "20260101000000_notes": CREATE_NOTES,
      "20260102000000_shout": FUNCTION_WITH_SEMICOLONS,
      "20260103000000_broken": HALF_BROKEN,
    });
    await expect(applyMigrations(embedded.url, { migrationsDir: dir })).rejects.toThrow(/missing_column/);
    expect(
      await queryOne("SELECT count(*)::int AS count FROM information_schema.columns WHERE column_name = 'extra'"),
    ).toEqual({ count: 0 });
    await expect(applyMigrations(embedded.url, { migrationsDir: dir })).rejects.toThrow(/failed migrations/);
  });
});

describe("diffSchemas", () => {
  it("needs no database and returns an empty string when nothing changed", async () => {
    const schema = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Note {\n  id Int @id\n}\n';
    expect(await diffSchemas(schema, schema)).toBe("");
    expect(await diffSchemas(null, schema)).toContain('CREATE TABLE "Note"');
  });
});
