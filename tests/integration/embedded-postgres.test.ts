// The embedded PostgreSQL (PGlite over the wire protocol): data persists across restarts, one
// process at a time owns a data directory, and SIGTERM shuts it down without losing data.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";

const CHILD_SCRIPT = path.resolve("tests/helpers/embedded-child.ts");

let templateDir: string;
let tempDir: string;
let dataDir: string;
const running: EmbeddedPostgres[] = [];
const children: ChildProcess[] = [];

// initdb takes seconds under wasm, so it runs once; each test gets a copy of the stopped cluster.
beforeAll(async () => {
  templateDir = await mkdtemp(path.join(tmpdir(), "workflux-embedded-template-"));
  await (await startEmbeddedPostgres({ dataDir: path.join(templateDir, "pglite") })).stop();
});

afterAll(async () => {
  await rm(templateDir, { recursive: true, force: true });
});

beforeEach(async () => {
  tempDir = await mkdtemp(path.join(tmpdir(), "workflux-embedded-test-"));
  dataDir = path.join(tempDir, "pglite");
  await cp(path.join(templateDir, "pglite"), dataDir, { recursive: true });
});

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  for (const embedded of running.splice(0)) await embedded.stop();
  await rm(tempDir, { recursive: true, force: true });
});

async function start(): Promise<EmbeddedPostgres> {
  const embedded = await startEmbeddedPostgres({ dataDir });
  running.push(embedded);
  return embedded;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

/** Starts tests/helpers/embedded-child.ts and resolves with its first line of output. */
async function startChild(...args: string[]): Promise<{ child: ChildProcess; firstLine: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD_SCRIPT, dataDir, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const [firstLine] = (await Promise.race([
    once(lines, "line"),
    once(child, "exit").then(([code]) => Promise.reject(new Error(`child exited with ${code} before reporting`))),
  ])) as [string];
  return { child, firstLine };
}

describe("embedded PostgreSQL", () => {
  it("keeps data written over the wire protocol across stop and start", async () => {
    const first = await start();
    await query(first.url, "CREATE TABLE notes (text TEXT NOT NULL)");
    await query(first.url, "INSERT INTO notes (text) VALUES ($1)", ["persisted"]);
    await first.stop();

    const second = await start();
    expect(await query(second.url, "SELECT text FROM notes")).toEqual([{ text: "persisted" }]);
  });

  it("refuses a second process while one runs, naming the running process", async () => {
    await start();
    const { firstLine } = await startChild();
    expect(firstLine).toBe(
      `refused the embedded database in ${dataDir} is in use by process ${process.pid}; stop it first or set DATABASE_URL`,
    );
  });

  it("gives a second start in the same process the same server", async () => {
    const first = await start();
    const second = await startEmbeddedPostgres({ dataDir });
    expect(second).toBe(first);
  });

  it("stops cleanly on SIGTERM: exit code 143, lock removed, data kept", async () => {
    const { child, firstLine } = await startChild("written before SIGTERM");
    expect(firstLine).toMatch(/^ready \d+ postgresql:\/\//);
    child.kill("SIGTERM");
    const [exitCode] = await once(child, "exit");
    expect(exitCode).toBe(143);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const embedded = await start();
    expect(await query(embedded.url, "SELECT text FROM notes")).toEqual([{ text: "written before SIGTERM" }]);
  });

  it("takes over a lock left by a process that no longer runs", async () => {
    const deadPid = spawnSync(process.execPath, ["-e", ""]).pid;
    await writeFile(`${dataDir}.lock`, `${deadPid}\n`);
    const embedded = await start();
    expect(await query(embedded.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });
});
