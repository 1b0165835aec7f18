// The embedded PostgreSQL (PGlite over the wire protocol): data persists across restarts, one
// process at a time owns a data directory, and SIGTERM shuts it down without losing data.
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
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

/** The process state letter from /proc (R, S, Z, …), or null once the process is gone. */
function processState(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] ?? null;
  } catch {
    return null;
  }
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

  it("stops cleanly on SIGTERM: exit code 143, lock released, data kept", async () => {
    const { child, firstLine } = await startChild("written before SIGTERM");
    expect(firstLine).toMatch(/^ready \d+ postgresql:\/\//);
    child.kill("SIGTERM");
    const [exitCode] = await once(child, "exit");
    expect(exitCode).toBe(143);

    const embedded = await start();
    expect(await query(embedded.url, "SELECT text FROM notes")).toEqual([{ text: "written before SIGTERM" }]);
  });

  it("starts at once after its holder was killed with SIGKILL and is not yet reaped", async () => {
    // The holder runs under a shell that then execs `sleep`, which never waits for children: once
    // killed, the holder stays a zombie whose PID still "exists" (kill(pid, 0) succeeds).
    const shell = spawn(
      "sh",
      ["-c", `"$0" --import tsx "$1" "$2" & exec sleep 60`, process.execPath, CHILD_SCRIPT, dataDir],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    children.push(shell);
    const [line] = (await once(createInterface({ input: shell.stdout! }), "line")) as [string];
    const holderPid = Number(line.split(" ")[1]);
    expect(line).toMatch(/^ready \d+ /);
    process.kill(holderPid, "SIGKILL");
    await expect.poll(() => processState(holderPid), { timeout: 5_000 }).not.toMatch(/^[RSD]$/);

    const embedded = await start();
    expect(await query(embedded.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });
});
