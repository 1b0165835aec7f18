// An exclusive lock that the kernel releases with its holder, so two processes never open the same
// PGlite data directory and a crashed holder never blocks the next start: the lock is a listening
// Unix socket whose name is derived from the data directory. The kernel closes a process's sockets
// the moment it dies, `kill -9` included and before its parent has reaped it (a PID check calls
// such a zombie alive). On Linux the name is in the abstract namespace (nothing on disk); elsewhere
// it is a socket file in the temporary directory, and a file nobody listens on is a dead holder's,
// removed and taken over. The holder answers each connection with its PID, for the error message.
import { createHash } from "node:crypto";
import { unlink } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type ProcessLock = { release(): Promise<void> };

export class LockHeldError extends Error {
  constructor(
    readonly key: string,
    /** null when the holder did not say in time (it is alive, but busy). */
    readonly pid: number | null,
  ) {
    super(`${key} is locked by ${pid === null ? "another process" : `process ${pid}`}`);
    this.name = "LockHeldError";
  }
}

const PROBE_DEADLINE_MS = 1_000;
const SILENT_HOLDER_WAIT_MS = 5_000;
const RETRY_MS = 100;
const MAX_ATTEMPTS = 100;

/** The socket address of the lock for `key` (a data directory's absolute path). */
export function lockAddress(key: string, platform: NodeJS.Platform = process.platform): string {
  const digest = createHash("sha256").update(key).digest("hex").slice(0, 32);
  return platform === "linux" ? `\0workflux-lock-${digest}` : path.join(tmpdir(), `workflux-lock-${digest}.sock`);
}

/**
 * Takes the lock or throws `LockHeldError` naming the live process that holds it. A holder that
 * accepts but does not answer is retried for up to SILENT_HOLDER_WAIT_MS: a process killed with
 * SIGKILL keeps its sockets until its last thread has exited, which on a busy machine can take a
 * moment after the process already shows as a zombie.
 */
export async function acquireProcessLock(key: string): Promise<ProcessLock> {
  const address = lockAddress(key);
  const giveUpAt = Date.now() + SILENT_HOLDER_WAIT_MS;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const server = createServer((socket) => socket.end(`${process.pid}\n`));
    if (await listen(server, address)) {
      server.unref();
      let released: Promise<void> | undefined;
      return { release: () => (released ??= close(server, address)) };
    }
    const holder = await probe(address);
    if (holder.alive && (holder.pid !== null || Date.now() >= giveUpAt)) throw new LockHeldError(key, holder.pid);
    if (holder.alive) await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    // A socket file nobody listens on is a dead holder's (abstract names vanish by themselves).
    else if (!address.startsWith("\0")) await unlink(address).catch(ignoreMissing);
  }
  throw new Error(`Could not take the lock for ${key}: another process keeps taking it.`);
}

function listen(server: Server, address: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(false) : reject(error),
    );
    server.listen(address, () => resolve(true));
  });
}

/** Connects to the lock: someone listening is alive; its first line is its PID. */
function probe(address: string): Promise<{ alive: true; pid: number | null } | { alive: false }> {
  return new Promise((resolve) => {
    const socket = createConnection(address);
    let text = "";
    let connected = false;
    const done = (result: { alive: true; pid: number | null } | { alive: false }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(connected ? { alive: true, pid: null } : { alive: false }), PROBE_DEADLINE_MS);
    socket.setEncoding("utf8");
    socket.on("connect", () => (connected = true));
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("end", () => {
      const pid = Number.parseInt(text.trim(), 10);
      done({ alive: true, pid: Number.isInteger(pid) && pid > 0 ? pid : null });
    });
    socket.on("error", () => done(connected ? { alive: true, pid: null } : { alive: false }));
  });
}

async function close(server: Server, address: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address.startsWith("\0")) await unlink(address).catch(ignoreMissing);
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== "ENOENT") throw error;
}
