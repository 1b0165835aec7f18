// A lock file holding the owner's PID, so two processes never open the same PGlite data directory.
//
// The file appears atomically together with its content (see `tryCreateLock`). A lock whose PID
// is no longer running was left by a crash and is taken over. A lock holding our own PID is stale
// too: callers keep their own in-process registry, and containers reuse small PIDs.
import { link, readFile, unlink, writeFile } from "node:fs/promises";

export type PidLock = { path: string; release(): Promise<void> };

export class LockHeldError extends Error {
  constructor(
    readonly lockPath: string,
    readonly pid: number,
  ) {
    super(`${lockPath} is held by process ${pid}`);
    this.name = "LockHeldError";
  }
}

/** Takes the lock or throws `LockHeldError` naming the live process that holds it. */
export async function acquirePidLock(lockPath: string): Promise<PidLock> {
  // Two attempts: the second follows the removal of a stale lock. If another process takes the
  // lock between our removal and our retry, the retry sees its live PID and fails as it should.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    if (await tryCreateLock(lockPath)) return { path: lockPath, release: () => releasePidLock(lockPath) };
    const holder = await readLockPid(lockPath);
    if (holder !== null && holder !== process.pid && isProcessAlive(holder)) {
      throw new LockHeldError(lockPath, holder);
    }
    await removeIfHeldBy(lockPath, holder);
  }
  throw new Error(`Could not take ${lockPath}: another process keeps replacing it.`);
}

/**
 * Writes the PID to a private file, then hard-links it into place: `link` fails atomically when
 * the lock exists, and a lock that exists always holds a complete PID (never a half-written one).
 */
async function tryCreateLock(lockPath: string): Promise<boolean> {
  const draftPath = `${lockPath}.${process.pid}.tmp`;
  await writeFile(draftPath, `${process.pid}\n`);
  try {
    await link(draftPath, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(draftPath).catch(() => {});
  }
}

/** The PID in the lock, or null when the file is gone, empty or unreadable as a PID. */
async function readLockPid(lockPath: string): Promise<number | null> {
  const text = await readFile(lockPath, "utf8").catch(() => "");
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Removes the lock only while it still names `pid`, so a fresh lock by someone else survives. */
async function removeIfHeldBy(lockPath: string, pid: number | null): Promise<void> {
  if ((await readLockPid(lockPath)) !== pid) return;
  await unlink(lockPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
}

async function releasePidLock(lockPath: string): Promise<void> {
  await removeIfHeldBy(lockPath, process.pid);
}
