// The embedded PostgreSQL used when DATABASE_URL is unset: PGlite (Postgres compiled to wasm)
// served over the Postgres wire protocol, so Prisma, `pg` and psql connect to it like any server.
//
// PGlite is ONE database session shared by every socket connection. pglite-socket serializes
// queries and keeps a transaction's queries together, but session state (SET, temporary tables,
// named prepared statements) is shared, and a client that waits on a second connection while the
// first holds a transaction deadlocks. So in embedded mode every pool must use `max: 1`
// connection, and data is only safe with one process: a lock the kernel releases with its holder
// (process-lock.ts) refuses a second server instead of letting two PGlite instances corrupt the
// files.
//
// Stopping: `stop()` closes the socket server, then PGlite (which flushes and shuts Postgres down
// cleanly), then releases the lock. Long-running callers wire signals with
// `stopEmbeddedPostgresOnSignals(handle)` or call `stop()` from their own shutdown hook. A
// process killed without `stop()` (even `kill -9`) holds nothing: the next start can begin at once.
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { acquireProcessLock, LockHeldError, type ProcessLock } from "./process-lock";

export const DEFAULT_EMBEDDED_DATA_DIR = ".data/pglite";

// Generous, because each tool (app pool, migration engine, psql) opens its own connection; the
// single-session rule above is about each pool's size, not about how many pools there are.
const MAX_SOCKET_CONNECTIONS = 32;

export type EmbeddedPostgresOptions = {
  /** Where PGlite keeps its files. */
  dataDir?: string;
  host?: string;
  /** 0 or absent: the operating system picks a free port. */
  port?: number;
};

export type EmbeddedPostgres = {
  /** A `postgresql://` URL for Prisma, `pg` or psql. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
};

// Keyed by absolute data directory: a second start in the same process gets the same server.
// Only server.ts, scripts and tests start it (never a Next bundle), so a module-level map serves.
const registry = new Map<string, Promise<EmbeddedPostgres>>();

/** Thrown when another live process holds the embedded database. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number | null,
  ) {
    super(
      `the embedded database in ${dataDir} is in use by ${pid === null ? "another process" : `process ${pid}`}; stop it first or set DATABASE_URL`,
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

/**
 * Starts PGlite on `dataDir` (created when missing) behind a wire-protocol socket server.
 * Refuses with `EmbeddedDatabaseInUseError` while another live process holds the data directory.
 */
export function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(/*turbopackIgnore: true*/ options.dataDir ?? DEFAULT_EMBEDDED_DATA_DIR);
  const running = registry.get(dataDir);
  if (running) return running;
  const starting = startServer(dataDir, options.host ?? "127.0.0.1", options.port ?? 0);
  registry.set(dataDir, starting);
  starting.catch(() => registry.delete(dataDir));
  return starting;
}

/**
 * Deletes the embedded database files while holding their lock, so the files of a running server
 * are never pulled out from under it; throws `EmbeddedDatabaseInUseError` while one runs.
 */
export async function deleteEmbeddedPostgresData(dataDir = DEFAULT_EMBEDDED_DATA_DIR): Promise<void> {
  const absoluteDataDir = path.resolve(/*turbopackIgnore: true*/ dataDir);
  const lock = await lockDataDir(absoluteDataDir);
  try {
    await rm(absoluteDataDir, { recursive: true, force: true });
  } finally {
    await lock.release();
  }
}

async function lockDataDir(dataDir: string): Promise<ProcessLock> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  return acquireProcessLock(dataDir).catch((error: unknown) => {
    if (!(error instanceof LockHeldError)) throw error;
    throw new EmbeddedDatabaseInUseError(displayPath(dataDir), error.pid);
  });
}

async function startServer(dataDir: string, host: string, port: number): Promise<EmbeddedPostgres> {
  const lock = await lockDataDir(dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    db = await PGlite.create(dataDir);
    server = new PGLiteSocketServer({ db, host, port, maxConnections: MAX_SOCKET_CONNECTIONS });
    await server.start();
  } catch (error) {
    await closeQuietly(server, db, lock);
    throw error;
  }
  const url = connectionUrl(server.getServerConn());
  return { url, dataDir, stop: once(() => stopServer(dataDir, server, db, lock)) };
}

async function stopServer(dataDir: string, server: PGLiteSocketServer, db: PGlite, lock: ProcessLock) {
  registry.delete(dataDir);
  try {
    await server.stop();
    await db.close();
  } finally {
    await lock.release();
  }
}

async function closeQuietly(server: PGLiteSocketServer | undefined, db: PGlite | undefined, lock: ProcessLock) {
  await server?.stop().catch(() => {});
  if (db && !db.closed) await db.close().catch(() => {});
  await lock.release();
}

/** Relative to the working directory when inside it, as users typed it (`.data/pglite`). */
function displayPath(absolutePath: string): string {
  const relative = path.relative(process.cwd(), absolutePath);
  return relative && !relative.startsWith("..") ? relative : absolutePath;
}

/** `host:port` from pglite-socket becomes a URL; IPv6 hosts need brackets. */
function connectionUrl(hostAndPort: string): string {
  const separator = hostAndPort.lastIndexOf(":");
  const host = hostAndPort.slice(0, separator);
  const port = hostAndPort.slice(separator + 1);
  const urlHost = host.includes(":") ? `[${host}]` : host;
  return `postgresql://postgres:postgres@${urlHost}:${port}/postgres`;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}

/**
 * For processes that own the embedded server and have no shutdown hook of their own: on SIGINT
 * or SIGTERM, stop the server (flushing PGlite) and exit with the conventional 128 + signal code.
 * Returns a function that removes the handlers again.
 */
export function stopEmbeddedPostgresOnSignals(handle: EmbeddedPostgres): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    const exitCode = signal === "SIGINT" ? 130 : 143;
    handle.stop().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error("Stopping the embedded database failed:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}
